"""The dev and test question files: valid, ids unique across splits, facts in their articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.metrics import fact_present
from evals.questions import REFUSAL_KINDS, EvalQuestion, load_questions, split_path
from jrqa.ingest.cleaning import clean_article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SPLITS = {split: load_questions(split_path(split)) for split in ("dev", "test")}


def _article(source: str) -> str:
    return clean_article((SEEDS / source).read_text(encoding="utf-8"), source).text


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
    }
    assert all(kinds.count(kind) >= count for kind, count in minimum.items())
    assert len(chats) >= 25
