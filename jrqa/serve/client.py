"""The client ``jrqa ask`` uses to answer through a running ``jrqa serve``.

Standard library only: a new ``jrqa ask`` process should cost an interpreter start and
one loopback request, not the seconds llama-index and chromadb take to import (or the
tenth of a second httpx takes).
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from jrqa.errors import JrqaError
from jrqa.models import Answer
from jrqa.serve.pins import pinned_settings
from jrqa.settings import Settings

ASK_PATH = "/v1/ask"


class ServerUnreachableError(JrqaError):
    """Nothing accepted a connection at the server's address in time."""


class NotAJrqaServerError(JrqaError):
    """Something answers at the address, but it is not ``jrqa serve``."""


class SettingsMismatchError(JrqaError):
    """The server answers from other settings than the ones this ``jrqa ask`` was given."""


@dataclass(frozen=True)
class ServerAddress:
    """Where ``jrqa ask`` looks for a server, and whether the user named it."""

    url: str
    configured: bool  # JRQA_SERVER_URL was set; otherwise it is the default local guess


def server_address(settings: Settings) -> ServerAddress:
    """``JRQA_SERVER_URL``, or where ``jrqa serve`` listens by default on this machine."""
    if settings.server_url:
        return ServerAddress(settings.server_url.rstrip("/"), configured=True)
    return ServerAddress(f"http://127.0.0.1:{settings.port}", configured=False)


class ServerClient:
    """Asks one ``jrqa serve`` over HTTP.

    Args:
        url: the server's base address, e.g. ``http://127.0.0.1:7860``.
        api_key: sent as a Bearer token when the server requires one.
        connect_timeout_s: how long to wait for the connection (short: a server that is
            not there should cost next to nothing).
        timeout_s: how long to wait for the answer once connected.
    """

    def __init__(
        self, url: str, api_key: str | None, connect_timeout_s: float, timeout_s: float
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise JrqaError(f"The server URL {url!r} is not an http:// or https:// address.")
        self.url = url
        self.api_key = api_key
        self.connect_timeout_s = connect_timeout_s
        self.timeout_s = timeout_s
        self._parts = parts

    def ask(
        self,
        question: str,
        mode: str | None = None,
        pins: dict[str, Any] | None = None,
        on_draft: Callable[[str], None] | None = None,
        outlet: str | None = None,
    ) -> Answer:
        """The server's answer; with ``on_draft``, a generative draft is passed on as it grows.

        With ``outlet``, the server answers from that outlet's articles only.

        Raises:
            ServerUnreachableError: nothing answers at the address.
            NotAJrqaServerError: something else answers there.
            SettingsMismatchError: the server's settings differ from ``pins``.
            JrqaError: the server refused the question or failed, with its message.
        """
        payload: dict[str, Any] = {"question": question, "stream": on_draft is not None}
        if mode is not None:
            payload["mode"] = mode
        if outlet is not None:
            payload["outlet"] = outlet
        if pins:
            payload["require_settings"] = pins
        connection = self._connect()
        try:
            response = self._post(connection, ASK_PATH, payload)
            if response.status != 200:
                raise self._refusal(response)
            if on_draft is None:
                return Answer.model_validate_json(self._read(response))
            return self._streamed_answer(response, on_draft)
        finally:
            connection.close()

    def _connect(self) -> http.client.HTTPConnection:
        connection_class = (
            http.client.HTTPSConnection
            if self._parts.scheme == "https"
            else http.client.HTTPConnection
        )
        connection = connection_class(
            self._parts.hostname or "", self._parts.port, timeout=self.connect_timeout_s
        )
        try:
            connection.connect()
        except OSError as error:
            connection.close()
            raise ServerUnreachableError(
                f"No jrqa server answers at {self.url} ({_reason(error)})."
            ) from None
        if connection.sock is not None:  # connected: now allow for the answer's own time
            connection.sock.settimeout(self.timeout_s)
        return connection

    def _post(
        self, connection: http.client.HTTPConnection, path: str, payload: dict[str, Any]
    ) -> http.client.HTTPResponse:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        base = self._parts.path.rstrip("/")
        try:
            connection.request("POST", base + path, json.dumps(payload).encode(), headers)
            return connection.getresponse()
        except OSError as error:
            raise self._broken(error) from None

    def _read(self, response: http.client.HTTPResponse) -> bytes:
        try:
            return response.read()
        except OSError as error:
            raise self._broken(error) from None

    def _refusal(self, response: http.client.HTTPResponse) -> JrqaError:
        """The error for a non-200 reply, carrying the server's own message."""
        body = self._read(response)
        message = _error_message(body)
        if response.status in (404, 405) or message is None:
            return NotAJrqaServerError(
                f"{self.url} is not a jrqa server: POST {ASK_PATH} answered "
                f"{response.status} {response.reason}."
            )
        if response.status == 409:
            return SettingsMismatchError(f"{self.url}: {message}")
        if response.status == 401:
            return JrqaError(
                f"The jrqa server at {self.url} refused the API key: {message} "
                "Set JRQA_API_KEY to the server's key."
            )
        return JrqaError(message)

    def _streamed_answer(
        self, response: http.client.HTTPResponse, on_draft: Callable[[str], None]
    ) -> Answer:
        try:
            for event, data in _server_sent_events(response):
                if event == "draft":
                    on_draft(str(json.loads(data)["text"]))
                elif event == "answer":
                    return Answer.model_validate_json(data)
                elif event == "error":
                    raise JrqaError(_error_message(data.encode()) or "The server failed.")
        except OSError as error:
            raise self._broken(error) from None
        raise JrqaError(f"The jrqa server at {self.url} ended the answer stream without an answer.")

    def _broken(self, error: OSError) -> JrqaError:
        if isinstance(error, TimeoutError):
            return JrqaError(
                f"The jrqa server at {self.url} did not answer within {self.timeout_s:g} s "
                "(JRQA_SERVER_TIMEOUT_S)."
            )
        return JrqaError(
            f"The jrqa server at {self.url} dropped the connection ({_reason(error)}); "
            "is it still running?"
        )


def _server_sent_events(response: http.client.HTTPResponse) -> Iterator[tuple[str, str]]:
    """(event, data) pairs of a ``text/event-stream`` body, as they arrive."""
    event, data = "message", list[str]()
    for raw in response:
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line:
            if data:
                yield event, "\n".join(data)
            event, data = "message", []
        elif line.startswith("event:"):
            event = line[len("event:") :].strip()
        elif line.startswith("data:"):
            data.append(line[len("data:") :].removeprefix(" "))


def _error_message(body: bytes) -> str | None:
    """The message of a jrqa (OpenAI-style) error body, or None for anything else."""
    try:
        parsed = json.loads(body)
        message = parsed["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return None
    return str(message)


def _reason(error: OSError) -> str:
    if isinstance(error, TimeoutError):
        return "timed out"
    return error.strerror or type(error).__name__


def answer_from_server(
    question: str,
    settings: Settings,
    warn: Callable[[str], None],
    on_draft: Callable[[str], None] | None = None,
    outlet: str | None = None,
) -> Answer | None:
    """The answer of a running ``jrqa serve``, or None to answer in this process instead.

    The default local address is only a guess, so when nothing (or something else)
    answers there, or the server answers from other settings, this returns None
    quietly. A server named by ``JRQA_SERVER_URL`` that cannot answer is an error, since
    the user asked for it; one with other settings is reported with ``warn``.
    """
    address = server_address(settings)
    key = settings.api_key.get_secret_value() if settings.api_key else None
    client = ServerClient(
        address.url, key, settings.server_connect_timeout_s, settings.server_timeout_s
    )
    mode = settings.mode if "mode" in settings.model_fields_set else None
    try:
        return client.ask(question, mode, pinned_settings(settings), on_draft, outlet)
    except (ServerUnreachableError, NotAJrqaServerError) as error:
        if not address.configured:
            return None
        raise JrqaError(
            f"{error} Start it with `jrqa serve`, or unset JRQA_SERVER_URL (or pass "
            "--no-server) to answer in this process."
        ) from None
    except SettingsMismatchError as error:
        if address.configured:
            warn(f"{error} Answering in this process instead.")
        return None
