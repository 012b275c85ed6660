"""Hybrid retrieval: MiniLM vectors from Chroma and BM25 keywords, fused by relative score."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle

from jrqa.index.sources import SourceRestriction
from jrqa.text.terms import STOPWORDS

if TYPE_CHECKING:
    from jrqa.index.engine import Engine


class KeywordQueryRetriever(BaseRetriever):
    """A keyword retriever asked with the question's content words only.

    BM25's index drops English stopwords but its query side does not, so a question's
    "what did ... say" would otherwise favour chatty passages full of "did" and "say".
    """

    def __init__(
        self, keyword: BaseRetriever | None, restriction: SourceRestriction | None = None
    ) -> None:
        super().__init__()
        self.keyword = keyword
        self.restriction = restriction

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        if self.keyword is None:  # a restriction to a source without chunks
            return []
        hits = self.keyword.retrieve(QueryBundle(keyword_query(query_bundle.query_str)))
        if self.restriction is None:
            return hits
        # BM25's filter masks scores to 0; a masked chunk may still fill a top-k slot.
        return [hit for hit in hits if self.restriction.admits(hit.node.metadata)]


def keyword_query(question: str) -> str:
    """The question without function words (or the question itself if nothing is left)."""
    words = re.findall(r"\w+", question)
    kept = [word for word in words if word.lower() not in STOPWORDS]
    return " ".join(kept) or question


def build_retriever(
    engine: Engine, top_k: int | None = None, restriction: SourceRestriction | None = None
) -> BaseRetriever:
    """The hybrid retriever over the engine's store and keyword index.

    Each retriever's scores are min-max scaled, weighted and summed per passage
    (llama-index's relative-score fusion); the query's own vector, when the bundle
    carries one, is reused by the vector side. With ``restriction``, both sides see only
    that source's chunks: the vector side through metadata filters (a Chroma ``where``),
    the keyword side through the same filters on BM25.
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
    keyword_index = engine.keyword_index()
    keyword: BaseRetriever | None
    if restriction is None:
        vector = index.as_retriever(similarity_top_k=settings.candidate_k)
        keyword = keyword_index.retriever
        chunk_count = keyword_index.term_stats.document_count
        keyword_index.retriever.similarity_top_k = min(settings.candidate_k, chunk_count or 1)
    else:
        filters = restriction.metadata_filters()
        vector = index.as_retriever(similarity_top_k=settings.candidate_k, filters=filters)
        keyword = keyword_index.restricted(restriction, settings.candidate_k)
    return QueryFusionRetriever(
        [vector, KeywordQueryRetriever(keyword, restriction)],
        mode=FUSION_MODES.RELATIVE_SCORE,
        retriever_weights=[1 - settings.keyword_weight, settings.keyword_weight],
        similarity_top_k=top_k or settings.top_k,
        num_queries=1,  # the question as asked: no generated rewrites
        use_async=False,
        # Never called with one query; given so llama-index does not resolve its default
        # (OpenAI) model, which would fail without a key.
        llm=MockLLM(),
    )


class HybridRetrievers:
    """The hybrid retriever of the current corpus, and the ones restricted to one source.

    Each is built on first use and kept until the corpus changes; a few recently used
    restrictions are kept, so a busy outlet filter costs no rebuild per question.
    """

    def __init__(self, engine: Engine, kept_restrictions: int = 16) -> None:
        self.engine = engine
        self.kept_restrictions = kept_restrictions
        self._lock = threading.Lock()
        self._generation = -1
        self._built: OrderedDict[SourceRestriction | None, BaseRetriever] = OrderedDict()

    def get(self, restriction: SourceRestriction | None = None) -> BaseRetriever:
        """The retriever for ``restriction`` (None: the whole corpus)."""
        generation = self.engine.manifest().generation
        with self._lock:
            if generation != self._generation:
                self._built.clear()
                self._generation = generation
            retriever = self._built.get(restriction)
            if retriever is None:
                retriever = build_retriever(self.engine, restriction=restriction)
                self._built[restriction] = retriever
                restricted = [key for key in self._built if key is not None]
                if len(restricted) > self.kept_restrictions:
                    del self._built[restricted[0]]
            self._built.move_to_end(restriction)
            return retriever
