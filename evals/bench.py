"""``jrqa bench``: how ingest and answer costs grow with the corpus, against the stock pipeline.

For each corpus size it runs jrqa and the stock llama-index starter pipeline (same
MiniLM) in fresh processes, then writes ``bench.json``, ``bench.md`` and ``bench.png``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from evals.bench_measure import measure_jrqa, measure_peer, measure_sentence_transformer
from evals.bench_report import markdown, plot, ratios
from evals.questions import load_questions, split_path
from evals.synthetic import write_corpus
from jrqa.errors import JrqaError
from jrqa.settings import Settings

DEFAULT_SIZES = "seeds,1000"
FULL_SIZE = 10_000
REPORTS = Path(__file__).resolve().parent / "reports"
COLD_START_QUESTION = "Who signed the Tokyo Declaration?"


class BenchInputError(JrqaError):
    """The benchmark was asked for something it cannot measure."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of ``jrqa bench``."""
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help="comma-separated corpus sizes; 'seeds' is the seed articles "
        f"(default {DEFAULT_SIZES})",
    )
    parser.add_argument("--full", action="store_true", help=f"also measure {FULL_SIZE:,} articles")
    parser.add_argument("--no-peer", action="store_true", help="skip the stock pipeline")
    parser.add_argument(
        "--no-ceilings",
        action="store_true",
        help="skip the bare-encode ceilings (each takes about as long as the ingest)",
    )
    parser.add_argument(
        "--questions", type=int, default=30, help="questions timed per size (default 30)"
    )
    parser.add_argument(
        "--cold-runs", type=int, default=5, help="new-process `jrqa ask` runs (0 skips)"
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "jrqa-bench",
        help="where synthetic corpora and bench indexes go",
    )
    parser.add_argument("--out-dir", type=Path, default=REPORTS, help="where reports are written")
    parser.add_argument(
        "--llm",
        action="store_true",
        help="instead, time generative answers (--mode local or openai; default local): "
        "time to first token and to the verified answer",
    )
    parser.add_argument(
        "--serve",
        action="store_true",
        help="instead, measure `jrqa serve`: the in-process ceiling, --users at once on the "
        "API and the chat page, and a new `jrqa ask` with and without the server",
    )
    parser.add_argument(
        "--users", type=int, default=20, help="simultaneous users for --serve (default 20)"
    )


def parse_sizes(text: str, full: bool) -> list[str]:
    """Validated size labels: 'seeds' or positive integers, smallest first."""
    labels = [part.strip() for part in text.split(",") if part.strip()]
    if full:
        labels.append(str(FULL_SIZE))
    for label in labels:
        if label != "seeds" and not (label.isdigit() and int(label) > 0):
            raise BenchInputError(
                f"--sizes takes 'seeds' or positive whole numbers, not {label!r}."
            )
    if not labels:
        raise BenchInputError("--sizes is empty: give e.g. --sizes seeds,1000.")
    unique = list(dict.fromkeys(labels))
    return sorted(unique, key=lambda label: 0 if label == "seeds" else int(label))


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Measure every size, print the table and write the reports."""
    if args.questions < 1:
        raise BenchInputError("--questions must be at least 1.")
    if args.serve:
        from evals.bench_serve import run_serve_bench

        return run_serve_bench(settings, args.work_dir, args.out_dir, args.users, args.cold_runs)
    if args.llm:
        from evals.bench_llm import DEFAULT_QUESTIONS, run_llm_bench

        # Each generative answer takes seconds on a CPU: a handful of questions is enough.
        count = min(args.questions, DEFAULT_QUESTIONS)
        return run_llm_bench(settings, args.work_dir, args.out_dir, count)
    sizes = parse_sizes(args.sizes, args.full)
    questions = _timed_questions(args.questions)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    runs = [_measure_size(label, settings, questions, args) for label in sizes]
    results: dict[str, Any] = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "embed_backend": settings.embed_backend,
        "embed_batch_size": settings.embed_batch_size,
        "questions_timed": len(questions),
        "runs": runs,
    }
    seeds_run = next((r for r in runs if r["size"] == "seeds"), None)
    if args.cold_runs > 0 and seeds_run is not None:
        results["cold_start"] = cold_start(Path(seeds_run["index_dir"]), args.cold_runs)
    _write_reports(results, args.out_dir)
    print(markdown(results))
    print(f"\nWrote {args.out_dir / 'bench.json'}, bench.md and bench.png", file=sys.stderr)
    return 0


def _timed_questions(count: int) -> list[str]:
    """Stand-alone questions from the eval set (follow-ups need their history)."""
    texts = [q.question for q in load_questions(split_path("dev")) if not q.history and not q.chat]
    return texts[:count]


def _measure_size(
    label: str, settings: Settings, questions: list[str], args: argparse.Namespace
) -> dict[str, Any]:
    print(f"bench: measuring {label} …", file=sys.stderr, flush=True)
    work: Path = args.work_dir
    if label == "seeds":
        corpus = settings.seeds_dir
    else:
        corpus = work / f"corpus-{label}"
        write_corpus(settings.seeds_dir, corpus, int(label))
    # The bench always measures an embedded store in its own folder, never the user's index.
    bench_settings = settings.model_copy(
        update={"index_dir": work / f"index-{label}", "chroma_url": None}
    )
    texts_file = work / f"texts-{label}.json"
    ceilings = not args.no_ceilings
    jrqa = _in_fresh_process(
        measure_jrqa, corpus, bench_settings, questions, texts_file if ceilings else None
    )
    if ceilings:
        ceiling = _in_fresh_process(
            measure_sentence_transformer, texts_file, bench_settings.embed_batch_size
        )
        jrqa.update(ceiling)
        for key in ("st_encode", "st_encode_chunks"):
            jrqa[f"ingest_over_{key}"] = jrqa["ingest_s"] / ceiling[f"{key}_s"]
            jrqa[f"ingest_over_{key}_cpu"] = jrqa["ingest_cpu_s"] / ceiling[f"{key}_cpu_s"]
    texts_file.unlink(missing_ok=True)
    peer = None
    if not args.no_peer:
        scratch = work / f"peer-{label}"
        peer = _in_fresh_process(measure_peer, corpus, settings.top_k, questions, scratch)
    return {
        "size": label,
        "label": "seed articles" if label == "seeds" else f"synthetic {label}",
        "articles": jrqa["articles"],
        "index_dir": str(bench_settings.index_dir),
        "jrqa": jrqa,
        "peer": peer,
        "ratios": ratios(jrqa, peer),
    }


def _in_fresh_process(function: Callable[..., dict[str, Any]], *arguments: Any) -> dict[str, Any]:
    """Run one measurement in a new interpreter, so its peak memory is its own."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *arguments).result()


def cold_start(index_dir: Path, runs: int) -> dict[str, Any]:
    """Wall time of ``jrqa ask`` as a new process over a built index."""
    entry = Path(sys.executable).with_name("jrqa")
    command = [str(entry)] if entry.exists() else [sys.executable, "-m", "jrqa.cli"]
    command += ["ask", COLD_START_QUESTION, "--index-dir", str(index_dir)]
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=environment)
        seconds.append(time.perf_counter() - started)
    return {
        "command": f"jrqa ask {COLD_START_QUESTION!r} --index-dir <seed index>",
        "runs": runs,
        "median_s": statistics.median(seconds),
        "min_s": min(seconds),
        "max_s": max(seconds),
        "all_s": seconds,
    }


def _write_reports(results: dict[str, Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bench.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    (folder / "bench.md").write_text(markdown(results), encoding="utf-8")
    plot(results, folder / "bench.png")
