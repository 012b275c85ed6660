"""The ONNX runtime of MiniLM gives the torch model's vectors and word-piece counts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from jrqa.index.embedding import MiniLMEmbedding
from jrqa.index.encoders import Encoder, bundled_model_path, load_encoder
from jrqa.index.onnx_minilm import OnnxMiniLM, has_export

QUESTION = "Who signed the Tokyo Declaration?"
TEXTS = [
    "Who signed the Tokyo Declaration?",
    "Japan and Russia never signed a peace treaty after the Second World War.",
    "islands",
    # Longer than the 256-piece window: both runtimes must truncate it the same way.
    " ".join(["The Kuril Islands dispute remains unresolved between Tokyo and Moscow."] * 40),
]


@pytest.fixture(scope="module")
def runtimes() -> tuple[Encoder, Encoder]:
    return load_encoder("torch"), load_encoder("onnx")


def test_onnx_backend_is_the_lightweight_runtime(runtimes: tuple[Encoder, Encoder]) -> None:
    assert isinstance(runtimes[1], OnnxMiniLM)
    assert has_export(bundled_model_path())


def test_vectors_match_torch(runtimes: tuple[Encoder, Encoder]) -> None:
    torch_model, onnx_model = (MiniLMEmbedding(model, embed_batch_size=2) for model in runtimes)
    expected = np.array(torch_model.get_text_embedding_batch(TEXTS))
    found = np.array(onnx_model.get_text_embedding_batch(TEXTS))
    assert found.shape == expected.shape == (len(TEXTS), 384)
    assert np.abs(found - expected).max() < 1e-5
    assert np.allclose(np.linalg.norm(found, axis=1), 1.0, atol=1e-5)


def test_word_piece_counts_match_torch(runtimes: tuple[Encoder, Encoder]) -> None:
    torch_model, onnx_model = (MiniLMEmbedding(model) for model in runtimes)
    counts = onnx_model.count_tokens(TEXTS)
    assert counts == torch_model.count_tokens(TEXTS)
    assert counts[-1] > onnx_model.max_tokens == 256  # counting never truncates


def test_empty_input_gives_no_vectors(runtimes: tuple[Encoder, Encoder]) -> None:
    assert MiniLMEmbedding(runtimes[1]).get_text_embedding_batch([]) == []


def test_counted_texts_embed_as_if_tokenized_afresh(runtimes: tuple[Encoder, Encoder]) -> None:
    from jrqa.index.onnx_minilm import OnnxMiniLM

    fresh = OnnxMiniLM(bundled_model_path())  # nothing remembered yet
    expected = fresh.encode(TEXTS, batch_size=2)
    encoder = runtimes[1]
    assert isinstance(encoder, OnnxMiniLM)
    counting = MiniLMEmbedding(encoder)
    counting.count_tokens(TEXTS)  # what chunking does before ingest embeds the sentences
    assert (
        encoder.tokenizer.known(TEXTS)
        == encoder.tokenizer(TEXTS, add_special_tokens=False)["input_ids"]
    )
    found = counting.embed_texts(TEXTS)
    assert np.abs(found - expected).max() < 1e-6


def test_embed_texts_matches_the_llama_index_batches(runtimes: tuple[Encoder, Encoder]) -> None:
    embedding = MiniLMEmbedding(runtimes[1], embed_batch_size=2)
    one_call = embedding.embed_texts(TEXTS)
    batched = np.array(embedding.get_text_embedding_batch(TEXTS))
    assert one_call.dtype == np.float32 and one_call.shape == batched.shape
    assert np.abs(one_call - batched).max() < 1e-5
    assert embedding.embed_texts([]).size == 0


def test_ask_in_a_new_process_loads_neither_torch_nor_tiktoken(
    runtimes: tuple[Encoder, Encoder], seed_index_dir: Path
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
