"""Who a named person is: the title next to their name, not another person or their deeds."""

from __future__ import annotations

import pytest

from jrqa.answer.identity import asked_identity, identity_quotes, written_by
from jrqa.answer.question import analyse_question
from tests.quoted import quoted_sentence


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Who is Aiko Sato?", "Aiko Sato"),
        ("who was Petrov?", "Petrov"),
        ("What post did Aiko Sato hold?", "Aiko Sato"),
        ("What was Petrov's job?", "Petrov"),
        ("What does Aiko Sato do?", "Aiko Sato"),
        # An office, a relation or a deed asked of is another question.
        ("Who is the fisheries minister?", None),
        ("Who was Japan's fisheries minister?", None),
        ("Who is Petrov's deputy?", None),
        ("Who is Sato meeting in Nemuro?", None),
    ],
)
def test_a_question_asking_who_someone_is_names_them(question: str, name: str | None) -> None:
    assert asked_identity(question) == name


def _quotes(name: str, *sentences: tuple[str, float]) -> list[str]:
    scored = [quoted_sentence(text, "herald", relevance) for text, relevance in sentences]
    needs = analyse_question(f"Who is {name}?")
    return [quote.text for quote in identity_quotes(name, scored, needs)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian Fisheries Minister Ivan Petrov arrived on Sunday.",
        "Ivan Petrov, the Russian fisheries minister, arrived on Sunday.",
        "The former fisheries minister of Russia, Ivan Petrov, arrived on Sunday.",
        "Ivan Petrov is a researcher of fisheries law in Sapporo.",
        "Ivan Petrov / Hokkaido Herald Correspondent",  # a byline's post
    ],
)
def test_a_title_next_to_the_name_answers(sentence: str) -> None:
    assert _quotes("Ivan Petrov", (sentence, 0.3)) == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        # Named, or doing something, with no title of their own.
        "Ivan Petrov arrived in Nemuro on Sunday.",
        "In a meeting with the governor, Ivan Petrov said the ferry would run.",
        # The title is another person's, across a comma.
        "Fisheries Minister Aiko Sato, Ivan Petrov said, will visit Nemuro.",
        # Another person of the same surname.
        "Fisheries Minister Olga Petrov arrived on Sunday.",
    ],
)
def test_a_mention_without_a_title_of_the_person_does_not(sentence: str) -> None:
    assert _quotes("Ivan Petrov", (sentence, 0.3)) == []


def test_each_office_is_quoted_once_most_relevant_first() -> None:
    minister = "Fisheries Minister Aiko Sato opened the port."
    again = "Japanese Fisheries Minister Aiko Sato closed the port."
    governor = "Aiko Sato, the governor of Hokkaido, welcomed the ferry."
    assert _quotes("Aiko Sato", (again, 0.2), (minister, 0.5), (governor, 0.3)) == [
        minister,
        governor,
    ]


def test_a_writer_without_a_title_is_known_by_their_byline() -> None:
    byline = quoted_sentence("Aiko Sato and Ivan Petrov", "herald", 0.9, authors="Aiko Sato")
    statement = quoted_sentence("The ferry runs daily.", "herald", 0.4, authors="Aiko Sato")
    other = quoted_sentence("The port is busy.", "gazette", 0.6, authors="Olga Ito")
    # A whole statement of their article, not the byline line, nor another writer's.
    assert written_by("Aiko Sato", [byline, other, statement]) == [statement]
    assert written_by("Ivan Petrov", [byline, other, statement]) == []
