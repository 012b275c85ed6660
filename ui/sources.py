"""The sources panel: one card per cited passage, with its provenance and quotes marked.

Two citations of one passage share a card that lists both numbers and marks both quotes;
each number keeps an anchor in the card, so every [n] in the answer still leads to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from jrqa.models import Answer, Citation, Passage
from ui.render import escape_text, source_anchor

NEAREST_SHOWN = 3


@dataclass(frozen=True)
class SourceCard:
    """The citations of one answer that quote the same passage, in number order."""

    citations: tuple[Citation, ...]

    @property
    def first(self) -> Citation:
        """The lowest-numbered citation (the card's title and provenance come from it)."""
        return self.citations[0]

    @property
    def numbers(self) -> list[int]:
        """Every citation number that points at this passage."""
        return [citation.n for citation in self.citations]


def group_by_passage(citations: Sequence[Citation]) -> list[SourceCard]:
    """One card per distinct passage, in order of the first number citing it."""
    groups: dict[tuple[str, str], list[Citation]] = {}
    for citation in sorted(citations, key=lambda c: c.n):
        groups.setdefault((citation.source, citation.text), []).append(citation)
    return [SourceCard(tuple(group)) for group in groups.values()]


def quote_spans(passage: str, quotes: Sequence[str]) -> list[tuple[int, int]]:
    """Where each quote sits in the passage, overlapping spans merged, in order."""
    return merge_spans(
        (index, index + len(quote))
        for quote in quotes
        if quote and (index := passage.find(quote)) >= 0
    )


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans in order, overlapping or touching ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text``, escaped, with each span wrapped in ``<mark>``."""
    parts: list[str] = []
    position = 0
    for start, end in spans:
        parts.append(escape_text(text[position:start]))
        parts.append(f"<mark>{escape_text(text[start:end])}</mark>")
        position = end
    parts.append(escape_text(text[position:]))
    return "".join(parts)


def safe_link(url: str | None) -> str | None:
    """The URL if it is a plain web address; anything else (javascript:, data:) is dropped."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def publisher(source: Citation | Passage) -> str | None:
    """Who published it: the outlet, or for a reader's reply "forum reply by" its poster.

    A reply is never passed off as the article it replies to; its outlet, when known, is
    the forum's own name.
    """
    if source.post != "reply":
        return source.outlet
    who = f"forum reply by {source.poster}" if source.poster else "forum reply"
    return f"{who} on {source.outlet}" if source.outlet else who


def provenance_parts(source: Citation | Passage) -> list[str]:
    """Who wrote it and where, escaped: outlet (or forum reply and poster), kind, date."""
    parts: list[str] = []
    css = "jrqa-reply" if source.post == "reply" else "jrqa-outlet"
    if who := publisher(source):
        parts.append(f'<span class="{css}">{escape_text(who)}</span>')
    if source.post == "opening post" and source.poster:
        parts.append(escape_text(f"posted by {source.poster}"))
    if source.reposted_from:
        parts.append(escape_text(f"reposted from {source.reposted_from}"))
    if source.authors and source.post != "reply":
        parts.append(escape_text("by " + ", ".join(source.authors)))
    if source.kind:
        parts.append(f'<span class="jrqa-kind">{escape_text(source.kind)}</span>')
    if source.date:
        parts.append(f'<time class="jrqa-date">{escape_text(source.date)}</time>')
    return parts


def meta_line(source: Citation | Passage) -> str:
    """Provenance, a link to the original when it is a web address, and the file name."""
    parts = provenance_parts(source)
    link = safe_link(source.url)
    if link:
        parts.append(
            f'<a class="jrqa-link" href="{escape_text(link)}" target="_blank" '
            'rel="noopener noreferrer nofollow">original</a>'
        )
    parts.append(f'<span class="jrqa-file">{escape_text(source.source)}</span>')
    return f'<div class="jrqa-meta">{" · ".join(parts)}</div>'


def _source_lines(source: Citation | Passage) -> str:
    title = f'<div class="jrqa-title">{escape_text(source.title or source.source)}</div>'
    return title + meta_line(source)


def _read_button(source: str, turn: int) -> str:
    return (
        f'<button type="button" class="jrqa-read" data-source="{escape_text(source)}" '
        f'data-turn="{turn}">Read the article</button>'
    )


def render_card(card: SourceCard, turn: int) -> str:
    """One cited passage: its numbers, title, provenance, the passage with quotes marked."""
    first, numbers = card.first, card.numbers
    anchors = "".join(
        f'<span class="jrqa-anchor" id="{source_anchor(turn, n)}"></span>' for n in numbers[1:]
    )
    badges = "".join(f'<span class="jrqa-num">{n}</span>' for n in numbers)
    spans = quote_spans(first.text, [citation.quote for citation in card.citations])
    return (
        f'<div class="jrqa-card" id="{source_anchor(turn, numbers[0])}">{anchors}'
        f'<div class="jrqa-card-head"><span class="jrqa-nums">{badges}</span>'
        f"<div>{_source_lines(first)}</div></div>"
        f'<div class="jrqa-passage">{highlight(first.text, spans)}</div>'
        f'<div class="jrqa-card-actions">{_read_button(first.source, turn)}'
        '<button type="button" class="jrqa-back" hidden>Back to the answer</button></div>'
        "</div>"
    )


def render_nearest_card(passage: Passage, turn: int) -> str:
    """A retrieved passage shown beside an abstention; nothing in it is marked as support."""
    return (
        '<div class="jrqa-card jrqa-nearest">'
        f"<div>{_source_lines(passage)}</div>"
        f'<div class="jrqa-passage">{escape_text(passage.text)}</div>'
        f'<div class="jrqa-card-actions">{_read_button(passage.source, turn)}</div></div>'
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
                "question):</p>" + "".join(render_nearest_card(p, turn) for p in nearest)
            )
        return f'<section class="jrqa-turn jrqa-turn-abstained">{heading}{cards}</section>'
    cards = "".join(render_card(card, turn) for card in group_by_passage(answer.citations))
    return f'<section class="jrqa-turn">{heading}{cards}</section>'


def render_sources_panel(answers: Sequence[tuple[int, Answer]]) -> str:
    """All answers' sources, newest first, so the latest answer's sources are on top."""
    return SourcesPanel().render(answers)


class SourcesPanel:
    """One conversation's sources panel, each answer's block rendered once.

    An answer's sources never change once it is given, so a new answer renders only its
    own block however long the conversation grows. A turn whose answer is another object
    (after a clear, say) is rendered afresh.
    """

    def __init__(self) -> None:
        self._blocks: dict[int, tuple[Answer, str]] = {}

    def render(self, answers: Sequence[tuple[int, Answer]]) -> str:
        """The panel for ``answers`` (each with its chat index), newest first."""
        if not answers:
            self._blocks = {}
            return (
                '<div class="jrqa-sources"><p class="jrqa-empty">Sources for each answer '
                "appear here, with the supporting sentence highlighted.</p></div>"
            )
        blocks: dict[int, tuple[Answer, str]] = {}
        for turn, answer in answers:
            kept = self._blocks.get(turn)
            if kept is not None and kept[0] is answer:
                blocks[turn] = kept
            else:
                blocks[turn] = (answer, render_turn_sources(answer, turn))
        self._blocks = blocks
        shown = "".join(blocks[turn][1] for turn, _ in reversed(answers))
        return f'<div class="jrqa-sources">{shown}</div>'
