"""``jrqa bench --llm``: how long a generative answer takes to start and to finish.

Time to first token is when the first draft text reaches the caller (retrieval, the
gate and the prompt's prefill included); the full answer is the verified ``Answer``.
Both are warm figures: the model is loaded by one untimed question first.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from evals.questions import load_questions, split_path
from jrqa.answer.answerer import Answerer
from jrqa.models import Answer
from jrqa.settings import AnswerMode, Settings

DEFAULT_QUESTIONS = 5


def llm_questions(count: int = DEFAULT_QUESTIONS) -> list[str]:
    """Stand-alone answerable questions from the eval set (abstentions call no model)."""
    dev = load_questions(split_path("dev"))
    questions = [q.question for q in dev if q.answerable and not q.history and not q.chat]
    return questions[:count]


def time_answer(answerer: Answerer, question: str, mode: AnswerMode) -> dict[str, Any]:
    """Seconds to the first streamed draft text and to the verified answer."""
    started = time.perf_counter()
    first_token: float | None = None
    answer: Answer | None = None
    for item in answerer.stream(question, mode=mode):
        if isinstance(item, Answer):
            answer = item
        elif first_token is None:
            first_token = time.perf_counter() - started
    total = time.perf_counter() - started
    assert answer is not None  # stream() always ends with the Answer
    return {
        "question": question,
        "first_token_s": first_token,
        "answer_s": total,
        "fell_back": answer.fell_back,
        "removed": len(answer.removed),
        "answer": answer.text,
    }


def measure_llm(answerer: Answerer, questions: list[str], mode: AnswerMode) -> dict[str, Any]:
    """Warm medians of time to first token and to the verified answer."""
    started = time.perf_counter()
    answerer.ask(questions[0], mode=mode)  # loads the model; not part of the figures
    warm_up_s = time.perf_counter() - started
    runs = [time_answer(answerer, question, mode) for question in questions]
    first_tokens = [run["first_token_s"] for run in runs if run["first_token_s"] is not None]
    return {
        "mode": mode,
        "questions": len(runs),
        "first_question_s": warm_up_s,
        "first_token_median_s": statistics.median(first_tokens) if first_tokens else None,
        "answer_median_s": statistics.median(run["answer_s"] for run in runs),
        "fell_back": sum(run["fell_back"] for run in runs),
        "runs": runs,
    }


def format_llm(results: dict[str, Any]) -> str:
    """The figures as a few lines of text."""
    first = results["first_token_median_s"]
    shown_first = "n/a (nothing streamed)" if first is None else f"{first:.2f} s"
    lines = [
        f"jrqa bench --llm, mode {results['mode']}, {results['questions']} questions (warm):",
        f"  time to first token, median: {shown_first}",
        f"  time to the verified answer, median: {results['answer_median_s']:.2f} s",
        f"  first question incl. model load: {results['first_question_s']:.2f} s",
        f"  answers that fell back to extractive: {results['fell_back']}",
    ]
    for run in results["runs"]:
        first_s = run["first_token_s"]
        shown = "–" if first_s is None else f"{first_s:.2f}"
        lines.append(f"  {shown:>5} s / {run['answer_s']:5.2f} s  {run['question']}")
    return "\n".join(lines)


def run_llm_bench(settings: Settings, work_dir: Path, out_dir: Path, count: int) -> int:
    """Measure on a seed index of the bench's own, print and write ``bench_llm.json``."""
    from jrqa.api import ensure_index, get_answerer

    mode: AnswerMode = settings.mode if settings.mode != "extractive" else "local"
    bench_settings = settings.model_copy(
        update={"index_dir": work_dir / "index-seeds", "chroma_url": None, "mode": mode}
    )
    answerer = get_answerer(bench_settings)
    ensure_index(answerer, show_progress=False)
    results = measure_llm(answerer, llm_questions(count), mode)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "bench_llm.json"
    path.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(format_llm(results))
    print(f"\nWrote {path}", file=sys.stderr)
    return 0
