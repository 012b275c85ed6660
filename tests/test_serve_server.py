"""A real `jrqa serve` on a free loopback port, driven by the official `openai` client,
plain HTTP and new `jrqa ask` processes; stopped when the module's tests are done."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from jrqa.cli import main
from jrqa.ingest.cleaning import clean_article
from jrqa.models import Answer
from jrqa.text.markers import MARKER
from tests.conftest import ROOT, SEEDS
from tests.local_servers import free_port, stop, wait_until_answering

pytestmark = pytest.mark.server

TOKYO = "Who signed the Tokyo Declaration?"
VLADIVOSTOK = "What is the population of Vladivostok?"
START_TIMEOUT_S = 180
HEAVY = ("llama_index", "chromadb", "fastapi", "gradio", "torch")


@dataclass
class Served:
    url: str  # http://127.0.0.1:<port>
    port: int
    index_dir: Path
    process: subprocess.Popen[bytes]
    log: Path


def _same_up_to_float_noise(first: object, second: object) -> bool:
    """Equal, but for floats that may differ in their last digits.

    The server is another process: its query vector can differ from this process's in the
    last bits (ONNX Runtime's threaded sums), and so can retrieval scores; the answer's
    text, citations, quotes and offsets must not.
    """
    if isinstance(first, float) and isinstance(second, float):
        return math.isclose(first, second, abs_tol=1e-5)
    if isinstance(first, dict) and isinstance(second, dict):
        return first.keys() == second.keys() and all(
            _same_up_to_float_noise(first[key], second[key]) for key in first
        )
    if isinstance(first, list) and isinstance(second, list):
        return len(first) == len(second) and all(
            _same_up_to_float_noise(a, b) for a, b in zip(first, second, strict=True)
        )
    return first == second


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("JRQA_")}
    env.update(HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False", GRADIO_ANALYTICS_ENABLED="False")
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def served(seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("serve")
    index_dir = folder / "index"
    shutil.copytree(seed_index_dir, index_dir)  # one process per embedded store
    port = free_port()
    log = folder / "serve.log"
    command = [sys.executable, "-m", "jrqa.cli", "serve", "--index-dir", str(index_dir)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port)], stdout=out, stderr=subprocess.STDOUT, env=_env()
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{url}/healthz", process, "jrqa serve", START_TIMEOUT_S, str(log))
        yield Served(url, port, index_dir, process, log)
    finally:
        stop(process)
    output = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in output, output


@pytest.fixture(scope="module")
def openai_client(served: Served):  # type: ignore[no-untyped-def]
    from openai import OpenAI

    with OpenAI(base_url=f"{served.url}/v1", api_key="unused", max_retries=0) as client:
        yield client


def _check_citations(text: str, citations: list[dict[str, object]]) -> None:
    """Every marker resolves, and every quote is the cleaned article's [start:end]."""
    markers = {int(n) for n in MARKER.findall(text)}
    assert markers and markers == {c["n"] for c in citations}
    for citation in citations:
        raw = (SEEDS / str(citation["source"])).read_text(encoding="utf-8")
        cleaned = clean_article(raw, str(citation["source"])).text
        assert cleaned[int(citation["start"]) : int(citation["end"])] == citation["quote"]  # type: ignore[call-overload]
        assert citation["title"] and "outlet" in citation


# --- the openai client ------------------------------------------------------------------------


def test_the_openai_client_gets_the_cited_answer(openai_client) -> None:  # type: ignore[no-untyped-def]
    reply = openai_client.chat.completions.create(
        model="jrqa-extractive", messages=[{"role": "user", "content": TOKYO}]
    )
    text = reply.choices[0].message.content
    assert "Yeltsin" in text and reply.model == "jrqa-extractive"
    extra = reply.model_extra["jrqa"]
    assert extra["abstained"] is False and extra["mode"] == "extractive"
    _check_citations(text, extra["citations"])
    assert extra["citations"][0]["source"] == "001_68ffb54545db6918.txt"


def test_the_openai_client_streams_the_same_reply(openai_client) -> None:  # type: ignore[no-untyped-def]
    whole = openai_client.chat.completions.create(
        model="jrqa", messages=[{"role": "user", "content": TOKYO}]
    )
    chunks = list(
        openai_client.chat.completions.create(
            model="jrqa", messages=[{"role": "user", "content": TOKYO}], stream=True
        )
    )
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    assert text == whole.choices[0].message.content
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.model_extra["jrqa"]["citations"] == whole.model_extra["jrqa"]["citations"]
    assert all("jrqa" not in chunk.model_extra for chunk in chunks[:-1])


@pytest.mark.parametrize("stream", [False, True])
def test_a_refusal_is_a_normal_reply(openai_client, stream: bool) -> None:  # type: ignore[no-untyped-def]
    messages = [{"role": "user", "content": VLADIVOSTOK}]
    if stream:
        chunks = list(
            openai_client.chat.completions.create(model="jrqa", messages=messages, stream=True)
        )
        text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
        extra, finish = chunks[-1].model_extra["jrqa"], chunks[-1].choices[0].finish_reason
    else:
        reply = openai_client.chat.completions.create(model="jrqa", messages=messages)
        text, extra = reply.choices[0].message.content, reply.model_extra["jrqa"]
        finish = reply.choices[0].finish_reason
    assert text.startswith("The articles don't") and "[" not in text
    assert finish == "stop" and extra["abstained"] is True and extra["citations"] == []


def test_the_openai_client_lists_the_modes_as_models(openai_client) -> None:  # type: ignore[no-untyped-def]
    ids = [model.id for model in openai_client.models.list()]
    assert "jrqa-extractive" in ids


def test_the_openai_client_reports_a_too_long_question(openai_client) -> None:  # type: ignore[no-untyped-def]
    from openai import BadRequestError

    with pytest.raises(BadRequestError, match="the limit is 2,000"):
        openai_client.chat.completions.create(
            model="jrqa", messages=[{"role": "user", "content": "why " * 1000}]
        )


# --- /v1/ask and the page ----------------------------------------------------------------------


def test_ask_endpoint_answers_as_jrqa_ask_does(served: Served, seed_settings) -> None:  # type: ignore[no-untyped-def]
    import jrqa

    first = "Where does Abe plan to visit in May?"
    history = [{"role": "user", "content": first}]
    history.append({"role": "assistant", "content": jrqa.ask(first, settings=seed_settings).text})
    for question, turns in [(TOKYO, []), (VLADIVOSTOK, []), ("And in September?", history)]:
        reply = httpx.post(
            f"{served.url}/v1/ask", json={"question": question, "history": turns}, timeout=60
        )
        assert reply.status_code == 200, reply.text
        expected = jrqa.ask(question, history=turns or None, settings=seed_settings)
        served_answer = Answer.model_validate(reply.json())
        assert _same_up_to_float_noise(served_answer.model_dump(), expected.model_dump())


def test_the_chat_page_is_served_from_the_same_process(served: Served) -> None:
    page = httpx.get(f"{served.url}/", timeout=30)
    assert page.status_code == 200 and "gradio" in page.text.lower()
    assert httpx.get(f"{served.url}/config", timeout=30).status_code == 200
    articles = httpx.get(f"{served.url}/v1/articles", timeout=30).json()["data"]
    assert len(articles) == 5
    unknown = httpx.get(f"{served.url}/v1/nothing", timeout=30)  # the API's, not the page's
    assert unknown.status_code == 404 and "no endpoint" in unknown.json()["error"]["message"]


def test_the_benchs_page_tab_asks_as_the_ask_button_does(served: Served) -> None:
    from evals.bench_serve import PageTab

    tab = PageTab(served.url)
    try:
        first = tab.ask(TOKYO, "extractive")
        both = tab.ask(VLADIVOSTOK, "extractive")  # the same tab: its conversation goes on
    finally:
        tab.close()
    texts = [part["text"] for message in both for part in message["content"]]
    assert [message["role"] for message in both] == ["user", "assistant"] * 2
    assert both[:2] == first and texts[0] == TOKYO and texts[2] == VLADIVOSTOK
    assert "Yeltsin" in texts[1] and 'class="jrqa-cite"' in texts[1]
    assert "jrqa-abstained" in texts[3]


# --- `jrqa ask` through the server -----------------------------------------------------------


def _ask_process(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "jrqa.cli", "ask", *args]
    return subprocess.run(
        command, capture_output=True, text=True, env=_env(**env), cwd=cwd, timeout=300
    )


@pytest.mark.parametrize("flags", [[], ["--json"]])
def test_jrqa_ask_prints_the_same_through_the_server(
    served: Served, capsys: pytest.CaptureFixture[str], flags: list[str]
) -> None:
    for question in (TOKYO, VLADIVOSTOK):
        through = _ask_process(*flags, question, JRQA_SERVER_URL=served.url)
        assert through.returncode == 0, through.stderr
        assert (
            main(["ask", "--no-server", "--index-dir", str(served.index_dir), *flags, question])
            == 0
        )
        alone = capsys.readouterr().out
        if "--json" in flags:
            assert _same_up_to_float_noise(json.loads(through.stdout), json.loads(alone))
        else:
            assert through.stdout == alone


def test_jrqa_ask_through_the_server_loads_neither_llama_index_nor_chromadb(
    served: Served,
) -> None:
    probe = (
        "import sys\n"
        "from jrqa.cli import main\n"
        f"code = main(['ask', {TOKYO!r}])\n"
        f"loaded = {{name.split('.')[0] for name in sys.modules}} & {set(HEAVY)!r}\n"
        "print('LOADED', sorted(loaded), code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=_env(JRQA_SERVER_URL=served.url),
        timeout=120,
    )
    assert "Yeltsin" in done.stdout
    assert "LOADED [] 0" in done.stdout, done.stdout + done.stderr


def test_jrqa_ask_finds_a_server_at_the_default_address(served: Served, tmp_path: Path) -> None:
    # No index and no seeds here: only the server can answer.
    done = _ask_process(TOKYO, cwd=tmp_path, JRQA_PORT=str(served.port))
    assert done.returncode == 0, done.stderr
    assert "Yeltsin" in done.stdout and done.stderr == ""


def test_a_server_at_the_default_address_with_another_index_is_passed_by(
    served: Served, seed_index_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("JRQA_PORT", str(served.port))
    assert main(["ask", "--index-dir", str(seed_index_dir), TOKYO]) == 0
    captured = capsys.readouterr()
    assert "Yeltsin" in captured.out and captured.err == ""


def test_a_named_server_with_other_settings_is_reported_and_passed_by(
    served: Served, seed_index_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("JRQA_SERVER_URL", served.url)
    assert main(["ask", "--json", "--top-k", "3", "--index-dir", str(seed_index_dir), TOKYO]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["text"]
    assert "other settings" in captured.err and "index_dir, top_k" in captured.err
