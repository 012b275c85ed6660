"""Decide, before any answer is composed, whether the passages can support one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jrqa.answer.question import QuestionNeeds
from jrqa.answer.selecting import answer_candidates
from jrqa.retrieve.sentences import QuotedSentence


@dataclass(frozen=True)
class SupportAssessment:
    """The abstention signal and its parts, kept for display and calibration."""

    supported: bool
    relevance: float
    reason: str


def assess_support(
    scored: Sequence[QuotedSentence],
    min_relevance: float,
    margin: float = 1.0,
    rivals: Sequence[QuotedSentence] | None = None,
) -> SupportAssessment:
    """Supported when some retrieved sentence is close enough to the question and fits it.

    Relevance mixes meaning (sentence-vector cosine) with IDF-weighted shared terms, so
    a question whose rare, specific term ("population") appears in no close sentence
    scores low even when its topic words ("Vladivostok") are everywhere. A close sentence
    must also fit the question (see ``jrqa.answer.question``): hold the kind of answer
    asked for, near the names and numbers the question is about, and be within
    ``margin`` of the most relevant of ``rivals`` (default: all of ``scored``).
    """
    if not scored:
        return SupportAssessment(False, 0.0, "nothing relevant was retrieved")
    best = max(sentence.relevance for sentence in scored)
    if best < min_relevance:
        return SupportAssessment(
            False, best, f"no passage sentence is close enough to the question ({best:.2f})"
        )
    if not answer_candidates(scored, min_relevance, margin, rivals):
        return SupportAssessment(
            False,
            best,
            "no close sentence holds the kind of answer asked for near the question's names",
        )
    return SupportAssessment(True, best, "supported")


@dataclass(frozen=True)
class Margins:
    """How far below the best sentence an answer's sentences may score."""

    answer: float  # any sentence of an answer
    lead: float  # the sentence a date, amount or name is quoted from


def assess_lead(
    needs: QuestionNeeds,
    scored: Sequence[QuotedSentence],
    said: frozenset[str],
    min_relevance: float,
    margins: Margins,
) -> SupportAssessment:
    """``assess_support`` for a question ``needs`` describes, asked after answers ``said``.

    A date, amount or name in a sentence far less relevant than the best one is most
    often of another event (the best sentence speaks of the asked one but lacks the
    value), so a typed answer must come within the tighter lead margin, unless its
    sentence holds as much of the question's wording as the best one. In a follow-up
    the search holds the earlier turn too, whose own answer then scores best without
    rivalling anything: the best is taken among sentences not quoted before.
    """
    if needs.answer_type in ("any", "named"):
        return assess_support(scored, min_relevance, margins.answer)
    fresh = [sentence for sentence in scored if not any(sentence.text in s for s in said)]
    rivals = fresh or list(scored)
    best = max(rivals, key=lambda sentence: sentence.relevance)
    # A sentence holding as much of the question's wording as the best one speaks of the
    # asked event too: its lower relevance is then no sign of another event.
    worded = [
        sentence
        for sentence in scored
        if sentence.coverage >= best.coverage > 0
        and sentence.relevance >= best.relevance - margins.answer
    ]
    tight = assess_support(scored, min_relevance, margins.lead, rivals)
    if tight.supported or not answer_candidates(worded, min_relevance, margins.answer, rivals):
        return tight
    return SupportAssessment(True, tight.relevance, "supported")
