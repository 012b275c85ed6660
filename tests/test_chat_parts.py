"""The chat page's parts: source cards and provenance, uploads, feedback, modes, exposure."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from pydantic import SecretStr

from jrqa.models import Answer, Citation, FileProblem, IngestReport
from jrqa.settings import Settings
from ui.exposure import uploads_allowed
from ui.feedback import FeedbackLog
from ui.modes import answer_concurrency, offered_modes
from ui.render import escape_text, render_answer, searched_line
from ui.sources import group_by_passage, render_card, safe_link
from ui.uploads import ArticleUploads, UploadLimits

PASSAGE = "Talks stalled in May. They resume in March. Fishermen were angry."


def cite(n: int, quote: str, text: str = PASSAGE, **fields: object) -> Citation:
    start = text.index(quote)
    return Citation(
        n=n,
        source=str(fields.pop("source", "a.txt")),
        title="Crab talks",
        text=text,
        quote=quote,
        start=start,
        end=start + len(quote),
        score=1.0,
        **fields,
    )


# --- source cards ---------------------------------------------------------------------------


def test_citations_of_one_passage_share_a_card_with_every_number_and_quote() -> None:
    other = "A different passage. It says other things."
    citations = [
        cite(1, "They resume in March."),
        cite(2, "It says other things.", other),
        cite(3, "Fishermen were angry."),
    ]
    cards = group_by_passage(citations)
    assert [card.numbers for card in cards] == [[1, 3], [2]]
    html = render_card(cards[0], turn=5)
    assert html.count("<mark>") == 2
    assert 'id="jrqa-src-5-1"' in html and 'id="jrqa-src-5-3"' in html
    assert html.count(PASSAGE.split()[0]) == 1  # the passage once


def test_a_forum_reply_is_never_passed_off_as_the_outlet() -> None:
    reply = cite(
        1,
        "They resume in March.",
        outlet="Japan Today Forum",
        authors=["Staff writer"],
        kind="forum",
        post="reply",
        poster="sakura77",
        date="2018-03-02",
        url="https://example.org/thread/1",
    )
    html = render_card(group_by_passage([reply])[0], turn=1)
    assert "forum reply by sakura77 on Japan Today Forum" in html
    assert "Staff writer" not in html  # the poster wrote it, not the article's byline
    assert "2018&#45;03&#45;02" in html and 'href="https&#58;//example&#46;org' in html


def test_a_card_shows_outlet_author_kind_and_date() -> None:
    report = cite(
        1, "They resume in March.", outlet="Ostland Herald", authors=["A. Writer"], kind="news"
    )
    dated = report.model_copy(update={"date": "2024-02-03"})
    html = render_card(group_by_passage([dated])[0], turn=1)
    assert '<span class="jrqa-outlet">Ostland Herald</span>' in html
    assert "by A&#46; Writer" in html and '<span class="jrqa-kind">news</span>' in html
    assert '<time class="jrqa-date">2024&#45;02&#45;03</time>' in html


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<b>", "//example.org", "ftp://x/y", ""]
)
def test_only_web_addresses_become_links(url: str) -> None:
    assert safe_link(url) is None
    html = render_card(group_by_passage([cite(1, "They resume in March.", url=url)])[0], 1)
    assert "href=" not in html


# --- uploads --------------------------------------------------------------------------------


class RecordingIngest:
    def __init__(self) -> None:
        self.calls: list[list[Path]] = []

    def __call__(self, paths: list[Path]) -> IngestReport:
        self.calls.append(paths)
        return IngestReport(added=[path.name for path in paths])


def _uploads(tmp_path: Path, **limits: int) -> tuple[ArticleUploads, RecordingIngest]:
    ingest = RecordingIngest()
    return ArticleUploads(tmp_path / "uploads", ingest, UploadLimits(**limits)), ingest


def _file(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def test_a_bad_file_is_refused_and_the_others_are_added(tmp_path: Path) -> None:
    uploads, ingest = _uploads(tmp_path, max_file_bytes=1000)
    browser = tmp_path / "browser"
    good = _file(browser, "talks.txt", b"Talks resume in March.\n")
    binary = _file(browser, "scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(200)))
    pdf = _file(browser, "report.pdf", b"%PDF-1.7 ...")
    big = _file(browser, "big.txt", b"word " * 400)
    result = uploads.add([binary, good, pdf, big])
    assert result.report.added == ["talks.txt"]
    assert ingest.calls == [[tmp_path / "uploads" / "talks.txt"]]
    reasons = {problem.path: problem.message for problem in result.report.failed}
    assert reasons["scan.txt"] == "binary data, not text"
    assert reasons["report.pdf"] == "only .md and .txt files are read as articles"
    assert reasons["big.txt"] == "2 KB is over the 1 KB limit for one file"
    assert sorted(path.name for path in (tmp_path / "uploads").iterdir()) == ["talks.txt"]


def test_too_many_files_are_refused_whole_with_the_reason(tmp_path: Path) -> None:
    uploads, ingest = _uploads(tmp_path, max_files=2)
    files = [_file(tmp_path / "b", f"{n}.txt", b"Some text.") for n in range(3)]
    result = uploads.add(files)
    assert "3 files is more than the 2 one upload can add" in result.refused
    assert ingest.calls == []


def test_two_files_with_one_name_keep_the_first(tmp_path: Path) -> None:
    uploads, ingest = _uploads(tmp_path)
    first = _file(tmp_path / "a", "same.txt", b"First version.")
    second = _file(tmp_path / "b", "same.txt", b"Second version.")
    result = uploads.add([first, second])
    assert result.report.failed == [
        FileProblem(path="same.txt", message="another file in this upload has the same name")
    ]
    assert (tmp_path / "uploads" / "same.txt").read_bytes() == b"First version."


def test_an_index_that_cannot_take_articles_now_is_reported(tmp_path: Path) -> None:
    from jrqa.errors import IndexUnavailableError

    def busy(paths: list[Path]) -> IngestReport:
        raise IndexUnavailableError("Another `jrqa ingest` is writing to index.")

    uploads = ArticleUploads(tmp_path / "uploads", busy)
    result = uploads.add([_file(tmp_path / "b", "talks.txt", b"Talks resume in March.")])
    assert result.refused == "Nothing was added: Another `jrqa ingest` is writing to index."


def test_uploads_need_loopback_or_a_login() -> None:
    assert uploads_allowed("127.0.0.1", Settings())
    assert uploads_allowed("localhost", Settings())
    assert not uploads_allowed("0.0.0.0", Settings())
    assert not uploads_allowed("0.0.0.0", Settings(auth_user="reader"))
    login = Settings(auth_user="reader", auth_password=SecretStr("long-password"))
    assert uploads_allowed("0.0.0.0", login)


def test_an_exposed_page_without_login_has_no_upload_control(tmp_path: Path) -> None:
    from ui.app import create_app

    settings = Settings(index_dir=tmp_path / "index", feedback_path=tmp_path / "fb.jsonl")
    assert create_app(lambda chosen: object(), settings, host="0.0.0.0").uploads is None
    assert create_app(lambda chosen: object(), settings).uploads is not None


# --- the answer bubble: its note, what was searched, the outlet filter -----------------------


def answer(**fields: object) -> Answer:
    values: dict[str, object] = {"question": "How much cargo?", "text": "19 million. [1]"}
    values.update(fields)
    return Answer(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({}, []),
        ({"searched_query": "How much cargo?"}, []),  # the question itself: nothing to say
        ({"searched_query": "How  much\ncargo in 2023?"}, ["Searched as: How much cargo in 2023?"]),
        ({"restricted_to": "Ostland Herald"}, ["Only from: Ostland Herald"]),
        (
            {"searched_query": "cargo 2023", "restricted_to": "Ostland Herald"},
            ["Searched as: cargo 2023", "Only from: Ostland Herald"],
        ),
    ],
)
def test_the_searched_line_names_the_rewritten_query_and_the_one_source(
    fields: dict[str, object], shown: list[str]
) -> None:
    line = searched_line(answer(**fields))
    lines = re.findall(r"<div[^>]*>(.*?)</div>", line)
    assert [html.unescape(re.sub(r"<[^>]+>", "", text)) for text in lines] == shown


def test_the_searched_query_is_one_line_whole_on_hover_and_escaped() -> None:
    query = 'How much cargo? (What did "Ostland" <b>say</b>? — Ostland Herald)'
    line = searched_line(answer(searched_query=query))
    assert "<b>" not in line
    assert 'class="jrqa-searched jrqa-searched-as"' in line
    title = re.search(r'title="([^"]*)"', line)
    assert title is not None and html.unescape(title.group(1)) == query


def test_an_answers_note_comes_first_and_article_text_in_it_stays_text() -> None:
    note = "The articles differ on this: <img src=x onerror=alert(1)> *says* [2]."
    shown = render_answer(answer(note=note, restricted_to="<b>Herald</b>"), turn=1)
    assert shown.index("jrqa-answer-note") < shown.index("19 million")
    assert f'<div class="jrqa-answer-note">{escape_text(note)}</div>' in shown
    assert "<img" not in shown and "<b>" not in shown
    refused = render_answer(answer(abstained=True, restricted_to="ISN"), turn=1)
    assert "jrqa-abstained" in refused and "Only from: ISN" in refused


def test_the_outlet_filter_keeps_its_choice_while_that_outlet_has_articles(
    tmp_path: Path,
) -> None:
    from ui.app import create_app

    settings = Settings(index_dir=tmp_path / "index", feedback_path=tmp_path / "fb.jsonl")
    app = create_app(lambda chosen: object(), settings)
    app.controller.list_outlets = lambda: ["Global Research", "ISN"]
    kept = app.outlet_filter("ISN")
    assert kept.value == "ISN"
    assert [label for label, _ in kept.choices] == ["All articles", "Global Research", "ISN"]
    app.controller.list_outlets = lambda: ["Global Research"]  # ISN's articles were removed
    assert app.outlet_filter("ISN").value == ""
    assert app.outlet_filter(None).value == ""


# --- feedback, modes ------------------------------------------------------------------------


def test_a_changed_vote_replaces_its_record_and_keeps_the_others(tmp_path: Path) -> None:
    from tests.test_chat_controller import answer_to

    path = tmp_path / "feedback.jsonl"
    path.write_text("not json, kept as it is\n", encoding="utf-8")
    log = FeedbackLog(path)
    log.record(answer_to("a"), "up", "conv", 1)
    log.record(answer_to("b"), "up", "conv", 3)
    log.record(answer_to("a"), "down", "conv", 1)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "not json, kept as it is"
    kept = [json.loads(line) for line in lines[1:]]
    assert [(r["id"], r["verdict"]) for r in kept] == [("conv:3", "up"), ("conv:1", "down")]


def test_modes_are_offered_only_when_they_can_answer() -> None:
    bare = offered_modes(Settings(), local_available=lambda: False)
    assert bare.modes == ["extractive"]
    assert "JRQA_OPENAI_BASE_URL" in bare.note and "jrqa[local]" in bare.note
    served = Settings(openai_base_url="http://127.0.0.1:8080/v1", openai_model="m")
    full = offered_modes(served, local_available=lambda: True)
    assert full.modes == ["extractive", "local", "openai"] and full.note == ""


def test_extractive_answers_run_side_by_side_on_every_core() -> None:
    assert answer_concurrency(1) == 2
    assert answer_concurrency(8) == 16
    assert answer_concurrency(None) == 2
