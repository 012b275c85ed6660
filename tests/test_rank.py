"""A question asking of a rank ("the first", "longest") is answered only where one is said."""

import pytest

from jrqa.answer.question import analyse_question
from jrqa.answer.rank import asked_rank, ranks_named


@pytest.mark.parametrize(
    ("question", "window"),
    [
        # Another of the meetings, named by its place and month, is not said to be first.
        (
            "Where did the very first of the ferry meetings take place?",
            "The ministers plan to meet in Sapporo in May to discuss the ferry.",
        ),
        ("Which of the ferry talks lasted longest?", "The ferry talks in Otaru lasted an hour."),
        ("When was the latest ferry survey published?", "A ferry survey was published in 2011."),
    ],
)
def test_a_sentence_that_never_says_the_rank_asked_does_not_fit(question: str, window: str) -> None:
    assert not analyse_question(question).in_rank_asked(window)


@pytest.mark.parametrize(
    ("question", "window"),
    [
        # The rank, or a word saying the same rank.
        (
            "Where did the very first of the ferry meetings take place?",
            "Their first-ever ferry meeting was held in Sapporo in May.",
        ),
        (
            "Where was the first ferry meeting held?",
            "The inaugural ferry meeting was held in Sapporo.",
        ),
        (
            "Which port is the biggest on the ferry route?",
            "Otaru is the largest port on the route.",
        ),
        (
            "When was the latest ferry survey published?",
            "The most recent ferry survey was published in 2011.",
        ),
        # Bare "first" and "last" are an adverb and a verb, not ranks.
        ("When did the ferry ministers first meet?", "The ferry ministers met in 2011."),
        ("How long did the ferry strike last?", "The ferry strike went on for ten days."),
        # A capitalised rank word is part of a name.
        ("When did the Second World War end for the ferry crews?", "The crews came home in 1945."),
        # A question asking for no date, amount or name: its first meeting is named by date
        # or place as often.
        (
            "What did the ministers agree at their first ferry meeting?",
            "At the November ferry meeting, the ministers agreed on a timetable.",
        ),
    ],
)
def test_a_rank_said_or_no_rank_asked_fits(question: str, window: str) -> None:
    assert analyse_question(question).in_rank_asked(window)


def test_a_compound_question_is_not_held_to_one_sentence_s_rank() -> None:
    needs = analyse_question(
        "Where was the first ferry meeting held, and what did the ministers agree there?"
    )
    assert needs.in_rank_asked("The ministers agreed on a timetable.")


def test_a_rank_said_in_two_words_is_told_by_the_second() -> None:
    ranks = asked_rank("Which of the ports is the most important for the ferry?")
    assert ranks == (frozenset({"important"}),)
    assert not ranks_named(ranks, {"the", "ports", "ferry"})
    assert ranks_named(ranks, {"important", "port"})
    # "Most" without "the" counts how many, not a rank.
    assert asked_rank("Did most ports join?") == ()
