"""The metadata file beside a corpus, and re-reading files whose provenance would change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from jrqa.api import get_answerer, ingest
from jrqa.ingest.metadata_file import METADATA_FILE_NAME, read_metadata_file
from jrqa.ingest.provenance import RULES_VERSION
from jrqa.settings import Settings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
YOMIURI = "003_74a3a5299abf2617.txt"
OPINION = "004_4e4046bfc52f2e80.txt"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Two seed articles in a folder of their own (small, so each ingest is quick)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in (YOMIURI, OPINION):
        shutil.copy(SEEDS / name, folder / name)
    return folder


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(index_dir=tmp_path / "index", seeds_dir=SEEDS)


def _write_metadata(folder: Path, text: str) -> Path:
    path = folder / METADATA_FILE_NAME
    path.write_text(text, encoding="utf-8")
    return path


def _stored(settings: Settings, source: str) -> list[dict[str, Any]]:
    found = get_answerer(settings).engine.collection.get(
        where={"source": source}, include=["metadatas"]
    )
    return [dict(meta) for meta in found["metadatas"] or []]


_OVERRIDE = f"""
["{YOMIURI}"]
title = "Putin seeks closer economic ties"
outlet = "The Yomiuri Shimbun"
authors = ["Yoshio Hanada", "Desk Editor"]
date = 2018-03-20
url = "https://japannews.yomiuri.co.jp/politics/"
kind = "opinion"
"""


def test_a_metadata_file_overrides_what_the_text_says(corpus: Path, settings: Settings) -> None:
    _write_metadata(corpus, _OVERRIDE)
    report = ingest([corpus], settings=settings, show_progress=False)
    assert sorted(report.added) == [YOMIURI, OPINION] and report.failed == []
    for meta in _stored(settings, YOMIURI):
        assert meta["title"] == "Putin seeks closer economic ties"
        assert meta["outlet"] == "The Yomiuri Shimbun"
        assert meta["authors"] == "Yoshio Hanada; Desk Editor"
        assert meta["date"] == "2018-03-20"
        assert meta["url"] == "https://japannews.yomiuri.co.jp/politics/"
        assert meta["kind"] == "opinion"
    # An article without an entry keeps what its text says.
    assert {meta["outlet"] for meta in _stored(settings, OPINION)} == {"Global Research"}

    answer = get_answerer(settings).ask("How many bilateral meetings had Abe held with Putin?")
    cited = answer.citations[0]
    assert cited.source == YOMIURI and cited.outlet == "The Yomiuri Shimbun"
    assert cited.date == "2018-03-20" and cited.url and cited.url.startswith("https://")


def test_a_changed_entry_reads_that_article_again(corpus: Path, settings: Settings) -> None:
    ingest([corpus], settings=settings, show_progress=False)
    _write_metadata(corpus, f'["{YOMIURI}"]\ndate = "2018-03"\n')
    report = ingest([corpus], settings=settings, show_progress=False)
    assert report.updated == [YOMIURI] and report.skipped == [OPINION]
    assert {meta["date"] for meta in _stored(settings, YOMIURI)} == {"2018-03"}

    (corpus / METADATA_FILE_NAME).unlink()  # the override goes: back to the text's word
    report = ingest([corpus], settings=settings, show_progress=False)
    assert report.updated == [YOMIURI]
    assert {meta["date"] for meta in _stored(settings, YOMIURI)} == {""}


@pytest.mark.parametrize(
    ("text", "entry", "says"),
    [
        (f'["{YOMIURI}"]\noutlet = "Yomiuri\n', None, "cannot be read as TOML"),
        (f'["{YOMIURI}"]\nauther = "Someone"\n', YOMIURI, "unknown field 'auther'"),
        (f'["{YOMIURI}"]\ndate = "20th March"\n', YOMIURI, "'date' must be a date"),
        (f'["{YOMIURI}"]\nauthors = 7\n', YOMIURI, "'authors' must be a list of names"),
        (f'["{YOMIURI}"]\nkind = "blog"\n', YOMIURI, "'kind' must be one of news"),
        (f'["{YOMIURI}"]\nurl = "japannews"\n', YOMIURI, "'url' must start with http"),
        (f'"{YOMIURI}" = "The Japan News"\n', YOMIURI, "expected a table of fields"),
        ('["999_missing.txt"]\noutlet = "Nowhere"\n', "999_missing.txt", "no article file"),
    ],
    ids=["bad-toml", "unknown-field", "bad-date", "wrong-type", "bad-kind", "bad-url",
         "not-a-table", "missing-file"],
)  # fmt: skip
def test_a_malformed_metadata_file_is_named_and_loses_no_article(
    corpus: Path, settings: Settings, text: str, entry: str | None, says: str
) -> None:
    path = _write_metadata(corpus, text)
    report = ingest([corpus], settings=settings, show_progress=False)
    assert sorted(report.added) == [YOMIURI, OPINION] and report.failed == []
    (problem,) = report.warnings
    assert problem.path == str(path) and says in problem.message
    if entry is not None:
        assert f"entry '{entry}'" in problem.message
    # The article is ingested with what its text says.
    assert {meta["outlet"] for meta in _stored(settings, YOMIURI)} == {"The Japan News"}


def test_a_bad_entry_does_not_cost_the_good_ones(corpus: Path) -> None:
    path = _write_metadata(
        corpus, f'["{YOMIURI}"]\ndate = "May"\n\n["{OPINION}"]\ndate = "2022-06-24"\n'
    )
    entries, problems = read_metadata_file(path)
    assert list(entries) == [OPINION] and entries[OPINION].date == "2022-06-24"
    assert len(problems) == 1 and YOMIURI in problems[0].message


def test_jrqa_ingest_prints_the_metadata_problem(
    corpus: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    from jrqa.cli import main

    _write_metadata(corpus, f'["{YOMIURI}"]\nkind = "blog"\n')
    code = main(["ingest", "--index-dir", str(settings.index_dir), str(corpus)])
    captured = capsys.readouterr()
    assert code == 0 and "added 2" in captured.out
    assert METADATA_FILE_NAME in captured.err and YOMIURI in captured.err


def test_an_index_built_under_older_rules_is_read_again(corpus: Path, settings: Settings) -> None:
    ingest([corpus], settings=settings, show_progress=False)
    manifest_path = settings.manifest_path
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["entries"][YOMIURI]["rules_version"] == RULES_VERSION
    # What an index written before provenance existed looks like: no rules version, and
    # a stale outlet in the store that only re-reading the file can correct.
    del manifest["entries"][YOMIURI]["rules_version"]
    manifest["entries"][OPINION]["rules_version"] = RULES_VERSION - 1
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    collection = get_answerer(settings).engine.collection
    ids = manifest["entries"][YOMIURI]["chunk_ids"]
    collection.update(ids=ids, metadatas=[{"outlet": "ISN", "kind": ""} for _ in ids])

    report = ingest([corpus], settings=settings, show_progress=False)
    assert sorted(report.updated) == [YOMIURI, OPINION]
    assert {meta["outlet"] for meta in _stored(settings, YOMIURI)} == {"The Japan News"}
    assert {meta["kind"] for meta in _stored(settings, YOMIURI)} == {"news"}
    again = ingest([corpus], settings=settings, show_progress=False)
    assert again.updated == [] and sorted(again.skipped) == [YOMIURI, OPINION]
