"""Whose words an answer quotes: articles before readers' replies; every source when they differ."""

from __future__ import annotations

from pathlib import Path

import pytest

from jrqa.answer.sources import SOURCES_DIFFER_NOTE, asks_about_readers
from jrqa.api import get_answerer, ingest
from jrqa.models import Answer
from jrqa.settings import Settings
from jrqa.text.markers import answer_sentences, cited_numbers
from jrqa.verify.support import check_support, citation_evidence
from tests.differing_reports import write_differing_reports

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _supported(answer: Answer) -> bool:
    by_number = {citation.n: citation for citation in answer.citations}
    return all(
        check_support(
            sentence, [citation_evidence(by_number[n]) for n in cited_numbers(sentence)]
        ).supported
        for sentence in answer_sentences(answer.text)
    )


@pytest.fixture(scope="module")
def differing_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("differing")
    write_differing_reports(folder)
    settings = Settings(index_dir=folder / "index", seeds_dir=folder)
    report = ingest([folder], settings=settings, show_progress=False)
    assert sorted(report.added) == ["newer.txt", "older.txt"], report
    return settings


def test_sources_giving_different_figures_are_both_shown_newest_first(
    differing_settings: Settings,
) -> None:
    answer = get_answerer(differing_settings).ask("How much cargo went through the Velsk harbour?")
    assert not answer.abstained, answer.text
    assert answer.note == SOURCES_DIFFER_NOTE
    assert [citation.source for citation in answer.citations] == ["newer.txt", "older.txt"]
    newer, older = answer_sentences(answer.text)
    assert newer.startswith("Ostland Herald") and "2024-02-03" in newer and "19 million" in newer
    assert older.startswith("Maravia Daily") and "2016-01-10" in older and "12 million" in older
    assert _supported(answer)


def test_one_source_answering_is_quoted_plainly(differing_settings: Settings) -> None:
    answer = get_answerer(differing_settings).ask("What does the port operator plan to build?")
    assert not answer.abstained, answer.text
    assert answer.note == ""
    assert answer.citations[0].source == "newer.txt"
    assert answer.text.startswith("The operator plans a third terminal")


def test_two_sources_asked_side_by_side_each_answer_from_their_own_text(
    differing_settings: Settings,
) -> None:
    answerer = get_answerer(differing_settings)
    answer = answerer.ask("What do Maravia Daily and the Ostland Herald say about terminals?")
    assert [citation.source for citation in answer.citations] == ["older.txt", "newer.txt"]
    older, newer = answer_sentences(answer.text)
    assert older.startswith("Maravia Daily") and "second terminal" in older
    assert newer.startswith("Ostland Herald") and "third terminal" in newer
    assert answer.note == "" and _supported(answer)
    # A source with nothing on the question is named, not quoted.
    answer = answerer.ask("What do Maravia Daily and the Ostland Herald say about dock workers?")
    assert [citation.source for citation in answer.citations] == ["newer.txt"]
    assert answer.note == "Nothing in what Maravia Daily published answers this."


def test_a_reply_quoted_alone_is_introduced_as_one(answerer) -> None:
    answer = answerer.ask("How far away from the islands is Moscow?")
    assert not answer.abstained, answer.text
    assert answer.citations[0].post == "reply"
    assert answer.text.startswith("A reply in the forum thread says: ")
    assert "ISN" not in answer.text
    assert _supported(answer)


def test_article_text_is_quoted_before_a_reply(answerer) -> None:
    answer = answerer.ask("What did Russia say about Japan's foreign policy after the sanctions?")
    assert not answer.abstained, answer.text
    assert answer.citations[0].post != "reply"
    assert not answer.text.startswith("A reply")


@pytest.mark.parametrize(
    ("question", "readers"),
    [
        ("What did a commenter in the forum thread say about Stalin?", True),
        ("According to one reply, what has Europe done?", True),
        ("What did Russia say about Japan's foreign policy?", False),
    ],
)
def test_questions_about_what_readers_wrote(question: str, readers: bool) -> None:
    assert asks_about_readers(question) is readers
