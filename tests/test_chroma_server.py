"""Chroma server mode: the same seeds and question through `chroma run` give the same answer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from jrqa.errors import IndexUnavailableError
from jrqa.settings import Settings
from tests.local_servers import free_port, stop, wait_until_answering

pytestmark = pytest.mark.server

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
QUESTION = "Who signed the Tokyo Declaration?"
STARTUP_SECONDS = 60


def _chroma_binary() -> str:
    beside_python = Path(sys.executable).with_name("chroma")
    found = str(beside_python) if beside_python.exists() else shutil.which("chroma")
    if found is None:
        pytest.fail("the `chroma` command (installed with chromadb) is missing")
    return found


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `chroma run` server on a free local port, stopped after the module."""
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    server = subprocess.Popen(
        [_chroma_binary(), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{url}/api/v2/heartbeat", server, "chroma run", STARTUP_SECONDS)
        yield url
    finally:
        stop(server)


@pytest.fixture(scope="module")
def server_settings(chroma_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose vectors live in the server (manifest and BM25 stay local)."""
    return Settings(
        index_dir=tmp_path_factory.mktemp("server-index"), seeds_dir=SEEDS, chroma_url=chroma_url
    )


def test_ingest_through_the_server_stores_every_chunk(server_settings: Settings) -> None:
    from jrqa.api import get_answerer, ingest

    report = ingest([SEEDS], settings=server_settings, show_progress=False)
    assert sorted(report.added) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert not report.failed
    collection = get_answerer(server_settings).engine.collection
    assert collection.count() == report.chunks_total > 0
    # Nothing was written to an embedded store beside the manifest.
    assert not server_settings.chroma_dir.exists()


def test_server_answer_matches_embedded_answer(server_settings: Settings, answerer) -> None:  # type: ignore[no-untyped-def]
    from jrqa.api import ask, ingest

    ingest([SEEDS], settings=server_settings, show_progress=False)  # idempotent if done
    served = ask(QUESTION, settings=server_settings)
    embedded = answerer.ask(QUESTION)
    assert not served.abstained
    assert served.text == embedded.text
    assert [c.source for c in served.citations] == [c.source for c in embedded.citations]
    assert [p.chunk_id for p in served.passages] == [p.chunk_id for p in embedded.passages]


def test_reingest_through_the_server_skips_everything(server_settings: Settings) -> None:
    from jrqa.api import ingest

    ingest([SEEDS], settings=server_settings, show_progress=False)
    again = ingest([SEEDS], settings=server_settings, show_progress=False)
    assert len(again.skipped) == len(list(SEEDS.glob("*.txt")))
    assert again.chunks_written == 0


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    from jrqa.index.engine import Engine

    settings = Settings(index_dir=tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(IndexUnavailableError, match="Chroma server"):
        _ = Engine(settings).collection
