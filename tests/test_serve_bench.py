"""`jrqa bench --serve`'s pacing and its report (the measurement itself takes minutes)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from evals.bench_serve import Pace, checks, markdown


def _run(answers_per_s: float, p95_s: float, interval_s: float | None = None) -> dict[str, Any]:
    return {
        "interval_s": interval_s,
        "answers": 200,
        "seconds": 200 / answers_per_s,
        "answers_per_s": answers_per_s,
        "median_s": p95_s / 2,
        "p95_s": p95_s,
        "max_s": p95_s * 2,
        "server_cpu_ms_per_answer": 30.0,
        "client_cpu_ms_per_answer": 1.0,
        "load_average": 2.5,
    }


@pytest.fixture
def results() -> dict[str, Any]:
    return {
        "machine": "test machine",
        "users": 20,
        "questions_per_user": 10,
        "ceiling": {"answers_per_s": 40.0, "median_s": 0.02},
        "api": _run(36.0, 0.6),
        "api_paced": _run(20.0, 0.07, interval_s=1.0),
        "page": _run(5.0, 5.0),
        "page_paced": _run(5.0, 3.0, interval_s=1.0),
        "ask_with_server_s": {"median_s": 0.3, "all_s": [0.3] * 5},
        "ask_without_server_s": {"median_s": 4.0, "all_s": [4.0] * 5},
    }


def test_checks_hold_each_figure_against_its_target(results: dict[str, Any]) -> None:
    found = checks(results)
    met = {name: check["met"] for name, check in found.items()}
    assert met == {
        "API answers/s ÷ in-process ceiling (saturated)": True,  # 36 / 40
        "API p95 s (paced)": True,
        "page p95 s (paced)": False,
        "new `jrqa ask` with server, median s": True,
        "new `jrqa ask` with ÷ without server": True,  # 0.3 / 4.0
    }
    assert found["API answers/s ÷ in-process ceiling (saturated)"]["value"] == 0.9


def test_the_report_shows_every_run_and_target(results: dict[str, Any]) -> None:
    results["checks"] = checks(results)
    table = markdown(results)
    assert "| API (/v1/chat/completions), saturated | 36.0 | 300 ms | 600 ms |" in table
    assert "| chat page (Gradio), paced | 5.0 |" in table
    assert table.count("| 30 ms | 1 ms | 2.5 |") == 4  # CPU per answer and load, every run
    assert "0.30 s with a running server, 4.00 s without" in table
    assert "| page p95 s (paced) | 3.00 | <= 1.0 | no |" in table


def test_a_paced_user_asks_once_per_interval_and_a_closed_loop_one_at_once() -> None:
    paced = Pace(0.05, offset_s=0.0)
    started = time.perf_counter()
    for _ in range(4):
        paced.wait()
    assert time.perf_counter() - started >= 0.15  # the first at once, then every 0.05 s
    closed = Pace(None, offset_s=10.0)
    started = time.perf_counter()
    closed.wait()
    assert time.perf_counter() - started < 0.05
