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
# Sentence vectors are fetched by id and never searched by similarity, so the HNSW graph
# Chroma builds over them is kept small: with the defaults, building that graph costs
# more than storing the vectors and their ids. Not smaller than this: chromadb 1.5's HNSW
# crashes the process (SIGSEGV) when a sparser graph has vectors deleted and re-added, as
# a changed article's are (20 delete/re-add rounds: 9 crashes in 10 runs at M=2, 1 at
# M=4, none in 10 runs of 60 rounds at M=8 or 16).
COLLECTION_METADATA: dict[str, str | int] = {
    "hnsw:space": "cosine",
    "hnsw:M": 16,
    "hnsw:construction_ef": 16,
}


def sentence_id(source: str, start: int) -> str:
    """Stable id of the sentence starting at ``start`` in article ``source``."""
    return f"{source}@{start}"


def pooled_vector(vectors: np.ndarray | Sequence[np.ndarray]) -> list[float]:
    """The normalised mean of unit vectors (one per row): the chunk's embedding."""
    mean = np.mean(np.asarray(vectors, dtype=np.float32), axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm else mean).tolist()


class SentenceVectors:
    """Read and write sentence vectors for the chunks of the main collection."""

    def __init__(self, collection: Collection) -> None:
        self._collection = collection

    def add(self, ids: list[str], vectors: np.ndarray, sources: list[str]) -> None:
        """Store (or overwrite) sentence vectors (one row of ``vectors`` per id)."""
        for first in range(0, len(ids), 4096):  # Chroma caps the batch size
            last = first + 4096
            self._collection.upsert(
                ids=ids[first:last],
                embeddings=vectors[first:last],
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

    def sources(self) -> set[str]:
        """The articles that have sentence vectors, read from the ids alone."""
        found: set[str] = set()
        offset = 0
        while True:
            page = self._collection.get(include=[], limit=5000, offset=offset)
            if not page["ids"]:
                return found
            found.update(key.rpartition("@")[0] for key in page["ids"])
            offset += len(page["ids"])

    def count(self) -> int:
        """Number of stored sentences."""
        return int(self._collection.count())
