"""The openai mode against real servers: llama.cpp's, and ones that misbehave."""

from __future__ import annotations

import http.server
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from jrqa.api import get_answerer
from jrqa.errors import LLMUnavailableError
from jrqa.models import Answer
from jrqa.settings import Settings
from tests.local_servers import free_port, serving, stop, wait_until_answering
from tests.test_generative import _assert_verified

pytestmark = pytest.mark.server

QUESTION = "Who signed the Tokyo Declaration?"
STARTUP_TIMEOUT_S = 180


@contextmanager
def llama_cpp_server(model: Path, log: Path) -> Iterator[str]:
    """Run ``python -m llama_cpp.server`` on a free local port; yield its /v1 URL."""
    port = free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model),
        "--model_alias", "jrqa-test", "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "4096", "--n_threads", "2", "--verbose", "False",
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/v1"
            wait_until_answering(
                f"{url}/models", process, "the llama.cpp server", STARTUP_TIMEOUT_S, str(log)
            )
            yield url
        finally:
            stop(process)


def _openai_settings(seed_settings: Settings, url: str, **extra: object) -> Settings:
    update = {"mode": "openai", "openai_base_url": url, "openai_model": "jrqa-test", **extra}
    return seed_settings.model_copy(update=update)


def test_openai_mode_with_a_llama_cpp_server(seed_settings: Settings, tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp.server.app")
    pytest.importorskip("llama_index.llms.openai_like")
    from jrqa.llm.model_file import bundled_model_path

    with llama_cpp_server(bundled_model_path(), tmp_path / "server.log") as url:
        answerer = get_answerer(_openai_settings(seed_settings, url))
        items = list(answerer.stream(QUESTION))
        answer = items[-1]
        assert isinstance(answer, Answer)
        assert any(isinstance(item, str) and item for item in items[:-1]), "nothing streamed"
        assert answer.mode == "openai" and not answer.abstained
        assert "Yeltsin" in answer.text
        _assert_verified(answer)
    with pytest.raises(LLMUnavailableError, match="cannot be reached") as stopped:
        answerer.ask(QUESTION)
    assert url in str(stopped.value) and "Traceback" not in str(stopped.value)


class _Misbehaving(http.server.BaseHTTPRequestHandler):
    """Answers every completion with an HTTP 500, or too slowly."""

    delay_s = 0.0

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        time.sleep(self.delay_s)
        body = b'{"error": {"message": "model crashed", "type": "server_error"}}'
        try:
            self.send_response(500)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, as it should

    def log_message(self, format: str, *args: object) -> None:
        return None


@contextmanager
def misbehaving_server(delay_s: float) -> Iterator[str]:
    handler = type("Handler", (_Misbehaving,), {"delay_s": delay_s})
    with serving(handler) as url:
        yield url


def test_a_server_error_is_reported_clearly(seed_settings: Settings) -> None:
    pytest.importorskip("llama_index.llms.openai_like")
    with misbehaving_server(delay_s=0) as url:
        answerer = get_answerer(_openai_settings(seed_settings, url))
        with pytest.raises(LLMUnavailableError, match=r"refused the request \(HTTP 500"):
            answerer.ask(QUESTION)


def test_a_slow_server_times_out_clearly(seed_settings: Settings) -> None:
    pytest.importorskip("llama_index.llms.openai_like")
    with misbehaving_server(delay_s=5) as url:
        answerer = get_answerer(_openai_settings(seed_settings, url, llm_timeout_s=1.0))
        started = time.monotonic()
        with pytest.raises(LLMUnavailableError, match="did not answer in time"):
            answerer.ask(QUESTION)
        assert time.monotonic() - started < 5
