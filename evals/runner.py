"""``jrqa eval``: ask every question, grade the answers, write reports, check the gate."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from evals.gate import DEFAULT_THRESHOLDS, Check, check_gate, load_thresholds
from evals.peer import run_peer
from evals.questions import EvalQuestion, load_questions, split_path
from evals.report import format_summary, write_reports
from evals.results import EvalReport
from evals.scoring import QuestionResult, grade, summarise
from jrqa.answer.answerer import Answerer
from jrqa.answer.followup import rewrite_question
from jrqa.settings import AnswerMode, Settings

DEFAULT_REPORT_DIR = Path(__file__).resolve().parent / "reports"

Progress = Callable[[int, int, str], None]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of ``jrqa eval`` (settings flags such as --mode are shared)."""
    parser.add_argument(
        "--questions", type=Path, default=split_path("dev"), help="question set (JSON Lines)"
    )
    parser.add_argument(
        "--peer", action="store_true", help="also measure the stock llama-index pipeline"
    )
    parser.add_argument("--no-gate", action="store_true", help="report only; never fail")
    parser.add_argument(
        "--report-dir", type=Path, default=DEFAULT_REPORT_DIR, help="where reports are written"
    )
    parser.add_argument(
        "--thresholds", type=Path, default=DEFAULT_THRESHOLDS, help="gate thresholds (TOML)"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the eval from the CLI; 1 when a gate threshold is missed, else 0."""
    from jrqa.api import ensure_index, get_answerer

    questions = load_questions(args.questions)
    thresholds = None if args.no_gate else load_thresholds(settings.mode, args.thresholds)
    answerer = get_answerer(settings)
    built = ensure_index(answerer)
    if built is not None:
        print(f"Built the index from {settings.seeds_dir}: {built.summary()}", file=sys.stderr)
    report = run_eval(answerer, questions, settings.mode, progress=_print_progress)
    report.questions_file = str(args.questions)
    if args.peer:
        report.peer, report.peer_results = run_peer(settings.seeds_dir, questions)
    checks = check_gate(report.summary, thresholds) if thresholds is not None else []
    report.gate = [check.describe() for check in checks]
    report.gate_passed = all(check.passed for check in checks) if checks else None
    paths = write_reports(report, args.report_dir)
    print(format_summary(report))
    print("Reports: " + ", ".join(str(path) for path in paths))
    return _exit_code(checks)


def run_eval(
    answerer: Answerer,
    questions: Sequence[EvalQuestion],
    mode: AnswerMode,
    progress: Progress | None = None,
) -> EvalReport:
    """Ask every question through the answerer (after one warm-up) and grade each answer."""
    if questions:
        answerer.ask(questions[0].question, mode=mode)  # warm caches: latency is warm latency
    results = []
    for number, question in enumerate(questions, 1):
        results.append(_ask_and_grade(answerer, question, mode))
        if progress is not None:
            progress(number, len(questions), question.id)
    return EvalReport(mode=mode, questions_file="", summary=summarise(results), results=results)


def _ask_and_grade(answerer: Answerer, question: EvalQuestion, mode: AnswerMode) -> QuestionResult:
    history = question.history_turns() or None
    started = time.perf_counter()
    answer = answerer.ask(question.question, history=history, mode=mode)
    ask_ms = (time.perf_counter() - started) * 1000
    # Retrieval alone, timed apart, so it compares with the peer's retriever.
    started = time.perf_counter()
    answerer.retrieve(rewrite_question(question.question, history))
    retrieve_ms = (time.perf_counter() - started) * 1000
    return grade(question, answer, ask_ms, retrieve_ms)


def _print_progress(done: int, total: int, question_id: str) -> None:
    if sys.stderr.isatty():
        print(f"\r[{done}/{total}] {question_id[:60]:<60}", end="", file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr)


def _exit_code(checks: Sequence[Check]) -> int:
    missed = [check for check in checks if not check.passed]
    if missed:
        print("Gate FAILED: " + "; ".join(check.describe() for check in missed), file=sys.stderr)
        return 1
    if checks:
        print("Gate passed.")
    return 0
