"""Decide, before any answer is composed, whether the passages can support one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jrqa.answer.selecting import answer_candidates
from jrqa.retrieve.sentences import QuotedSentence


@dataclass(frozen=True)
class SupportAssessment:
    """The abstention signal and its parts, kept for display and calibration."""

    supported: bool
    relevance: float
    reason: str


def assess_support(
    scored: Sequence[QuotedSentence], min_relevance: float, margin: float = 1.0
) -> SupportAssessment:
    """Supported when some retrieved sentence is close enough to the question and fits it.

    Relevance mixes meaning (sentence-vector cosine) with IDF-weighted shared terms, so
    a question whose rare, specific term ("population") appears in no close sentence
    scores low even when its topic words ("Vladivostok") are everywhere. A close sentence
    must also fit the question (see ``jrqa.answer.question``): hold the kind of answer
    asked for, near the names and numbers the question is about.
    """
    if not scored:
        return SupportAssessment(False, 0.0, "nothing relevant was retrieved")
    best = max(sentence.relevance for sentence in scored)
    if best < min_relevance:
        return SupportAssessment(
            False, best, f"no passage sentence is close enough to the question ({best:.2f})"
        )
    if not answer_candidates(scored, min_relevance, margin):
        return SupportAssessment(
            False,
            best,
            "no close sentence holds the kind of answer asked for near the question's names",
        )
    return SupportAssessment(True, best, "supported")
