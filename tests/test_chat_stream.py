"""How the chat page streams answers: drafts as they grow, finished answers by sentence."""

from __future__ import annotations

from collections.abc import Iterator

from jrqa.models import Answer
from ui.chat import stream_answer

ANSWER = Answer(question="q", text="First fact. [1] Second fact. [2]")


class _Streaming:
    def __init__(self, items: list[str | Answer]) -> None:
        self.items = items

    def stream(self, question: str, history: object, mode: str) -> Iterator[str | Answer]:
        yield from self.items


def test_a_generative_draft_streams_then_the_verified_answer_replaces_it() -> None:
    steps = list(stream_answer(_Streaming(["First", "First fact", ANSWER]), "q", [], "local"))
    assert [(s.text, s.answer is None, s.done) for s in steps] == [
        ("First", True, False),
        ("First fact", True, False),
        (ANSWER.text, False, True),
    ]


def test_an_answer_without_a_draft_is_revealed_sentence_by_sentence() -> None:
    steps = list(stream_answer(_Streaming([ANSWER]), "q", [], "extractive"))
    assert [(s.text, s.done) for s in steps] == [("First fact. [1]", False), (ANSWER.text, True)]
    assert all(s.answer is ANSWER for s in steps)
