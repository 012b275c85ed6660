"""The whole-article view's text: an article put back together from its stored chunks."""

from __future__ import annotations

from typing import Any

from jrqa.index.corpus import stored_article
from jrqa.ingest.cleaning import clean_article
from jrqa.ingest.reading import decode_article, read_article_bytes
from tests.conftest import SEEDS

QUESTIONS = [
    "Who signed the Tokyo Declaration?",
    "How many bilateral meetings had Abe held with Putin?",
    "Which Russian warships left Vladivostok for the air defense exercise?",
]


def test_every_citation_quotes_the_stored_article_at_its_offsets(answerer: Any) -> None:
    for question in QUESTIONS:
        answer = answerer.ask(question)
        assert answer.citations, question
        for citation in answer.citations:
            article = stored_article(answerer.engine, citation.source)
            assert article is not None
            assert article.text[citation.start : citation.end] == citation.quote


def test_the_stored_article_is_the_cleaned_article(answerer: Any) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        article = stored_article(answerer.engine, path.name)
        assert article is not None and article.title
        cleaned = clean_article(decode_article(read_article_bytes(path)), path.name).text
        assert len(article.text) <= len(cleaned)
        # Only white space that no chunk holds may differ, and offsets never shift.
        assert article.text.split() == cleaned[: len(article.text)].split(), path.name
        for position, char in enumerate(article.text):
            if not char.isspace():
                assert cleaned[position] == char, (path.name, position)


def test_an_article_the_index_does_not_hold_is_none(answerer: Any) -> None:
    assert stored_article(answerer.engine, "no-such-article.txt") is None
