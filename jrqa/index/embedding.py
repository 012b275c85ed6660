"""MiniLM as a llama-index embedding model, over any ``Encoder``."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from jrqa.index.encoders import Encoder


class MiniLMEmbedding(BaseEmbedding):
    """A llama-index embedding over an ``Encoder`` (normalised vectors)."""

    _encoder: Encoder = PrivateAttr()

    def __init__(self, encoder: Encoder, embed_batch_size: int = 64) -> None:
        super().__init__(model_name="all-MiniLM-L6-v2", embed_batch_size=embed_batch_size)
        self._encoder = encoder

    @property
    def encoder(self) -> Encoder:
        """What turns texts into vectors."""
        return self._encoder

    @classmethod
    def class_name(cls) -> str:
        """Name used by llama-index serialisation."""
        return "MiniLMEmbedding"

    @property
    def max_tokens(self) -> int:
        """Word pieces the model reads before truncating."""
        return self._encoder.max_tokens

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Word pieces of each text, without special tokens."""
        return self._encoder.count_tokens(texts)

    def embed_texts(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of many texts, as a float32 array, from one call to the model.

        ``get_text_embedding_batch`` hands the model ``embed_batch_size`` texts at a
        time in input order, so each small batch is padded to its longest text; one call
        lets the model sort all the texts by length first, which for sentences of mixed
        length means about a third of the work.
        """
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return self._encoder.encode(list(texts), self.embed_batch_size)

    def _encode(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return [vector.tolist() for vector in self._encoder.encode(texts, self.embed_batch_size)]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([query])[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts)
