"""Sentences with exact character offsets: the unit every later stage quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) and white
# space, unless the word before the dot is a known abbreviation or a single initial.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)|\n{2,}")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "no",
    "vs", "etc", "inc", "ltd", "co", "corp", "u.s", "u.k", "u.n", "e.g", "i.e", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig",
}  # fmt: skip


@dataclass(frozen=True)
class Span:
    """A stretch of the cleaned article: ``article[start:end] == text``."""

    text: str
    start: int
    end: int


def split_sentences(text: str, offset: int = 0) -> list[Span]:
    """Split prose into sentences, keeping exact offsets (shifted by ``offset``)."""
    spans: list[Span] = []
    cursor = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if match.group().startswith(".") and _ends_with_abbreviation(text[cursor:end]):
            continue
        _append_trimmed(spans, text, cursor, end, offset)
        cursor = end
    _append_trimmed(spans, text, cursor, len(text), offset)
    return spans


def _ends_with_abbreviation(candidate: str) -> bool:
    words = candidate.rstrip(".").split()
    if not words:
        return False
    last = words[-1].lower().strip("(\"'“")
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def _append_trimmed(spans: list[Span], text: str, start: int, end: int, offset: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    begin = start + lead
    spans.append(Span(stripped, offset + begin, offset + begin + len(stripped)))
