"""The ONNX runtime of MiniLM gives the torch model's vectors and word-piece counts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from jrqa.embedding import MiniLMEmbedding, bundled_model_path, load_sentence_model
from jrqa.onnx_minilm import OnnxMiniLM, has_export

QUESTION = "Who signed the Tokyo Declaration?"
TEXTS = [
    "Who signed the Tokyo Declaration?",
    "Japan and Russia never signed a peace treaty after the Second World War.",
    "islands",
    # Longer than the 256-piece window: both runtimes must truncate it the same way.
    " ".join(["The Kuril Islands dispute remains unresolved between Tokyo and Moscow."] * 40),
]


@pytest.fixture(scope="module")
def runtimes() -> tuple[object, object]:
    return load_sentence_model("torch"), load_sentence_model("onnx")


def test_onnx_backend_is_the_lightweight_runtime(runtimes: tuple[object, object]) -> None:
    assert isinstance(runtimes[1], OnnxMiniLM)
    assert has_export(bundled_model_path())


def test_vectors_match_torch(runtimes: tuple[object, object]) -> None:
    torch_model, onnx_model = (MiniLMEmbedding(model, embed_batch_size=2) for model in runtimes)  # type: ignore[arg-type]
    expected = np.array(torch_model.get_text_embedding_batch(TEXTS))
    found = np.array(onnx_model.get_text_embedding_batch(TEXTS))
    assert found.shape == expected.shape == (len(TEXTS), 384)
    assert np.abs(found - expected).max() < 1e-5
    assert np.allclose(np.linalg.norm(found, axis=1), 1.0, atol=1e-5)


def test_word_piece_counts_match_torch(runtimes: tuple[object, object]) -> None:
    torch_model, onnx_model = (MiniLMEmbedding(model) for model in runtimes)  # type: ignore[arg-type]
    counts = onnx_model.count_tokens(TEXTS)
    assert counts == torch_model.count_tokens(TEXTS)
    assert counts[-1] > onnx_model.max_tokens == 256  # counting never truncates


def test_empty_input_gives_no_vectors(runtimes: tuple[object, object]) -> None:
    assert MiniLMEmbedding(runtimes[1]).get_text_embedding_batch([]) == []  # type: ignore[arg-type]


def test_counted_texts_embed_as_if_tokenized_afresh(runtimes: tuple[object, object]) -> None:
    from jrqa.onnx_minilm import OnnxMiniLM

    fresh = OnnxMiniLM(bundled_model_path())  # nothing remembered yet
    expected = fresh.encode(TEXTS, batch_size=2, normalize_embeddings=True)
    counting = MiniLMEmbedding(runtimes[1])  # type: ignore[arg-type]
    counting.count_tokens(TEXTS)  # what chunking does before ingest embeds the sentences
    assert (
        counting._model.tokenizer.known(TEXTS)
        == counting._model.tokenizer(TEXTS, add_special_tokens=False)["input_ids"]
    )
    found = counting.embed_texts(TEXTS)
    assert np.abs(found - expected).max() < 1e-6


def test_embed_texts_matches_the_llama_index_batches(runtimes: tuple[object, object]) -> None:
    embedding = MiniLMEmbedding(runtimes[1], embed_batch_size=2)  # type: ignore[arg-type]
    one_call = embedding.embed_texts(TEXTS)
    batched = np.array(embedding.get_text_embedding_batch(TEXTS))
    assert one_call.dtype == np.float32 and one_call.shape == batched.shape
    assert np.abs(one_call - batched).max() < 1e-5
    assert embedding.embed_texts([]).size == 0


def test_ask_in_a_new_process_loads_neither_torch_nor_tiktoken(
    runtimes: tuple[object, object], seed_index_dir: Path
) -> None:
    """With the ONNX export made, a cold `jrqa ask` needs no torch and no tiktoken.

    Importing torch (and sentence-transformers) would add seconds to every new process;
    tiktoken is llama-index's prompt-token counter, never used in extractive mode.
    """
    probe = (
        "import sys\n"
        "from jrqa.cli import main\n"
        f"code = main(['ask', {QUESTION!r}, '--index-dir', {str(seed_index_dir)!r}])\n"
        "heavy = ['torch', 'sentence_transformers', 'tiktoken']\n"
        "print('LOADED', [name for name in heavy if name in sys.modules], code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=300
    )
    assert "LOADED [] 0" in done.stdout, done.stdout + done.stderr
