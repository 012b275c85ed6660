"""The whole-article view: a cited article in full, with the answer's quotes marked."""

from __future__ import annotations

from collections.abc import Sequence

from jrqa.index.corpus import StoredArticle
from jrqa.models import Citation, Passage
from ui.render import escape_text
from ui.sources import highlight, merge_spans, meta_line


def quoted_spans(article: StoredArticle, citations: Sequence[Citation]) -> list[tuple[int, int]]:
    """The citations' quotes as article offsets, merged; a quote the text lacks is skipped.

    Offsets are checked against the text, so an article re-ingested since the answer
    (other offsets) marks nothing rather than the wrong words.
    """
    return merge_spans(
        (citation.start, citation.end)
        for citation in citations
        if citation.source == article.source
        and article.text[citation.start : citation.end] == citation.quote
    )


def render_article(
    article: StoredArticle, spans: Sequence[tuple[int, int]], about: Citation | Passage
) -> str:
    """The article's title, provenance (from a citation of it) and text, quotes marked."""
    count = len(spans)
    marked = f"{count} quoted passage{'s' if count != 1 else ''} highlighted." if count else ""
    return (
        '<article class="jrqa-article">'
        f'<h2 class="jrqa-article-title">{escape_text(article.title)}</h2>'
        f"{meta_line(about)}"
        f'<p class="jrqa-note">{marked}</p>'
        f'<div class="jrqa-article-text">{highlight(article.text, spans)}</div>'
        "</article>"
    )


def render_missing_article(source: str) -> str:
    """What the view says when the index no longer holds the article."""
    return (
        f'<p class="jrqa-empty">{escape_text(source)} is no longer in the index '
        "(it was removed or re-ingested since this answer).</p>"
    )
