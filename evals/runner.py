"""``jrqa eval``: ask every question of each split, grade the answers, report, check the gate.

The gate reads the held-out ``test`` split. Its per-question results are never written or
printed: while tuning, only its aggregate and per-kind figures are seen.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from evals.gate import DEFAULT_THRESHOLDS, Check, check_gate, load_thresholds
from evals.peer import run_peer
from evals.questions import SPLITS, EvalQuestion, load_questions, split_path
from evals.report import format_run, write_reports
from evals.results import EvalReport, EvalRun
from evals.scoring import QuestionResult, grade, summarise
from jrqa.answer.answerer import Answerer
from jrqa.answer.followup import rewrite_question
from jrqa.settings import AnswerMode, Settings

DEFAULT_REPORT_DIR = Path(__file__).resolve().parent / "reports"
GATED_SPLIT = "test"

Progress = Callable[[int, int, str], None]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of ``jrqa eval`` (settings flags such as --mode are shared)."""
    parser.add_argument(
        "--split",
        choices=[*SPLITS, "both"],
        default="both",
        help="which question split to ask (default: both; the gate reads test)",
    )
    parser.add_argument(
        "--questions", type=Path, default=None, help="a custom question file instead of a split"
    )
    parser.add_argument(
        "--peer", action="store_true", help="also measure the stock llama-index pipeline (dev)"
    )
    parser.add_argument("--no-gate", action="store_true", help="report only; never fail")
    parser.add_argument(
        "--report-dir", type=Path, default=DEFAULT_REPORT_DIR, help="where reports are written"
    )
    parser.add_argument(
        "--thresholds", type=Path, default=DEFAULT_THRESHOLDS, help="gate thresholds (TOML)"
    )


def chosen_files(args: argparse.Namespace) -> dict[str, Path]:
    """The question files to ask, by split name."""
    if args.questions is not None:
        return {"custom": args.questions}
    splits = SPLITS if args.split == "both" else (args.split,)
    return {split: split_path(split) for split in splits}


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the eval from the CLI; 1 when a gate threshold is missed, else 0."""
    from jrqa.api import ensure_index, get_answerer

    questions = {split: load_questions(path) for split, path in chosen_files(args).items()}
    gated = GATED_SPLIT in questions and not args.no_gate
    thresholds = load_thresholds(settings.mode, args.thresholds) if gated else None
    answerer = get_answerer(settings)
    built = ensure_index(answerer)
    if built is not None:
        print(f"Built the index from {settings.seeds_dir}: {built.summary()}", file=sys.stderr)
    reports = {}
    for split, items in questions.items():
        report = run_eval(answerer, items, settings.mode, progress=_print_progress)
        report.split = split
        report.questions_file = str(chosen_files(args)[split])
        reports[split] = report
    if args.peer and "dev" in reports:
        reports["dev"].peer, reports["dev"].peer_results = run_peer(
            settings.seeds_dir, questions["dev"]
        )
    evaluation = EvalRun(mode=settings.mode, reports=reports)
    checks: list[Check] = []
    if thresholds is not None:
        checks = check_gate(reports[GATED_SPLIT].summary, thresholds)
        evaluation.gate_split = GATED_SPLIT
        evaluation.gate = [check.describe() for check in checks]
        evaluation.gate_passed = all(check.passed for check in checks)
    paths = write_reports(evaluation, args.report_dir)
    print(format_run(evaluation))
    print("Reports: " + ", ".join(str(path) for path in paths))
    return _exit_code(checks)


def run_eval(
    answerer: Answerer,
    questions: Sequence[EvalQuestion],
    mode: AnswerMode,
    progress: Progress | None = None,
) -> EvalReport:
    """Ask every question through the answerer (after one warm-up) and grade each answer.

    A chat's turns are asked in order, each with the bot's own earlier questions and
    answers of that chat as its history.
    """
    if questions:
        answerer.ask(questions[0].question, mode=mode)  # warm caches: latency is warm latency
    results = []
    chats: dict[str, list[dict[str, str]]] = {}
    for number, question in enumerate(questions, 1):
        history = question.history_turns()
        if question.chat is not None:
            history = chats.setdefault(question.chat, [])
        result, answer_text = _ask_and_grade(answerer, question, history or None, mode)
        if question.chat is not None:
            history.extend(
                [
                    {"role": "user", "content": question.question},
                    {"role": "assistant", "content": answer_text},
                ]
            )
        results.append(result)
        if progress is not None:
            progress(number, len(questions), question.id)
    return EvalReport(mode=mode, questions_file="", summary=summarise(results), results=results)


def _ask_and_grade(
    answerer: Answerer,
    question: EvalQuestion,
    history: list[dict[str, str]] | None,
    mode: AnswerMode,
) -> tuple[QuestionResult, str]:
    started = time.perf_counter()
    answer = answerer.ask(question.question, history=history, mode=mode)
    ask_ms = (time.perf_counter() - started) * 1000
    # Retrieval alone, timed apart, so it compares with the peer's retriever.
    started = time.perf_counter()
    answerer.retrieve(rewrite_question(question.question, history))
    retrieve_ms = (time.perf_counter() - started) * 1000
    return grade(question, answer, ask_ms, retrieve_ms), answer.text


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
