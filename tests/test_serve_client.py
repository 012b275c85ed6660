"""The client `jrqa ask` uses: which server it asks, what it does when there is none, and
how it reports one that fails. Fake servers on loopback stand in for `jrqa serve`."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from jrqa.cli import main
from jrqa.errors import JrqaError
from jrqa.models import Answer
from jrqa.serve.client import (
    NotAJrqaServerError,
    ServerClient,
    ServerUnreachableError,
    answer_from_server,
    server_address,
)
from jrqa.serve.pins import differing_settings, pinned_settings
from jrqa.settings import Settings
from tests.local_servers import free_port, serving

TOKYO = "Who signed the Tokyo Declaration?"
ANSWER = Answer(question=TOKYO, text="Yeltsin and Hosokawa signed it. [1]")


class _Recording(BaseHTTPRequestHandler):
    """Answers POST /v1/ask with ``reply`` (status, body, content type) and records requests."""

    requests: list[tuple[str, dict[str, str], dict[str, Any]]] = []
    reply: tuple[int, bytes, str] = (200, ANSWER.model_dump_json().encode(), "application/json")

    def do_POST(self) -> None:  # noqa: N802 (the http.server naming)
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        _Recording.requests.append((self.path, dict(self.headers), body))
        status, payload, content_type = _Recording.reply
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def fake_server() -> Any:
    _Recording.requests = []
    _Recording.reply = (200, ANSWER.model_dump_json().encode(), "application/json")
    with serving(_Recording) as v1_url:
        yield v1_url.removesuffix("/v1")


def _client(url: str, key: str | None = None) -> ServerClient:
    return ServerClient(url, key, connect_timeout_s=1, timeout_s=5)


def test_the_default_address_is_the_local_port() -> None:
    assert server_address(Settings(port=7999)).url == "http://127.0.0.1:7999"
    assert not server_address(Settings()).configured
    named = server_address(Settings(server_url="http://10.0.0.5:7860/"))
    assert named.url == "http://10.0.0.5:7860" and named.configured


def test_the_client_posts_the_question_mode_pins_and_key(fake_server: str) -> None:
    answer = _client(fake_server, "sk-key").ask(TOKYO, "local", {"top_k": 3})
    assert answer == ANSWER
    ((path, headers, body),) = _Recording.requests
    assert path == "/v1/ask" and headers["Authorization"] == "Bearer sk-key"
    assert body == {
        "question": TOKYO,
        "stream": False,
        "mode": "local",
        "require_settings": {"top_k": 3},
    }


def test_the_client_passes_drafts_on_and_returns_the_streamed_answer(fake_server: str) -> None:
    events = (
        'event: draft\ndata: {"text": "Yeltsin"}\n\n'
        'event: draft\ndata: {"text": "Yeltsin signed"}\n\n'
        f"event: answer\ndata: {ANSWER.model_dump_json()}\n\n"
    )
    _Recording.reply = (200, events.encode(), "text/event-stream")
    drafts: list[str] = []
    assert _client(fake_server).ask(TOKYO, on_draft=drafts.append) == ANSWER
    assert drafts == ["Yeltsin", "Yeltsin signed"]


def test_an_error_event_is_raised_with_its_message(fake_server: str) -> None:
    body = 'event: error\ndata: {"error": {"message": "The model is gone.", "type": "x"}}\n\n'
    _Recording.reply = (200, body.encode(), "text/event-stream")
    with pytest.raises(JrqaError, match="The model is gone."):
        _client(fake_server).ask(TOKYO, on_draft=print)


def test_the_servers_refusal_is_raised_with_its_message(fake_server: str) -> None:
    body = {"error": {"message": "The question is empty: please type a question.", "type": "x"}}
    _Recording.reply = (400, json.dumps(body).encode(), "application/json")
    with pytest.raises(JrqaError, match="The question is empty"):
        _client(fake_server).ask(" ")


def test_something_else_at_the_address_is_not_a_jrqa_server(fake_server: str) -> None:
    _Recording.reply = (404, b"<html>Not Found</html>", "text/html")
    with pytest.raises(NotAJrqaServerError, match="is not a jrqa server"):
        _client(fake_server).ask(TOKYO)


def test_nothing_at_the_address_is_unreachable_at_once() -> None:
    with pytest.raises(ServerUnreachableError, match="No jrqa server answers at"):
        _client(f"http://127.0.0.1:{free_port()}").ask(TOKYO)


def test_without_a_server_at_the_default_address_the_answer_is_made_here() -> None:
    settings = Settings(port=free_port())
    assert answer_from_server(TOKYO, settings, warn=pytest.fail) is None


def test_a_named_server_that_is_down_is_an_error_naming_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("JRQA_SERVER_URL", url)
    assert main(["ask", TOKYO]) == 2
    err = capsys.readouterr().err
    assert f"jrqa: No jrqa server answers at {url}" in err
    assert "jrqa serve" in err and "--no-server" in err and "Traceback" not in err


def test_a_named_server_gets_the_api_key(fake_server: str) -> None:
    settings = Settings(server_url=fake_server, api_key=SecretStr("sk-named"))
    assert answer_from_server(TOKYO, settings, warn=pytest.fail) == ANSWER
    assert _Recording.requests[0][1]["Authorization"] == "Bearer sk-named"


def test_pins_are_the_answer_settings_the_user_chose(tmp_path: Path) -> None:
    chosen = Settings(index_dir=tmp_path / "i", top_k=3, port=9000, mode="local")
    assert pinned_settings(chosen) == {"index_dir": str((tmp_path / "i").resolve()), "top_k": 3}
    assert pinned_settings(Settings()) == {}
    server = Settings(index_dir=tmp_path / "i")
    assert differing_settings(pinned_settings(chosen), server) == ["top_k"]
    assert differing_settings({"no_such_setting": 1, "port": 1}, server) == [
        "no_such_setting",
        "port",
    ]
