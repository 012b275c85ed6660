"""Who can reach the chat page, and where secrets from the settings may go (nowhere).

The page binds 127.0.0.1 unless told otherwise; binding anywhere else without a password
prints a warning. The API key and the page password never appear in what jrqa prints,
logs, shows on the page, stores in feedback or writes to the index, even when a server
echoes the key back in an error.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from jrqa.cli import main
from tests.conftest import SEEDS
from tests.local_servers import serving
from tests.robustness.conftest import copy_index, running_chat, subprocess_env

TOKYO = "Who signed the Tokyo Declaration?"
API_KEY = "sk-SENTINEL-api-key-4f9c2e"
PASSWORD = "SENTINEL-page-password-81d7"


# --- binding and the exposure warning -----------------------------------------------------


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, Any]]:
    """Replace the Gradio page with one that records how it would be launched."""
    import ui.app

    calls: list[tuple[str, int, Any]] = []

    class RecordingApp:
        def launch(self, host: str, port: int, auth: Any = None) -> str:
            calls.append((host, port, auth))
            raise KeyboardInterrupt  # as if Ctrl+C came right after the start

    monkeypatch.setattr(ui.app, "create_app", lambda factory, settings: RecordingApp())
    return calls


def _chat(seed_index_dir: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> str:
    code = main(["chat", "--index-dir", str(seed_index_dir), *flags])
    assert code == 130  # stopped by the interrupt
    return capsys.readouterr().err


def test_the_page_binds_loopback_by_default(
    seed_index_dir: Path, launches: list, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _chat(seed_index_dir, capsys)
    assert launches == [("127.0.0.1", 7860, None)]
    assert "warning" not in err


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "chat.example.org"])
def test_binding_elsewhere_without_a_password_warns(
    seed_index_dir: Path, launches: list, capsys: pytest.CaptureFixture[str], host: str
) -> None:
    err = _chat(seed_index_dir, capsys, "--host", host)
    assert f"jrqa: warning: serving on {host} without a password" in err
    assert "JRQA_AUTH_PASSWORD" in err
    assert launches[0][0] == host


@pytest.mark.parametrize("host", ["localhost", "127.0.0.2", "::1"])
def test_other_loopback_addresses_do_not_warn(
    seed_index_dir: Path, launches: list, capsys: pytest.CaptureFixture[str], host: str
) -> None:
    assert "warning" not in _chat(seed_index_dir, capsys, "--host", host)


def test_binding_elsewhere_with_a_password_passes_it_to_the_page_and_prints_nothing(
    seed_index_dir: Path,
    launches: list,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("JRQA_AUTH_USER", "reader")
    monkeypatch.setenv("JRQA_AUTH_PASSWORD", PASSWORD)
    code = main(["chat", "--index-dir", str(seed_index_dir), "--host", "0.0.0.0"])
    captured = capsys.readouterr()
    assert code == 130
    assert launches == [("0.0.0.0", 7860, ("reader", PASSWORD))]
    assert "warning" not in captured.err
    assert PASSWORD not in captured.out + captured.err


@pytest.mark.parametrize("variable", ["JRQA_AUTH_USER", "JRQA_AUTH_PASSWORD"])
def test_half_a_login_warns_even_on_loopback(
    seed_index_dir: Path,
    launches: list,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
) -> None:
    monkeypatch.setenv(variable, PASSWORD if "PASSWORD" in variable else "reader")
    err = _chat(seed_index_dir, capsys)
    assert "work only together" in err and launches[0][2] is None
    assert PASSWORD not in err


# --- secrets ---------------------------------------------------------------------------------


class _EchoingServer(BaseHTTPRequestHandler):
    """An OpenAI-compatible server that refuses the key and quotes it, as some proxies do."""

    seen_keys: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 (the http.server naming)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        key = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        _EchoingServer.seen_keys.append(key)
        body = json.dumps(
            {"error": {"message": f"Incorrect API key provided: {key}", "code": "invalid_api_key"}}
        ).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def echoing_server() -> Iterator[str]:
    with serving(_EchoingServer) as url:
        yield url


@pytest.fixture
def secret_settings(
    scratch_settings, echoing_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):  # type: ignore[no-untyped-def]
    from jrqa.settings import load_settings

    for name, value in {
        "JRQA_INDEX_DIR": str(scratch_settings.index_dir),
        "JRQA_SEEDS_DIR": str(SEEDS),
        "JRQA_OPENAI_API_KEY": API_KEY,
        "JRQA_OPENAI_BASE_URL": echoing_server,
        "JRQA_OPENAI_MODEL": "any-model",
        "JRQA_AUTH_USER": "reader",
        "JRQA_AUTH_PASSWORD": PASSWORD,
        "JRQA_FEEDBACK_PATH": str(tmp_path / "feedback.jsonl"),
    }.items():
        monkeypatch.setenv(name, value)
    return load_settings()


def _assert_no_secret(where: str, text: str) -> None:
    assert API_KEY not in text, f"the API key leaked into {where}"
    assert PASSWORD not in text, f"the page password leaked into {where}"


def test_secrets_stay_out_of_output_logs_feedback_and_the_index(
    secret_settings, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    from pydantic import SecretStr

    from jrqa.api import get_answerer
    from ui.chat import ChatController
    from ui.conversation import Conversation
    from ui.feedback import FeedbackLog

    caplog.set_level(logging.DEBUG)
    _EchoingServer.seen_keys.clear()
    assert isinstance(secret_settings.openai_api_key, SecretStr)
    assert isinstance(secret_settings.auth_password, SecretStr)
    for shown in (repr(secret_settings), str(secret_settings), secret_settings.model_dump_json()):
        _assert_no_secret("the settings' printed form", shown)

    # The CLI: answers, JSON, ingest, and a server that quotes the key in its refusal.
    codes = [main(["ask", TOKYO]), main(["ask", "--json", TOKYO]), main(["ingest", "--json"])]
    assert codes == [0, 0, 0]
    assert main(["ask", "--mode", "openai", TOKYO]) == 2
    captured = capsys.readouterr()
    assert "Yeltsin" in captured.out and "401" in captured.err
    _assert_no_secret("the terminal", captured.out + captured.err)

    # The chat page: an answer, two votes, and the same refusing server.
    feedback = FeedbackLog(secret_settings.feedback_path)
    answerer = get_answerer(secret_settings)
    controller = ChatController(answerer, feedback, secret_settings, ["extractive", "openai"])
    conversation = Conversation()
    *_, answered = controller.respond(conversation, TOKYO, "extractive")
    assert controller.vote(conversation, 1, True) is not None
    voted = controller.vote(conversation, 1, False)
    assert voted is not None
    *_, refused = controller.respond(Conversation(), TOKYO, "openai")
    assert "jrqa-error" in refused.chat.messages[-1]["content"]
    page = [answered.sources_html, refused.sources_html]
    page += [m["content"] for m in voted.messages + refused.chat.messages]
    _assert_no_secret("the chat page", "\n".join(page))

    assert _EchoingServer.seen_keys and set(_EchoingServer.seen_keys) == {API_KEY}
    lines = secret_settings.feedback_path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["verdict"] for line in lines] == ["down"]  # one record, changed
    _assert_no_secret("the feedback file", "\n".join(lines))
    _assert_no_secret("the logs", caplog.text)
    for path in secret_settings.index_dir.rglob("*"):
        if path.is_file():
            _assert_no_secret(str(path), path.read_bytes().decode("latin-1"))


def test_the_chat_page_answers_with_the_settings_it_was_given(secret_settings) -> None:  # type: ignore[no-untyped-def]
    """One answerer for the page (one store), made from its settings with the key intact."""
    from ui.app import create_app

    chosen: list[Any] = []
    create_app(lambda settings: chosen.append(settings) or object(), secret_settings)
    assert chosen == [secret_settings]
    assert chosen[0].openai_api_key.get_secret_value() == API_KEY


@pytest.mark.server
@pytest.mark.slow
def test_a_password_protected_page_on_loopback(seed_index_dir: Path, tmp_path: Path) -> None:
    import httpx
    import psutil
    from gradio_client import Client

    index_dir = copy_index(seed_index_dir, tmp_path / "index")
    env = subprocess_env(
        JRQA_AUTH_USER="reader",
        JRQA_AUTH_PASSWORD=PASSWORD,
        JRQA_OPENAI_API_KEY=API_KEY,
        JRQA_FEEDBACK_PATH=str(tmp_path / "feedback.jsonl"),
    )
    with running_chat(index_dir, tmp_path / "chat.log", env) as server:
        assert server.url.startswith("http://127.0.0.1:")
        listening = [
            connection.laddr.ip
            for connection in psutil.Process(server.process.pid).net_connections("inet")
            if connection.status == psutil.CONN_LISTEN
        ]
        assert listening and set(listening) <= {"127.0.0.1", "::1"}, listening

        anonymous = httpx.get(server.url + "config", timeout=30)
        assert anonymous.status_code in (401, 403), anonymous.status_code
        login_page = httpx.get(server.url, timeout=30).text
        _assert_no_secret("the login page", login_page + anonymous.text)
        with pytest.raises(Exception, match="(?i)login|auth|credentials"):
            Client(server.url, auth=("reader", "wrong"), verbose=False, analytics_enabled=False)

        client = Client(
            server.url,
            auth=("reader", PASSWORD),
            verbose=False,
            download_files=False,
            analytics_enabled=False,
        )
        chat, sources, _status, _box = client.predict(TOKYO, "extractive", api_name="/ask")
        client.close()
        assert "Yeltsin" in json.dumps(chat)
        assert "001_68ffb54545db6918.txt" in html.unescape(sources)
    assert server.process.returncode == 130, "Ctrl+C should stop the page cleanly"
    _assert_no_secret("the server's output", server.output())
