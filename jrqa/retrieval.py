"""Hybrid retrieval: MiniLM vectors from Chroma and BM25 keywords, fused by relative score."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle

from jrqa.support import STOPWORDS

if TYPE_CHECKING:
    from jrqa.engine import Engine

VECTOR_SCORE = "vector_score"
KEYWORD_SCORE = "keyword_score"
_SCORE_KEYS = [VECTOR_SCORE, KEYWORD_SCORE]


class HybridRetriever(BaseRetriever):
    """Fuses a vector and a keyword retriever, keeping each one's raw score.

    llama-index's ``QueryFusionRetriever`` fuses by content hash and overwrites the
    retrievers' scores; the abstention gate needs the raw cosine similarity, so this
    fuses by node id and records both raw scores in the node's metadata (nodes are
    rebuilt per query by both retrievers, so this never leaks between queries).
    """

    def __init__(
        self,
        vector: BaseRetriever,
        keyword: BaseRetriever,
        keyword_weight: float,
        top_k: int,
    ) -> None:
        super().__init__()
        self._vector = vector
        self._keyword = keyword
        self._keyword_weight = keyword_weight
        self._top_k = top_k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        vector_hits = self._vector.retrieve(query_bundle)
        keyword_hits = self._keyword.retrieve(QueryBundle(keyword_query(query_bundle.query_str)))
        fused: dict[str, NodeWithScore] = {}
        weights = ((vector_hits, 1 - self._keyword_weight, VECTOR_SCORE),
                   (keyword_hits, self._keyword_weight, KEYWORD_SCORE))  # fmt: skip
        for hits, weight, key in weights:
            for hit, scaled in zip(hits, _min_max([h.score or 0.0 for h in hits]), strict=True):
                current = fused.get(hit.node.node_id)
                if current is None:
                    current = NodeWithScore(node=hit.node, score=0.0)
                    fused[hit.node.node_id] = current
                    _mark_internal(current)
                current.node.metadata[key] = float(hit.score or 0.0)
                current.score = (current.score or 0.0) + weight * scaled
        ranked = sorted(fused.values(), key=lambda n: n.score or 0.0, reverse=True)
        return ranked[: self._top_k]


def keyword_query(question: str) -> str:
    """The question without function words.

    BM25's index drops English stopwords but its query side does not, so a question's
    "what did ... say" would otherwise favour chatty passages full of "did" and "say".
    """
    words = re.findall(r"\w+", question)
    kept = [word for word in words if word.lower() not in STOPWORDS]
    return " ".join(kept) or question


def _mark_internal(hit: NodeWithScore) -> None:
    for key in _SCORE_KEYS:
        hit.node.metadata.setdefault(key, 0.0)
        node = hit.node
        for excluded in (node.excluded_llm_metadata_keys, node.excluded_embed_metadata_keys):
            if key not in excluded:
                excluded.append(key)


def _min_max(scores: list[float]) -> list[float]:
    if not scores:
        return []
    low, high = min(scores), max(scores)
    if high == low:
        return [1.0 if high > 0 else 0.0 for _ in scores]
    return [(score - low) / (high - low) for score in scores]


def build_retriever(engine: Engine, top_k: int | None = None) -> HybridRetriever:
    """The hybrid retriever over the engine's store and keyword index."""
    from llama_index.core import VectorStoreIndex

    settings = engine.settings
    index = VectorStoreIndex.from_vector_store(engine.vector_store, embed_model=engine.embedder)
    vector = index.as_retriever(similarity_top_k=settings.candidate_k)
    keyword = engine.keyword_index().retriever
    keyword.similarity_top_k = min(settings.candidate_k, len(keyword.corpus or []) or 1)
    return HybridRetriever(vector, keyword, settings.keyword_weight, top_k or settings.top_k)
