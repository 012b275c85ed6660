import re
from pathlib import Path

import pytest

from jrqa.answer.composing import ABSTAIN_TEXT
from jrqa.errors import InvalidQuestionError
from jrqa.ingest.cleaning import clean_article
from jrqa.text.markers import answer_sentences, cited_numbers
from jrqa.verify.support import check_support, citation_evidence

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _article_text(source: str) -> str:
    return clean_article((SEEDS / source).read_text(encoding="utf-8"), source).text


def test_meetings_question_answers_20_citing_yomiuri(answerer) -> None:
    answer = answerer.ask("How many bilateral meetings had Abe held with Putin?")
    assert not answer.abstained
    assert re.search(r"\b20\b", answer.text)
    assert answer.citations[0].source.startswith("003_")
    assert answer.passages[0].source.startswith("003_")


def test_every_sentence_is_cited_and_quotes_are_article_slices(answerer) -> None:
    for question in (
        "Who signed the Tokyo Declaration?",
        "Which summit did Kishida say he would attend?",
        "What did Shoigu say about the US missile defense system?",
    ):
        answer = answerer.ask(question)
        assert not answer.abstained, question
        numbers = {c.n for c in answer.citations}
        assert [c.n for c in answer.citations] == list(range(1, len(numbers) + 1))
        for sentence in answer_sentences(answer.text):
            cited = cited_numbers(sentence)
            assert cited and set(cited) <= numbers, sentence
            passages = [citation_evidence(c) for c in answer.citations if c.n in cited]
            assert check_support(sentence, passages).supported, sentence
        for citation in answer.citations:
            assert _article_text(citation.source)[citation.start : citation.end] == citation.quote
            assert citation.quote in citation.text


def test_unanswerable_question_abstains_without_citations(answerer) -> None:
    answer = answerer.ask("What is the population of Vladivostok?")
    assert answer.abstained
    assert answer.text.startswith(ABSTAIN_TEXT)
    assert answer.citations == []
    assert not re.search(r"\d", answer.text.replace(answer.passages[0].source, ""))


def test_follow_up_is_searched_with_the_history(answerer) -> None:
    history = [
        {"role": "user", "content": "What did Russian Defense Minister Shoigu say in Tokyo?"},
        {"role": "assistant", "content": "..."},
    ]
    answer = answerer.ask("What was he concerned about?", history=history)
    assert "Shoigu" in answer.searched_query
    assert not answer.abstained
    assert answer.citations[0].source.startswith("002_")


@pytest.mark.parametrize("question", ["", "   \n\t ", "x" * 2001, "\x00\x01"])
def test_bad_questions_get_a_clear_error(answerer, question: str) -> None:
    with pytest.raises(InvalidQuestionError, match="question"):
        answerer.ask(question)


def test_public_ask_matches_answerer(seed_settings) -> None:
    import jrqa

    answer = jrqa.ask("Who signed the Tokyo Declaration?", settings=seed_settings)
    assert "Yeltsin" in answer.text and "Hosokawa" in answer.text
    assert answer.citations[0].source.startswith("001_")


@pytest.mark.parametrize(
    "question",
    [
        # A name the articles never mention, on a topic they do cover.
        "What did Angela Merkel say about the Kuril Islands dispute?",
        # A year the passages never tie to the topic.
        "How large was Russia-Japan trade in 2019?",
        # "How many" needs an amount; the close passages give only years.
        "How many Russian soldiers are based on Etorofu and Kunashiri?",
    ],
)
def test_close_but_unanswered_questions_abstain(answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert answer.abstained, answer.text
    assert answer.citations == []


def _history(question: str, answer_text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer_text}]


def test_a_follow_up_answered_by_the_same_sentence_still_gets_it(answerer) -> None:
    first = answerer.ask("Where does Abe plan to visit in May?")
    assert "St. Petersburg" in first.text
    follow_up = answerer.ask(
        "And where is he going in September?", history=_history(first.question, first.text)
    )
    assert not follow_up.abstained
    assert "Vladivostok" in follow_up.text


def test_a_pronoun_next_to_the_question_s_own_name_is_not_a_follow_up(answerer) -> None:
    first = answerer.ask("How many bilateral meetings had Abe held with Putin?")
    second = answerer.ask(
        "Which summit did Kishida say he would attend?",
        history=_history(first.question, first.text),
    )
    assert second.searched_query == "Which summit did Kishida say he would attend?"
    assert "NATO" in second.text


def test_who_wrote_a_piece_an_earlier_answer_quoted_is_its_byline(answerer) -> None:
    first = answerer.ask("How many bilateral meetings had Abe held with Putin?")
    assert first.citations[0].source.startswith("003_")
    follow_up = answerer.ask(
        "Who is the author of the report saying that?", history=_history(first.question, first.text)
    )
    assert not follow_up.abstained
    assert "Yoshio Hanada" in follow_up.text
    assert {citation.source[:4] for citation in follow_up.citations} == {"003_"}


def test_who_wrote_that_piece_is_the_byline_of_the_article_quoted_last(answerer) -> None:
    first = answerer.ask("How many bilateral meetings had Abe held with Putin?")
    assert first.citations[0].source.startswith("003_")
    follow_up = answerer.ask("Who wrote that piece?", history=_history(first.question, first.text))
    assert not follow_up.abstained
    assert "Yoshio Hanada" in follow_up.text
    assert {citation.source[:4] for citation in follow_up.citations} == {"003_"}
    # "That earlier article" points past the one quoted: its byline is no answer.
    earlier = answerer.ask(
        "Who wrote that earlier article?", history=_history(first.question, first.text)
    )
    assert "Yoshio Hanada" not in earlier.text


def test_each_part_of_a_two_part_question_gets_the_sentence_answering_it(answerer) -> None:
    # Searched whole, the sentences closest to the question answer its second part only.
    answer = answerer.ask(
        "In which year did Japan's victory over Russia come, and how often had Abe and Putin "
        "met by the end of 2014?"
    )
    assert not answer.abstained
    assert "seven times" in answer.text
    assert "1905" in answer.text
    assert all(cited_numbers(sentence) for sentence in answer_sentences(answer.text))
