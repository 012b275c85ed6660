"""Plain text of answers and conversations, for the chat's copy buttons.

What lands on the clipboard is what a person would paste into an e-mail: the answer with
its [n] markers, then a numbered source list (title, outlet or forum poster, date, file,
quoted span); no markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from jrqa.models import Answer
from ui.conversation import Turn
from ui.sources import group_by_passage, publisher


def plain_sources(answer: Answer) -> str:
    """The numbered source list of an answer ("" when it cites nothing)."""
    lines: list[str] = []
    for card in group_by_passage(answer.citations):
        first = card.first
        numbers = " ".join(f"[{n}]" for n in card.numbers)
        where = ", ".join(part for part in (publisher(first), first.date, first.source) if part)
        lines.append(f"{numbers} {first.title or first.source} ({where})")
        lines.extend(f'    "{citation.quote}"' for citation in card.citations)
        if first.url:
            lines.append(f"    {first.url}")
    return "Sources:\n" + "\n".join(lines) if lines else ""


def plain_answer(answer: Answer) -> str:
    """An answer (after its note, if any), what it was restricted to, and its sources."""
    parts = [answer.note, answer.text] if answer.note else [answer.text]
    if answer.restricted_to:
        parts.append(f"Only from: {answer.restricted_to}")
    if answer.abstained and answer.passages:
        nearest = answer.passages[0]
        parts.append(f"Nearest article: {nearest.title} ({nearest.source})")
    if sources := plain_sources(answer):
        parts.append(sources)
    return "\n\n".join(parts)


def plain_turn_reply(turn: Turn) -> str:
    """What the reply bubble of a turn says, as plain text."""
    if turn.answer is not None:
        return plain_answer(turn.answer)
    if turn.error is not None:
        return f"Could not answer: {turn.error}"
    return "(waiting to be answered)"


def plain_conversation(turns: Sequence[Turn]) -> str:
    """The whole conversation, each question followed by its answer and sources."""
    return "\n\n".join(f"You: {turn.question}\n\njrqa: {plain_turn_reply(turn)}" for turn in turns)
