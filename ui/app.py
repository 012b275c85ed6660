"""The Gradio page: an adapter that puts ``ChatController`` behind chat widgets."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from importlib import resources
from typing import Any

import gradio as gr

from jrqa.settings import AnswerMode, Settings
from ui.chat import AnswererFactory, ChatController, ChatSession, Message
from ui.examples import EXAMPLE_QUESTIONS
from ui.feedback import FeedbackLog
from ui.render import render_sources_panel

MODES: list[AnswerMode] = ["extractive", "local", "openai"]
_HEADER = (
    "<h1>jrqa · Japan–Russia relations in the news</h1>"
    "<p>Answers come only from the indexed articles. Every sentence is cited; "
    "click a number to see the passage it comes from.</p>"
)

ChatOutputs = tuple[list[Message], ChatSession, str, str]


def _asset(name: str) -> str:
    return resources.files("ui").joinpath("assets", name).read_text(encoding="utf-8")


class ChatApp:
    """Builds and launches the chat page for one settings object."""

    def __init__(
        self, controller: ChatController, default_mode: AnswerMode, default_top_k: int
    ) -> None:
        self.controller = controller
        self.default_mode = default_mode
        self.default_top_k = default_top_k

    def respond(
        self,
        question: str,
        messages: list[Message],
        session: ChatSession,
        mode: AnswerMode,
        top_k: int,
    ) -> Iterator[ChatOutputs]:
        """Stream one answer into the chat; the textbox is cleared as soon as it is sent."""
        for update in self.controller.respond(question, messages or [], session, mode, top_k):
            yield update.messages, update.session, update.sources_html, ""

    def vote(self, session: ChatSession, data: gr.LikeData) -> str:
        """Thumbs up/down on an answer bubble."""
        index = data.index if isinstance(data.index, int) else data.index[0]
        return self.controller.vote(session, index, data.liked)

    @staticmethod
    def new_chat() -> ChatOutputs:
        """An empty conversation."""
        return [], ChatSession(), render_sources_panel([]), ""

    def build(self) -> gr.Blocks:
        """The page layout and its events."""
        with gr.Blocks(title="jrqa: Japan–Russia relations Q&A") as page:
            session = gr.State(ChatSession())
            gr.HTML(_HEADER, elem_id="jrqa-header", js_on_load=None)
            with gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    chat, question, send, status, new_chat, examples = self._chat_column()
                    mode, top_k = self._settings_controls()
                with gr.Column(scale=2):
                    gr.HTML('<div class="jrqa-panel-title">Sources</div>', js_on_load=None)
                    sources = gr.HTML(
                        render_sources_panel([]), elem_id="jrqa-sources-panel", js_on_load=None
                    )
                    with gr.Accordion("Articles in the index", open=False):
                        corpus = gr.HTML("", elem_id="jrqa-corpus", js_on_load=None)
            outputs = [chat, session, sources, question]
            inputs = [question, chat, session, mode, top_k]
            question.submit(self.respond, inputs, outputs)
            send.click(self.respond, inputs, outputs)
            new_chat.click(self.new_chat, None, outputs)
            for button in examples:
                button.click(lambda text: text, button, question).then(
                    self.respond, inputs, outputs
                )
            chat.like(self.vote, [session], status)
            page.load(self.controller.corpus_html, None, corpus)
        return page

    @staticmethod
    def _chat_column() -> tuple[
        gr.Chatbot, gr.Textbox, gr.Button, gr.Markdown, gr.Button, list[gr.Button]
    ]:
        chat = gr.Chatbot(
            elem_id="jrqa-chat",
            height=520,
            show_label=False,
            layout="bubble",
            placeholder="Ask about Japan–Russia relations: summits, islands, trade, drills.",
            feedback_options=("Like", "Dislike"),
        )
        with gr.Row():
            question = gr.Textbox(
                placeholder="Ask a question about the articles…",
                show_label=False,
                scale=8,
                max_lines=4,
                elem_id="jrqa-question",
            )
            send = gr.Button("Ask", variant="primary", scale=1, elem_id="jrqa-send")
        gr.HTML('<div class="jrqa-try">Try one of these:</div>', js_on_load=None)
        with gr.Row(elem_id="jrqa-examples"):
            examples = [
                gr.Button(text, size="sm", variant="secondary") for text in EXAMPLE_QUESTIONS
            ]
        with gr.Row():
            new_chat = gr.Button("New chat", size="sm", scale=0, elem_id="jrqa-new-chat")
            status = gr.Markdown("", elem_id="jrqa-status")
        return chat, question, send, status, new_chat, examples

    def _settings_controls(self) -> tuple[gr.Radio, gr.Slider]:
        with gr.Accordion("Answer settings", open=False):
            mode = gr.Radio(
                MODES,
                value=self.default_mode,
                label="Answer mode",
                info="extractive quotes the articles; local and openai draft with a "
                "language model and verify every sentence.",
                elem_id="jrqa-mode",
            )
            top_k = gr.Slider(
                1, 20, value=self.default_top_k, step=1, label="Passages retrieved (top-k)"
            )
        return mode, top_k

    def launch(self, host: str, port: int, auth: tuple[str, str] | None = None) -> str:
        """Start the server without blocking; returns the page's address."""
        page = self.build()
        page.queue(default_concurrency_limit=2)
        launch_args: dict[str, Any] = {
            "server_name": host,
            "server_port": port or free_port(host),
            "auth": auth,
            "prevent_thread_lock": True,
            "share": False,
            "quiet": True,
            "show_error": False,  # errors are shown as chat messages, never as tracebacks
            "ssr_mode": False,
            "footer_links": ["settings"],
            "theme": gr.themes.Soft(primary_hue="blue", neutral_hue="slate"),
            "css": _asset("chat.css"),
            "js": _asset("chat.js"),
        }
        _, local_url, _ = page.launch(**launch_args)
        self.page = page
        return str(local_url)

    def close(self) -> None:
        """Stop the server started by ``launch``."""
        self.page.close()


def free_port(host: str) -> int:
    """A port nobody listens on right now, for ``port = 0``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def create_app(answerer_factory: AnswererFactory, settings: Settings) -> ChatApp:
    """The chat page over answerers made by ``answerer_factory`` from copies of ``settings``."""
    controller = ChatController(answerer_factory, settings, FeedbackLog(settings.feedback_path))
    return ChatApp(controller, settings.mode, settings.top_k)
