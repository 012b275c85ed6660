"""Shared fixtures: an index of the seed articles built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No JRQA_* variable from the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("JRQA_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temp index holding the five seed articles, built once."""
    from jrqa.api import ingest
    from jrqa.settings import Settings

    index_dir = tmp_path_factory.mktemp("seed-index")
    settings = Settings(index_dir=index_dir, seeds_dir=SEEDS)
    report = ingest([SEEDS], settings=settings, show_progress=False)
    assert len(report.added) == 5, report
    return index_dir


@pytest.fixture(scope="session")
def seed_settings(seed_index_dir: Path):  # type: ignore[no-untyped-def]
    """Settings pointing at the shared seed index."""
    from jrqa.settings import Settings

    return Settings(index_dir=seed_index_dir, seeds_dir=SEEDS)


@pytest.fixture(scope="session")
def answerer(seed_settings):  # type: ignore[no-untyped-def]
    """A warm answerer over the seed index."""
    from jrqa.api import get_answerer

    return get_answerer(seed_settings)
