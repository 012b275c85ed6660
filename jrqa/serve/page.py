"""The chat page (``ui.app``) mounted in the service app, so one process serves both."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from jrqa.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from ui.chat import AnswererFactory

PAGE_PATH = "/"


def mount_chat_page(app: FastAPI, settings: Settings, answerer_factory: AnswererFactory) -> None:
    """Mount the page at ``/`` (after the API routes, which therefore take precedence).

    Args:
        app: the service app.
        settings: the page's settings, including its login (auth_user, auth_password).
        answerer_factory: makes the page's answerer (``jrqa.api.get_answerer`` gives the
            API's own, so page and API share one warm index).
    """
    import gradio as gr

    from ui.app import create_app
    from ui.modes import answer_concurrency

    chat = create_app(answerer_factory, settings)
    page = chat.build()
    # As `jrqa chat` queues it: the page's answer events set their own limits.
    page.queue(default_concurrency_limit=answer_concurrency(os.cpu_count()))
    auth = None
    if settings.auth_user and settings.auth_password:
        auth = (settings.auth_user, settings.auth_password.get_secret_value())
    gr.mount_gradio_app(
        app,
        page,
        PAGE_PATH,
        server_name=settings.host,
        server_port=settings.port,
        auth=auth,
        show_error=False,  # errors are shown as chat messages, never as tracebacks
        ssr_mode=False,
        **chat.page_options(),
    )
