"""Error replies: JSON with a message (the OpenAI error shape), never a traceback.

jrqa's own errors keep their message and get a status by kind; a malformed request is
told what is wrong with it; anything unexpected is logged (secrets masked).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from jrqa.errors import (
    IndexUnavailableError,
    InvalidQuestionError,
    JrqaError,
    LLMUnavailableError,
    UnknownOutletError,
    redact,
)
from jrqa.serve.completions import UnknownModelError
from jrqa.serve.schemas import ErrorDetail, ErrorResponse
from jrqa.settings import Settings

logger = logging.getLogger(__name__)


class OtherSettingsError(JrqaError):
    """A client pinned settings this server does not answer with."""


# (status, OpenAI error type, code) for each kind of jrqa error.
_STATUS: list[tuple[type[JrqaError], int, str, str]] = [
    (InvalidQuestionError, 400, "invalid_request_error", "invalid_question"),
    (UnknownOutletError, 400, "invalid_request_error", "unknown_outlet"),
    (UnknownModelError, 404, "invalid_request_error", "model_not_found"),
    (OtherSettingsError, 409, "invalid_request_error", "other_settings"),
    (IndexUnavailableError, 503, "server_error", "index_unavailable"),
    (LLMUnavailableError, 503, "server_error", "llm_unavailable"),
]


def error_reply(error: JrqaError, settings: Settings) -> tuple[int, ErrorResponse]:
    """The status and body for one of jrqa's errors (secrets masked)."""
    status, kind, code = next(
        (
            (status, kind, code)
            for kind_of, status, kind, code in _STATUS
            if isinstance(error, kind_of)
        ),
        (500, "server_error", "answer_failed"),
    )
    detail = ErrorDetail(message=redact(str(error), settings), type=kind, code=code)
    return status, ErrorResponse(error=detail)


def _json(
    status: int, body: ErrorResponse, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def install_error_replies(app: FastAPI, settings: Settings) -> None:
    """Register the handlers that turn exceptions into JSON error replies."""

    async def jrqa_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, JrqaError)
        return _json(*error_reply(error, settings))

    async def invalid_request(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        # Where and what, never the values: a request may carry secrets or megabytes.
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc'] if part != 'body') or 'body'}: "
            f"{item['msg']}"
            for item in error.errors()
        )
        message = f"The request is not valid: {problems}."
        detail = ErrorDetail(message=message, type="invalid_request_error", code="invalid_request")
        return _json(422, ErrorResponse(error=detail))

    async def http_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, HTTPException)
        kind = "authentication_error" if error.status_code == 401 else "invalid_request_error"
        detail = ErrorDetail(message=str(error.detail), type=kind)
        return _json(error.status_code, ErrorResponse(error=detail), error.headers)

    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        details = redact("".join(traceback.format_exception(error)), settings)
        logger.error("%s %s failed:\n%s", request.method, request.url.path, details)
        message = "Something went wrong on the server; the details are in its log."
        return _json(500, ErrorResponse(error=ErrorDetail(message=message, type="server_error")))

    app.add_exception_handler(JrqaError, jrqa_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)
