"""What a question asks for: the names and numbers it is about, and the kind of answer.

A passage can share most of a question's words and still not answer it: "When was the
Treaty of Portsmouth signed?" is close in meaning to any sentence about a treaty signing.
Two checks catch that without a language model:

- **anchors**: the names and numbers the question is about must be mentioned in the
  retrieved passages (or their articles' title, outlet or byline);
- **answer type**: a question asking "how many" needs a number that the question itself
  does not already contain; "when" needs a date; "who" needs a name.

These are the classic answer-type constraints of extractive question answering; they
look only at the question's grammar, never at particular questions.

The reading is split by what it reads: ``reading`` reads the question once into the
``QuestionNeeds`` of ``needs``, which hold each candidate sentence to what it asks;
``values`` reads what a text holds (dates, amounts, names) and ``vocabulary`` holds the
word lists both sides share.
"""

from jrqa.answer.question.needs import QuestionNeeds
from jrqa.answer.question.reading import analyse_question, is_compound
from jrqa.answer.question.values import (
    CALENDAR_WORDS,
    is_person_role,
    person_names,
    quantities,
    same_state,
    split_words,
    years,
)
from jrqa.answer.question.vocabulary import AnswerType, Unit

__all__ = [
    "CALENDAR_WORDS",
    "AnswerType",
    "QuestionNeeds",
    "Unit",
    "analyse_question",
    "is_compound",
    "is_person_role",
    "person_names",
    "quantities",
    "same_state",
    "split_words",
    "years",
]
