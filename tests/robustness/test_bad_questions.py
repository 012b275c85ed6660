"""Unusable or unexpected questions: a clear error or an honest abstention, never a crash.

Each question goes through the three front doors: ``jrqa.ask``, the CLI and the chat page's
controller.
"""

from __future__ import annotations

import html
import unicodedata
from pathlib import Path

import pytest

from jrqa.cli import main
from jrqa.errors import InvalidQuestionError
from jrqa.settings import MAX_QUESTION_CHARS

TOKYO = "Who signed the Tokyo Declaration?"

# question -> what the error message must contain
INVALID = {
    "empty": ("", "empty"),
    "whitespace": ("  \n\t  \u3000 ", "empty"),
    "controls only": ("\x00\x01\x1b\x7f\u200b", "empty"),
    "100 KB": ("why " * 25_600, "limit"),
    "just over the limit": ("a" * (MAX_QUESTION_CHARS + 1), "limit"),
}

# Questions that must be answered as if their invisible characters were not there.
NOISY = {
    "nul and escape": "Who signed\x00 the Tokyo\x1b[31m Declaration?",
    "lone surrogate": "\ud800Who signed the Tokyo Declaration?",
    "bidi override": "Who signed the \u202eTokyo Declaration?",
    "line breaks": "Who signed\r\nthe Tokyo\n\nDeclaration?",
}

# Questions the English articles cannot answer in their own words: abstain, cite nothing.
ABSTAIN = {
    "japanese": "東京宣言に署名したのは誰ですか？",
    "russian": "Кто подписал Токийскую декларацию?",
    "arabic": "من وقع إعلان طوكيو؟",
    "emoji": "🗾🤝🇷🇺❓",
    "punctuation": "?!?... ;;; ---",
    "function words": "the of and to what is it",
    "off topic": "What is the boiling point of mercury in Kelvin?",
}


@pytest.mark.parametrize("question,expected", INVALID.values(), ids=INVALID.keys())
def test_invalid_question_through_the_api(seed_settings, question: str, expected: str) -> None:
    from jrqa.api import ask

    with pytest.raises(InvalidQuestionError, match=expected):
        ask(question, settings=seed_settings)


@pytest.mark.parametrize("question", [None, 42, b"Who signed?", ["Who signed?"]])
def test_a_question_that_is_not_text(seed_settings, question: object) -> None:
    from jrqa.api import ask

    with pytest.raises(InvalidQuestionError, match="must be text"):
        ask(question, settings=seed_settings)  # type: ignore[arg-type]


@pytest.mark.parametrize("question,expected", INVALID.values(), ids=INVALID.keys())
def test_invalid_question_through_the_cli(
    seed_index_dir: Path, question: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["ask", "--index-dir", str(seed_index_dir), question])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith("jrqa: ") and expected in captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    assert len(captured.err) < 300, "the message must not echo a huge question back"


@pytest.mark.parametrize("question", NOISY.values(), ids=NOISY.keys())
def test_invisible_characters_are_ignored(answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert not answer.abstained
    assert "Yeltsin" in answer.text
    assert all(unicodedata.category(char) not in {"Cc", "Cf", "Cs"} for char in answer.question)


@pytest.mark.parametrize("question", ABSTAIN.values(), ids=ABSTAIN.keys())
def test_unanswerable_language_or_noise_abstains(answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert answer.abstained, answer.text
    assert answer.citations == []


def test_a_question_of_exactly_the_limit_is_asked(answerer) -> None:  # type: ignore[no-untyped-def]
    question = ((TOKYO + " ") * 100)[: MAX_QUESTION_CHARS - 1] + "?"
    assert len(question) == MAX_QUESTION_CHARS and "  " not in question
    answer = answerer.ask(question)
    assert answer.question == question
    assert answer.abstained or all(c.quote in c.text for c in answer.citations)


@pytest.mark.parametrize("question", ABSTAIN.values(), ids=ABSTAIN.keys())
def test_unanswerable_through_the_cli(
    seed_index_dir: Path, question: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["ask", "--json", "--index-dir", str(seed_index_dir), question])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert '"abstained": true' in captured.out


@pytest.fixture
def controller(seed_settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    from jrqa.api import get_answerer
    from ui.chat import ChatController
    from ui.feedback import FeedbackLog

    feedback = FeedbackLog(tmp_path / "feedback.jsonl")
    return ChatController(get_answerer(seed_settings), feedback, seed_settings, ["extractive"])


def _chat(controller, question, mode="extractive"):  # type: ignore[no-untyped-def]
    """The page's last update for one question, and the conversation it left."""
    from ui.conversation import Conversation

    conversation = Conversation()
    updates = list(controller.respond(conversation, question, mode))
    assert updates, "the page got no update"
    return updates[-1], conversation


@pytest.mark.parametrize("question", ["", "   ", "\n\t", None])
def test_chat_ignores_an_empty_box(controller, question: str | None) -> None:  # type: ignore[no-untyped-def]
    last, conversation = _chat(controller, question)
    assert last.chat is None and conversation.snapshot() == []


@pytest.mark.parametrize(
    "question,expected",
    [INVALID["controls only"], INVALID["100 KB"]],
    ids=["controls only", "100 KB"],
)
def test_chat_shows_why_a_question_cannot_be_asked(
    controller, question: str, expected: str
) -> None:  # type: ignore[no-untyped-def]
    last, conversation = _chat(controller, question)
    assert expected in html.unescape(last.status_html)
    assert last.chat is None and conversation.snapshot() == []  # the box keeps the text


@pytest.mark.parametrize("question", [*NOISY.values(), *ABSTAIN.values()])
def test_chat_answers_or_abstains(controller, question: str) -> None:  # type: ignore[no-untyped-def]
    last, conversation = _chat(controller, question)
    reply = last.chat.messages[-1]["content"]
    assert "jrqa-error" not in reply
    (turn,) = conversation.snapshot()
    assert turn.answer is not None
    assert turn.answer.abstained == (question in ABSTAIN.values())
    assert ("jrqa-abstained" in reply) == turn.answer.abstained


@pytest.mark.parametrize("mode", ["sarcastic", "openai", None, 6])
def test_chat_refuses_modes_it_does_not_offer(controller, mode: object) -> None:  # type: ignore[no-untyped-def]
    """The page's API accepts any JSON; a bad mode must not turn into a false abstention."""
    last, conversation = _chat(controller, TOKYO, mode=mode)
    assert "is not offered here" in html.unescape(last.status_html)
    assert conversation.snapshot() == []
