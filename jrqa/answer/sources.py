"""Whose words an answer quotes: article text before readers' replies, each source when they differ.

In the news, who says something matters as much as what is said. A reader's reply in a
forum thread is not reporting: when an article sentence answers too, the answer quotes
the article, and a reply quoted because nothing else answers is introduced as one. When
the articles give different values of the asked kind (another person, figure or date)
the answer gives each with its source, newest first, rather than one as if it were the
only answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from jrqa.answer.question import QuestionNeeds
from jrqa.answer.selecting import CLOSE_ENOUGH
from jrqa.index.chunk_metadata import READER_WORDS, ChunkProvenance
from jrqa.retrieve.sentences import QuotedSentence
from jrqa.text.terms import tokenize

SOURCES_DIFFER_NOTE = (
    "The articles differ on this: each gives its own answer, shown with its source, "
    "newest first where the date is known."
)
# A sentence from another article counts as a rival answer when it is close enough to
# the best one to be quoted beside it (the share ``select_sentences`` uses).
RIVAL_SHARE = CLOSE_ENOUGH
_SCALE_WORDS = frozenset("hundred thousand million billion trillion dozen".split())
_READER_TERMS = frozenset(tokenize(" ".join(READER_WORDS)))


def provenance_of(sentence: QuotedSentence) -> ChunkProvenance:
    """Where the sentence's passage comes from."""
    return ChunkProvenance.from_metadata(sentence.hit.node.metadata)


def is_reply(sentence: QuotedSentence) -> bool:
    """Is the sentence from a reader's reply in a forum thread?"""
    return provenance_of(sentence).post == "reply"


def asks_about_readers(question: str) -> bool:
    """Does the question ask what readers wrote ("a commenter", "in the forum thread")?"""
    return not _READER_TERMS.isdisjoint(tokenize(question))


def prefer_article_text(
    question: str, candidates: Sequence[QuotedSentence]
) -> list[QuotedSentence]:
    """The candidates without readers' replies, unless only replies answer or are asked for."""
    if asks_about_readers(question):
        return list(candidates)
    articles = [sentence for sentence in candidates if not is_reply(sentence)]
    return articles or list(candidates)


def differing_sources(
    needs: QuestionNeeds, candidates: Sequence[QuotedSentence], limit: int
) -> list[QuotedSentence]:
    """The best sentence of each article giving its own value of the asked kind.

    Empty unless at least two articles answer with values that share nothing (a
    different person, figure or date); the result is ordered newest first, undated
    sources after dated ones. ``candidates`` are the answer candidates, best first.
    """
    if needs.answer_type == "any" or not candidates:
        return []
    best = candidates[0]
    chosen: list[QuotedSentence] = []
    seen_sources: set[str] = set()
    seen_values: set[str] = set()
    for sentence in candidates:
        source = str(sentence.hit.node.metadata["source"])
        if sentence.score < RIVAL_SHARE * best.score or source in seen_sources:
            continue
        values = _distinctive({value.lower() for value in needs.answer_values(sentence.text)})
        if not values or not values.isdisjoint(seen_values):
            continue
        chosen.append(sentence)
        seen_sources.add(source)
        seen_values |= values
        if len(chosen) == limit:
            break
    if len(chosen) < 2:
        return []
    return newest_first(chosen)


def _distinctive(values: set[str]) -> set[str]:
    """The values that tell answers apart: "12" and "19", not the "million" both share."""
    specific = {value for value in values if value not in _SCALE_WORDS}
    return specific or values


def newest_first(sentences: Sequence[QuotedSentence]) -> list[QuotedSentence]:
    """Dated sources newest first, then undated ones in their given order (a stable sort)."""
    return sorted(sentences, key=lambda s: provenance_of(s).date or "", reverse=True)
