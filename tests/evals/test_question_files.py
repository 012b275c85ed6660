"""The dev and test question files: valid, ids unique across splits, facts in their articles.

The test split is test.jsonl plus each frozen batch test-<name>.jsonl; every file is checked.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from evals.metrics import fact_present
from evals.questions import (
    REFUSAL_KINDS,
    EvalInputError,
    EvalQuestion,
    load_split,
    split_files,
)
from jrqa.ingest.cleaning import clean_article
from jrqa.ingest.provenance import read_provenance

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BATCHES = {split: load_split(split_files(split)) for split in ("dev", "test")}
SPLITS = {
    split: [question for questions in batches.values() for question in questions]
    for split, batches in BATCHES.items()
}


def _article(source: str) -> str:
    return clean_article((SEEDS / source).read_text(encoding="utf-8"), source).text


@cache
def _article_text_without_replies(source: str) -> str:
    """The cleaned article minus its readers' forum replies (all of it for a non-forum page)."""
    raw = (SEEDS / source).read_text(encoding="utf-8")
    article = clean_article(raw, source)
    sections = read_provenance(raw, article).sections
    return "\n\n".join(
        article.text[section.start : section.end]
        for section in sections
        if section.provenance.post != "reply"
    )


def test_ids_are_unique_across_the_splits() -> None:
    dev = {question.id for question in SPLITS["dev"]}
    test = {question.id for question in SPLITS["test"]}
    assert not dev & test


@pytest.mark.parametrize("split", ["dev", "test"])
def test_every_key_fact_occurs_in_a_gold_article(split: str) -> None:
    misplaced = [
        (question.id, variants[0])
        for question in SPLITS[split]
        for variants in question.key_facts
        if not any(fact_present(variants, _article(source)) for source in question.gold_sources)
    ]
    assert not misplaced


@pytest.mark.parametrize("split", ["dev", "test"])
def test_refusal_kinds_are_labelled_unanswerable(split: str) -> None:
    wrong: list[EvalQuestion] = [
        question
        for question in SPLITS[split]
        if question.kind in REFUSAL_KINDS and question.answerable
    ]
    assert not wrong


def test_the_test_split_has_a_frozen_provenance_batch() -> None:
    assert list(BATCHES["test"]) == [
        "test",
        "test-held-out-2",
        "test-held-out-3",
        "test-held-out-4",
        "test-held-out-5",
        "test-held-out-6",
        "test-held-out-7",
        "test-provenance",
    ]
    kinds = {question.kind for question in BATCHES["test"]["test-provenance"]}
    assert {"reply_vs_article", "differing_sources"} <= kinds


def test_the_second_held_out_batch_asks_what_the_articles_do_not_answer() -> None:
    batch = BATCHES["test"]["test-held-out-2"]
    kinds = [question.kind for question in batch]
    assert kinds.count("near_miss") >= 30
    assert kinds.count("false_premise") >= 15
    chats = {question.chat for question in batch if question.kind == "chat"}
    assert len(chats) >= 10
    assert any(not question.answerable for question in batch if question.kind == "chat")


@pytest.mark.parametrize("batch", ["test-held-out-3", "test-held-out-4"])
def test_the_later_held_out_batches_are_mostly_conversations_and_near_misses(batch: str) -> None:
    questions = BATCHES["test"][batch]
    kinds = [question.kind for question in questions]
    assert kinds.count("near_miss") >= 20
    chats = {question.chat for question in questions if question.kind == "chat"}
    assert len(chats) >= 25
    assert sum(not question.answerable for question in questions if question.kind == "chat") >= 20


@pytest.mark.parametrize("split", ["dev", "test"])
def test_reply_vs_article_facts_are_in_article_text_not_only_in_replies(split: str) -> None:
    only_in_replies = [
        (question.id, variants[0])
        for question in SPLITS[split]
        if question.kind == "reply_vs_article"
        for variants in question.key_facts
        if not any(
            fact_present(variants, _article_text_without_replies(source))
            for source in question.gold_sources
        )
    ]
    assert not only_in_replies


@pytest.mark.parametrize("split", ["dev", "test"])
def test_differing_sources_values_come_from_two_articles_at_least(split: str) -> None:
    single = []
    for question in SPLITS[split]:
        if question.kind != "differing_sources":
            continue
        holders = [
            {s for s in question.gold_sources if fact_present(variants, _article(s))}
            for variants in question.key_facts
        ]
        if len(question.key_facts) < 2 or len(set().union(*holders)) < 2:
            single.append(question.id)
    assert not single


def test_an_id_used_in_two_batch_files_is_an_error(tmp_path: Path) -> None:
    line = (
        '{"id": "same", "question": "q?", "answerable": false, "gold_sources": [], '
        '"key_facts": [], "kind": "out_of_scope"}\n'
    )
    (tmp_path / "test.jsonl").write_text(line, encoding="utf-8")
    (tmp_path / "test-more.jsonl").write_text(line, encoding="utf-8")
    files = split_files("test", tmp_path)
    assert list(files) == ["test", "test-more"]
    with pytest.raises(EvalInputError, match="same"):
        load_split(files)


def test_the_test_split_holds_every_kind_it_promises() -> None:
    kinds = [question.kind for question in SPLITS["test"]]
    chats = {question.chat for question in SPLITS["test"] if question.chat}
    minimum = {
        "near_miss": 30,
        "false_premise": 15,
        "out_of_scope": 15,
        "paraphrase": 25,
        "why_how": 15,
        "multi": 10,
        "time_dependent": 10,
        "viewpoint": 10,
        "reply_vs_article": 5,
        "differing_sources": 5,
    }
    assert all(kinds.count(kind) >= count for kind, count in minimum.items())
    assert len(chats) >= 25
