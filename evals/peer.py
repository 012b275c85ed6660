"""The stock llama-index starter pipeline, measured on the same articles and questions.

SimpleDirectoryReader -> VectorStoreIndex (default chunking, in-memory vector store) ->
top-k retriever, with the same MiniLM model jrqa uses. No LLM is involved: only
retrieval is compared.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from evals.metrics import percentile, retrieval_scores
from evals.questions import EvalQuestion

if TYPE_CHECKING:
    from llama_index.core import VectorStoreIndex
    from llama_index.core.retrievers import BaseRetriever

PEER_TOP_K = 5


class PeerResult(BaseModel):
    """The peer's article ranking for one answerable question."""

    id: str
    retrieved_articles: list[str]
    hit_at_1: float
    hit_at_3: float
    mrr_at_5: float
    retrieve_ms: float


class PeerSummary(BaseModel):
    """The peer's retrieval totals (latencies in milliseconds)."""

    questions: int
    hit_at_1: float | None
    hit_at_3: float | None
    mrr_at_5: float | None
    retrieve_median_ms: float
    retrieve_p95_ms: float
    index_seconds: float


def build_peer_retriever(seeds_dir: Path, top_k: int = PEER_TOP_K) -> BaseRetriever:
    """The starter tutorial's retriever over the seeds (see ``build_peer_index``)."""
    return build_peer_index(seeds_dir).as_retriever(similarity_top_k=top_k)


def build_peer_index(seeds_dir: Path) -> VectorStoreIndex:
    """Index the seeds the way the llama-index starter tutorial does."""
    from llama_index.core import SimpleDirectoryReader, VectorStoreIndex

    from jrqa.index.embedding import MiniLMEmbedding
    from jrqa.index.encoders import load_encoder

    documents = SimpleDirectoryReader(str(seeds_dir)).load_data()
    # The embedding is passed in, so llama-index's global Settings (and its OpenAI
    # defaults) are never consulted; a retriever needs no LLM.
    return VectorStoreIndex.from_documents(documents, embed_model=MiniLMEmbedding(load_encoder()))


def run_peer(
    seeds_dir: Path, questions: Sequence[EvalQuestion]
) -> tuple[PeerSummary, list[PeerResult]]:
    """Measure the peer's retrieval on the answerable questions.

    The stock pipeline has no notion of a conversation, so a follow-up is searched
    as typed, which is what that pipeline would do with it.
    """
    started = time.perf_counter()
    retriever = build_peer_retriever(seeds_dir)
    index_seconds = time.perf_counter() - started
    answerable = [q for q in questions if q.answerable]
    if answerable:
        retriever.retrieve(answerable[0].question)  # warm-up, as for jrqa
    results = [_measure(retriever, question) for question in answerable]
    times = [r.retrieve_ms for r in results]
    summary = PeerSummary(
        questions=len(results),
        hit_at_1=_mean([r.hit_at_1 for r in results]),
        hit_at_3=_mean([r.hit_at_3 for r in results]),
        mrr_at_5=_mean([r.mrr_at_5 for r in results]),
        retrieve_median_ms=percentile(times, 0.5),
        retrieve_p95_ms=percentile(times, 0.95),
        index_seconds=index_seconds,
    )
    return summary, results


def _measure(retriever: BaseRetriever, question: EvalQuestion) -> PeerResult:
    started = time.perf_counter()
    hits = retriever.retrieve(question.question)
    elapsed_ms = (time.perf_counter() - started) * 1000
    articles = list(dict.fromkeys(str(hit.node.metadata.get("file_name", "")) for hit in hits))
    scores = retrieval_scores(question.gold_sources, articles)
    return PeerResult(
        id=question.id,
        retrieved_articles=articles,
        hit_at_1=scores.hit_at_1,
        hit_at_3=scores.hit_at_3,
        mrr_at_5=scores.mrr_at_5,
        retrieve_ms=elapsed_ms,
    )


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None
