"""A typed answer must be about what is asked: the masked predicates are compared."""

from __future__ import annotations

from collections.abc import Sequence

from llama_index.core.schema import NodeWithScore, TextNode

from jrqa.answer.predicate import PredicateCheck
from jrqa.answer.question import analyse_question
from jrqa.retrieve.sentences import QuotedSentence

_VERBS = ("signed", "sign", "appointed", "resigned")


def _embed(texts: Sequence[str]) -> list[list[float]]:
    """A vector per text that only tells which of a few verbs it uses (stems collapsed)."""
    vectors = []
    for text in texts:
        words = text.lower().replace("?", " ").split()
        vector = [1.0 if any(word.startswith(verb) for word in words) else 0.0 for verb in _VERBS]
        vector.append(0.1)  # no text is the zero vector
        norm = sum(value * value for value in vector) ** 0.5
        vectors.append([value / norm for value in vector])
    return vectors


def _candidate(text: str) -> QuotedSentence:
    node = TextNode(text=text, metadata={"source": "a.txt", "start": 0})
    hit = NodeWithScore(node=node, score=1.0)
    return QuotedSentence(text=text, start=0, end=len(text), hit=hit, score=0.7, relevance=0.7)


def _fits(asked: str, sentence: str, searched: str = "") -> bool:
    check = PredicateCheck(_embed, min_similarity=0.5)
    needs = analyse_question(asked)
    judged = check.apply(asked, needs, [_candidate(sentence)], 0.5, 0.1, searched)
    return judged[0].fits


def test_a_date_of_something_else_does_not_answer() -> None:
    assert _fits("When did Petrov sign the ferry deal?", "Petrov signed the deal in May 2001.")
    assert not _fits("When did Petrov resign?", "Petrov was appointed in May 2001.")


def test_a_follow_up_asking_nothing_of_its_own_asks_it_of_what_it_refers_to() -> None:
    signed = "The ferry deal was signed in May 2001."
    searched = "When was it? (When was the ferry deal signed?)"
    assert _fits("When was it?", signed, searched)
    assert not _fits("When was it?", signed)  # alone it asks about nothing
    # A follow-up with a predicate of its own keeps it.
    assert not _fits("When did he resign?", signed, "When did he resign? (Who signed it?)")
    # The words asking for the kind of value ("how long", "what year") are no predicate.
    lasted = "The signing of the ferry deal took ten days."
    assert _fits("For how long?", lasted, "For how long? (When was the ferry deal signed?)")
    assert _fits("In what year?", signed, "In what year? (When was the ferry deal signed?)")


def test_an_office_asked_alone_is_the_predicate_a_holders_sentence_need_not_share() -> None:
    sentence = "The deal was signed by then-Prime Minister Ivan Petrov in May 2001."
    assert _fits("Who was the prime minister in May 2001?", sentence)
    # Asked with an act of its own, the office holder's sentence must be about that act.
    assert not _fits("Who was the prime minister who resigned in May 2001?", sentence)


def test_asking_only_when_a_thing_was_has_no_predicate_to_share() -> None:
    appointed = "Petrov was appointed before the May 2001 Ferry Summit."
    # The thing alone is asked of: a sentence dating it need not share a verb.
    assert _fits("When was the ferry summit?", appointed)
    assert _fits("What year is the summit?", appointed)
    # A participle makes it an act, whose predicate the sentence must share.
    assert not _fits("When was the ferry deal signed?", appointed)
    assert not _fits("When was the summit held?", "Petrov resigned in May 2001.")
