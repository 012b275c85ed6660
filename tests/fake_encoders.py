"""Encoders for tests that need no meaning, or that watch what the real one is asked."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from jrqa.index.encoders import Encoder

DIMENSIONS = 384


class HashingEncoder:
    """Deterministic bag-of-words vectors: each word hashed to one of 384 dimensions.

    Texts sharing words get close vectors, so retrieval still works on word overlap; no
    model is loaded. A "word piece" is a word.
    """

    max_tokens = 256

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(text.split()) for text in texts]

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                vectors[row, int.from_bytes(digest, "little") % DIMENSIONS] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


class _CountsLikeTheReal:
    """The real encoder's window and word pieces, so chunks are the real ones."""

    def __init__(self, real: Encoder) -> None:
        self.real = real

    @property
    def max_tokens(self) -> int:
        return self.real.max_tokens

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.real.count_tokens(texts)


class ConstantVectors(_CountsLikeTheReal):
    """The real encoder's word pieces and one fixed vector for every text."""

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        vectors[:, 0] = 1.0
        return vectors


class RecordingEncoder(_CountsLikeTheReal):
    """The real encoder, with every ``encode`` call's texts recorded in ``calls``."""

    def __init__(self, real: Encoder) -> None:
        super().__init__(real)
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        self.calls.append(list(texts))
        return self.real.encode(texts, batch_size)
