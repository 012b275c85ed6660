"""Provenance at ingest: who wrote each passage, what kind of text, when; on every citation."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from jrqa.cli import print_answer
from jrqa.index.chunk_metadata import ChunkProvenance
from jrqa.ingest.cleaning import clean_article
from jrqa.ingest.provenance import ArticleProvenance, read_provenance
from jrqa.models import Answer, Citation, Passage

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
THREAD = "001_68ffb54545db6918.txt"
REPLY_SENTENCE = "Stalin took over those islands for a reason"
ARTICLE_SENTENCE = "The Tokyo Declaration, signed by Yeltsin"


def _provenance(name: str) -> ArticleProvenance:
    path = next(SEEDS.glob(f"{name}*.txt"))
    raw = path.read_text(encoding="utf-8")
    return read_provenance(raw, clean_article(raw, path.name))


def _stored_chunks(answerer: Any, source: str) -> list[tuple[str, dict[str, Any]]]:
    found = answerer.engine.collection.get(
        where={"source": source}, include=["documents", "metadatas"]
    )
    return list(zip(found["documents"], found["metadatas"], strict=True))


def _chunk_holding(answerer: Any, source: str, words: str) -> dict[str, Any]:
    return next(meta for text, meta in _stored_chunks(answerer, source) if words in text)


# --- the seeds, as stored in the index ---


def test_replies_in_the_forum_thread_are_replies_never_the_reposted_paper(answerer) -> None:
    chunks = _stored_chunks(answerer, THREAD)
    replies = [meta for _, meta in chunks if meta["post"] == "reply"]
    assert replies, "the thread's reader replies are labelled as replies"
    for meta in replies:
        assert meta["outlet"] != "ISN" and meta["reposted_from"] == ""
        assert meta["kind"] == "forum"
    reply = _chunk_holding(answerer, THREAD, REPLY_SENTENCE)
    assert reply["post"] == "reply" and reply["outlet"] == ""


def test_the_opening_post_is_labelled_with_its_poster_and_reposted_source(answerer) -> None:
    opening = _chunk_holding(answerer, THREAD, ARTICLE_SENTENCE)
    assert opening["post"] == "opening post"
    assert opening["poster"] == "Aepsilons"
    assert opening["reposted_from"] == "ISN"
    assert opening["kind"] == "forum"
    # The paper's policy recommendations continue the opening post after a page break.
    continued = _chunk_holding(answerer, THREAD, "Create a flexible policy toward Russia")
    assert continued["post"] == "opening post" and continued["poster"] == "Aepsilons"


def test_no_chunk_spans_two_forum_posts(answerer) -> None:
    raw = (SEEDS / THREAD).read_text(encoding="utf-8")
    posts = clean_article(raw, THREAD).posts
    assert len(posts) > 2
    for _, meta in _stored_chunks(answerer, THREAD):
        start, end = int(meta["start"]), int(meta["end"])
        assert any(p.start <= start and end <= p.end for p in posts), (start, end)


def test_the_opinion_piece_is_opinion_with_its_author(answerer) -> None:
    source = next(SEEDS.glob("004_*.txt")).name
    for _, meta in _stored_chunks(answerer, source):
        assert meta["kind"] == "opinion"
        assert meta["authors"] == "Uriel Araujo"
        assert meta["outlet"] == "Global Research"
        assert meta["post"] == ""


def test_the_yomiuri_report_is_news_with_its_outlet_and_author() -> None:
    (section,) = _provenance("003_").sections
    assert section.provenance.kind == "news"
    assert section.provenance.outlet and "Japan News" in section.provenance.outlet
    assert section.provenance.authors == ("Yoshio Hanada",)
    assert section.provenance.post is None


@pytest.mark.parametrize("name", ["000_", "002_"])
def test_the_modern_tokyo_times_reports_are_news_with_both_authors(name: str) -> None:
    (section,) = _provenance(name).sections
    assert section.provenance.kind == "news"
    assert section.provenance.outlet == "Modern Tokyo Times"
    assert len(section.provenance.authors) == 2 and "Lee Jay Walker" in section.provenance.authors


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_no_seed_gets_a_date_it_does_not_state(path: Path) -> None:
    # 001's "Joined May 29, 2014" is when the poster joined, not when anything was written.
    raw = path.read_text(encoding="utf-8")
    provenance = read_provenance(raw, clean_article(raw, path.name))
    assert all(section.provenance.date is None for section in provenance.sections)


# --- citations carry it ---


def test_a_reply_is_cited_as_a_reply_and_the_article_as_the_opening_post(answerer) -> None:
    answer = answerer.ask("Why won't Russia return the islands?")
    assert not answer.abstained
    for citation in answer.citations:
        source = citation.source
        article_text = clean_article((SEEDS / source).read_text(encoding="utf-8"), source).text
        assert article_text[citation.start : citation.end] == citation.quote
        if citation.source == THREAD:
            assert citation.kind == "forum" and citation.post in ("opening post", "reply")
            if citation.post == "reply":
                assert citation.outlet is None and citation.reposted_from is None
            else:
                assert citation.poster == "Aepsilons" and citation.reposted_from == "ISN"
    for passage in answer.passages:
        if passage.post == "reply":
            assert passage.outlet != "ISN"


def test_citations_carry_outlet_authors_and_kind(answerer) -> None:
    answer = answerer.ask("How many bilateral meetings had Abe held with Putin?")
    first = answer.citations[0]
    assert first.source.startswith("003_")
    assert first.kind == "news" and first.authors == ["Yoshio Hanada"]
    assert first.outlet and "Japan News" in first.outlet and first.post is None


def test_query_engine_source_nodes_carry_provenance(seed_settings) -> None:
    import jrqa

    response = jrqa.query_engine(seed_settings).query("Who signed the Tokyo Declaration?")
    for node in response.source_nodes:
        stored = ChunkProvenance.from_metadata(node.node.metadata)
        assert stored.kind in ("news", "opinion", "forum")
        if stored.post == "reply":
            assert stored.outlet is None


def test_chunk_provenance_round_trips_through_store_metadata() -> None:
    provenance = ChunkProvenance(
        outlet="Global Research",
        authors=("Uriel Araujo", "Jane Doe"),
        kind="opinion",
        date="2022-06",
        url="https://example.org/a",
    )
    metadata = provenance.to_metadata()
    assert all(isinstance(value, str) for value in metadata.values())
    assert ChunkProvenance.from_metadata(metadata) == provenance
    assert ChunkProvenance.from_metadata({}) == ChunkProvenance()
    assert ChunkProvenance.from_metadata({"kind": "rumour", "post": "x"}).kind is None


def _citation(n: int, **provenance: Any) -> Citation:
    passage = Passage(
        source=THREAD,
        title="Japan-Russia Relations: Toward a Peace Treaty and Beyond",
        text="Some text.",
        start=0,
        end=10,
        score=1.0,
        chunk_id="c",
        **provenance,
    )
    return Citation.quoting(n, passage, "Some text.", 0, 10)


def test_the_source_list_shows_who_said_it() -> None:
    answer = Answer(
        question="q",
        text="One. [1] Two. [2] Three. [3]",
        citations=[
            _citation(1, kind="forum", post="reply", poster="Aepsilons", date="2014-05-30"),
            _citation(
                2,
                kind="forum",
                post="opening post",
                poster="Aepsilons",
                outlet="ISN",
                reposted_from="ISN",
            ),
            _citation(
                3, kind="opinion", outlet="Global Research", authors=["Uriel Araujo"], date="2022"
            ),
        ],
    )
    out = io.StringIO()
    print_answer(answer, out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("[")]
    assert lines[0] == f"[1] forum reply by Aepsilons, 2014-05-30 ({THREAD})"
    assert "ISN" not in lines[0] and "Peace Treaty" not in lines[0]
    assert "forum opening post by Aepsilons, reposting ISN" in lines[1]
    assert "Global Research, opinion, by Uriel Araujo, 2022" in lines[2]


# --- the rules, on texts written for them ---

# A scraped thread: user cards (name, rank, label/value lines), post headers, a divider.
_THREAD = "\n".join(
    [
        "Forum home",
        "",
        "Should Japan buy the islands back?",
        "",
        "Kenji",
        "",
        "Senior Member",
        "Joined",
        "Jan 3, 2012",
        "Messages",
        "1,204",
        "May 30, 2014",
        "Tokyo should offer to buy the islands back, as the United States once bought Alaska "
        "from Russia. The idea has been floated before by several commentators in both countries.",
        "",
        "Tanya",
        "",
        "New Member",
        "Joined",
        "Feb 8, 2013",
        "Messages",
        "12",
        "#2",
        "June 2, 2014",
        "Russia will not sell land that it sees as a strategic outpost in the Pacific, whatever "
        "the price. Moscow treats the Kurils as a shield for its submarine fleet.",
        "\u00a0",
        ".",
        "Nobody in the Kremlin would sign such a deal, and the Duma would never ratify it in any "
        "case, however much money Tokyo put on the table for the four islands.",
    ]
)


def test_forum_posts_get_their_poster_and_post_date_never_the_join_date() -> None:
    article = clean_article(_THREAD, "thread.txt")
    sections = read_provenance(_THREAD, article).sections
    assert [s.provenance.post for s in sections] == ["opening post", "reply", "reply"]
    assert [s.provenance.poster for s in sections] == ["Kenji", "Tanya", None]
    assert [s.provenance.date for s in sections] == ["2014-05-30", "2014-06-02", None]
    assert all(s.provenance.kind == "forum" and s.provenance.outlet is None for s in sections)
    for chrome in ("Kenji", "Tanya", "Joined", "2012", "#2", "June 2, 2014"):
        assert chrome not in article.text
    assert "Alaska" in article.text[sections[0].start : sections[0].end]
    assert "Duma" in article.text[sections[2].start : sections[2].end]


@pytest.mark.parametrize(
    ("header", "date"),
    [
        ("Published: 8 October 2021 10:23 JST", "2021-10-08"),
        ("Posted on June 22, 2022 by the desk", "2022-06-22"),
        ("Friday, October 8, 2021", "2021-10-08"),
        ("March 2018", "2018-03"),
        ("Updated daily since 2001", None),
    ],
)
def test_a_stated_publication_date_is_read(header: str, date: str | None) -> None:
    raw = (
        f"Kishida and Putin talk by phone\n\n{header}\n\n"
        "The two leaders spoke for half an hour about a peace treaty, fishing rights and the "
        "disputed islands, and agreed that their foreign ministers should meet again soon."
    )
    (section,) = read_provenance(raw, clean_article(raw, "a.txt")).sections
    assert section.provenance.date == date


def test_a_dateline_dates_the_story_but_dates_in_the_prose_do_not() -> None:
    dated = (
        "Putin wins a fourth term\n\nMOSCOW, March 19, 2018 -- Vladimir Putin won a fourth term "
        "as president on Sunday, and Japan hopes to restart talks on the islands in May."
    )
    undated = (
        "Putin wins a fourth term\n\nMOSCOW -- Vladimir Putin, who first met Abe on "
        "November 20, 2012, won a fourth term as president, and Japan hopes to restart talks."
    )
    for raw, date in ((dated, "2018-03-19"), (undated, None)):
        (section,) = read_provenance(raw, clean_article(raw, "a.txt")).sections
        assert section.provenance.date == date


def test_an_opinion_label_or_an_analyst_note_makes_a_piece_opinion() -> None:
    body = (
        "Japan should rethink its approach to Russia, because sanctions have cost Tokyo its "
        "energy security while doing little to change the course of the war in Ukraine."
    )
    labelled = f"Opinion\n\nTime for a new Russia policy\n\nAnna Sato\n\n{body}"
    noted = (
        f"Time for a new Russia policy\n\n{body}\n\n"
        "Articles by: Anna Sato\n\nAnna Sato is a senior researcher at a Tokyo think tank."
    )
    disclaimed = f"Time for a new Russia policy\n\n{body}\n\nThe views expressed are the author's."
    report = f"Time for a new Russia policy\n\n{body} Moscow rejected the views expressed by Tokyo."
    kinds = [
        read_provenance(raw, clean_article(raw, "a.txt")).sections[0].provenance.kind
        for raw in (labelled, noted, disclaimed, report)
    ]
    assert kinds == ["opinion", "opinion", "opinion", "news"]
