"""Does a scored sentence fit the question: the kind of answer asked for, about its names?"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from llama_index.core.schema import NodeWithScore

from jrqa.answer.question import QuestionNeeds
from jrqa.answer.selecting import answer_candidates
from jrqa.retrieve.sentences import PASSAGES_READ, QuotedSentence


def judge_fit(
    scored: Sequence[QuotedSentence], needs: QuestionNeeds, hits: Sequence[NodeWithScore]
) -> list[QuotedSentence]:
    """``scored``, each sentence's ``fits`` set for the question ``needs`` describes.

    A sentence fits when it is a whole statement, holds the kind of answer asked for, and
    sits near any year, or event setting the time, the question names. A name or number
    the question is about that no retrieved passage mentions means the passages are about
    something else, so then no sentence fits.
    """
    passages = {passage_context(hit) for hit in hits[:PASSAGES_READ]}
    anchored = not needs.missing_anchors(" ".join(passages))
    return [
        dataclasses.replace(
            sentence,
            fits=anchored
            and (is_whole(sentence.text) or (needs.asks_outlet and is_link_title(sentence.text)))
            and needs.has_answer_type(sentence.text)
            and needs.in_years_asked(sentence.window)
            and needs.in_numbers_asked(sentence.window)
            and needs.in_rank_asked(sentence.window)
            and needs.in_time_asked(f"{sentence.window} {byline(sentence.hit)}")
            and needs.from_responder(sentence.text)
            and needs.lists_members(sentence.text, sentence.window)
            and needs.names_more_than_set_aside(sentence.text)
            and needs.names_states_asked(f"{sentence.window} {title(sentence.hit)}")
            and needs.names_subject_asked(f"{sentence.window} {title(sentence.hit)}")
            and needs.names_any_asked(sentence.window)
            and needs.names_documents(sentence.window),
        )
        for sentence in scored
    ]


def fit_form(scored: Sequence[QuotedSentence], needs: QuestionNeeds) -> list[QuotedSentence]:
    """``scored``, ``fits`` set on the sentence's form alone, for the answer model to judge.

    A whole statement holding the kind of answer asked for, near any rank asked of ("the
    first", "longest"), fits; whether it is about what is asked (names, years, predicate)
    is left to ``jrqa.answer.model``.
    """
    return [
        dataclasses.replace(
            sentence,
            fits=is_whole(sentence.text)
            and needs.has_answer_type(sentence.text)
            and needs.in_rank_asked(sentence.window)
            and needs.names_more_than_set_aside(sentence.text),
        )
        for sentence in scored
    ]


def is_whole(text: str) -> bool:
    """Headings, link titles and fragments state nothing: never an answer on their own."""
    return text.rstrip("”\"’'").endswith((".", "!", "…", ")"))


def is_link_title(text: str) -> bool:
    """A news link as posted in a thread: "Headline - Outlet", "Headline | Outlet", "Outlet: …".

    It states no more than its headline, but it does say which outlet carried the news.
    """
    return bool(_LINK_TITLE.search(text)) and not text.rstrip().endswith(("?", ":"))


# "… as planned- Nikkei Asian Review", "… Navy | The Japan Times", "TASS: Russia - …".
_LINK_TITLE = re.compile(
    r"\S\s*(?:-|\|)\s*(?:The\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}\s*$|^[A-Z]{2,}:\s"
)


def passage_context(hit: NodeWithScore) -> str:
    """A passage with its article's title, outlet and byline."""
    return f"{byline(hit)} {hit.node.get_content()}"


def title(hit: NodeWithScore) -> str:
    """The title of a passage's article ("" when it has none)."""
    return str(hit.node.metadata.get("title") or "")


def byline(hit: NodeWithScore) -> str:
    """The title, outlet and authors of a passage's article."""
    metadata = hit.node.metadata
    return " ".join(str(metadata.get(key) or "") for key in ("title", "outlet", "authors"))


def heard_from_speaker(
    scored: Sequence[QuotedSentence],
    needs: QuestionNeeds,
    min_relevance: float,
    margin: float,
) -> list[QuotedSentence]:
    """``scored``, with no sentence fitting when the speaker asked about never speaks.

    "What did X say about Y?" is answered only if a candidate's window has X saying
    something ("X said", "according to X"), or X wrote the candidate's article (its
    outlet, authors or poster), about something the question names besides X. Otherwise
    a sentence that merely names X, or has X speak of another matter, would be quoted
    as X's words on this one. The check is on the question, not each sentence, so an answer may
    still quote the sentences around X's words.
    """
    if needs.speaker is None:
        return list(scored)
    for candidate in answer_candidates(scored, min_relevance, margin):
        metadata = candidate.hit.node.metadata
        authors = " ".join(str(metadata.get(key) or "") for key in _AUTHOR_KEYS)
        if needs.speaker_speaks(candidate.window, authors) and needs.names_topic(
            f"{candidate.window} {byline(candidate.hit)}"
        ):
            return list(scored)
    return [dataclasses.replace(sentence, fits=False) for sentence in scored]


# The metadata naming who wrote a passage: every sentence of it is theirs.
_AUTHOR_KEYS = ("outlet", "authors", "poster")
