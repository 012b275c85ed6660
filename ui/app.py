"""The Gradio page: an adapter that puts ``ChatController`` behind Gradio's own widgets.

``ask`` shows a question, queues it in the tab's conversation and answers what is waiting
(many tabs at once); a question sent while the tab is being answered is shown at once
and answered next, never dropped. Local-mode questions are answered by
``answer_with_local_model``, one at a time for the whole page, started only when one is
next in line.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

import gradio as gr

from jrqa.models import IngestReport
from jrqa.settings import AnswerMode, Settings
from ui.chat import ALL_ARTICLES, AnswererFactory, ChatController, ChatUpdate, question_problem
from ui.chat_view import ChatView
from ui.conversation import Conversation
from ui.examples import EXAMPLE_QUESTIONS
from ui.exposure import uploads_allowed
from ui.feedback import FeedbackLog
from ui.modes import (
    LOCAL_MODEL_CONCURRENCY,
    MODE_LABELS,
    OfferedModes,
    answer_concurrency,
    offered_modes,
)
from ui.render import render_upload_report
from ui.sources import render_sources_panel
from ui.uploads import ArticleUploads, UploadLimits

_HEADER = (
    "<h1>jrqa · Japan–Russia relations in the news</h1>"
    "<p>Answers come only from the indexed articles. Every sentence is cited; "
    "click a number to see the passage it comes from.</p>"
)
# The chat's copy buttons copy a message's markup; the page puts plain text there instead.
_WRITE_CLIPBOARD = "(text) => { if (text) { navigator.clipboard.writeText(text); } }"
# Sources are HTML the page writes; its "Read the article" buttons ask for the article.
_SOURCES_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('button.jrqa-read');
  if (button) {
    trigger('click', {source: button.dataset.source, turn: Number(button.dataset.turn)});
  }
});
"""
# The article opens scrolled to its first quote. Its view is hidden until the first
# article, so this runs when the view first shows (value already set) and on each change.
_ARTICLE_JS = """
const reveal = (tries = 0) => {
  const quote = element.querySelector('mark');
  if (!quote) return;
  if (quote.offsetParent === null && tries < 40) {
    setTimeout(() => reveal(tries + 1), 25);  // not laid out yet
    return;
  }
  quote.scrollIntoView({block: 'center'});
};
reveal();
watch('value', () => reveal());
"""

# Gradio recognises a progress parameter by this default; it follows ingest's tqdm bar.
_INGEST_PROGRESS = gr.Progress(track_tqdm=True)


def _asset(name: str) -> str:
    return resources.files("ui").joinpath("assets", name).read_text(encoding="utf-8")


def _chat_messages(view: ChatView | None) -> Any:
    """The chat's new messages, for a change that leaves every vote as it was.

    A plain value keeps the chat's ``feedback_value`` as the last vote or clear set it,
    and adding turns never changes an earlier vote. A component update instead would
    rebuild the chat and its whole config (API schema included) for every message sent.
    """
    if view is None:
        return gr.skip()
    return list(view.messages)  # role/content dicts, as gr.Chatbot takes them


def _chat_with_votes(view: ChatView | None) -> Any:
    """The chat's messages and the thumbs shown on them, for a vote or a clear."""
    if view is None:
        return gr.skip()
    return gr.Chatbot(value=_chat_messages(view), feedback_value=view.votes)


@dataclass
class ChatColumn:
    """The conversation side of the page."""

    chat: gr.Chatbot
    question: gr.Textbox
    send: gr.Button
    status: gr.HTML
    new_chat: gr.Button
    copy_all: gr.Button
    mode: gr.Radio | gr.State
    outlet: gr.Dropdown
    # The outlet a question is asked of, as the filter last set it. A state and not the
    # filter itself: the "ask" API keeps its (question, mode) parameters.
    chosen_outlet: gr.State


@dataclass
class SideColumn:
    """The evidence side of the page: sources, the article view, the corpus."""

    sources: gr.HTML
    sources_view: gr.Column
    article: gr.HTML
    article_view: gr.Column
    corpus: gr.HTML


class ChatApp:
    """Builds and launches the chat page.

    Args:
        controller: the page's behaviour.
        modes: the answer modes offered, and why others are not.
        default_mode: the mode selected when the page opens.
        uploads: adds articles to the page's index; None hides the control.
        feedback_path: where votes are written (the footer says so).
    """

    def __init__(
        self,
        controller: ChatController,
        modes: OfferedModes,
        default_mode: AnswerMode,
        uploads: ArticleUploads | None,
        feedback_path: Path,
    ) -> None:
        self.controller = controller
        self.modes = modes
        self.default_mode = default_mode if default_mode in modes.modes else "extractive"
        self.uploads = uploads
        self.feedback_path = feedback_path
        self.page: gr.Blocks | None = None

    # --- events --------------------------------------------------------------------------

    def ask(
        self, question: str, conversation: Conversation, mode: AnswerMode, outlet: str = ""
    ) -> Iterator[tuple[Any, ...]]:
        """Show the question, then answer it and whatever else this tab has waiting.

        A question sent while this tab is being answered is shown and queued, and the
        event already answering takes it next. A local-mode question goes to the local
        model's own queue: the last output changes to start ``answer_with_local_model``.
        A non-empty ``outlet`` (the outlet filter's choice) restricts the answer to it.
        Outputs: chat, sources, status, question box, local model request.
        """
        skip = gr.skip()
        update = self.controller.ask(conversation, question, mode, outlet or "")
        if update.chat is None:  # not asked: the box keeps the text, the status says why
            yield skip, skip, update.status_html, skip, skip
            return
        yield _chat_messages(update.chat), skip, update.status_html, "", skip
        answering = self.controller.answer_waiting(conversation, False, update.status_html)
        for shown in answering:
            yield *self._shown(shown), skip, skip
        waiting = conversation.next_waiting()
        if waiting is not None and waiting.mode == "local":
            yield skip, skip, skip, skip, time.monotonic_ns()

    def ask_example(
        self, conversation: Conversation, mode: AnswerMode, outlet: str, data: gr.SelectData
    ) -> Iterator[tuple[Any, ...]]:
        """An example question from the empty chat, asked as if typed."""
        example = data.value if isinstance(data.value, dict) else {}
        yield from self.ask(str(example.get("text", "")), conversation, mode, outlet)

    @staticmethod
    def check_question(
        question: str, conversation: Conversation, mode: str, outlet: str = ""
    ) -> tuple[Any, ...]:
        """Gradio's validator: a question that cannot be asked stays in the box, explained."""
        problem = question_problem(question)
        valid = gr.validate(True, "")
        return gr.validate(problem is None, problem or ""), valid, valid, valid

    def answer_with_local_model(self, conversation: Conversation) -> Iterator[tuple[Any, ...]]:
        """Answer what is waiting, local-mode questions included (one question at a time)."""
        shown = False
        for update in self.controller.answer_waiting(conversation, with_local_model=True):
            yield self._shown(update)
            shown = True
        if not shown:  # a generator that yields nothing would blank its outputs
            yield gr.skip(), gr.skip(), gr.skip()

    @staticmethod
    def _shown(update: ChatUpdate) -> tuple[Any, ...]:
        sources = gr.skip() if update.sources_html is None else update.sources_html
        return _chat_messages(update.chat), sources, update.status_html

    def clear(self, conversation: Conversation) -> tuple[Any, ...]:
        """The bin and New chat: nothing of the conversation is kept."""
        update = self.controller.clear(conversation)
        shown = (_chat_with_votes(update.chat), update.sources_html, update.status_html)
        return *shown, gr.Column(visible=True), gr.Column(visible=False)

    def vote(self, conversation: Conversation, data: gr.LikeData) -> Any:
        """Thumbs up/down on an answer; clicking the same thumb again withdraws the vote."""
        index = data.index if isinstance(data.index, int) else data.index[0]
        return _chat_with_votes(self.controller.vote(conversation, index, data.liked))

    def copy_message(self, conversation: Conversation, data: gr.CopyData) -> str:
        """Plain text for the message the chat's copy button took."""
        return self.controller.copy_text(conversation, str(data.value))

    def copy_conversation(self, conversation: Conversation) -> str:
        """Plain text of the whole conversation."""
        return self.controller.conversation_text(conversation)

    def open_article(self, conversation: Conversation, event: gr.EventData) -> tuple[Any, ...]:
        """Show a cited article in full in place of the sources.

        The event carries what the card's "Read the article" button holds: the answer's
        chat index (``turn``) and the article's file name (``source``).
        """
        try:
            turn, source = int(event.turn), str(event.source)
        except (AttributeError, TypeError, ValueError):  # not a card's button
            return gr.skip(), gr.skip(), gr.skip()
        shown = self.controller.article_html(conversation, turn, source)
        return shown, gr.Column(visible=False), gr.Column(visible=True)

    def add_articles(
        self, files: list[str] | None, outlet: str | None, progress: gr.Progress = _INGEST_PROGRESS
    ) -> tuple[Any, ...]:
        """Ingest uploaded articles into the page's index and report file by file.

        The corpus list and the outlet filter's choices follow the index (the chosen
        outlet stays chosen while it has articles).
        """
        assert self.uploads is not None  # the control exists only when uploads are allowed
        progress(0, desc="Adding the articles to the index…")
        result = self.uploads.add([Path(name) for name in files or []])
        return (
            render_upload_report(result.report, result.refused),
            self.controller.corpus_html(),
            None,
            self.outlet_filter(outlet),
        )

    def outlet_filter(self, chosen: str | None) -> gr.Dropdown:
        """The outlet filter with the index's outlets now; ``chosen`` kept if still there."""
        choices = self.controller.outlet_choices()
        known = chosen in {value for _, value in choices}
        return gr.Dropdown(choices=choices, value=chosen if known else ALL_ARTICLES[1])

    def refresh_corpus(self, chosen: str | None) -> tuple[Any, ...]:
        """On opening the page: the corpus list and the outlet filter as the index is now."""
        return self.controller.corpus_html(), self.outlet_filter(chosen)

    # --- layout ----------------------------------------------------------------------------

    def build(self) -> gr.Blocks:
        """The page layout and its events."""
        with gr.Blocks(title="jrqa: Japan–Russia relations Q&A") as page:
            session = gr.State(Conversation())
            clipboard = gr.Textbox(visible=False)
            gr.HTML(_HEADER, elem_id="jrqa-header", js_on_load=None)
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=320):
                    chat = self._chat_column()
                with gr.Column(scale=2, min_width=300):
                    side = self._side_column(chat.outlet)
            self._footer()
            self._wire_questions(chat, side, session)
            self._wire_tools(chat, side, session, clipboard)
            page.load(
                self.refresh_corpus,
                chat.outlet,
                [side.corpus, chat.outlet],
                queue=False,
                show_progress="hidden",  # the filter stays usable while its choices refresh
                api_visibility="private",
            )
        return page

    def _chat_column(self) -> ChatColumn:
        copy_all = gr.Button("Copy conversation", size="sm", elem_id="jrqa-copy-all")
        chat = gr.Chatbot(
            elem_id="jrqa-chat",
            height="min(440px, 56vh)",
            show_label=False,
            layout="bubble",
            placeholder="Ask about Japan–Russia relations: summits, islands, trade, drills.",
            examples=[{"text": text} for text in EXAMPLE_QUESTIONS],
            feedback_options=("Like", "Dislike"),
            buttons=["copy", copy_all],  # no "share": it posts to Hugging Face
            group_consecutive_messages=False,  # a queued question keeps its own bubble
        )
        with gr.Row(elem_id="jrqa-ask-row"):
            question = gr.Textbox(
                placeholder="Ask about the articles…",
                show_label=False,
                scale=8,
                max_lines=4,
                elem_id="jrqa-question",
            )
            send = gr.Button("Ask", variant="primary", scale=1, min_width=70, elem_id="jrqa-send")
        status = gr.HTML("", elem_id="jrqa-status", js_on_load=None)
        with gr.Row(elem_id="jrqa-tools"):
            new_chat = gr.Button("New chat", size="sm", scale=0, elem_id="jrqa-new-chat")
            mode = self._mode_control()
            outlet = gr.Dropdown(
                self.controller.outlet_choices(),
                value=ALL_ARTICLES[1],
                label="Answer from",
                container=False,
                scale=1,
                elem_id="jrqa-outlet",
            )
        chosen_outlet = gr.State(ALL_ARTICLES[1])
        return ChatColumn(
            chat, question, send, status, new_chat, copy_all, mode, outlet, chosen_outlet
        )

    def _mode_control(self) -> gr.Radio | gr.State:
        if len(self.modes.modes) == 1:
            return gr.State(self.default_mode)  # nothing to choose: no control
        return gr.Radio(
            [(MODE_LABELS[mode], mode) for mode in self.modes.modes],
            value=self.default_mode,
            show_label=False,
            container=False,
            scale=1,
            elem_id="jrqa-mode",
        )

    def _side_column(self, outlet: gr.Dropdown) -> SideColumn:
        with gr.Column(elem_id="jrqa-sources-view") as sources_view:
            gr.HTML('<div class="jrqa-panel-title">Sources</div>', js_on_load=None)
            sources = gr.HTML(
                render_sources_panel([]), elem_id="jrqa-sources-panel", js_on_load=_SOURCES_JS
            )
        with gr.Column(visible=False, elem_id="jrqa-article-view") as article_view:
            back = gr.Button("← Back to the sources", size="sm", elem_id="jrqa-article-back")
            article = gr.HTML("", elem_id="jrqa-article", js_on_load=_ARTICLE_JS)
        with gr.Accordion("Articles in the index", open=False, elem_id="jrqa-corpus-box"):
            corpus = gr.HTML("", elem_id="jrqa-corpus", js_on_load=None)
        side = SideColumn(sources, sources_view, article, article_view, corpus)
        back.click(
            lambda: (gr.Column(visible=True), gr.Column(visible=False)),
            None,
            [sources_view, article_view],
            queue=False,
            api_visibility="private",
        )
        if self.uploads is not None:
            self._upload_control(self.uploads.limits, corpus, outlet)
        return side

    def _upload_control(self, limits: UploadLimits, corpus: gr.HTML, outlet: gr.Dropdown) -> None:
        with gr.Accordion("Add articles", open=False, elem_id="jrqa-upload-box"):
            gr.Markdown(
                f"Drop `.txt` or `.md` articles (up to {limits.max_files} files, "
                f"{limits.max_file_bytes // 1_000_000} MB each) or a folder of them. They are "
                "added to this page's index and answer questions at once.",
                elem_classes="jrqa-note",
            )
            files = gr.File(
                file_count="multiple", label="Article files", elem_id="jrqa-upload-files"
            )
            folder = gr.File(
                file_count="directory", label="A folder of articles", elem_id="jrqa-upload-folder"
            )
            report = gr.HTML("", elem_id="jrqa-upload-report", js_on_load=None)
        for box in (files, folder):
            box.upload(
                self.add_articles,
                [box, outlet],
                [report, corpus, box, outlet],
                concurrency_limit=1,  # one ingest at a time writes an index
                concurrency_id="ingest",
                api_visibility="private",
            )

    def _footer(self) -> None:
        note = (
            f"Thumbs up and down are saved on this server in `{self.feedback_path}`: the "
            "question, the answer and its sources, nothing about you. Clicking a thumb again "
            "takes the vote back."
        )
        if self.modes.note:
            note += f" {self.modes.note}"
        gr.Markdown(note, elem_id="jrqa-footer")

    # --- wiring ----------------------------------------------------------------------------

    def _wire_questions(self, chat: ChatColumn, side: SideColumn, session: gr.State) -> None:
        local_request = gr.State(0)
        outputs = [chat.chat, side.sources, chat.status, chat.question, local_request]
        answering: dict[str, Any] = {
            "concurrency_limit": answer_concurrency(os.cpu_count()),
            "concurrency_id": "answers",
            "trigger_mode": "multiple",  # a second question is queued, not dropped
            "show_progress": "hidden",  # the status line says what is happening
        }
        chat.outlet.change(
            lambda chosen: chosen or ALL_ARTICLES[1],
            chat.outlet,
            chat.chosen_outlet,
            queue=False,
            api_visibility="private",
        )
        gr.on(
            [chat.question.submit, chat.send.click],
            self.ask,
            [chat.question, session, chat.mode, chat.chosen_outlet],
            outputs,
            validator=self.check_question,
            api_name="ask",
            **answering,
        )
        chat.chat.example_select(
            self.ask_example,
            [session, chat.mode, chat.chosen_outlet],
            outputs,
            api_visibility="private",
            **answering,
        )
        local_request.change(
            self.answer_with_local_model,
            session,
            [chat.chat, side.sources, chat.status],
            concurrency_limit=LOCAL_MODEL_CONCURRENCY,
            concurrency_id="local-model",
            trigger_mode="multiple",
            show_progress="hidden",
            api_name="answer_with_local_model",
        )

    def _wire_tools(
        self, chat: ChatColumn, side: SideColumn, session: gr.State, clipboard: gr.Textbox
    ) -> None:
        cleared = [chat.chat, side.sources, chat.status, side.sources_view, side.article_view]
        private: dict[str, Any] = {"queue": False, "api_visibility": "private"}
        chat.chat.clear(self.clear, session, cleared, **private)
        chat.new_chat.click(self.clear, session, cleared, **private)
        chat.chat.like(self.vote, session, chat.chat, **private)
        chat.chat.copy(self.copy_message, session, clipboard, **private).then(
            None, clipboard, None, js=_WRITE_CLIPBOARD
        )
        chat.copy_all.click(self.copy_conversation, session, clipboard, **private).then(
            None, clipboard, None, js=_WRITE_CLIPBOARD
        )
        side.sources.click(
            self.open_article,
            session,
            [side.article, side.sources_view, side.article_view],
            **private,
        )

    # --- serving ---------------------------------------------------------------------------

    def page_options(self) -> dict[str, Any]:
        """Theme, styles, scripts and limits, for ``launch`` or ``gr.mount_gradio_app``."""
        limits = self.uploads.limits if self.uploads else UploadLimits()
        return {
            "theme": gr.themes.Soft(primary_hue="blue", secondary_hue="amber", neutral_hue="slate"),
            "css": _asset("chat.css"),
            "js": _asset("chat.js"),
            "footer_links": ["settings"],
            # Gradio's own guard on one request; the page's per-file limits come first.
            "max_file_size": limits.max_total_bytes,
        }

    def launch(self, host: str, port: int, auth: tuple[str, str] | None = None) -> str:
        """Start the server without blocking; returns the page's address."""
        page = self.build()
        page.queue(default_concurrency_limit=answer_concurrency(os.cpu_count()))
        _, local_url, _ = page.launch(
            server_name=host,
            server_port=port or free_port(host),
            auth=auth,
            prevent_thread_lock=True,
            share=False,
            quiet=True,
            show_error=False,  # errors are shown as chat messages, never as tracebacks
            ssr_mode=False,
            **self.page_options(),
        )
        self.page = page
        return str(local_url)

    def close(self) -> None:
        """Stop the server started by ``launch``."""
        if self.page is not None:
            self.page.close()


def free_port(host: str) -> int:
    """A port nobody listens on right now, for ``port = 0``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def create_app(
    answerer_factory: AnswererFactory, settings: Settings, host: str | None = None
) -> ChatApp:
    """The chat page over the answerer ``answerer_factory`` makes for ``settings``.

    ``host`` is the address the page will be served on (default ``settings.host``): on
    anything but loopback, articles can be added from the page only behind a login.
    """
    answerer = answerer_factory(settings)
    modes = offered_modes(settings)
    feedback = FeedbackLog(settings.feedback_path)
    controller = ChatController(
        answerer, feedback, settings, modes.modes, list_outlets=partial(_outlets, settings)
    )
    uploads = None
    if uploads_allowed(host or settings.host, settings):
        folder = settings.index_dir / "uploads"
        uploads = ArticleUploads(folder, lambda paths: _ingest(paths, settings))
    return ChatApp(controller, modes, settings.mode, uploads, settings.feedback_path)


def _outlets(settings: Settings) -> list[str]:
    from jrqa.api import outlets

    return outlets(settings)


def _ingest(paths: list[Path], settings: Settings) -> IngestReport:
    from jrqa.api import ingest

    # Shown as the page's progress bar (gr.Progress follows tqdm), and on the terminal.
    return ingest(paths, settings=settings, show_progress=True)
