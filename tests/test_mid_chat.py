"""A stand-alone question asked mid-chat is answered exactly as when asked alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DEV = Path(__file__).resolve().parent.parent / "evals" / "questions" / "dev.jsonl"


def _stand_alone_dev_questions() -> list[str]:
    items = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    return [item["question"] for item in items if "turns" not in item and not item.get("history")]


@pytest.fixture(scope="module")
def earlier_turns(answerer) -> list[list[dict[str, str]]]:  # type: ignore[no-untyped-def]
    """An unrelated exchange refused, and one answered, as the conversation so far."""
    refused = "What is the weather like in Hokkaido in winter?"
    answered = "Which warships left Vladivostok?"
    return [
        [
            {"role": "user", "content": question},
            {"role": "assistant", "content": answerer.ask(question).text},
        ]
        for question in (refused, answered)
    ]


def test_every_stand_alone_dev_question_is_answered_the_same_mid_chat(
    answerer,  # type: ignore[no-untyped-def]
    earlier_turns: list[list[dict[str, str]]],
) -> None:
    questions = _stand_alone_dev_questions()
    assert len(questions) > 150
    changed = []
    for question in questions:
        alone = answerer.ask(question)
        for history in earlier_turns:
            asked_later = answerer.ask(question, history=history)
            if asked_later.text != alone.text or asked_later.searched_query != question:
                changed.append((question, asked_later.searched_query))
                break
    assert changed == []
