"""Bad files in an ingest batch: each gets its own message, the rest goes in, nothing is lost.

Tests run as root, where ``chmod 000`` does not stop a read, so an unreadable file is
simulated by making the read raise ``PermissionError``; a FIFO and a dangling link stand
in for the other things a folder can hold that are not readable article files.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from jrqa.cli import main

GOOD_TEXT = (
    "Hokkaido and Sakhalin officials met in Wakkanai to discuss the winter ferry timetable.\n\n"
    "The officials agreed that the ferry would run twice a week from December."
)


def _problems(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {Path(problem.path).name: problem.message for problem in report.failed}


@pytest.fixture
def bad_batch(tmp_path: Path) -> Path:
    """A folder mixing one good article with every kind of bad file."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\n\t \n")
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, instant to make
    (folder / "latin1.txt").write_bytes(
        "Le président russe a rencontré le Premier ministre japonais à Vladivostok.\n\n"
        "Les deux dirigeants ont parlé des îles Kouriles et de la pêche.".encode("latin-1")
    )
    utf16 = "Russian and Japanese diplomats discussed visa-free visits to the islands in Tokyo."
    (folder / "utf16.txt").write_bytes(utf16.encode("utf-16"))  # with a BOM
    (folder / "locked.txt").write_text(GOOD_TEXT.replace("Wakkanai", "Nemuro"), encoding="utf-8")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    os.mkfifo(folder / "pipe.txt")
    return folder


@pytest.fixture
def locked_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading any file called locked.txt fails as a chmod 000 file would for a normal user."""
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_each_bad_file_is_reported_and_the_rest_ingested(
    scratch_settings, bad_batch: Path, locked_reads: None
) -> None:
    from jrqa.api import ingest

    before = {source for source in _manifest_sources(scratch_settings)}
    report = ingest([bad_batch, bad_batch / "nope.txt"], settings=scratch_settings)
    problems = _problems(report)

    assert "binary" in problems["binary.txt"]
    assert "empty" in problems["empty.txt"] and "empty" in problems["blank.txt"]
    assert "MB" in problems["huge.txt"] and "limit" in problems["huge.txt"]
    assert "permission denied" in problems["locked.txt"]
    assert "link" in problems["dangling.txt"]
    assert "not a regular file" in problems["pipe.txt"]
    assert "no such file" in problems["nope.txt"]
    assert sorted(report.added) == ["good.txt", "latin1.txt", "utf16.txt"]
    after = _manifest_sources(scratch_settings)
    assert before <= after, "articles already in the store were lost"
    assert after - before == {"good.txt", "latin1.txt", "utf16.txt"}


def test_legacy_encodings_keep_their_letters(scratch_settings, bad_batch: Path) -> None:
    from jrqa.index.engine import Engine
    from jrqa.ingest.pipeline import ingest

    engine = Engine(scratch_settings)
    ingest(engine, [bad_batch / "latin1.txt", bad_batch / "utf16.txt"], show_progress=False)
    texts = {
        node.metadata["source"]: node.get_content()
        for node in engine.iter_nodes()
        if node.metadata["source"] in {"latin1.txt", "utf16.txt"}
    }
    assert "président" in texts["latin1.txt"] and "îles" in texts["latin1.txt"]
    assert texts["utf16.txt"].startswith("Russian and Japanese diplomats")


def test_huge_file_is_refused_without_reading_it(scratch_settings, tmp_path: Path) -> None:
    from jrqa.api import ingest

    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    report = ingest([huge], settings=scratch_settings, show_progress=False)
    assert time.perf_counter() - started < 5
    assert "20 MB article limit" in report.failed[0].message


def test_cli_prints_a_line_per_bad_file(
    scratch_settings, bad_batch: Path, locked_reads: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["ingest", "--index-dir", str(scratch_settings.index_dir), str(bad_batch)])
    captured = capsys.readouterr()
    assert code == 0
    assert "added 3" in captured.out and "failed 7" in captured.out
    for name in ["binary", "empty", "blank", "huge", "locked", "dangling", "pipe"]:
        assert f"{bad_batch / name}.txt: " in captured.err, name
    assert "Traceback" not in captured.err


def test_only_missing_paths_is_a_clear_report(
    scratch_settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder"
    code = main(["ingest", "--index-dir", str(scratch_settings.index_dir), str(missing)])
    captured = capsys.readouterr()
    assert code == 0
    assert f"skipped {missing}: no such file or folder" in captured.err
    assert len(_manifest_sources(scratch_settings)) == 5  # the seeds are untouched


def test_a_file_name_cannot_drive_the_terminal(
    scratch_settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "evil\x1b]0;owned\x07\x1b[2J.txt").write_bytes(bytes(range(256)) * 4)
    code = main(["ingest", "--index-dir", str(scratch_settings.index_dir), str(folder)])
    captured = capsys.readouterr()
    assert code == 0
    assert "evil\\u001b]0;owned\\u0007\\u001b[2J.txt: binary data" in captured.err
    assert "\x1b" not in captured.out + captured.err


def _manifest_sources(settings) -> set[str]:  # type: ignore[no-untyped-def]
    from jrqa.index.store import Manifest

    return set(Manifest.load(settings.manifest_path).entries)
