"""Decide, before any answer is composed, whether the passages can support one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from llama_index.core.schema import NodeWithScore

from jrqa.chunking import split_sentences
from jrqa.keyword_index import TermStats, tokenize
from jrqa.retrieval import VECTOR_SCORE
from jrqa.support import content_terms, weighted_coverage

# A question term must be found close together, not scattered over a long passage:
# support is measured over windows of this many consecutive sentences.
WINDOW_SENTENCES = 2


@dataclass(frozen=True)
class SupportAssessment:
    """The abstention signal and its parts, kept for display and calibration."""

    supported: bool
    coverage: float
    similarity: float
    reason: str


def assess_support(
    question: str,
    hits: Sequence[NodeWithScore],
    stats: TermStats,
    min_coverage: float,
    min_similarity: float,
    passages_considered: int = 3,
) -> SupportAssessment:
    """Supported when a window of a top passage covers enough of the question's terms.

    Coverage is IDF-weighted, so a missing rare term ("population") costs far more
    than a missing common one ("Japan"); a term the corpus never uses weighs most.
    """
    terms = content_terms(question)
    if not hits or not terms:
        return SupportAssessment(False, 0.0, 0.0, "nothing relevant was retrieved")
    top = hits[:passages_considered]
    similarity = max(float(hit.node.metadata.get(VECTOR_SCORE, 0.0)) for hit in top)
    coverage = max(best_window_coverage(terms, hit.node.get_content(), stats) for hit in top)
    if coverage < min_coverage:
        reason = f"the passages cover only {coverage:.0%} of the question"
        return SupportAssessment(False, coverage, similarity, reason)
    if similarity < min_similarity:
        reason = f"the closest passage is only {similarity:.2f} similar to the question"
        return SupportAssessment(False, coverage, similarity, reason)
    return SupportAssessment(True, coverage, similarity, "supported")


def best_window_coverage(terms: list[str], passage: str, stats: TermStats) -> float:
    """Highest coverage of ``terms`` by any window of consecutive sentences."""
    sentences = [set(tokenize(span.text)) for span in split_sentences(passage)]
    if not sentences:
        return 0.0
    best = 0.0
    for first in range(len(sentences)):
        window = set().union(*sentences[first : first + WINDOW_SENTENCES])
        best = max(best, weighted_coverage(terms, window, stats))
    return best
