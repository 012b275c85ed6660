"""What a text holds, read without the question.

Dates, years, amounts, people's names, states, speakers and flows of goods; and whether
a word is mentioned in a set of words (one edit away counts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from jrqa.answer.question.vocabulary import (
    ABBREVIATION,
    CAPITALISED_NAME,
    CAPITALISED_RUN,
    COUNTRY_WORDS,
    DEMONYMS,
    LOCATIVE,
    MONTHS,
    NOT_PERSON_HEADS,
    NUMBER,
    NUMBER_WORDS,
    PERSON_ROLES,
    REPORTED,
    REPORTED_BEFORE,
    ROLE_REACH,
    STATE_GROUPS,
    WEEKDAYS,
    WORD,
    YEAR,
)
from jrqa.text.terms import STOPWORDS


def locatives(text: str) -> list[str]:
    """The places ``text`` names after a locative word, months and weekdays aside."""
    return [
        place
        for place in (found.rstrip(".") for found in LOCATIVE.findall(text))
        if place.lower() not in CALENDAR_WORDS
    ]


def speakers(clause: str) -> list[str]:
    """Single capitalised words reporting speech: "Putin said", "…,” said Lavrov"."""
    words = split_words(clause)
    found = []
    for index, word in enumerate(words):
        lower = word.lower()
        if not word[:1].isupper() or lower in STOPWORDS or lower in CALENDAR_WORDS:
            continue
        if lower in NOT_PERSON_HEADS:  # "the Russian Federation said": a body
            continue
        after = words[index + 1].lower() if index + 1 < len(words) else ""
        before = words[index - 1].lower() if index else ""
        if after in REPORTED or before in REPORTED_BEFORE:
            found.append(word)
    return found


# "Russia's exports to Japan", "trade from Japan to Russia": a flow, its source and target.
_FLOW = re.compile(
    r"\b(?P<owner>[A-Z][\w.]*)[’']s\s+(?P<noun>[a-z]+)\s+(?:to|into|with)\s+(?P<target>[A-Z][\w.]*)|"
    r"\b(?P<noun2>[a-z]+)\s+from\s+(?P<source>[A-Z][\w.]*)\s+(?:to|into)\s+(?P<target2>[A-Z][\w.]*)"
)


def flows_named(text: str) -> list[tuple[str, str, str]]:
    """The flows ``text`` names as "<A>'s <noun> to <B>" or "<noun> from <A> to <B>"."""
    return [
        (match["owner"], match["noun"], match["target"].rstrip("."))
        if match["owner"]
        else (match["source"], match["noun2"], match["target2"].rstrip("."))
        for match in _FLOW.finditer(text)
    ]


def capitalised_names(sentence: str) -> Iterator[tuple[str, int]]:
    """The runs of capitalised words that are no month or weekday, with where they start."""
    for match in CAPITALISED_NAME.finditer(sentence):
        name = match.group(0).rstrip(".")
        if match.start() == 0:
            # A sentence's first word is capitalised anyway: a name only with more of one,
            # and not when it is a word such as "The" or "In" before one.
            first, _, rest = name.partition(" ")
            if not rest or first.lower() in STOPWORDS:
                continue
        if name.lower() not in CALENDAR_WORDS:
            yield name, match.start()


def singular_of(word: str) -> str:
    """The singular of a plural noun ("banks" -> "bank", "countries" -> "country")."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def around(name: str, sentence: str) -> tuple[list[str], list[str]]:
    """The words (lower-cased) within reach of ``name``'s title, before and after it."""
    at = sentence.find(name)
    before = [word.lower() for word in split_words(sentence[:at])[-ROLE_REACH:]]
    # "X, the foreign minister of Japan": the state follows the office's words.
    after = split_words(sentence[at + len(name) :])[: ROLE_REACH + 2]
    return before, [word.lower() for word in after]


# A number that labels something ("Figure 1", "(2)" in a list, "G7") counts nothing.
_LABEL_NUMBER = re.compile(
    r"\b(?:figures?|fig|tables?|charts?|no|nos|points?|parts?|sections?|chapters?|articles?)"
    r"\.?\s+\d+\b|\(\d{1,2}\)|"
    # A number inside a name ("the G7", "G20 summit") names a group, not an amount of it.
    r"\b[A-Z]+\d+\b",
    re.I,
)


def quantities(text: str) -> list[str]:
    """Numbers and number words in ``text``, lower-cased; years and days are dates, not amounts."""
    text = _DAY_OF_MONTH.sub(" ", _LABEL_NUMBER.sub(" ", text))
    found = [number.rstrip(".,") for number in NUMBER.findall(text)]
    found = [number for number in found if not YEAR.fullmatch(number)]
    found.extend(word for word in split_words(text.lower()) if word in NUMBER_WORDS)
    return found


_MONTH_NAMES = "|".join(MONTHS)
_DAY_OF_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_NAMES})\b|"
    rf"\b(?:{_MONTH_NAMES})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\d)",
    re.I,
)
# Month and weekday names: capitalised, but naming nothing a conversation introduced.
CALENDAR_WORDS = MONTHS | WEEKDAYS


def days(text: str) -> list[str]:
    """Days of the month (their numbers) and days of the week in ``text``, lower-cased."""
    found = [match.group(1) or match.group(2) for match in _DAY_OF_MONTH.finditer(text)]
    found.extend(word for word in split_words(text.lower()) if word in WEEKDAYS)
    return found


def years(text: str) -> list[str]:
    """The years named in ``text`` ("1956", "2010s" as "2010")."""
    return YEAR.findall(text)


def dates(text: str) -> list[str]:
    """Years and month names in ``text``, lower-cased."""
    found = [match.group(1) for match in YEAR.finditer(text)]
    found.extend(word for word in split_words(text.lower()) if word in MONTHS)
    return found


_PERSON_NAME = re.compile(r"\b[A-Z][a-z’'-]+(?: [A-Z][a-z’'-]+)+")
# A run ending in a state's name ("Japan’s Russia policy") names no one either.
_NOT_PERSON_ENDS = NOT_PERSON_HEADS | COUNTRY_WORDS | DEMONYMS


def person_names(text: str) -> list[str]:
    """Runs of two or more capitalised words ("Boris Yeltsin"), the shape of a person's name.

    Single capitalised words are mostly places and countries ("Japan and China"), which do
    not answer "who".
    """
    found = []
    for match in _PERSON_NAME.finditer(text):
        parts = match.group().split()
        # A sentence's capitalised first word is dropped below when it is a common word
        # ("The", "In"); otherwise it starts the name ("Fumio Kishida, the minister, …").
        parts = [part for part in parts if part.lower() not in STOPWORDS]
        head = re.sub(r"['’]s?$", "", parts[-1]).lower() if parts else ""
        if len(parts) >= 2 and head not in _NOT_PERSON_ENDS:
            found.append(" ".join(parts))
    return found


def same_state(word: str) -> frozenset[str]:
    """The words naming the state ``word`` names: its seat, its name, its people.

    "Tokyo", "Japan" and "Japanese" name one state; a word naming none gives nothing.
    """
    lower = word.lower()
    return frozenset().union(*(group for group in STATE_GROUPS if lower in group))


_ROLE_WORD = re.compile(rf"(?:{PERSON_ROLES})", re.I)


def is_person_role(word: str) -> bool:
    """Is ``word`` a person's standing ("minister", "vice-president", "spokesman")?"""
    return bool(_ROLE_WORD.fullmatch(word.split("-")[-1]))


def split_words(text: str) -> list[str]:
    """Words, with hyphenated compounds also split into their parts."""
    words = []
    for raw in WORD.findall(text):
        word = re.sub(r"['’]s$", "", raw).strip("'’-")
        if word:
            words.append(word)
            if "-" in word:
                words.extend(part for part in word.split("-") if part)
    return words


def _initials(words: Sequence[str]) -> str:
    """First letters, numerals kept whole, "of" left out: "World War II" gives "WWII"."""
    return "".join(
        word if word.isupper() or word.isdigit() else word[0]
        for word in words
        if word.lower() != "of"
    ).upper()


def not_abbreviated(missing: list[str], anchors: Sequence[str], context: str) -> list[str]:
    """``missing`` without the names ``context`` gives as an abbreviation, or spells out.

    "World War II" in a question is mentioned by a text's "WWII", and a question's "UN"
    by "United Nations".
    """
    found: set[str] = set()
    abbreviations = set(ABBREVIATION.findall(context.replace(".", "")))  # "U.S." is "US"
    for start in range(len(anchors)):
        for end in range(start + 2, len(anchors) + 1):
            if _initials(anchors[start:end]) in abbreviations:
                found.update(anchors[start:end])
    spelled = {
        _initials(words[start:end])  # any part of the run: "The United Nations" has "UN"
        for words in (run.split() for run in CAPITALISED_RUN.findall(context))
        for start in range(len(words))
        for end in range(start + 2, len(words) + 1)
    }
    found.update(anchor for anchor in missing if anchor.isupper() and anchor in spelled)
    return [anchor for anchor in missing if anchor not in found]


def is_mentioned(anchor: str, words: set[str]) -> bool:
    """Exact, or one edit away for longer words: "Irkutsk" matches a text's "Irkutsuk"."""
    if anchor in words:
        return True
    if len(anchor) < 5:
        return False
    return any(abs(len(word) - len(anchor)) <= 1 and _one_edit(anchor, word) for word in words)


def _one_edit(first: str, second: str) -> bool:
    """True when the strings differ by at most one insertion, deletion or substitution."""
    if len(first) > len(second):
        first, second = second, first
    index = 0
    while index < len(first) and first[index] == second[index]:
        index += 1
    if len(first) == len(second):
        return first[index + 1 :] == second[index + 1 :]
    return first[index:] == second[index + 1 :]
