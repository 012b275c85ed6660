"""Who held an office at the time of an event is read from the article reporting it."""

from __future__ import annotations

from jrqa.answer.office import office_holder_quotes
from jrqa.answer.question import analyse_question
from jrqa.retrieve.sentences import QuotedSentence
from tests.quoted import quoted_sentence

QUESTION = "Who was Japan's fisheries minister when the Nemuro ferry deal was signed?"
EVENT = "The Nemuro ferry deal was signed on Sunday after long talks."
MIN_RELEVANCE = 0.4
MARGIN = 0.2


def _quotes(*sentences: QuotedSentence) -> list[str]:
    needs = analyse_question(QUESTION)
    return [quote.text for quote in office_holder_quotes(needs, sentences, MIN_RELEVANCE, MARGIN)]


def test_the_holder_is_read_from_the_article_reporting_the_event() -> None:
    holder = "It was welcomed by Fisheries Minister Aiko Sato, who praised the crews."
    assert _quotes(
        quoted_sentence(EVENT, "herald", 0.7), quoted_sentence(holder, "herald", 0.3)
    ) == [
        EVENT,
        holder,
    ]


def test_another_article_a_former_holder_or_another_states_office_is_no_answer() -> None:
    event = quoted_sentence(EVENT, "herald", 0.7)
    elsewhere = "It was welcomed by Fisheries Minister Aiko Sato, who praised the crews."
    assert _quotes(event, quoted_sentence(elsewhere, "gazette", 0.3)) == []
    former = "The former Fisheries Minister of Japan, Aiko Sato, praised the crews."
    assert _quotes(event, quoted_sentence(former, "herald", 0.3)) == []
    russian = "It was welcomed by Russian Fisheries Minister Ivan Petrov."
    assert _quotes(event, quoted_sentence(russian, "herald", 0.3)) == []


def test_a_holder_of_another_year_is_no_answer() -> None:
    event = quoted_sentence("The Nemuro ferry deal was signed in 2019.", "herald", 0.7)
    earlier = "In 2004, Fisheries Minister Aiko Sato first proposed a ferry."
    assert _quotes(event, quoted_sentence(earlier, "herald", 0.3)) == []
    undated = "Fisheries Minister Aiko Sato hailed the ferry."
    assert _quotes(event, quoted_sentence(undated, "herald", 0.3)) == []
    assert _quotes(
        event, quoted_sentence(undated, "herald", 0.3, window=f"{undated} It runs from 2019.")
    ) == ["The Nemuro ferry deal was signed in 2019.", undated]


def test_no_answer_without_a_close_sentence_reporting_the_event() -> None:
    holder = "It was welcomed by Fisheries Minister Aiko Sato, who praised the crews."
    other_event = "The Sapporo port reopened on Sunday after long repairs."
    assert (
        _quotes(quoted_sentence(other_event, "herald", 0.7), quoted_sentence(holder, "herald", 0.3))
        == []
    )
    assert (
        _quotes(quoted_sentence(EVENT, "herald", 0.3), quoted_sentence(holder, "herald", 0.3)) == []
    )
