"""Turn verified sentences into answer text with citations numbered in order of use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jrqa.models import Citation, Passage
from jrqa.verify.draft import VerifiedSentence
from jrqa.verify.excerpts import Excerpt

# The public ``Passage`` an excerpt was cut from.
PassageOf = Callable[[Excerpt], Passage]


@dataclass(frozen=True)
class CitedText:
    """Answer text whose [n] markers resolve to ``citations``."""

    text: str
    citations: list[Citation]


def cite(sentences: Sequence[VerifiedSentence], passage_of: PassageOf) -> CitedText:
    """Number each (passage, quote) pair at its first use and mark every sentence.

    The quote of a citation is the excerpt sentence that best supports the answer
    sentence, so a reader sees the evidence itself rather than the whole passage.
    """
    numbers: dict[tuple[str, int, int], int] = {}
    citations: list[Citation] = []
    parts: list[str] = []
    for sentence in sentences:
        markers = []
        for excerpt in sentence.excerpts:
            quote = excerpt.quote_for(sentence.text)
            key = (excerpt.source, quote.start, quote.end)
            if key not in numbers:
                numbers[key] = len(citations) + 1
                citations.append(
                    Citation.quoting(
                        numbers[key], passage_of(excerpt), quote.text, quote.start, quote.end
                    )
                )
            markers.append(f"[{numbers[key]}]")
        parts.append(f"{sentence.text} {''.join(dict.fromkeys(markers))}")
    return CitedText(" ".join(parts), citations)
