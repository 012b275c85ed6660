"""The ONNX runtime of MiniLM gives the torch model's vectors and word-piece counts."""

from __future__ import annotations

import numpy as np
import pytest

from jrqa.embedding import MiniLMEmbedding, bundled_model_path, load_sentence_model
from jrqa.onnx_minilm import OnnxMiniLM, has_export

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
