"""A damaged or missing index: a message that names the way out, never a traceback.

Each case goes through the CLI in-process and checks the exit code and what the user reads.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from jrqa.cli import main
from tests.conftest import SEEDS

TOKYO = "Who signed the Tokyo Declaration?"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def _assert_way_out(err: str, index_dir: Path) -> None:
    assert err.startswith("jrqa: ")
    assert f"delete {index_dir} and run `jrqa ingest`".lower() in err.lower()


@pytest.mark.parametrize(
    "garbage",
    [
        b"garbage{",
        b"\xff\xfe\x00\x01binary",
        b"",
        b"[]",
        b'{"entries": []}',
        b'{"entries": {"a.txt": {"path": 1}}}',
        b'{"entries": {"a.txt": {"path": "a", "sha256": "x", "size": 1, "mtime_ns": 1, '
        b'"chunk_ids": "abc"}}}',
        b'{"entries": {}, "generation": "seven"}',
    ],
    ids=["not-json", "binary", "empty", "list", "entries-list", "entry-fields", "ids", "gen"],
)
def test_garbage_manifest_names_the_way_out(
    scratch_settings, garbage: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    index_dir = scratch_settings.index_dir
    (index_dir / "manifest.json").write_bytes(garbage)
    for command in (["ask", TOKYO], ["ingest", str(SEEDS)]):
        code, out, err = _run(capsys, command[0], "--index-dir", str(index_dir), *command[1:])
        assert code == 2, command
        assert "manifest" in err and "corrupt" in err
        _assert_way_out(err, index_dir)


def test_garbage_chroma_database_names_the_way_out_and_the_way_out_works(
    scratch_settings, capsys: pytest.CaptureFixture[str]
) -> None:
    index_dir = scratch_settings.index_dir
    database = index_dir / "chroma" / "chroma.sqlite3"
    database.write_bytes(random.Random(7).randbytes(64 * 1024))
    for command in (["ask", TOKYO], ["ingest", str(SEEDS)]):
        code, out, err = _run(capsys, command[0], "--index-dir", str(index_dir), *command[1:])
        assert code == 2, command
        assert "cannot be opened" in err
        _assert_way_out(err, index_dir)

    shutil.rmtree(index_dir)  # what the message says to do
    code, out, err = _run(capsys, "ingest", "--index-dir", str(index_dir), str(SEEDS))
    assert code == 0 and "added 5" in out
    code, out, err = _run(capsys, "ask", "--index-dir", str(index_dir), TOKYO)
    assert code == 0 and "Yeltsin" in out


def test_half_overwritten_chroma_database_names_the_way_out(
    scratch_settings, capsys: pytest.CaptureFixture[str]
) -> None:
    index_dir = scratch_settings.index_dir
    database = index_dir / "chroma" / "chroma.sqlite3"
    data = bytearray(database.read_bytes())
    noise = random.Random(11)
    for offset in range(8192, len(data), 4096):  # keep the header, smash every page
        data[offset : offset + 512] = noise.randbytes(512)
    database.write_bytes(bytes(data))
    code, out, err = _run(capsys, "ask", "--index-dir", str(index_dir), TOKYO)
    assert code == 2
    _assert_way_out(err, index_dir)


@pytest.mark.parametrize("damage", ["deleted", "emptied"])
def test_missing_vector_store_is_damage_not_an_abstention(
    scratch_settings, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without its chunks the index would wrongly say "the articles don't cover this"."""
    index_dir = scratch_settings.index_dir
    if damage == "deleted":
        shutil.rmtree(index_dir / "chroma")
    else:
        (index_dir / "chroma" / "chroma.sqlite3").write_bytes(b"")
    code, out, err = _run(capsys, "ask", "--index-dir", str(index_dir), TOKYO)
    assert code == 2 and out == ""
    assert "damaged" in err and "holds 0" in err
    assert "Run `jrqa ingest` to repair it" in err
    _assert_way_out(err, index_dir)


def test_garbage_keyword_index_is_rebuilt_silently(
    scratch_settings, capsys: pytest.CaptureFixture[str]
) -> None:
    index_dir = scratch_settings.index_dir
    for path in (index_dir / "bm25").iterdir():
        path.write_bytes(b"\x00garbage")
    code, out, err = _run(capsys, "ask", "--index-dir", str(index_dir), TOKYO)
    assert code == 0 and "Yeltsin" in out and err == ""


def test_missing_index_without_articles_to_build_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no seeds/ folder here
    index_dir = tmp_path / "no-index"
    code, out, err = _run(capsys, "ask", "--index-dir", str(index_dir), TOKYO)
    assert code == 2
    assert "is empty" in err and "jrqa ingest <folder of articles>" in err


def test_index_path_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index_dir = tmp_path / "index"
    index_dir.write_text("not a folder")
    code, out, err = _run(capsys, "ingest", "--index-dir", str(index_dir), str(SEEDS))
    assert code == 2
    assert f"The index folder {index_dir} cannot be used" in err and "--index-dir" in err
