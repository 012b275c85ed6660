"""An ingest that dies half-way: answers keep working, and the next run completes the index.

The store must end up exactly as an uninterrupted run leaves it: Chroma, the manifest and
BM25 hold the same chunk ids, with no duplicates and no strays from the dead run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from jrqa.cli import main
from tests.conftest import SEEDS
from tests.robustness.conftest import ROOT, chunk_ids, copy_index, subprocess_env

SEED_COUNT = len(list(SEEDS.glob("*.txt")))
SYNTHETIC_COUNT = 12
KILL_DEADLINE_S = 180
TOKYO = "Who signed the Tokyo Declaration?"

NEW_ARTICLES = {
    "ferry.txt": "Wakkanai ferry resumes\n\nThe Wakkanai ferry to Korsakov will resume "
    "sailings in June, the Hokkaido operator said on Monday.",
    "crab.txt": "Crab quota talks\n\nJapanese and Russian negotiators agreed a snow crab "
    "quota of 412 tonnes for boats fishing near Sakhalin.",
    "museum.txt": "Museum map\n\nThe Otaru museum displays a map of Sakhalin drawn by "
    "the explorer Mamiya Rinzo in the nineteenth century.",
}


@pytest.fixture(scope="module")
def synthetic_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Articles recombined from the seeds: with small batches, many store writes."""
    from evals.synthetic import write_corpus

    folder = tmp_path_factory.mktemp("synthetic") / "articles"
    write_corpus(SEEDS, folder, SYNTHETIC_COUNT)
    return folder


@pytest.fixture
def new_articles(tmp_path: Path) -> Path:
    folder = tmp_path / "new"
    folder.mkdir()
    for name, text in NEW_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _recorded_sources(manifest_path: Path) -> int:
    try:
        return len(json.loads(manifest_path.read_text(encoding="utf-8"))["entries"])
    except (OSError, ValueError, KeyError):
        return 0


def _assert_consistent(settings) -> list[str]:  # type: ignore[no-untyped-def]
    """Chroma ids == manifest ids == BM25 ids, no duplicates, no stray sentence vectors."""
    from jrqa.index.engine import Engine

    stored, recorded, indexed = chunk_ids(settings)
    assert len(set(recorded)) == len(recorded), "a chunk is recorded twice"
    assert len(set(indexed)) == len(indexed), "BM25 indexes a chunk twice"
    assert stored == recorded, "Chroma and the manifest disagree"
    assert indexed == recorded, "BM25 and the manifest disagree"
    engine = Engine(settings)
    assert engine.sentence_vectors.sources() == set(engine.manifest().entries)
    return stored


def _cheap_vectors(settings):  # type: ignore[no-untyped-def]
    """MiniLM's tokenizer (so chunks, and their ids, are the real ones) with constant vectors.

    Chunk ids hash the chunk's text and position, never its vector, so a reference ingest
    needs no model time.
    """
    from jrqa.index.embedding import MiniLMEmbedding
    from jrqa.index.encoders import load_encoder
    from tests.fake_encoders import ConstantVectors

    return MiniLMEmbedding(ConstantVectors(load_encoder(settings.embed_backend)))


def _kill_mid_ingest(index_dir: Path, corpus: Path) -> None:
    """Start `jrqa ingest` in a subprocess and SIGKILL it once some new batches are stored."""
    env = subprocess_env(JRQA_INGEST_BATCH_CHUNKS="4")  # many small batches
    command = [sys.executable, "-m", "jrqa.cli", "ingest", "--index-dir", str(index_dir)]
    with tempfile.TemporaryFile() as output:  # a file, not a pipe: a full pipe would stall it
        process = subprocess.Popen(
            [*command, str(SEEDS), str(corpus)], env=env, cwd=ROOT, stdout=output, stderr=output
        )
        deadline = time.monotonic() + KILL_DEADLINE_S
        try:
            while _recorded_sources(index_dir / "manifest.json") <= SEED_COUNT:
                assert process.poll() is None, "ingest ended before it could be interrupted"
                assert time.monotonic() < deadline, "ingest made no progress"
                time.sleep(0.02)
            os.kill(process.pid, signal.SIGKILL)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=60)
            output.seek(0)
            printed = output.read().decode(errors="replace")
    assert process.returncode == -signal.SIGKILL, printed


@pytest.mark.slow
def test_killed_ingest_still_answers_and_the_next_run_matches_an_uninterrupted_one(
    seed_index_dir: Path,
    scratch_settings,
    synthetic_corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from jrqa.index.engine import Engine
    from jrqa.index.store import ingest_status
    from jrqa.ingest.pipeline import ingest as run_ingest
    from jrqa.settings import Settings

    index_dir = scratch_settings.index_dir
    _kill_mid_ingest(index_dir, synthetic_corpus)
    recorded = _recorded_sources(index_dir / "manifest.json")
    assert SEED_COUNT < recorded < SEED_COUNT + SYNTHETIC_COUNT, "not killed mid-way"
    assert ingest_status(index_dir) == "interrupted"

    # Questions are answered from what the dead run left, with a clear warning.
    code = main(["ask", "--index-dir", str(index_dir), TOKYO])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Yeltsin" in captured.out and "[1]" in captured.out
    assert "did not finish" in captured.err and "jrqa ingest" in captured.err
    assert "Traceback" not in captured.err

    # The next run completes the index.
    code = main(
        ["ingest", "--json", "--index-dir", str(index_dir), str(SEEDS), str(synthetic_corpus)]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    report = json.loads(captured.out)
    assert report["failed"] == []
    assert len(report["added"]) == SEED_COUNT + SYNTHETIC_COUNT - recorded
    assert ingest_status(index_dir) == "complete"
    repaired_ids = _assert_consistent(scratch_settings)

    # ... and holds exactly what an uninterrupted run of the same files holds.
    reference = Settings(index_dir=copy_index(seed_index_dir, tmp_path / "reference"))
    run_ingest(Engine(reference, embedder=_cheap_vectors(reference)), [SEEDS, synthetic_corpus])
    assert repaired_ids == _assert_consistent(reference)
    assert report["chunks_total"] == len(repaired_ids)


def test_a_run_that_dies_after_the_store_write_leaves_strays_the_next_run_removes(
    scratch_settings, new_articles: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from jrqa.api import ingest
    from jrqa.index.store import Manifest, ingest_status

    def power_cut(self: Manifest, path: Path) -> None:
        raise RuntimeError("power cut")

    with monkeypatch.context() as patch:  # the store is written, the manifest never is
        patch.setattr(Manifest, "save", power_cut)
        with pytest.raises(RuntimeError, match="power cut"):
            ingest([new_articles], settings=scratch_settings, show_progress=False)
    stored, recorded, indexed = chunk_ids(scratch_settings)
    assert len(stored) > len(recorded), "the failed run should have left stray chunks"
    assert indexed == recorded
    assert ingest_status(scratch_settings.index_dir) == "interrupted"

    code = main(["ask", "--index-dir", str(scratch_settings.index_dir), TOKYO])
    captured = capsys.readouterr()
    assert code == 0 and "Yeltsin" in captured.out
    assert "did not finish" in captured.err

    report = ingest([new_articles], settings=scratch_settings, show_progress=False)
    assert sorted(report.repaired) == sorted(NEW_ARTICLES)
    assert sorted(report.added) == sorted(NEW_ARTICLES)
    assert "repaired 3" in report.summary()
    _assert_consistent(scratch_settings)
    assert ingest_status(scratch_settings.index_dir) == "complete"


def test_a_run_that_dies_between_sentence_and_chunk_writes_is_cleaned_up(
    scratch_settings, new_articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from jrqa.api import ingest
    from jrqa.index.engine import Engine

    def power_cut(self: ChromaVectorStore, *args: object, **kwargs: object) -> list[str]:
        raise RuntimeError("power cut")

    with monkeypatch.context() as patch:
        patch.setattr(ChromaVectorStore, "add", power_cut)
        with pytest.raises(RuntimeError, match="power cut"):
            ingest([new_articles], settings=scratch_settings, show_progress=False)
    sources = Engine(scratch_settings).sentence_vectors.sources()
    assert set(NEW_ARTICLES) <= sources, "the failed run should have left sentence vectors"

    report = ingest([SEEDS], settings=scratch_settings, show_progress=False)  # not new/
    assert sorted(report.repaired) == sorted(NEW_ARTICLES)
    assert report.added == [] and len(report.skipped) == SEED_COUNT
    _assert_consistent(scratch_settings)


def test_lost_chunks_are_reported_and_ingest_reads_their_files_again(
    scratch_settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from jrqa.index.engine import Engine

    lost = "001_68ffb54545db6918.txt"
    Engine(scratch_settings).collection.delete(where={"source": lost})
    index_dir = scratch_settings.index_dir

    code = main(["ask", "--index-dir", str(index_dir), TOKYO])
    captured = capsys.readouterr()
    assert code == 2
    assert "damaged" in captured.err and "Run `jrqa ingest` to repair it" in captured.err
    assert "Traceback" not in captured.err

    elsewhere = tmp_path / "other-articles"
    elsewhere.mkdir()  # the repair reads the damaged article from its recorded path
    code = main(["ingest", "--json", "--index-dir", str(index_dir), str(elsewhere)])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["repaired"] == [lost] and report["added"] == [lost]
    _assert_consistent(scratch_settings)

    code = main(["ask", "--index-dir", str(index_dir), TOKYO])
    captured = capsys.readouterr()
    assert code == 0 and "Yeltsin" in captured.out and captured.err == ""


def test_a_second_ingest_into_the_same_index_is_refused_while_one_runs(
    scratch_settings, new_articles: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from jrqa.index import store

    monkeypatch.setattr(store, "_LOCK_WAIT_S", 0.2)
    index_dir = scratch_settings.index_dir
    with store.ingest_lock(index_dir):  # stands in for a run in another process
        store.mark_ingest_started(index_dir)
        assert store.ingest_status(index_dir) == "running"
        code = main(["ingest", "--index-dir", str(index_dir), str(new_articles)])
        captured = capsys.readouterr()
        assert code == 2
        assert "Another `jrqa ingest` is writing" in captured.err
        code = main(["ask", "--index-dir", str(index_dir), TOKYO])
        captured = capsys.readouterr()
        assert code == 0 and "Yeltsin" in captured.out
        assert "is running" in captured.err
    assert store.ingest_status(index_dir) == "interrupted"  # its holder went away
