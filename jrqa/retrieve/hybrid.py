"""Hybrid retrieval: MiniLM vectors from Chroma and BM25 keywords, fused by relative score."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle

from jrqa.text.terms import STOPWORDS

if TYPE_CHECKING:
    from jrqa.index.engine import Engine


class KeywordQueryRetriever(BaseRetriever):
    """A keyword retriever asked with the question's content words only.

    BM25's index drops English stopwords but its query side does not, so a question's
    "what did ... say" would otherwise favour chatty passages full of "did" and "say".
    """

    def __init__(self, keyword: BaseRetriever) -> None:
        super().__init__()
        self.keyword = keyword

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self.keyword.retrieve(QueryBundle(keyword_query(query_bundle.query_str)))


def keyword_query(question: str) -> str:
    """The question without function words (or the question itself if nothing is left)."""
    words = re.findall(r"\w+", question)
    kept = [word for word in words if word.lower() not in STOPWORDS]
    return " ".join(kept) or question


def build_retriever(engine: Engine, top_k: int | None = None) -> BaseRetriever:
    """The hybrid retriever over the engine's store and keyword index.

    Each retriever's scores are min-max scaled, weighted and summed per passage
    (llama-index's relative-score fusion); the query's own vector, when the bundle
    carries one, is reused by the vector side.
    """
    from llama_index.core import VectorStoreIndex
    from llama_index.core.llms import MockLLM
    from llama_index.core.retrievers import QueryFusionRetriever
    from llama_index.core.retrievers.fusion_retriever import FUSION_MODES

    settings = engine.settings
    # jrqa chunks articles itself, so the index's only transformation is the embedding;
    # left unset, llama-index builds its default sentence splitter (and loads tiktoken).
    index = VectorStoreIndex.from_vector_store(
        engine.vector_store, embed_model=engine.embedder, transformations=[engine.embedder]
    )
    vector = index.as_retriever(similarity_top_k=settings.candidate_k)
    keyword_index = engine.keyword_index()
    keyword = keyword_index.retriever
    chunk_count = keyword_index.term_stats.document_count
    keyword.similarity_top_k = min(settings.candidate_k, chunk_count or 1)
    return QueryFusionRetriever(
        [vector, KeywordQueryRetriever(keyword)],
        mode=FUSION_MODES.RELATIVE_SCORE,
        retriever_weights=[1 - settings.keyword_weight, settings.keyword_weight],
        similarity_top_k=top_k or settings.top_k,
        num_queries=1,  # the question as asked: no generated rewrites
        use_async=False,
        # Never called with one query; given so llama-index does not resolve its default
        # (OpenAI) model, which would fail without a key.
        llm=MockLLM(),
    )
