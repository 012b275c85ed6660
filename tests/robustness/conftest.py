"""Fixtures for the fault tests: scratch copies of the seed index and a hostile index.

Copying the session's seed index is much cheaper than embedding the seeds again, and it
lets a test damage or extend an index without touching the one other tests share.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SEEDS

CORPUS = Path(__file__).resolve().parent / "corpus"


def copy_index(source: Path, target: Path) -> Path:
    """A private copy of an index folder."""
    shutil.copytree(source, target)
    return target


def chunk_counts(settings) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """(Chroma chunks, manifest chunks, BM25 corpus size) of a fresh engine on ``settings``."""
    from jrqa.engine import Engine

    engine = Engine(settings)
    manifest = engine.manifest()
    recorded = sum(len(entry.chunk_ids) for entry in manifest.entries.values())
    keyword = engine.keyword_index()
    return engine.collection.count(), recorded, len(keyword.retriever.corpus)


@pytest.fixture
def scratch_settings(seed_index_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Settings over a private copy of the seed index, free to damage."""
    from jrqa.settings import Settings

    index_dir = copy_index(seed_index_dir, tmp_path / "index")
    return Settings(index_dir=index_dir, seeds_dir=SEEDS)


@pytest.fixture(scope="session")
def hostile_settings(seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The seeds plus the hostile test corpus, in one index."""
    from jrqa.api import ingest
    from jrqa.settings import Settings

    index_dir = copy_index(seed_index_dir, tmp_path_factory.mktemp("hostile") / "index")
    settings = Settings(index_dir=index_dir, seeds_dir=SEEDS)
    report = ingest([CORPUS], settings=settings, show_progress=False)
    assert len(report.added) == len(list(CORPUS.glob("*.txt"))), report
    return settings


@pytest.fixture(scope="session")
def hostile_answerer(hostile_settings):  # type: ignore[no-untyped-def]
    """A warm answerer over the seeds plus the hostile corpus."""
    from jrqa.api import get_answerer

    return get_answerer(hostile_settings)
