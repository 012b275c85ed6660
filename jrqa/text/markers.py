"""The [n] citation markers of an answer, and splitting an answer into its sentences."""

from __future__ import annotations

import re

from jrqa.text.sentences import split_sentences

MARKER = re.compile(r"\[(\d+)\]")
# Opens an answer whose quoted sentence contradicts what the question takes for granted
# (``jrqa.answer.premise``). These are the answerer's words, not the article's: no cited
# passage has to back them.
CONTRADICTION_LEAD = "The articles say otherwise: "
_MARKER_RUN = re.compile(r"^\s*((?:\[\d+\]\s*)+)")


def strip_markers(text: str) -> str:
    """The sentence without its [n] markers."""
    return re.sub(r"\s*\[\d+\]", "", text).strip()


def without_lead(sentence: str) -> str:
    """The sentence without the answerer's own opening words, if it has them."""
    return sentence.removeprefix(CONTRADICTION_LEAD)


def answer_sentences(text: str) -> list[str]:
    """Split an answer into sentences, keeping each sentence's trailing [n] markers.

    Markers may follow the full stop ("... 20 meetings. [1]") or precede it
    ("... 20 meetings [1]."); either way they belong to the sentence before them.
    """
    sentences: list[str] = []
    for span in split_sentences(text):
        piece = span.text
        leading = _MARKER_RUN.match(piece)
        if leading and sentences:
            sentences[-1] = f"{sentences[-1]} {leading.group(1).strip()}"
            piece = piece[leading.end() :].strip()
        if piece:
            sentences.append(piece)
    return sentences


def cited_numbers(sentence: str) -> list[int]:
    """The citation numbers a sentence carries."""
    return [int(number) for number in MARKER.findall(sentence)]
