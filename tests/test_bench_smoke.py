"""`jrqa bench` on a tiny corpus: the reports exist and hold sane figures (no timing limits)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evals.bench import parse_sizes
from evals.synthetic import MAX_WORDS, MIN_WORDS, write_corpus
from jrqa.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    work = tmp_path_factory.mktemp("bench")
    out = work / "reports"
    argv = ["bench", "--sizes", "3", "--questions", "3", "--cold-runs", "0"]
    argv += ["--work-dir", str(work), "--out-dir", str(out)]
    return main(argv), out


def _results(out: Path) -> dict[str, Any]:
    return json.loads((out / "bench.json").read_text(encoding="utf-8"))


def test_bench_writes_all_three_reports(bench_run: tuple[int, Path]) -> None:
    code, out = bench_run
    assert code == 0
    assert (out / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = (out / "bench.md").read_text(encoding="utf-8")
    assert "| measure | jrqa | stock llama-index | jrqa/peer |" in table
    assert "synthetic 3" in table


def test_jrqa_figures_are_sane(bench_run: tuple[int, Path]) -> None:
    run = _results(bench_run[1])["runs"][0]
    jrqa = run["jrqa"]
    assert run["articles"] == jrqa["articles"] == 3
    assert jrqa["chunks"] > 0 and jrqa["texts_embedded"] > 0
    assert jrqa["ingest_s"] > 0 and jrqa["ingest_cpu_s"] > 0
    assert jrqa["embed_runtime"].startswith("onnxruntime")  # the ONNX export, not torch
    # Re-ingest of the unchanged corpus skipped every file and rebuilt nothing.
    assert jrqa["reingest_skipped"] == 3
    assert 0 < jrqa["reingest_s"] < jrqa["ingest_s"]
    assert jrqa["bm25_rebuilt_on_start"] is False
    assert 0 < jrqa["ask_median_ms"] <= jrqa["ask_p95_ms"]
    assert 0 < jrqa["retrieve_median_ms"] <= jrqa["retrieve_p95_ms"]
    assert jrqa["peak_rss_mb"] > 100  # the model alone is larger than this
    assert jrqa["index_mb"] > 0


def test_ceilings_are_measured_on_the_right_texts(bench_run: tuple[int, Path]) -> None:
    jrqa = _results(bench_run[1])["runs"][0]["jrqa"]
    # jrqa embeds sentences (chunk vectors are pooled from them): more texts than chunks.
    assert jrqa["texts_embedded"] > jrqa["chunks"]
    for ceiling in ("raw_encode", "st_encode", "st_encode_chunks"):
        assert jrqa[f"{ceiling}_s"] > 0 and jrqa[f"{ceiling}_cpu_s"] > 0
    assert jrqa["ingest_over_raw_encode"] == pytest.approx(jrqa["ingest_s"] / jrqa["raw_encode_s"])
    assert jrqa["ingest_over_st_encode_chunks_cpu"] == pytest.approx(
        jrqa["ingest_cpu_s"] / jrqa["st_encode_chunks_cpu_s"]
    )
    assert jrqa["st_encode_chunks_per_s"] == pytest.approx(
        jrqa["chunks"] / jrqa["st_encode_chunks_s"]
    )
    table = (bench_run[1] / "bench.md").read_text(encoding="utf-8")
    assert "| ingest / ceiling A, CPU |" in table and "| ingest / ceiling C, wall |" in table


def test_peer_figures_and_ratios(bench_run: tuple[int, Path]) -> None:
    run = _results(bench_run[1])["runs"][0]
    peer = run["peer"]
    assert peer["chunks"] > 0 and peer["ingest_s"] > 0 and peer["index_mb"] > 0
    assert run["ratios"]["ingest_s"] == pytest.approx(run["jrqa"]["ingest_s"] / peer["ingest_s"])
    assert set(run["ratios"]) == {"ingest_s", "retrieve_median_ms", "peak_rss_mb", "index_mb"}


@pytest.mark.parametrize("sizes", ["ten", "0", "-5", " , "])
def test_bad_sizes_are_a_clear_error(sizes: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--sizes", sizes]) == 2
    assert "--sizes" in capsys.readouterr().err


def test_sizes_are_ordered_and_full_adds_ten_thousand() -> None:
    assert parse_sizes("1000,seeds,1000", full=True) == ["seeds", "1000", "10000"]


def test_synthetic_corpus_is_deterministic_and_varied(tmp_path: Path) -> None:
    first = write_corpus(SEEDS, tmp_path / "a", 6, seed=7)
    second = write_corpus(SEEDS, tmp_path / "b", 6, seed=7)
    texts = [path.read_text(encoding="utf-8") for path in first]
    assert texts == [path.read_text(encoding="utf-8") for path in second]
    assert len(set(texts)) == 6
    for text in texts:
        body = text.split("\n\n", 1)[1]
        assert MIN_WORDS <= len(body.split()) <= MAX_WORDS
