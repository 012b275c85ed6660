"""Check a generated draft sentence by sentence; keep only what the excerpts support.

A sentence is kept when:

1. it is a finished statement with at least one content word;
2. its [n] markers name excerpts the model was shown;
3. those excerpts contain nearly all of its content words and every number, date and
   name in it (``jrqa.verify.support.check_support``, the same test the eval applies);
4. it answers the question, when a judge of that is given (``jrqa.verify.relevance``): close
   in relevance to the best passage sentence, and not leaving out question terms that
   its own evidence contains;
5. it does not repeat a sentence already kept.

A sentence without markers that is fully supported by exactly one excerpt gets that
excerpt's marker: small models often forget markers, and a sentence only one excerpt
supports can only have come from it. A marker is never attached to an unsupported
sentence, and a wrong marker is never corrected: the sentence is dropped instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from jrqa.models import RemovedSentence
from jrqa.text.markers import answer_sentences, cited_numbers, strip_markers
from jrqa.text.terms import content_terms
from jrqa.verify.excerpts import Excerpt
from jrqa.verify.support import check_support


class AnswerJudge(Protocol):
    """Decides whether a grounded sentence answers the question."""

    def refusal(self, sentence: str, evidence: Sequence[str]) -> str | None:
        """Why ``sentence`` does not answer the question (None when it does).

        Args:
            sentence: the drafted sentence, without markers.
            evidence: the passage sentences it rests on.
        """
        ...


_FINISHED = (".", "!", "?", "”", '"', "’", "'", ")")


@dataclass(frozen=True)
class VerifiedSentence:
    """A kept sentence (markers removed) and the excerpts that support it."""

    text: str
    excerpts: tuple[Excerpt, ...]
    marker_added: bool = False


@dataclass
class VerifiedDraft:
    """The outcome of verification: what stays, and what was dropped and why."""

    kept: list[VerifiedSentence] = field(default_factory=list)
    removed: list[RemovedSentence] = field(default_factory=list)


def verify_draft(
    draft: str, excerpts: Sequence[Excerpt], judge: AnswerJudge | None = None
) -> VerifiedDraft:
    """Verify every sentence of ``draft`` against the excerpts shown to the model.

    Args:
        draft: the model's text, with [n] markers numbering ``excerpts``.
        excerpts: what the model was shown.
        judge: decides whether a grounded sentence answers the question; None skips
            rule 4.
    """
    result = VerifiedDraft()
    seen: set[str] = set()
    for sentence in answer_sentences(draft):
        outcome = _verify_sentence(sentence, excerpts, judge)
        if isinstance(outcome, str):
            result.removed.append(RemovedSentence(sentence=sentence, reason=outcome))
            continue
        key = " ".join(outcome.text.lower().split())
        if key in seen:
            result.removed.append(
                RemovedSentence(sentence=sentence, reason="repeats an earlier sentence")
            )
            continue
        seen.add(key)
        result.kept.append(outcome)
    return result


def _verify_sentence(
    sentence: str, excerpts: Sequence[Excerpt], judge: AnswerJudge | None
) -> VerifiedSentence | str:
    """The verified sentence, or the reason it is refused."""
    plain = strip_markers(sentence)
    if not content_terms(plain):
        return "states nothing that can be checked"
    if not plain.endswith(_FINISHED):
        return "unfinished sentence"
    cited = _cited_excerpts(sentence, plain, excerpts)
    if isinstance(cited, str):
        return cited
    if judge is not None:
        refusal = judge.refusal(plain, [excerpt.quote_for(plain).text for excerpt in cited])
        if refusal is not None:
            return refusal
    return VerifiedSentence(plain, cited, marker_added=not cited_numbers(sentence))


def _cited_excerpts(
    sentence: str, plain: str, excerpts: Sequence[Excerpt]
) -> tuple[Excerpt, ...] | str:
    """The excerpts backing the sentence, or the reason there are none."""
    by_number = {excerpt.n: excerpt for excerpt in excerpts}
    numbers = list(dict.fromkeys(cited_numbers(sentence)))
    if not numbers:
        supporting = [e for e in excerpts if check_support(plain, [e.text]).supported]
        if len(supporting) == 1:
            return (supporting[0],)
        if supporting:
            return "no citation marker, and several passages could back it"
        return "no citation marker, and no passage shown supports it"
    unknown = [n for n in numbers if n not in by_number]
    if unknown:
        listed = ", ".join(f"[{n}]" for n in unknown)
        return f"cites {listed}, which is not a passage it was shown"
    cited = tuple(by_number[n] for n in numbers)
    verdict = check_support(plain, [excerpt.text for excerpt in cited])
    if not verdict.supported:
        return verdict.reason
    return cited
