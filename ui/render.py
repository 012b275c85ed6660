"""HTML for the chat page: answers with linked [n] markers, source cards, the corpus list.

Every piece of article or user text goes through ``escape_text`` before it is placed in
markup: articles are data, and a ``<script>`` inside one must show as text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jrqa.index.corpus import ArticleSummary
from jrqa.models import Answer, Citation, Passage

_MARKER = re.compile(r"\[(\d+)\]")
# HTML's own specials plus every character the chat's Markdown renderer would interpret
# (emphasis, links, lists, headings, autolinks, maths): as numeric entities they show literally.
_ENTITIES = {char: f"&#{ord(char)};" for char in "&<>\"'\\`*_{}[]()#+-.!|~$:=@"}
NEAREST_SHOWN = 3


def escape_text(text: str) -> str:
    """Text safe to place in HTML and in Markdown: tags and Markdown syntax show literally."""
    return "".join(_ENTITIES.get(char, char) for char in text)


def source_anchor(turn: int, n: int) -> str:
    """The element id of citation ``n`` of answer ``turn`` in the sources panel."""
    return f"jrqa-src-{turn}-{n}"


def render_user_message(question: str) -> str:
    """The user's question as it appears in the chat."""
    return f'<span class="jrqa-user">{escape_text(question)}</span>'


def render_answer_text(text: str, turn: int, citation_numbers: Sequence[int]) -> str:
    """Answer text with each known [n] marker turned into a link to its source card."""
    known = set(citation_numbers)
    parts: list[str] = []
    position = 0
    for match in _MARKER.finditer(text):
        parts.append(escape_text(text[position : match.start()]))
        number = int(match.group(1))
        if number in known:
            parts.append(
                f'<a class="jrqa-cite" href="#{source_anchor(turn, number)}" '
                f'title="Show source {number}">&#91;{number}&#93;</a>'
            )
        else:
            parts.append(escape_text(match.group(0)))
        position = match.end()
    parts.append(escape_text(text[position:]))
    return "".join(parts)


def render_answer(answer: Answer, turn: int, partial_text: str | None = None) -> str:
    """The chat bubble of an answer; ``partial_text`` shows a prefix while it streams in."""
    text = answer.text if partial_text is None else partial_text
    numbers = [citation.n for citation in answer.citations]
    body = render_answer_text(text, turn, numbers)
    searched = ""
    if answer.searched_query and answer.searched_query != answer.question:
        searched = (
            f'<div class="jrqa-searched">Searched: {escape_text(answer.searched_query)}</div>'
        )
    if answer.abstained:
        return (
            '<div class="jrqa-answer jrqa-abstained">'
            '<div class="jrqa-badge">Not in the articles</div>'
            f"<div>{body}</div>{searched}</div>"
        )
    return f'<div class="jrqa-answer">{body}{searched}</div>'


def render_streaming(text: str) -> str:
    """Partial text from a generative stream, before its citations are known."""
    return f'<div class="jrqa-answer jrqa-streaming">{escape_text(text)}</div>'


def render_error(message: str) -> str:
    """A failure, as a readable note in the chat."""
    return (
        '<div class="jrqa-answer jrqa-error"><div class="jrqa-badge">Could not answer</div>'
        f"<div>{escape_text(message)}</div></div>"
    )


def highlight_quote(passage: str, quote: str) -> str:
    """The passage, escaped, with the supporting quote wrapped in ``<mark>``."""
    index = passage.find(quote) if quote else -1
    if index < 0:
        return escape_text(passage)
    before, after = passage[:index], passage[index + len(quote) :]
    return f"{escape_text(before)}<mark>{escape_text(quote)}</mark>{escape_text(after)}"


def _source_line(title: str, outlet: str | None, source: str) -> str:
    outlet_html = f'<span class="jrqa-outlet">{escape_text(outlet)}</span> · ' if outlet else ""
    return (
        f'<div class="jrqa-title">{escape_text(title or source)}</div>'
        f'<div class="jrqa-meta">{outlet_html}<span class="jrqa-file">{escape_text(source)}</span>'
        "</div>"
    )


def render_citation_card(citation: Citation, turn: int) -> str:
    """One numbered source: title, outlet, file and the passage with its quote marked."""
    return (
        f'<div class="jrqa-card" id="{source_anchor(turn, citation.n)}">'
        f'<div class="jrqa-card-head"><span class="jrqa-num">{citation.n}</span>'
        f"<div>{_source_line(citation.title, citation.outlet, citation.source)}</div></div>"
        f'<div class="jrqa-passage">{highlight_quote(citation.text, citation.quote)}</div>'
        "</div>"
    )


def render_nearest_card(passage: Passage) -> str:
    """A retrieved passage shown beside an abstention; nothing in it is marked as support."""
    return (
        '<div class="jrqa-card jrqa-nearest">'
        f"<div>{_source_line(passage.title, passage.outlet, passage.source)}</div>"
        f'<div class="jrqa-passage">{escape_text(passage.text)}</div></div>'
    )


def render_turn_sources(answer: Answer, turn: int) -> str:
    """The sources block for one answer, headed by the question it answers."""
    heading = f'<div class="jrqa-turn-q">{escape_text(answer.question)}</div>'
    if answer.abstained:
        nearest = answer.passages[:NEAREST_SHOWN]
        if not nearest:
            cards = '<p class="jrqa-empty">No related passages were found.</p>'
        else:
            cards = (
                '<p class="jrqa-note">Nearest related passages (they do not answer the '
                "question):</p>" + "".join(render_nearest_card(p) for p in nearest)
            )
        return f'<section class="jrqa-turn jrqa-turn-abstained">{heading}{cards}</section>'
    cards = "".join(render_citation_card(citation, turn) for citation in answer.citations)
    return f'<section class="jrqa-turn">{heading}{cards}</section>'


def render_sources_panel(answers: Sequence[tuple[int, Answer]]) -> str:
    """All answers' sources, newest first, so the latest answer's sources are on top."""
    if not answers:
        return (
            '<div class="jrqa-sources"><p class="jrqa-empty">Sources for each answer appear '
            "here, with the supporting sentence highlighted.</p></div>"
        )
    blocks = "".join(render_turn_sources(answer, turn) for turn, answer in reversed(answers))
    return f'<div class="jrqa-sources">{blocks}</div>'


def render_corpus(articles: Sequence[ArticleSummary]) -> str:
    """The indexed articles as a table: title, outlet, file, chunks."""
    if not articles:
        return '<p class="jrqa-empty">The index is empty.</p>'
    rows = "".join(
        "<tr>"
        f"<td>{escape_text(article.title)}</td>"
        f"<td>{escape_text(article.outlet or '—')}</td>"
        f'<td class="jrqa-file">{escape_text(article.source)}</td>'
        f'<td class="jrqa-chunks">{article.chunks}</td>'
        "</tr>"
        for article in articles
    )
    total = sum(article.chunks for article in articles)
    return (
        '<table class="jrqa-corpus"><thead><tr><th>Title</th><th>Outlet</th><th>File</th>'
        f"<th>Chunks</th></tr></thead><tbody>{rows}</tbody></table>"
        f'<p class="jrqa-note">{len(articles)} articles, {total} chunks.</p>'
    )
