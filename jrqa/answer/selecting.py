"""Which scored sentences may answer, and which of them make up the answer."""

from __future__ import annotations

import re
from collections.abc import Sequence

from jrqa.answer.question import is_compound
from jrqa.retrieve.sentences import QuotedSentence
from jrqa.text.terms import TermStats

_ASKS_LIST = re.compile(r"\b(list|which (ones|countries|islands|areas)|what are|name the)\b", re.I)


def answer_candidates(
    scored: Sequence[QuotedSentence],
    min_relevance: float,
    margin: float,
    rivals: Sequence[QuotedSentence] | None = None,
) -> list[QuotedSentence]:
    """Sentences that may answer: the right kind of answer, and close to the best one.

    A sentence holding a date, say, but far less relevant than the best sentence is
    more likely a wrong answer than a right one, so it is not offered. The best is taken
    among ``rivals`` when there are any (a subset of ``scored``), else among ``scored``.
    """
    if not scored:
        return []
    best = max(sentence.relevance for sentence in (rivals or scored))
    floor = max(min_relevance, best - margin)
    return [sentence for sentence in scored if sentence.fits and sentence.relevance >= floor]


def select_sentences(
    question: str,
    scored: Sequence[QuotedSentence],
    stats: TermStats,
    max_sentences: int,
    every_sentence: Sequence[QuotedSentence] = (),
    said: frozenset[str] = frozenset(),
) -> list[QuotedSentence]:
    """The best sentence, plus ones that add question terms it lacks (lists get more).

    ``scored`` should hold only ``answer_candidates``, best first. A sentence of
    ``every_sentence`` that directly follows the best one and refers back to it ("This
    suggested that ...") is taken too: it usually finishes what the best one began; so is
    the one before a best sentence that itself opens by referring back. When the best
    sentence is one an earlier answer (``said``) quoted, or the question asks why, the one
    after it is taken too if it holds question terms the best lacks: the article goes on
    there. Asked why, a best sentence opening as the outcome of the one before it ("In
    response, …") brings that one, which holds the cause.
    """
    if not scored:
        return []
    best = scored[0]
    chosen = [best]
    covered = set(best.question_terms)
    compound = is_compound(question)
    limit = min(max_sentences if _ASKS_LIST.search(question) or compound else 2, max_sentences)
    # The second part of a two-part question often scores well below the first.
    share = CLOSE_ENOUGH_COMPOUND if compound else CLOSE_ENOUGH
    # A best sentence opening with "This ..." needs the one before it; one after it that
    # points back ("This suggested ...") finishes it. Neither uses up a slot of its own.
    antecedent = follower = None
    if max_sentences > 1:
        asks_cause = bool(_ASKS_CAUSE.search(question))
        if _REFERS_BACK.match(best.text) or (asks_cause and _RESULT_OF_BEFORE.match(best.text)):
            antecedent = _next_to(best, every_sentence, before=True)
        follower = _next_to(best, every_sentence, before=False)
        # The best sentence is no news to the user, or tells what happened where the cause
        # was asked: the article may go on with what the question asks.
        goes_on = asks_cause or any(best.text in earlier for earlier in said)
        if follower is not None and not (
            _REFERS_BACK.match(follower.text)
            or (goes_on and follower.question_terms - best.question_terms)
            or (_ASKS_RESPONSE.search(question) and _RESPONDS_TO_BEFORE.match(follower.text))
            or (_ASKS_WHAT_WAS_SAID.search(question) and _SAYS.match(follower.text))
        ):
            follower = None
    for neighbour in (antecedent, follower):
        if neighbour is not None:
            chosen.append(neighbour)
            covered |= neighbour.question_terms
            limit = min(limit + 1, max_sentences)
    for candidate in scored[1:]:
        # A near-tie with the best sentence is kept even if it adds no question word (the
        # two may say different things about the same words), up to the answer's limit.
        near_tie = candidate.score >= NEAR_TIE * best.score
        if len(chosen) >= (max_sentences if near_tie else limit):
            continue
        new_terms = candidate.question_terms - covered
        close_enough = candidate.score >= share * best.score
        if (near_tie or (close_enough and new_terms)) and candidate not in chosen:
            chosen.append(candidate)
            covered |= candidate.question_terms
    chosen = _with_quotations_whole(chosen, every_sentence)
    lead = [antecedent, best] if antecedent is not None else [best]
    return sorted(
        chosen, key=lambda s: (s not in lead, str(s.hit.node.metadata["source"]), s.start)
    )


# A second sentence joins the best one when it scores at least this share of the best.
CLOSE_ENOUGH = 0.8
CLOSE_ENOUGH_COMPOUND = 0.6
NEAR_TIE = 0.9
_REFERS_BACK = re.compile(r"^(this|these|that|those|it|they|he|she|his|her|their|both)\b", re.I)
# A sentence opening as the outcome of the one before ("In response, …") leaves its cause
# there: a question asking for the cause needs that sentence too.
_RESULT_OF_BEFORE = re.compile(
    r"^(in response|as a result|as a consequence|consequently|therefore|thus|hence|"
    r"because of this|for this reason|in turn|accordingly)\b",
    re.I,
)
_ASKS_CAUSE = re.compile(
    r"^\W*(?:and\s+)?(?:why|how come|what (?:prompted|caused|led|made|drove|triggered))\b", re.I
)


# "How did Beijing respond …", "what was the reaction …": the sentence after the best
# one that opens as the response to it ("In response, …") is what is asked.
_ASKS_RESPONSE = re.compile(
    r"\b(?:respond(?:ed)?|react(?:ed)?|repl(?:y|ied)|retaliat(?:e|ed)|response|reaction)\b",
    re.I,
)
# "What did X say in it?": a best sentence telling that X wrote or spoke is followed by
# the one giving X's words ("He said, “…”"). Wider than the question reading's pattern
# for a named speaker's words: "he", "one poster" or a leading clause may come first.
_ASKS_WHAT_WAS_SAID = re.compile(
    r"\bwhat\b.*\b(?:say|said|write|wrote|tell|told|state|stated)\b", re.I
)
_SAYS = re.compile(
    r"^(?:[A-Z][\w’'-]+|he|she|they)\s+(?:said|says|stated|states|wrote|writes|added|"
    r"explained|noted|told)\b",
    re.I,
)
_RESPONDS_TO_BEFORE = re.compile(r"^(in response|in reply|in return|in retaliation)\b", re.I)


def _with_quotations_whole(
    chosen: list[QuotedSentence], every_sentence: Sequence[QuotedSentence]
) -> list[QuotedSentence]:
    """``chosen``, with the sentence after each that leaves a quotation open.

    A quotation left open runs on into the next sentence, where it ends: the speaker's
    point often comes only there.
    """
    whole = list(chosen)
    for sentence in chosen:
        if not _leaves_quote_open(sentence.text):
            continue
        rest = sentence
        for _ in range(_MAX_QUOTE_RUN):
            following = _next_to(rest, every_sentence, before=False)
            if following is None:
                break
            rest = following
            if rest not in whole:
                whole.append(rest)
            if _CLOSES_QUOTE.search(rest.text):
                break
    return whole


# How many sentences an open quotation is followed into, at most, to where it ends.
_MAX_QUOTE_RUN = 3
_CLOSES_QUOTE = re.compile(r"[”\"]")


def _leaves_quote_open(text: str) -> bool:
    """Does ``text`` open a quotation it does not close (“… with no ”)?"""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _next_to(
    best: QuotedSentence, every_sentence: Sequence[QuotedSentence], *, before: bool
) -> QuotedSentence | None:
    """The retrieved sentence right before (or after) ``best`` in its article, if any."""
    source = best.hit.node.metadata["source"]
    for sentence in every_sentence:
        gap = best.start - sentence.end if before else sentence.start - best.end
        if sentence.hit.node.metadata["source"] == source and 0 <= gap <= 3:
            return sentence
    return None
