"""``jrqa bench --serve``: jrqa as a service, against jrqa in-process, in one run.

1. The in-process ceiling: warm extractive answers per second on this machine, from a
   fresh process asking from one thread and from one per core (the better figure).
2. A real ``jrqa serve`` on a free loopback port, with 20 users (each its own connection
   or chat-page session) on the OpenAI-compatible API and then on the chat page (the
   requests its Ask button makes): answers/s, median and p95. Each runs twice: saturated
   (a user asks again as soon as it has its answer, which gives the throughput; the
   latency is then users ÷ answers/s, whatever the server does) and paced (every user
   asks at a fixed interval, half the in-process ceiling in all, which gives the latency
   at that load).
3. A new ``jrqa ask`` process with that server running, and without it (median of 5).

The users run in this process, on the same cores as the server, so the figures include
what the clients cost. Reports go to ``bench_serve.json`` and ``bench_serve.md``.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from evals.questions import load_questions, split_path
from jrqa.errors import JrqaError
from jrqa.settings import Settings

USERS = 20
QUESTIONS_PER_USER = 10
# The paced runs offer this share of the in-process ceiling: the load the API is asked to
# sustain, so their latency is what users see at it rather than a saturated queue's.
PACED_SHARE = 0.5
CEILING_ROUNDS = 3
COLD_QUESTION = "Who signed the Tokyo Declaration?"
START_TIMEOUT_S = 300
ANSWER_TIMEOUT_S = 120


class ServeBenchError(JrqaError):
    """The service could not be measured (it did not start, or answered wrongly)."""


def bench_questions(count: int) -> list[str]:
    """Stand-alone questions from the eval set (follow-ups need their history)."""
    dev = load_questions(split_path("dev"))
    return [q.question for q in dev if not q.history and not q.chat][:count]


def run_serve_bench(
    settings: Settings, work_dir: Path, out_dir: Path, users: int, cold_runs: int
) -> int:
    """Measure, print the table, write the reports; 0 when every target is met, else 1."""
    questions = bench_questions(30)
    index_dir = _seed_index(settings, work_dir)
    print("bench --serve: the in-process ceiling …", file=sys.stderr, flush=True)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        ceiling = pool.submit(in_process_ceiling, index_dir, questions).result()
    results: dict[str, Any] = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "users": users,
        "questions_per_user": QUESTIONS_PER_USER,
        "ceiling": ceiling,
    }
    paced_rate = PACED_SHARE * ceiling["answers_per_s"]
    with running_server(index_dir, work_dir / "serve.log") as (url, pid):
        for name, user in (
            ("api", lambda user, pace: _api_user(url, user, questions, pace)),
            ("page", lambda user, pace: _page_user(url, user, questions, pace)),
        ):
            print(f"bench --serve: {users} users on the {name} …", file=sys.stderr, flush=True)
            results[name] = load(user, users, pid, interval_s=None)
            results[f"{name}_paced"] = load(user, users, pid, interval_s=users / paced_rate)
        print("bench --serve: new `jrqa ask` processes …", file=sys.stderr, flush=True)
        results["ask_with_server_s"] = cold_ask(cold_runs, index_dir, server_url=url)
    results["ask_without_server_s"] = cold_ask(cold_runs, index_dir, server_url=None)
    results["checks"] = checks(results)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench_serve.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    table = markdown(results)
    (out_dir / "bench_serve.md").write_text(table, encoding="utf-8")
    print(table)
    print(f"\nWrote {out_dir / 'bench_serve.json'} and bench_serve.md", file=sys.stderr)
    return 0 if all(check["met"] for check in results["checks"].values()) else 1


def _seed_index(settings: Settings, work_dir: Path) -> Path:
    """The bench's own index of the seed articles (built once, never the user's)."""
    index_dir = work_dir / "index-seeds"
    if not (index_dir / "manifest.json").exists():
        from jrqa.api import ingest

        ingest([settings.seeds_dir], settings.model_copy(update={"index_dir": index_dir}))
    return index_dir


# --- in-process ---------------------------------------------------------------------------------


def in_process_ceiling(index_dir: Path, questions: list[str]) -> dict[str, Any]:
    """Warm extractive answers/s from one thread and from one thread per core (best round)."""
    from jrqa.api import get_answerer

    answerer = get_answerer(Settings(index_dir=index_dir))
    for question in questions:  # warm every path once
        answerer.ask(question)
    rates: dict[int, float] = {}
    # Best of a few rounds: on a shared machine a round can lose its cores to others.
    for _ in range(CEILING_ROUNDS):
        for threads in sorted({1, os.cpu_count() or 1}):
            started = time.perf_counter()
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(answerer.ask, questions * 2))
            rate = 2 * len(questions) / (time.perf_counter() - started)
            rates[threads] = max(rate, rates.get(threads, 0.0))
    latencies = []
    for question in questions:
        started = time.perf_counter()
        answerer.ask(question)
        latencies.append(time.perf_counter() - started)
    return {
        "answers_per_s": max(rates.values()),
        "answers_per_s_by_threads": rates,
        "median_s": statistics.median(latencies),
    }


# --- the server and its users ------------------------------------------------------------------


@contextmanager
def running_server(index_dir: Path, log_path: Path) -> Iterator[tuple[str, int]]:
    """``jrqa serve`` on a free loopback port, stopped afterwards; yields its URL and pid."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "jrqa.cli", "serve", "--index-dir", str(index_dir)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=_env())
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process, log_path)
        yield url, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("JRQA_")}
    env.update(HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False", GRADIO_ANALYTICS_ENABLED="False")
    env.update(extra)
    return env


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise ServeBenchError(f"jrqa serve exited with code {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise ServeBenchError(f"jrqa serve did not answer within {START_TIMEOUT_S} s")


def _user_questions(user: int, questions: list[str]) -> list[str]:
    """This user's questions: the list from its own starting point."""
    start = (user * 7) % len(questions)
    rotated = questions[start:] + questions[:start]
    return rotated[:QUESTIONS_PER_USER]


def _api_user(url: str, user: int, questions: list[str], pace: Pace) -> list[float]:
    """One API user on one kept-alive connection; the seconds each answer took."""
    host_port = url.removeprefix("http://")
    connection = http.client.HTTPConnection(host_port, timeout=ANSWER_TIMEOUT_S)
    latencies = []
    for question in _user_questions(user, questions):
        pace.wait()
        body = {"model": "jrqa", "messages": [{"role": "user", "content": question}]}
        started = time.perf_counter()
        connection.request(
            "POST", "/v1/chat/completions", json.dumps(body), {"Content-Type": "application/json"}
        )
        reply = connection.getresponse()
        payload = json.loads(reply.read())
        latencies.append(time.perf_counter() - started)
        if reply.status != 200 or "jrqa" not in payload:
            raise ServeBenchError(f"the API answered {reply.status}: {str(payload)[:300]}")
    connection.close()
    return latencies


def _page_user(url: str, user: int, questions: list[str], pace: Pace) -> list[float]:
    """One chat-page user with its own session (browser tab); the seconds each answer took."""
    tab = PageTab(url)
    latencies = []
    try:
        for question in _user_questions(user, questions):
            pace.wait()
            started = time.perf_counter()
            messages = tab.ask(question, "extractive")
            latencies.append(time.perf_counter() - started)
            reply = json.dumps(messages[-1]) if messages else ""
            if "jrqa-answer" not in reply or "jrqa-error" in reply:
                raise ServeBenchError(f"the page did not answer: {reply:.300}")
    finally:
        tab.close()
    return latencies


class PageTab:
    """One browser tab of the chat page asking questions with its Ask button.

    It makes the requests the page's own script makes for a question, over kept-alive
    connections as a browser does: ``POST queue/join`` (the question, the mode, null for
    session state, the button as trigger), then ``GET queue/data`` for the session's
    event stream until it closes, applying each update's diff to the chat. It is a few
    lines of ``http.client`` rather than ``gradio_client`` because the users run on the
    server's cores: ``gradio_client`` opens a new HTTP client (and TLS context) for every
    question and polls from extra threads, costing as much CPU per answer as the server
    spends, which a browser on the user's own machine does not take from the server.
    """

    API = "/gradio_api"

    def __init__(self, url: str) -> None:
        host = url.removeprefix("http://")
        self.joins = http.client.HTTPConnection(host, timeout=ANSWER_TIMEOUT_S)
        self.events = http.client.HTTPConnection(host, timeout=ANSWER_TIMEOUT_S)
        config = self._json("GET", "/config")
        ask = next(d for d in config["dependencies"] if d.get("api_name") == "ask")
        kinds = {c["id"]: c["type"] for c in config["components"]}
        buttons = [target for target, event in ask["targets"] if kinds[target] == "button"]
        self.fn_index = ask["id"]
        self.trigger_id = buttons[0]
        self.inputs = [kinds[component] for component in ask["inputs"]]
        self.chat_output = ask["outputs"].index(
            next(c for c in ask["outputs"] if kinds[c] == "chatbot")
        )
        # As the page's script makes one: a random id for the tab's session.
        self.session_hash = os.urandom(6).hex()

    def ask(self, question: str, mode: str) -> list[Any]:
        """Ask as the Ask button does; the chat's messages once the answer is complete."""
        values = iter([question, mode])
        data = [None if kind == "state" else next(values) for kind in self.inputs]
        body = {
            "data": data,
            "event_data": None,
            "fn_index": self.fn_index,
            "trigger_id": self.trigger_id,
            "session_hash": self.session_hash,
        }
        joined = self._json("POST", f"{self.API}/queue/join", body)
        return self._chat_when_complete(joined["event_id"])

    def _chat_when_complete(self, event_id: str) -> list[Any]:
        from gradio_client.utils import apply_diff

        self.events.request("GET", f"{self.API}/queue/data?session_hash={self.session_hash}")
        stream = self.events.getresponse()
        chat: Any = None
        completed = False
        for line in stream:  # to the end, so that the connection can be used again
            if not line.startswith(b"data:"):
                continue
            message = json.loads(line[5:])
            if message.get("event_id") not in (None, event_id):
                continue
            if message["msg"] in ("process_generating", "process_completed"):
                if not message.get("success", True):
                    raise ServeBenchError(f"the page failed: {str(message)[:300]}")
                value = message["output"]["data"][self.chat_output]
                if message["msg"] == "process_generating" and chat is not None:
                    chat = apply_diff(chat, value)
                elif not (isinstance(value, dict) and value.get("__type__") == "update"):
                    chat = value
                completed = completed or message["msg"] == "process_completed"
        if not completed:
            raise ServeBenchError("the page's event stream closed before the answer")
        return list(chat or [])

    def _json(self, method: str, path: str, body: object = None) -> Any:
        payload = None if body is None else json.dumps(body)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        self.joins.request(method, path, payload, headers)
        reply = self.joins.getresponse()
        content = reply.read()
        if reply.status != 200:
            raise ServeBenchError(f"{method} {path} answered {reply.status}: {content[:300]!r}")
        return json.loads(content)

    def close(self) -> None:
        """Close the tab's connections."""
        self.joins.close()
        self.events.close()


class Pace:
    """When a user asks its next question.

    Without ``interval_s``, at once (a closed loop); with it, every ``interval_s`` from a
    start of its own, or at once if the last answer came late.
    """

    def __init__(self, interval_s: float | None, offset_s: float) -> None:
        self.interval_s = interval_s
        self.next_at = time.perf_counter() + offset_s

    def wait(self) -> None:
        """Sleep until this user's next question is due."""
        if self.interval_s is None:
            return
        time.sleep(max(0.0, self.next_at - time.perf_counter()))
        self.next_at = max(self.next_at, time.perf_counter()) + self.interval_s


def load(
    user: Callable[[int, Pace], list[float]], users: int, server_pid: int, interval_s: float | None
) -> dict[str, Any]:
    """``users`` at once: answers/s over the run, median and p95 latency, CPU per answer.

    With ``interval_s`` each user asks once per interval, the users' starts spread over
    one interval; without, each asks again as soon as it has its answer.
    """
    import psutil

    server = psutil.Process(server_pid)
    # The machine may be shared: what else ran says how far these figures can be trusted.
    load_average = os.getloadavg()[0]
    server_cpu, client_cpu = _cpu_s(server), _cpu_s(psutil.Process())
    started = time.perf_counter()
    with ThreadPoolExecutor(users) as pool:
        paces = [Pace(interval_s, (interval_s or 0) * u / users) for u in range(users)]
        runs = list(pool.map(user, range(users), paces))
    elapsed = time.perf_counter() - started
    latencies = sorted(latency for run in runs for latency in run)
    return {
        "interval_s": interval_s,
        "answers": len(latencies),
        "seconds": elapsed,
        "answers_per_s": len(latencies) / elapsed,
        "median_s": statistics.median(latencies),
        "p95_s": latencies[int(0.95 * (len(latencies) - 1))],
        "max_s": latencies[-1],
        "server_cpu_ms_per_answer": 1000 * (_cpu_s(server) - server_cpu) / len(latencies),
        "client_cpu_ms_per_answer": 1000 * (_cpu_s(psutil.Process()) - client_cpu) / len(latencies),
        "load_average": load_average,
    }


def _cpu_s(process: Any) -> float:
    """CPU seconds a process (and its threads) used so far."""
    times = process.cpu_times()
    return float(times.user + times.system)


def cold_ask(runs: int, index_dir: Path, server_url: str | None) -> dict[str, Any]:
    """Wall time of ``jrqa ask`` as a new process, through the server or on its own."""
    entry = Path(sys.executable).with_name("jrqa")
    command = [str(entry)] if entry.exists() else [sys.executable, "-m", "jrqa.cli"]
    command += ["ask", COLD_QUESTION]
    env = _env(JRQA_SERVER_URL=server_url) if server_url else _env()
    if server_url is None:
        command += ["--no-server", "--index-dir", str(index_dir)]
    seconds = []
    for _ in range(max(runs, 1)):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        seconds.append(time.perf_counter() - started)
        if done.returncode != 0 or "Yeltsin" not in done.stdout:
            raise ServeBenchError(f"jrqa ask failed ({done.returncode}): {done.stderr[-500:]}")
    return {"median_s": statistics.median(seconds), "all_s": seconds}


# --- the report ---------------------------------------------------------------------------------


def checks(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target of issue 13 with the measured figure and whether it is met.

    Throughput is taken from the saturated runs; latency from the paced ones, since with
    users who ask again at once the median is users ÷ answers/s whatever the server does.
    """
    ceiling = results["ceiling"]["answers_per_s"]
    with_server = results["ask_with_server_s"]["median_s"]
    without = results["ask_without_server_s"]["median_s"]
    figures = {
        "API answers/s ÷ in-process ceiling (saturated)": (
            results["api"]["answers_per_s"] / ceiling,
            ">=",
            0.5,
        ),
        "API p95 s (paced)": (results["api_paced"]["p95_s"], "<=", 0.5),
        "page p95 s (paced)": (results["page_paced"]["p95_s"], "<=", 1.0),
        "new `jrqa ask` with server, median s": (with_server, "<=", 0.5),
        "new `jrqa ask` with ÷ without server": (with_server / without, "<=", 0.1),
    }
    return {
        name: {
            "value": value,
            "target": f"{sign} {target}",
            "met": value >= target if sign == ">=" else value <= target,
        }
        for name, (value, sign, target) in figures.items()
    }


def markdown(results: dict[str, Any]) -> str:
    """The figures as Markdown tables: the runs, then the targets."""
    ceiling = results["ceiling"]
    users = results["users"]
    paced = results["api_paced"]["interval_s"]
    lines = [
        f"# jrqa as a service ({results['machine']})",
        "",
        f"{users} users at once, {results['questions_per_user']} questions each. "
        "Saturated: each user asks again as soon as it has its answer. Paced: each user asks "
        f"every {paced:.2f} s ({PACED_SHARE:g} × the in-process ceiling in all). The users "
        "run on the same cores as the server; CPU is per answer. Load: the machine's load "
        "average (1 min) as the run started, the previous run and other programs included.",
        "",
        "| | answers/s | median | p95 | max | server CPU | client CPU | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| in-process ceiling (warm, best of 1 and {os.cpu_count()} threads) "
        f"| {ceiling['answers_per_s']:.1f} | {_ms(ceiling['median_s'])} (alone) | | | | | |",
    ]
    for name, label in (("api", "API (/v1/chat/completions)"), ("page", "chat page (Gradio)")):
        for suffix, kind in (("", "saturated"), ("_paced", "paced")):
            run = results[name + suffix]
            lines.append(
                f"| {label}, {kind} | {run['answers_per_s']:.1f} | {_ms(run['median_s'])} "
                f"| {_ms(run['p95_s'])} | {_ms(run['max_s'])} "
                f"| {run['server_cpu_ms_per_answer']:.0f} ms "
                f"| {run['client_cpu_ms_per_answer']:.0f} ms "
                f"| {run['load_average']:.1f} |"
            )
    with_server = results["ask_with_server_s"]["median_s"]
    without = results["ask_without_server_s"]["median_s"]
    lines += [
        "",
        f"New `jrqa ask` process, median of {len(results['ask_with_server_s']['all_s'])}: "
        f"{with_server:.2f} s with a running server, {without:.2f} s without.",
        "",
        "| target | measured | goal | met |",
        "|---|---:|---:|---|",
    ]
    for name, check in results["checks"].items():
        lines.append(
            f"| {name} | {check['value']:.2f} | {check['target']} | "
            f"{'yes' if check['met'] else 'no'} |"
        )
    return "\n".join(lines) + "\n"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"
