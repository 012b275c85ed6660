"""What a question asks for: the names and numbers it is about, and the kind of answer.

A passage can share most of a question's words and still not answer it: "When was the
Treaty of Shimoda signed?" is close in meaning to any sentence about a treaty signing.
Two checks catch that without a language model:

- **anchors**: the names and numbers the question is about must be mentioned in the
  retrieved passages (or their articles' title, outlet or byline);
- **answer type**: a question asking "how many" needs a number that the question itself
  does not already contain; "when" needs a date; "who" needs a name.

These are the classic answer-type constraints of extractive question answering; they
look only at the question's grammar, never at particular questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from jrqa.text.terms import STOPWORDS

AnswerType = Literal["quantity", "date", "person", "any"]

_MEASURE_NOUNS = (
    "number|population|rate|range|area|size|budget|cost|price|amount|percentage|share|"
    "distance|length|height|value|total|gdp|volume|speed|count"
)
_QUANTITY = re.compile(
    r"\bhow (many|much|large|big|long|far|high|tall|wide|heavy|deep)\b|"
    rf"\bwhat (is|was|are|were) the (\w+ )?({_MEASURE_NOUNS})\b|"
    r"\bwhat (percentage|proportion|fraction|share|number)\b|\bnumber\b",
    re.I,
)
_DATE = re.compile(
    r"^\s*when\b|\b(in|on|by) what (year|date|month|day)\b|\bwhat (year|date|month|day)\b|"
    r"\bwhich (year|month|day)\b",
    re.I,
)
_PERSON = re.compile(r"^\s*who\b", re.I)

_WORD = re.compile(r"[\w’'-]+")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion trillion dozen half twice".split()
)
_MONTHS = frozenset(
    "january february march april may june july august september october november december"
    .split()
)  # fmt: skip
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)s?\b")
_SENTENCE_BREAK = re.compile(r"[.!?:;]\s+")
# Words capitalised in questions for emphasis or by convention, not because they name
# something the articles must mention.
_NOT_NAMES = frozenset("i ok please system user assistant answer question".split())


@dataclass(frozen=True)
class QuestionNeeds:
    """What any answer to the question has to contain."""

    anchors: tuple[str, ...]
    answer_type: AnswerType
    question_words: frozenset[str]
    compound: bool = False  # asks two things; no single sentence has to hold both

    def has_answer_type(self, sentence: str) -> bool:
        """Does the sentence hold something new of the kind the question asks for?"""
        return self.answer_type == "any" or bool(self.answer_values(sentence))

    def answer_values(self, sentence: str) -> list[str]:
        """The amounts, dates or names of the asked kind that the question does not give."""
        if self.answer_type == "quantity":
            return [token for token in quantities(sentence) if token not in self.question_words]
        if self.answer_type == "date":
            return [token for token in dates(sentence) if token not in self.question_words]
        if self.answer_type == "person":
            # "Russian" is given by a question about "Russia": one edit away counts as given.
            return [
                name
                for name in person_names(sentence)
                if not all(
                    _mentioned(part.lower(), set(self.question_words)) for part in name.split()
                )
            ]
        return []

    def in_years_asked(self, window: str) -> bool:
        """True unless the question names years and ``window`` mentions none of them.

        A question about a figure "in 1990" is not answered by a sentence giving that
        figure for another year; the year may sit in a neighbouring sentence ("the 1993 Tokyo
        Declaration ... This suggested ..."), so a window of sentences is checked.
        """
        if self.compound:
            return True
        years = [anchor for anchor in self.anchors if _YEAR.fullmatch(anchor)]
        return not years or any(year in dates(window) for year in years)

    def missing_anchors(self, context: str) -> list[str]:
        """The question's names and numbers that ``context`` never mentions."""
        words = {word.lower() for word in _split_words(context)}
        return [anchor for anchor in self.anchors if not _mentioned(anchor.lower(), words)]


def analyse_question(question: str) -> QuestionNeeds:
    """The anchors and expected answer type of a question."""
    words = _split_words(question)
    compound = is_compound(question)
    return QuestionNeeds(
        anchors=tuple(dict.fromkeys(_anchors(question))),
        answer_type="any" if compound else _answer_type(question),
        question_words=frozenset(word.lower() for word in words),
        compound=compound,
    )


_TWO_QUESTIONS = re.compile(
    r"\b(and|also) (when|where|who|what|which|how|why)\b|,\s*and\b|\bfrom\b.+\bto\b", re.I
)


def is_compound(question: str) -> bool:
    """Questions asking two things at once ("When was X, and who said Y?")."""
    return bool(_TWO_QUESTIONS.search(question))


def _answer_type(question: str) -> AnswerType:
    if _QUANTITY.search(question):
        return "quantity"
    if _DATE.search(question):
        return "date"
    if _PERSON.search(question):
        return "person"
    return "any"


def _anchors(question: str) -> Iterable[str]:
    """Numbers, and capitalised words that do not start a sentence."""
    for clause in _SENTENCE_BREAK.split(question):
        for index, raw in enumerate(_WORD.findall(clause)):
            word = re.sub(r"['’]s$", "", raw).strip("'’-")
            if _NUMBER.fullmatch(word):
                yield word
                continue
            if index == 0 or not word[:1].isupper():
                continue
            for part in word.split("-"):  # "Russo-Japanese" names Russia and Japan
                if part[:1].isupper() and part.lower() not in STOPWORDS | _NOT_NAMES:
                    yield part


# A number that labels something ("Figure 1", "(2)" in a list) counts nothing.
_LABEL_NUMBER = re.compile(
    r"\b(?:figures?|fig|tables?|charts?|no|nos|points?|parts?|sections?|chapters?|articles?)"
    r"\.?\s+\d+\b|\(\d{1,2}\)",
    re.I,
)


def quantities(text: str) -> list[str]:
    """Numbers and number words in ``text``, lower-cased; years are dates, not amounts."""
    text = _LABEL_NUMBER.sub(" ", text)
    found = [number.rstrip(".,") for number in _NUMBER.findall(text)]
    found = [number for number in found if not _YEAR.fullmatch(number)]
    found.extend(word for word in _split_words(text.lower()) if word in _NUMBER_WORDS)
    return found


def dates(text: str) -> list[str]:
    """Years and month names in ``text``, lower-cased."""
    found = [match.group(1) for match in _YEAR.finditer(text)]
    found.extend(word for word in _split_words(text.lower()) if word in _MONTHS)
    return found


_PERSON_NAME = re.compile(r"\b[A-Z][a-z’'-]+(?: [A-Z][a-z’'-]+)+")


def person_names(text: str) -> list[str]:
    """Runs of two or more capitalised words ("Boris Yeltsin"), the shape of a person's name.

    Single capitalised words are mostly places and countries ("Japan and China"), which do
    not answer "who".
    """
    found = []
    for match in _PERSON_NAME.finditer(text):
        parts = match.group().split()
        if match.start() == 0:  # capitalised because it starts the sentence
            parts = parts[1:]
        parts = [part for part in parts if part.lower() not in STOPWORDS]
        if len(parts) >= 2:
            found.append(" ".join(parts))
    return found


def _split_words(text: str) -> list[str]:
    """Words, with hyphenated compounds also split into their parts."""
    words = []
    for raw in _WORD.findall(text):
        word = re.sub(r"['’]s$", "", raw).strip("'’-")
        if word:
            words.append(word)
            if "-" in word:
                words.extend(part for part in word.split("-") if part)
    return words


def _mentioned(anchor: str, words: set[str]) -> bool:
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
