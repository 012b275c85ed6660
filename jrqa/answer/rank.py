"""A question's rank: "the first meeting", "the latest figure", "which lasted longest".

A sentence about one of several meetings answers "Where was the first meeting?" only if
it says which one came first; without a word of that rank (or its like: "earliest",
"inaugural") nearby, the meeting it names is any of them, and quoting it answers a
question that was not asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Each rank and the words that say it too; "first-ever" is split into "first" and "ever".
_RANK_WORDS: tuple[frozenset[str], ...] = tuple(
    frozenset(words.split())
    for words in (
        "first earliest initial inaugural maiden",
        "last latest final recent",
        "longest",
        "shortest",
        "largest biggest",
        "smallest",
        "highest",
        "lowest",
        "greatest",
        "strongest",
        "weakest",
        "oldest",
        "newest",
        "closest nearest",
        "worst",
        "fastest",
        "slowest",
        "warmest",
        "coldest",
        "richest",
        "poorest",
        "heaviest",
        "deepest",
    )
)
# "First" and "last" rank only after a determiner ("the first round", "their last meeting",
# "a first for"); bare, they are adverbs or verbs ("when did they first meet", "how long did
# it last"). Superlatives rank wherever they stand ("lasted longest").
_ORDINAL_RANK = re.compile(
    r"\b(?:the|a|their|its|his|her|our|very|[a-z]+['’]s)\s+(first|last|final|latest|earliest)\b"
)
_SUPERLATIVE = re.compile(
    r"\b("
    + "|".join(sorted(word for words in _RANK_WORDS for word in words if word.endswith("est")))
    + r")\b"
)


# "The most valuable", "the least costly": a rank said in two words, told by the second.
_PERIPHRASTIC = re.compile(r"\bthe\s+(?:most|least)\s+([a-z]{4,})\b")


def asked_rank(question: str, ordinals: bool = True) -> tuple[frozenset[str], ...]:
    """The ranks the question asks of, each as the words that would say it.

    Capitalised rank words are parts of names ("the Second World War") and rank nothing.
    Without ``ordinals``, "first" and "last" are left out: in a question asking for no
    date, amount or name ("What did they agree at their first meeting?") they name the
    event, which its sentences as often name by its date or place; a value asked of "the
    first meeting" is the rank's own, so its sentence must say which one was first.
    """
    found = [match.group(1) for match in _ORDINAL_RANK.finditer(question)] if ordinals else []
    found += [match.group(1) for match in _SUPERLATIVE.finditer(question)]
    found += [match.group(1) for match in _PERIPHRASTIC.finditer(question)]
    return tuple(dict.fromkeys(_family(word) for word in found))


def ranks_named(ranks: Iterable[frozenset[str]], words: set[str]) -> bool:
    """Does every rank asked of have one of its words among ``words`` (lower case)?"""
    return all(rank & words for rank in ranks)


def _family(word: str) -> frozenset[str]:
    return next((words for words in _RANK_WORDS if word in words), frozenset({word}))
