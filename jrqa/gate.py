"""Decide, before any answer is composed, whether the passages can support one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jrqa.extractive import QuotedSentence


@dataclass(frozen=True)
class SupportAssessment:
    """The abstention signal and its parts, kept for display and calibration."""

    supported: bool
    relevance: float
    reason: str


def assess_support(scored: Sequence[QuotedSentence], min_relevance: float) -> SupportAssessment:
    """Supported when some retrieved sentence is close enough to the question.

    Relevance mixes meaning (sentence-vector cosine) with IDF-weighted shared terms, so
    a question whose rare, specific term ("population") appears in no close sentence
    scores low even when its topic words ("Vladivostok") are everywhere.
    """
    if not scored:
        return SupportAssessment(False, 0.0, "nothing relevant was retrieved")
    best = max(sentence.relevance for sentence in scored)
    if best < min_relevance:
        return SupportAssessment(
            False, best, f"no passage sentence is close enough to the question ({best:.2f})"
        )
    return SupportAssessment(True, best, "supported")
