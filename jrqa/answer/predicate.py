"""For questions asking for a date, an amount or a person: is the answer about what is asked?

A question asking when a named minister resigned finds a sentence that names the same
minister and holds a date, of his appointment. The names make the two look alike; the
date is of something else. Masking the names and numbers of both leaves what each is
about ("When did ... resign?" against "... was appointed in ..."), and MiniLM can then
tell that they are not about the same thing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

import numpy as np

from jrqa.answer.features import Embed, mask_names_and_numbers
from jrqa.answer.question import QuestionNeeds
from jrqa.answer.selecting import answer_candidates
from jrqa.retrieve.sentences import QuotedSentence
from jrqa.text.terms import content_terms

# Only the candidates a typed answer could come from are embedded, so the cost is bounded.
_MAX_CHECKED = 8
# The words that ask for the kind of value ("how long", "what year"): no predicate of
# their own, so "For how long?" asks of what it refers to.
_ASKING = re.compile(
    r"\bhow (?:long|far|old|big|large|high|much|many)\b|"
    r"\b(?:what|which) (?:year|date|month|day|time)s?\b",
    re.I,
)


class PredicateCheck:
    """Marks typed-answer candidates whose predicate differs from the question's as unfit."""

    def __init__(self, embed: Embed, min_similarity: float) -> None:
        self._embed = embed
        self._min_similarity = min_similarity

    def apply(
        self,
        asked: str,
        needs: QuestionNeeds,
        scored: Sequence[QuotedSentence],
        min_relevance: float,
        margin: float,
        searched: str = "",
    ) -> list[QuotedSentence]:
        """``scored`` with ``fits`` cleared on candidates that answer something else.

        ``needs`` is the analysis of ``asked``, the question as the user typed it;
        ``searched`` is what was searched, a follow-up with what it refers to. A follow-up
        asking nothing of its own ("When was that?") asks it of what it refers to.
        """
        if (
            needs.answer_type in ("any", "named")
            or _asks_office_only(asked, needs)
            or _asks_time_of_thing(asked)
        ):
            return list(scored)
        candidates = answer_candidates(scored, min_relevance, margin)[:_MAX_CHECKED]
        if not candidates:
            return list(scored)
        masked = mask_names_and_numbers(asked)
        if searched and not content_terms(_ASKING.sub(" ", masked)):
            masked = mask_names_and_numbers(searched)
        texts = [masked]
        texts.extend(mask_names_and_numbers(candidate.text) for candidate in candidates)
        vectors = np.asarray(self._embed(texts), dtype=np.float32)
        similarities = vectors[1:] @ vectors[0]
        unfit = {
            id(candidate)
            for candidate, similarity in zip(candidates, similarities, strict=True)
            if float(similarity) < self._min_similarity
        }
        return [
            dataclasses.replace(sentence, fits=False) if id(sentence) in unfit else sentence
            for sentence in scored
        ]


def _asks_time_of_thing(asked: str) -> bool:
    """Does the question ask only when something was ("When is the summit?")?

    Then it has no predicate but the thing itself, which names mask in the candidates
    ("the … Summit"); whether a date is the thing's is left to relevance and the names.
    """
    match = _TIME_OF_THING.match(asked)
    if match is None or not content_terms(match["rest"]):  # "When was that?" refers back
        return False
    return not any(
        word.endswith("ed") or word in _PARTICIPLES for word in match["rest"].lower().split()
    )


# "When was the war?", "What year was the summit?": the thing follows a bare copula.
_TIME_OF_THING = re.compile(
    r"^\s*(?:(?:and|so)\s+)?(?:when|what\s+(?:year|date|month))\s+(?:is|was|are|were|will\s+be)\b"
    r"(?P<rest>[^?]*)\?*\s*$",
    re.I,
)
# Past participles not ending in "-ed": "When was the treaty signed" has a predicate,
# and so has "When was the war won".
_PARTICIPLES = frozenset(
    """held made taken built won lost begun set met fought struck written sent sold given
    chosen elected done seen shown known thrown drawn broken spoken""".split()
)


def _asks_office_only(asked: str, needs: QuestionNeeds) -> bool:
    """Does the question ask only who held an office ("Who was the trade minister in 1993?")?

    Then the office is its predicate, and the answer's name must already hold it
    (``QuestionNeeds.answer_values``); the sentence itself tells of whatever that person
    did, so its predicate differs from the question's by nature.
    """
    if not needs.role:
        return False
    return set(content_terms(mask_names_and_numbers(asked))) <= set(needs.role)
