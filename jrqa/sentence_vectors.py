"""Per-sentence MiniLM vectors, kept in a second Chroma collection.

Ingest embeds each article's sentences once; a chunk's vector is the normalised mean
of its sentences' vectors (and the title's), so sentence vectors cost no extra model
time. At answer time they let jrqa compare the question with each sentence of the
retrieved passages by meaning, not only by shared words, with no model call.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

SUFFIX = "_sentences"


def sentence_id(source: str, start: int) -> str:
    """Stable id of the sentence starting at ``start`` in article ``source``."""
    return f"{source}@{start}"


def pooled_vector(vectors: Sequence[np.ndarray]) -> list[float]:
    """The normalised mean of unit vectors: the chunk's embedding."""
    mean = np.mean(np.stack(vectors), axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm else mean).tolist()


class SentenceVectors:
    """Read and write sentence vectors for the chunks of the main collection."""

    def __init__(self, collection: Collection) -> None:
        self._collection = collection

    def add(self, ids: list[str], vectors: list[list[float]], sources: list[str]) -> None:
        """Store (or overwrite) sentence vectors."""
        for first in range(0, len(ids), 4096):  # Chroma caps the batch size
            last = first + 4096
            self._collection.upsert(
                ids=ids[first:last],
                embeddings=vectors[first:last],  # type: ignore[arg-type]
                metadatas=[{"source": s} for s in sources[first:last]],
            )

    def delete_source(self, source: str) -> None:
        """Forget every sentence of one article."""
        self._collection.delete(where={"source": source})

    def lookup(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Vectors of the given sentences; unknown ids are simply absent."""
        if not ids:
            return {}
        found = self._collection.get(ids=ids, include=["embeddings"])
        embeddings = found["embeddings"]
        if embeddings is None:
            return {}
        return {
            key: np.asarray(vector, dtype=np.float32)
            for key, vector in zip(found["ids"], embeddings, strict=True)
        }

    def count(self) -> int:
        """Number of stored sentences."""
        return int(self._collection.count())
