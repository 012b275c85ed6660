"""Fixtures for the fault tests: scratch copies of the seed index, a hostile index, and a
real `jrqa chat` process.

Copying the session's seed index is much cheaper than embedding the seeds again, and it
lets a test damage or extend an index without touching the one other tests share.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.local_servers import free_port

CORPUS = Path(__file__).resolve().parent / "corpus"


def copy_index(source: Path, target: Path) -> Path:
    """A private copy of an index folder."""
    shutil.copytree(source, target)
    return target


def chunk_ids(settings) -> tuple[list[str], list[str], list[str]]:  # type: ignore[no-untyped-def]
    """Chunk ids held by Chroma, recorded in the manifest, and indexed by BM25."""
    from jrqa.index.engine import Engine

    engine = Engine(settings)
    recorded = [chunk for entry in engine.manifest().entries.values() for chunk in entry.chunk_ids]
    keyword = engine.keyword_index()
    indexed = [str(node["node_id"]) for node in keyword.retriever.corpus]
    return sorted(engine.stored_chunks()), sorted(recorded), sorted(indexed)


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


# --- a real `jrqa chat` process, for the load and exposure tests -------------------------

ROOT = SEEDS.parent
CHAT_START_TIMEOUT_S = 120
# `jrqa chat`, with Ctrl+C handled even when the tests run under a shell that started them
# in the background (such a shell makes its children ignore SIGINT).
_CHAT_MAIN = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from jrqa.cli import main; sys.exit(main(sys.argv[1:]))"
)


@dataclass
class ChatServer:
    """A running ``jrqa chat`` subprocess and the file its output goes to."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def subprocess_env(**extra: str) -> dict[str, str]:
    """The test's environment without JRQA_* variables, plus ``extra``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("JRQA_")}
    env.update(
        HF_HUB_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
        GRADIO_ANALYTICS_ENABLED="False",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@contextmanager
def running_chat(
    index_dir: Path, log_path: Path, env: dict[str, str], *args: str
) -> Iterator[ChatServer]:
    """Start ``jrqa chat`` on a free loopback port; stop it with Ctrl+C afterwards."""
    command = [sys.executable, "-c", _CHAT_MAIN, "chat", "--index-dir", str(index_dir)]
    command += ["--port", str(free_port()), *args]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    server = ChatServer("", process, log_path)
    try:
        deadline = time.monotonic() + CHAT_START_TIMEOUT_S
        while (found := re.search(r"is running at (\S+)", server.output())) is None:
            assert process.poll() is None, f"jrqa chat exited early:\n{server.output()}"
            assert time.monotonic() < deadline, f"jrqa chat did not start:\n{server.output()}"
            time.sleep(0.2)
        server.url = found.group(1)
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
