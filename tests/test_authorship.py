"""Who wrote an article is answered from its byline, for the article the question describes."""

from __future__ import annotations

import pytest

from jrqa.answer.authorship import asked_document, byline_answer
from tests.quoted import quoted_sentence


@pytest.mark.parametrize(
    ("question", "document"),
    [
        (
            "Who wrote the Nemuro Herald report on the ferry?",
            "the Nemuro Herald report on the ferry",
        ),
        ("Who is the author of the article about the port?", "the article about the port"),
        ("Which journalist wrote that piece?", "that piece"),
        ("who authored the opinion column on the catch", "the opinion column on the catch"),
    ],
)
def test_a_question_for_a_writer_names_the_document(question: str, document: str) -> None:
    assert asked_document(question) == document


@pytest.mark.parametrize(
    "question",
    [
        "Who wrote the 1956 declaration?",  # a treaty's drafters, not a byline
        "Who signed the ferry deal?",
        "What did the Nemuro Herald report about the ferry?",
        "Who wrote to the mayor about the port?",
    ],
)
def test_other_questions_do_not(question: str) -> None:
    assert asked_document(question) is None


HERALD = {"outlet": "Nemuro Herald", "authors": "Aiko Sato", "kind": "news"}
GAZETTE = {"outlet": "Island Gazette", "authors": "Ivan Petrov", "kind": "news"}


def test_the_byline_of_the_article_described_is_quoted_with_itsquoted_sentence() -> None:
    gazette = quoted_sentence("The ferry to Shikotan runs again from May.", "b.txt", 0.8, **GAZETTE)
    herald = quoted_sentence("The Nemuro ferry will run again in May.", "a.txt", 0.6, **HERALD)
    # The Gazette ranks first and its sentence is closer; only the Herald article is described.
    scored = [gazette, herald]
    answer = byline_answer(
        "Who wrote the Herald report on the ferry?",
        "Who wrote the Herald report on the ferry?",
        "the Herald report on the ferry",
        scored,
        [gazette.hit, herald.hit],  # the Gazette ranks first
        min_relevance=0.5,
    )
    assert answer is not None
    assert answer.text.startswith("Nemuro Herald, news, by Aiko Sato: The Nemuro ferry")
    assert answer.citations[0].source == "a.txt"


@pytest.mark.parametrize(
    ("document", "metadata", "relevance"),
    [
        ("the Tribune report on the ferry", HERALD, 0.8),  # no article of that name
        ("the Herald report on the ferry", {**HERALD, "authors": ""}, 0.8),  # no byline
        ("the Herald report on the ferry", HERALD, 0.3),  # nothing close to the question
        ("the Herald post on the ferry", HERALD, 0.8),  # a post is signed by a poster
    ],
)
def test_no_byline_answer_without_the_described_article_and_its_writer(
    document: str, metadata: dict[str, str], relevance: float
) -> None:
    herald = quoted_sentence(
        "The Nemuro ferry will run again in May.", "a.txt", relevance, **metadata
    )
    question = f"Who wrote {document}?"
    answer = byline_answer(question, question, document, [herald], [herald.hit], 0.5)
    assert answer is None
