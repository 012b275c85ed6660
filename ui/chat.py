"""The chat page's behaviour without the widgets.

Queueing and answering questions, votes, copy text, the article view, the corpus list and
the outlets a question can be restricted to.
Kept free of gradio so it can be tested with a fake answerer; ``ui.app`` wires it to the page.
"""

from __future__ import annotations

import html
import logging
import re
import threading
import traceback
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from jrqa.answer.answerer import validate_question
from jrqa.errors import JrqaError, LLMUnavailableError, redact
from jrqa.index.corpus import list_articles, stored_article
from jrqa.llm.local import is_loaded
from jrqa.models import Answer, Citation, Passage
from jrqa.settings import AnswerMode, Settings
from ui.article import quoted_spans, render_article, render_missing_article
from ui.chat_view import ChatView, chat_view
from ui.conversation import Conversation, Turn, Verdict
from ui.feedback import FeedbackLog
from ui.plain import plain_conversation, plain_turn_reply
from ui.render import render_corpus, render_error, render_problem, render_status
from ui.sources import SourcesPanel, render_sources_panel

if TYPE_CHECKING:
    from jrqa.answer.followup import History
    from jrqa.index.engine import Engine

logger = logging.getLogger(__name__)

SEARCHING = "Searching the articles…"
LOADING_LOCAL_MODEL = (
    "Searching the articles, then loading the local model (first time only, about 15 s)…"
)
CHECKING_DRAFT = (
    "Drafting an answer; each sentence is checked against the articles before it is shown…"
)
# The outlet filter's first choice; its value (no outlet) searches every article.
ALL_ARTICLES = ("All articles", "")


class AnswererLike(Protocol):
    """What the page needs from ``jrqa.answer.answerer.Answerer``."""

    @property
    def engine(self) -> Engine:
        """The engine whose index answers come from."""
        ...

    def stream(
        self,
        question: str,
        history: History | None = None,
        mode: AnswerMode | None = None,
        outlet: str | None = None,
    ) -> Iterator[str | Answer]:
        """A generative draft's text as it grows, then the ``Answer`` (alone otherwise).

        With ``outlet``, only that outlet's passages are searched and cited.
        """
        ...


AnswererFactory = Callable[[Settings], AnswererLike]
ListOutlets = Callable[[], Sequence[str]]


def no_outlets() -> Sequence[str]:
    """No outlets to offer: the outlet filter then offers all articles only."""
    return ()


@dataclass(frozen=True)
class ChatUpdate:
    """What the page shows after a step; None leaves that part as it is."""

    chat: ChatView | None
    sources_html: str | None
    status_html: str


def describe_failure(error: BaseException, mode: str) -> str:
    """A message a reader can act on; never a traceback, never server administration."""
    if isinstance(error, LLMUnavailableError):
        return (
            f"The language model of the {mode} answer mode is not available right now, so "
            "this question was not answered. Choose the extractive mode (quotes from the "
            "articles) and ask again."
        )
    if isinstance(error, JrqaError):
        return str(error)
    if isinstance(error, ImportError):
        return (
            f"The {mode} answer mode is not available in this installation. "
            "Choose the extractive mode and ask again."
        )
    return (
        "Something went wrong while answering; the details are in the server log. "
        "Please try again or rephrase the question."
    )


def question_problem(question: object) -> str | None:
    """Why this question cannot be asked (empty, too long, not text), or None."""
    try:
        validate_question(question)
    except JrqaError as error:
        return str(error)
    return None


def _tags_removed(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


class ChatController:
    """Turns questions into chat updates, votes into feedback records, answers into text.

    Args:
        answerer: answers questions over the page's index (one per process: one store).
        feedback: where votes are written.
        settings: the page's settings (secrets are masked from every message shown).
        modes: the answer modes the page offers; questions in any other are refused.
        local_model_loaded: whether the local model is loaded (the first local answer of a
            process loads it, which takes seconds).
        list_outlets: the outlets of the indexed articles, as the answerer's ``outlet``
            takes them (``jrqa.outlets`` for the page's settings).
    """

    def __init__(
        self,
        answerer: AnswererLike,
        feedback: FeedbackLog,
        settings: Settings,
        modes: Sequence[str],
        local_model_loaded: Callable[[], bool] = is_loaded,
        list_outlets: ListOutlets = no_outlets,
    ) -> None:
        self.answerer = answerer
        self.feedback = feedback
        self.settings = settings
        self.modes = list(modes)
        self.local_model_loaded = local_model_loaded
        self.list_outlets = list_outlets
        self._panels: weakref.WeakKeyDictionary[Conversation, SourcesPanel] = (
            weakref.WeakKeyDictionary()
        )
        self._panels_lock = threading.Lock()

    # --- asking and answering -------------------------------------------------------------

    def ask(
        self, conversation: Conversation, question: str, mode: AnswerMode, outlet: str = ""
    ) -> ChatUpdate:
        """Queue a question and show it; a question that cannot be asked is not queued.

        A non-empty ``outlet`` has the question answered from that outlet's articles only
        (an outlet the index does not know is reported as the answer's error, naming the
        known ones).
        """
        problem = question_problem(question)
        if mode not in self.modes:  # the page's API takes any string
            offered = ", ".join(self.modes)
            problem = f"The answer mode {mode!r} is not offered here; choose one of: {offered}."
        if problem is not None:
            return ChatUpdate(None, None, render_problem(problem))
        conversation.add(question, mode, outlet.strip() or None)
        # The question answered first is the oldest waiting one, this one or an earlier.
        first = conversation.next_waiting()
        activity = self._activity(first.mode if first is not None else mode)
        waiting = conversation.waiting() - 1
        return ChatUpdate(chat_view(conversation), None, render_status(activity, waiting))

    def answer_waiting(
        self, conversation: Conversation, with_local_model: bool, shown_status: str = ""
    ) -> Iterator[ChatUpdate]:
        """Answer the conversation's waiting questions in order, one update per step.

        Without ``with_local_model`` the loop stops before a local-mode question, which
        the page answers in the local model's own (one at a time) queue. Nothing happens
        when another loop is already answering this conversation: it takes new questions.
        ``shown_status`` is the status line on the page now; an update that would only
        repeat it is not sent.
        """

        def accepts(turn: Turn) -> bool:
            return with_local_model or turn.mode != "local"

        with conversation.answering() as claim:
            if claim is None:
                return
            while (turn := conversation.next_turn(claim, accepts)) is not None:
                for update in self._answer(conversation, turn):
                    repeats = update.chat is None and update.sources_html is None
                    if repeats and update.status_html == shown_status:
                        continue
                    shown_status = update.status_html
                    yield update

    def respond(
        self, conversation: Conversation, question: str, mode: AnswerMode, outlet: str = ""
    ) -> Iterator[ChatUpdate]:
        """Ask and answer, local-mode questions included (scripts and tests)."""
        asked = self.ask(conversation, question, mode, outlet)
        yield asked
        yield from self.answer_waiting(conversation, True, asked.status_html)

    def _activity(self, mode: AnswerMode) -> str:
        if mode == "local" and not self.local_model_loaded():
            return LOADING_LOCAL_MODEL
        return SEARCHING

    def _answer(self, conversation: Conversation, turn: Turn) -> Iterator[ChatUpdate]:
        waiting = conversation.waiting() - 1
        yield ChatUpdate(None, None, render_status(self._activity(turn.mode), waiting))
        history = conversation.history_before(turn)
        try:
            for step in self.answerer.stream(turn.question, history, turn.mode, turn.outlet):
                if isinstance(step, Answer):
                    turn.answer = step
                    break
                yield ChatUpdate(None, None, render_status(CHECKING_DRAFT, waiting, step))
            else:
                raise JrqaError("The answer stream ended without an answer; please ask again.")
        except Exception as error:  # the page must show a message, whatever failed
            turn.error = self._report_failure(error, turn)
        yield self.snapshot(conversation)

    def _report_failure(self, error: Exception, turn: Turn) -> str:
        # A server's error may quote the API key it was sent: mask secrets everywhere.
        message = redact(describe_failure(error, turn.mode), self.settings)
        details = redact(str(error), self.settings)
        if isinstance(error, JrqaError):  # expected, and its message says it all
            logger.info("could not answer %r: %s", turn.question[:200], details)
        else:
            trace = redact("".join(traceback.format_exception(error)), self.settings)
            logger.error("answering %r failed:\n%s", turn.question[:200], trace)
        return message

    def snapshot(self, conversation: Conversation) -> ChatUpdate:
        """The chat, the sources and the status line as the conversation stands."""
        waiting = conversation.waiting()
        status = render_status(SEARCHING, waiting - 1) if waiting else ""
        with self._panels_lock:
            panel = self._panels.setdefault(conversation, SourcesPanel())
        sources = panel.render(conversation.answered())
        return ChatUpdate(chat_view(conversation), sources, status)

    @staticmethod
    def clear(conversation: Conversation) -> ChatUpdate:
        """Forget the conversation: chat, history, sources, queue and status."""
        conversation.reset()
        return ChatUpdate(ChatView([], []), render_sources_panel([]), "")

    # --- votes, copies, articles, the corpus ------------------------------------------------

    def vote(
        self, conversation: Conversation, message_index: int, liked: bool | str
    ) -> ChatView | None:
        """Record, change or withdraw (``liked == ""``) the vote on one answer.

        Returns the chat with the answer's confirmation note, or None when the message is
        not an answer (a question, an error).
        """
        turn = conversation.turn_at(message_index)
        if turn is None or turn.answer is None or message_index % 2 == 0:
            return None
        verdict: Verdict | None = None
        if isinstance(liked, bool):
            verdict = "up" if liked else "down"
        turn.vote = verdict
        self.feedback.record(turn.answer, verdict, conversation.id, message_index)
        return chat_view(conversation)

    @staticmethod
    def copy_text(conversation: Conversation, copied: str) -> str:
        """Plain text for the message whose markup the chat's copy button took."""
        for index, message in enumerate(chat_view(conversation).messages):
            if message["content"] == copied:
                turn = conversation.turn_at(index)
                if turn is not None:
                    return turn.question if index % 2 == 0 else plain_turn_reply(turn)
        return _tags_removed(copied)  # a message that changed since: its text, untagged

    @staticmethod
    def conversation_text(conversation: Conversation) -> str:
        """The whole conversation as plain text, sources included."""
        return plain_conversation(conversation.snapshot())

    def article_html(self, conversation: Conversation, message_index: int, source: str) -> str:
        """The whole article ``source`` with the quotes of answer ``message_index`` marked."""
        turn = conversation.turn_at(message_index)
        answer = turn.answer if turn is not None else None
        citations = [c for c in answer.citations if c.source == source] if answer else []
        passages = [p for p in answer.passages if p.source == source] if answer else []
        about: Citation | Passage | None = None
        if citations or passages:
            about = citations[0] if citations else passages[0]
        article = stored_article(self.answerer.engine, source) if about is not None else None
        if article is None or about is None:
            return render_missing_article(source)
        return render_article(article, quoted_spans(article, citations), about)

    def corpus_html(self) -> str:
        """The corpus panel: every indexed article with its outlet and chunk count."""
        try:
            articles = list_articles(self.answerer.engine)
        except JrqaError as error:
            return render_error(str(error))
        return render_corpus(articles)

    def outlet_choices(self) -> list[tuple[str, str]]:
        """The outlet filter's choices (label, value): all articles, then each outlet."""
        try:
            outlets = list(self.list_outlets())
        except JrqaError as error:  # no index yet: the corpus panel says why
            logger.info("no outlets to offer: %s", error)
            outlets = []
        return [ALL_ARTICLES, *((outlet, outlet) for outlet in outlets)]
