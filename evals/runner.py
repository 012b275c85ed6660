"""``jrqa eval``: ask every question of each split, grade the answers, report, check the gate.

The gate reads the held-out ``test`` split: ``test.jsonl`` and every frozen batch
``test-<name>.jsonl``, all asked and reported together as one split, each file checked
against thresholds of its own. Its per-question results are never written or printed:
while tuning, only its aggregate and per-kind figures are seen.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from evals.gate import DEFAULT_THRESHOLDS, Check, check_gate, load_thresholds
from evals.peer import run_peer
from evals.questions import SPLITS, EvalInputError, EvalQuestion, load_split, split_files
from evals.report import format_run, write_reports
from evals.results import EvalReport, EvalRun
from evals.scoring import QuestionResult, Summary, grade, summarise
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


def chosen_files(args: argparse.Namespace) -> dict[str, dict[str, Path]]:
    """The question files to ask: by split name, each split's files by batch name."""
    if args.questions is not None:
        return {"custom": {"custom": args.questions}}
    splits = SPLITS if args.split == "both" else (args.split,)
    return {split: split_files(split) for split in splits}


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the eval from the CLI; 1 when a gate threshold is missed, else 0."""
    from jrqa.api import ensure_index, get_answerer

    files = chosen_files(args)
    batches = {split: load_split(of_split) for split, of_split in files.items()}
    _check_ids_across_splits(batches)
    gated = GATED_SPLIT in batches and not args.no_gate
    thresholds = (
        {
            batch: load_thresholds(settings.mode, args.thresholds, batch)
            for batch in batches[GATED_SPLIT]
        }
        if gated
        else {}
    )
    answerer = get_answerer(settings)
    update = ensure_index(answerer)
    if update is not None:
        print(update.line(), file=sys.stderr)
    reports = {}
    for split, of_split in batches.items():
        items = [question for questions in of_split.values() for question in questions]
        report = run_eval(answerer, items, settings.mode, progress=_print_progress)
        report.split = split
        report.questions_file = ", ".join(str(path) for path in files[split].values())
        if len(of_split) > 1:
            report.batches = batch_summaries(report.results, of_split)
        reports[split] = report
    if args.peer and "dev" in reports:
        reports["dev"].peer, reports["dev"].peer_results = run_peer(
            settings.seeds_dir, batches["dev"]["dev"]
        )
    evaluation = EvalRun(mode=settings.mode, reports=reports)
    checks: list[Check] = []
    if gated:
        gated_report = reports[GATED_SPLIT]
        for batch, limits in thresholds.items():
            summary = gated_report.batches.get(batch, gated_report.summary)
            checks += check_gate(summary, limits, f"{files[GATED_SPLIT][batch].name}")
        evaluation.gate_split = GATED_SPLIT
        evaluation.gate = [check.describe() for check in checks]
        evaluation.gate_passed = all(check.passed for check in checks)
    paths = write_reports(evaluation, args.report_dir)
    print(format_run(evaluation))
    print("Reports: " + ", ".join(str(path) for path in paths))
    return _exit_code(checks)


def batch_summaries(
    results: Sequence[QuestionResult], batches: dict[str, list[EvalQuestion]]
) -> dict[str, Summary]:
    """The totals of each batch file's questions (chat turns included), by batch name."""
    by_id = {result.id: result for result in results}
    return {
        batch: summarise([by_id[question.id] for question in questions if question.id in by_id])
        for batch, questions in batches.items()
    }


def _check_ids_across_splits(batches: dict[str, dict[str, list[EvalQuestion]]]) -> None:
    """An id names one question in all the files asked (dev and test included)."""
    seen: dict[str, str] = {}
    for split, of_split in batches.items():
        for questions in of_split.values():
            for question in questions:
                if question.id in seen and seen[question.id] != split:
                    raise EvalInputError(
                        f"The id {question.id!r} is used in both the {seen[question.id]} "
                        f"and the {split} split."
                    )
                seen[question.id] = split


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
