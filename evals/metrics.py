"""Deterministic per-answer measures: key facts, retrieval ranks, citations, latency.

No language model judges anything here. Grounding is checked with the same code the
generative verifier uses (``jrqa.verify.support``), so the eval and the product agree on what
"supported" means.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from llama_index.core.evaluation import MRR, HitRate

from jrqa.models import Answer, Citation, Passage
from jrqa.text.markers import answer_sentences, cited_numbers, strip_markers
from jrqa.verify.support import check_support, citation_evidence


def fact_present(variants: Sequence[str], text: str) -> bool:
    """True when any variant occurs in the text, case-insensitively, as whole words.

    Word boundaries matter: "20" must not be found inside "2016".
    """
    folded = _fold(text)
    return any(
        re.search(rf"(?<!\w){re.escape(_fold(variant.strip()))}(?!\w)", folded) is not None
        for variant in variants
    )


def missing_facts(key_facts: Sequence[Sequence[str]], text: str) -> list[str]:
    """The facts (named by their first variant) that the text does not contain."""
    return [variants[0] for variants in key_facts if not fact_present(variants, text)]


def _fold(text: str) -> str:
    # Curly quotes and dashes vary between article and question author.
    return text.lower().replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")


def ranked_articles(passages: Sequence[Passage]) -> list[str]:
    """The articles of the passages, in rank order, each article once."""
    return list(dict.fromkeys(passage.source for passage in passages))


@dataclass(frozen=True)
class RetrievalScores:
    """Article-level ranking quality for one question."""

    hit_at_1: float
    hit_at_3: float
    mrr_at_5: float


def retrieval_scores(gold: Sequence[str], articles: Sequence[str]) -> RetrievalScores:
    """hit@1, hit@3 and MRR@5 of a ranked article list against the gold articles.

    Uses llama-index's retrieval metrics on article file names as ids.
    """
    expected = list(gold)
    retrieved = list(articles)

    def hit(k: int) -> float:
        return HitRate().compute(expected_ids=expected, retrieved_ids=retrieved[:k]).score

    mrr = MRR().compute(expected_ids=expected, retrieved_ids=retrieved[:5]).score
    return RetrievalScores(hit(1), hit(3), mrr)


@dataclass
class SentenceCheck:
    """The grounding verdict on one answer sentence."""

    sentence: str
    cited: bool
    markers_valid: bool
    supported: bool
    reason: str


@dataclass
class CitationReport:
    """How one answer's sentences are cited and supported."""

    sentences: list[SentenceCheck] = field(default_factory=list)
    markers: int = 0
    valid_markers: int = 0

    @property
    def uncited(self) -> int:
        """Answer sentences with no [n] marker."""
        return sum(not check.cited for check in self.sentences)

    @property
    def unsupported(self) -> list[SentenceCheck]:
        """Sentences whose cited passages do not back them."""
        return [check for check in self.sentences if not check.supported]


def check_citations(answer: Answer) -> CitationReport:
    """Check every sentence of a non-abstained answer against the passages it cites.

    A marker is valid when it names a citation whose passage is among the retrieved
    passages and whose quote is exactly that passage's text at the quote's offsets. A
    sentence is supported when it carries markers, all of them valid, and
    ``check_support`` accepts it against the cited passages' text.
    """
    report = CitationReport()
    if answer.abstained:
        return report
    by_number = {citation.n: citation for citation in answer.citations}
    for sentence in answer_sentences(answer.text):
        numbers = cited_numbers(sentence)
        problems = [_marker_problem(n, by_number, answer.passages) for n in numbers]
        valid = [problem is None for problem in problems]
        report.markers += len(numbers)
        report.valid_markers += sum(valid)
        report.sentences.append(_judge_sentence(sentence, numbers, problems, by_number))
    return report


def _judge_sentence(
    sentence: str,
    numbers: list[int],
    problems: list[str | None],
    by_number: dict[int, Citation],
) -> SentenceCheck:
    if not numbers:
        return SentenceCheck(sentence, False, False, False, "no citation marker")
    broken = [problem for problem in problems if problem is not None]
    if broken:
        return SentenceCheck(sentence, True, False, False, "; ".join(broken))
    verdict = check_support(sentence, [citation_evidence(by_number[n]) for n in numbers])
    return SentenceCheck(sentence, True, True, verdict.supported, verdict.reason)


def _marker_problem(
    number: int, by_number: dict[int, Citation], passages: Sequence[Passage]
) -> str | None:
    """Why marker [n] does not resolve to a retrieved passage, or None when it does."""
    citation = by_number.get(number)
    if citation is None:
        return f"[{number}] names no citation"
    passage = next(
        (p for p in passages if p.source == citation.source and p.text == citation.text), None
    )
    if passage is None:
        return f"[{number}] cites a passage that was not retrieved"
    offset = citation.start - passage.start
    if passage.text[offset : offset + citation.end - citation.start] != citation.quote:
        return f"[{number}] quote differs from the passage at its offsets"
    return None


def answer_body(answer: Answer) -> str:
    """The answer text without citation markers, for fact matching."""
    return strip_markers(answer.text)


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1) of the values; NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]
