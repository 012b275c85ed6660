"""The endpoints: ``/healthz`` (open) and ``/v1/*`` (Bearer key when one is set)."""

from __future__ import annotations

import hmac
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.sse import EventSourceResponse, format_sse_event

from jrqa.errors import JrqaError
from jrqa.models import Answer
from jrqa.serve.completions import (
    completion,
    completion_chunks,
    mode_of_model,
    model_name,
    question_and_history,
)
from jrqa.serve.failures import OtherSettingsError, error_reply
from jrqa.serve.pins import differing_settings
from jrqa.serve.schemas import (
    ArticleList,
    AskRequest,
    ChatCompletion,
    ChatCompletionRequest,
    ErrorResponse,
    Health,
    ModelCard,
    ModelList,
    completion_id,
    now,
)
from jrqa.serve.service import AnswerService


def service_of(request: Request) -> AnswerService:
    """The app's answer service (set by ``create_service_app``)."""
    service: AnswerService = request.app.state.jrqa_service
    return service


Service = Annotated[AnswerService, Depends(service_of)]
_bearer = HTTPBearer(auto_error=False, description="JRQA_API_KEY, when the server has one.")


async def require_api_key(
    service: Service,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Let the request through when no key is set or it carries the right one."""
    key = service.settings.api_key
    if key is None or not key.get_secret_value():
        return
    given = credentials.credentials if credentials is not None else ""
    if not hmac.compare_digest(given.encode(), key.get_secret_value().encode()):
        raise HTTPException(
            401,
            "This server needs its API key: send 'Authorization: Bearer <JRQA_API_KEY>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse} for status in (400, 401, 404, 409, 422, 500, 503)
}
health = APIRouter(tags=["health"])
api = APIRouter(
    prefix="/v1", dependencies=[Depends(require_api_key)], responses=_ERRORS, tags=["v1"]
)


@health.get("/healthz")
def healthz(service: Service) -> Health:
    """The server is up and its index holds this many articles."""
    return Health(articles=service.article_count())


@api.post("/ask", response_model=Answer)
async def ask(request: AskRequest, service: Service) -> Answer | EventSourceResponse:
    """The Answer as JSON (the same fields as ``jrqa ask --json``), or streamed events."""
    differing = differing_settings(request.require_settings, service.settings)
    if differing:
        raise OtherSettingsError(
            f"This jrqa server answers with other settings than the request requires "
            f"({', '.join(differing)})."
        )
    question = service.validate(request.question)
    history = [turn.model_dump() for turn in request.history]
    await service.check_outlet(request.outlet)
    if not request.stream:
        return await service.ask(question, history, request.mode, request.outlet)

    async def events() -> AsyncIterator[bytes]:
        try:
            async for item in service.stream(question, history, request.mode, request.outlet):
                if isinstance(item, Answer):
                    yield format_sse_event(event="answer", data_str=item.model_dump_json())
                else:
                    yield format_sse_event(event="draft", data_str=_json_text(item))
        except JrqaError as error:
            _, body = error_reply(error, service.settings)
            yield format_sse_event(event="error", data_str=body.model_dump_json())

    return EventSourceResponse(events())


@api.post("/chat/completions", response_model=ChatCompletion)
async def chat_completions(
    request: ChatCompletionRequest, service: Service
) -> ChatCompletion | EventSourceResponse:
    """OpenAI-compatible chat: the answer text with [n] markers, citations in ``jrqa``."""
    mode = mode_of_model(request.model, service.offered_modes())
    question, history = question_and_history(request.messages)
    question = service.validate(question)
    model = model_name(service.mode_for(mode))
    reply_id, created = completion_id(), now()
    outlet = request.jrqa.outlet
    await service.check_outlet(outlet)
    if not request.stream:
        answer = await service.ask(question, history, mode, outlet)
        return completion(answer, model, reply_id, created)

    async def events() -> AsyncIterator[bytes]:
        items = service.stream(question, history, mode, outlet)
        try:
            async for chunk in completion_chunks(items, model, reply_id, created):
                yield format_sse_event(data_str=chunk.model_dump_json())
        except JrqaError as error:
            _, body = error_reply(error, service.settings)
            yield format_sse_event(data_str=body.model_dump_json())
            return
        yield format_sse_event(data_str="[DONE]")

    return EventSourceResponse(events())


@api.get("/models")
def models(service: Service) -> ModelList:
    """One model per answer mode this server offers, named ``jrqa-<mode>``."""
    return ModelList(data=[ModelCard(id=model_name(mode)) for mode in service.offered_modes()])


@api.get("/articles")
async def articles(service: Service) -> ArticleList:
    """The indexed articles: file name, title, outlet, chunks (and any provenance)."""
    return ArticleList(data=await service.articles())


@api.api_route(
    "/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
)
def unknown(path: str) -> None:
    """A JSON 404 for any other /v1 path (otherwise the page mounted at / would answer)."""
    raise HTTPException(404, f"There is no endpoint /v1/{path}.")


def _json_text(text: str) -> str:
    return json.dumps({"text": text}, ensure_ascii=False)
