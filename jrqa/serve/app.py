"""The service app: the API routes, JSON error replies, and optionally the chat page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI

from jrqa.serve.failures import install_error_replies
from jrqa.serve.routes import api, health
from jrqa.serve.service import AnswerService, ServiceAnswerer
from jrqa.serve.threads import ModePools

if TYPE_CHECKING:
    from ui.chat import AnswererFactory


def create_service_app(
    answerer: ServiceAnswerer,
    answerer_factory: AnswererFactory | None = None,
    pools: ModePools | None = None,
) -> FastAPI:
    """The app ``jrqa serve`` runs.

    Args:
        answerer: answers the API's questions (its settings are the server's).
        answerer_factory: when given, the chat page is mounted at ``/`` and makes its
            answerers with it (``jrqa.api.get_answerer`` shares the API's warm one).
        pools: the thread pools answers run in; by default sized from the settings and
            the CPU cores.
    """
    settings = answerer.settings
    service = AnswerService(answerer, pools or ModePools(settings.serve_threads))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.pools.close()

    app = FastAPI(
        title="jrqa",
        summary="Grounded, cited answers about Japan–Russia relations from news articles.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.jrqa_service = service
    install_error_replies(app, settings)
    app.include_router(health)
    app.include_router(api)
    if answerer_factory is not None:
        from jrqa.serve.page import mount_chat_page

        mount_chat_page(app, settings, answerer_factory)
    return app
