"""The chat page's behaviour without the widgets: answering, streaming, votes, the corpus.

Kept free of gradio so it can be tested with a fake answerer; ``ui.app`` wires it to the page.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Protocol

from pydantic import ValidationError

from jrqa.errors import JrqaError, redact
from jrqa.models import Answer
from jrqa.settings import AnswerMode, Settings
from jrqa.text.markers import answer_sentences
from ui.feedback import FeedbackLog, Verdict
from ui.render import (
    render_answer,
    render_corpus,
    render_error,
    render_sources_panel,
    render_streaming,
    render_user_message,
)

if TYPE_CHECKING:
    from jrqa.answer.followup import History
    from jrqa.index.engine import Engine

logger = logging.getLogger(__name__)

Message = dict[str, str]


class AnswererLike(Protocol):
    """What the page needs from ``jrqa.answer.answerer.Answerer``."""

    @property
    def engine(self) -> Engine:
        """The engine whose index answers come from."""
        ...

    def ask(
        self, question: str, history: History | None = None, mode: AnswerMode | None = None
    ) -> Answer:
        """Answer from the articles, or abstain."""
        ...


AnswererFactory = Callable[[Settings], AnswererLike]


@dataclass
class ChatSession:
    """One browser tab's conversation: plain-text history and the answer behind each bubble."""

    history: list[Message] = field(default_factory=list)
    answers: dict[int, Answer] = field(default_factory=dict)  # chat message index -> answer

    def numbered_answers(self) -> list[tuple[int, Answer]]:
        """Answers in order, keyed by their message index (which also names their sources)."""
        return sorted(self.answers.items())


class StreamStep(NamedTuple):
    """The answer text so far; ``answer`` once known, ``done`` on the last step."""

    text: str
    answer: Answer | None
    done: bool


@dataclass
class ChatUpdate:
    """What the page shows after each streamed step."""

    messages: list[Message]
    session: ChatSession
    sources_html: str


def stream_answer(
    answerer: AnswererLike,
    question: str,
    history: History,
    mode: AnswerMode,
    pause_s: float = 0.0,
) -> Iterator[StreamStep]:
    """Yield the answer step by step, ending with the complete answer.

    An answerer with a ``stream(question, history, mode)`` method streams a generative
    draft's partial text and ends with the verified ``Answer``; an answer that arrives
    without a draft (extractive, abstention, or an answerer without ``stream``) is
    revealed sentence by sentence so the page feels as responsive either way.
    """
    stream = getattr(answerer, "stream", None)
    if callable(stream):
        drafted = False
        for item in stream(question, history, mode):
            if isinstance(item, Answer):
                if drafted:
                    yield StreamStep(item.text, item, done=True)
                else:
                    yield from _reveal(item, pause_s)
                return
            drafted = True
            yield StreamStep(str(item), None, done=False)
        raise JrqaError("The answer stream ended without an answer; please ask again.")
    yield from _reveal(answerer.ask(question, history=history, mode=mode), pause_s)


def _reveal(answer: Answer, pause_s: float) -> Iterator[StreamStep]:
    """The complete answer, shown one more sentence at a time."""
    sentences = answer_sentences(answer.text)
    for count in range(1, len(sentences)):
        yield StreamStep(" ".join(sentences[:count]), answer, done=False)
        if pause_s:
            time.sleep(pause_s)
    yield StreamStep(answer.text, answer, done=True)


def _render_step(step: StreamStep, turn: int) -> str:
    if step.answer is None:
        return render_streaming(step.text)
    return render_answer(step.answer, turn, step.text)


def describe_failure(error: BaseException, mode: str) -> str:
    """A message a person can act on; never a traceback."""
    if isinstance(error, JrqaError):
        return str(error)
    if isinstance(error, ImportError):
        return (
            f"The {mode} answer mode is not available in this installation "
            f"({error.name or 'a module'} is missing). Switch the mode to extractive."
        )
    return (
        "Something went wrong while answering; the details are in the server log. "
        "Please try again or rephrase the question."
    )


class ChatController:
    """Turns questions into chat updates and votes into feedback lines."""

    def __init__(
        self,
        answerer_factory: AnswererFactory,
        settings: Settings,
        feedback: FeedbackLog,
        pause_s: float = 0.03,
    ) -> None:
        self.answerer_factory = answerer_factory
        self.settings = settings
        self.feedback = feedback
        self.pause_s = pause_s

    def answerer_for(self, mode: AnswerMode, top_k: int) -> AnswererLike:
        """The answerer for the page's current mode and top-k.

        Both come from the browser (or anyone calling the page's API), so they are
        checked against the settings' own limits before they reach the engine.
        """
        values = {**self.settings.model_dump(), "mode": mode, "top_k": top_k}
        try:
            chosen = type(self.settings).model_validate(values)
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}"
                for item in error.errors()
            )
            raise JrqaError(f"These answer settings cannot be used ({problems}).") from None
        return self.answerer_factory(chosen)

    def respond(
        self,
        question: str,
        messages: list[Message],
        session: ChatSession,
        mode: AnswerMode,
        top_k: int,
    ) -> Iterator[ChatUpdate]:
        """Add the question to the chat and stream the answer (or a readable error) in."""
        if not (question or "").strip():
            yield ChatUpdate(messages, session, render_sources_panel(session.numbered_answers()))
            return
        messages = [*messages, {"role": "user", "content": render_user_message(question)}]
        turn = len(messages)  # index of the assistant message about to be added
        messages.append({"role": "assistant", "content": render_streaming("…")})
        panel = render_sources_panel(session.numbered_answers())
        yield ChatUpdate(messages, session, panel)
        try:
            answerer = self.answerer_for(mode, top_k)
            steps = stream_answer(answerer, question, session.history, mode, self.pause_s)
            for step in steps:
                messages[turn] = {"role": "assistant", "content": _render_step(step, turn)}
                if step.done and step.answer is not None:
                    session = self._remember(session, turn, question, step.answer)
                    panel = render_sources_panel(session.numbered_answers())
                yield ChatUpdate(list(messages), session, panel)
        except Exception as error:  # the page must show a message, whatever failed
            # A server's error may quote the API key it was sent: mask secrets everywhere.
            message = redact(describe_failure(error, mode), self.settings)
            if isinstance(error, JrqaError):  # expected, and its message says it all
                logger.info("could not answer %r: %s", question[:200], message)
            else:
                details = redact("".join(traceback.format_exception(error)), self.settings)
                logger.error("answering %r failed:\n%s", question[:200], details)
            shown = render_error(message)
            messages[turn] = {"role": "assistant", "content": shown}
            yield ChatUpdate(list(messages), session, panel)

    @staticmethod
    def _remember(session: ChatSession, turn: int, question: str, answer: Answer) -> ChatSession:
        history = [
            *session.history,
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer.text},
        ]
        return ChatSession(history=history, answers={**session.answers, turn: answer})

    def vote(self, session: ChatSession, index: int, liked: bool | str) -> str:
        """Record a thumbs up/down on the answer at chat message ``index``."""
        answer = session.answers.get(index)
        if answer is None or not isinstance(liked, bool):
            return "Only answers can be rated."
        verdict: Verdict = "up" if liked else "down"
        self.feedback.record(answer, verdict)
        return "Thanks, your feedback was saved." if liked else "Thanks, noted as a bad answer."

    def corpus_html(self) -> str:
        """The corpus panel: every indexed article with its outlet and chunk count."""
        from jrqa.index.corpus import list_articles

        try:
            answerer = self.answerer_for(self.settings.mode, self.settings.top_k)
            articles = list_articles(answerer.engine)
        except JrqaError as error:
            return render_error(str(error))
        return render_corpus(articles)
