"""The eval gate: a missed threshold fails, and the shipped thresholds file is well-formed."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.gate import DEFAULT_THRESHOLDS, check_gate, load_thresholds
from evals.questions import EvalInputError
from evals.scoring import Summary


def _summary(**changes: float) -> Summary:
    values = {
        "questions": 10, "answerable": 8, "unanswerable": 2, "hit_at_1": 0.95,
        "hit_at_3": 1.0, "mrr_at_5": 0.97, "key_fact_recall": 0.9, "fully_correct": 0.9,
        "cited_sentence_share": 1.0, "uncited_sentences": 0, "citation_validity": 1.0,
        "citation_support": 1.0, "correct_refusals": 1.0, "false_refusals": 0.0,
        "ask_median_ms": 10.0, "ask_p95_ms": 20.0, "retrieve_median_ms": 5.0,
        "retrieve_p95_ms": 9.0,
    }  # fmt: skip
    values.update(changes)
    return Summary(**values)  # type: ignore[arg-type]


def test_a_figure_below_its_minimum_or_above_its_maximum_fails() -> None:
    thresholds = {"hit_at_1_min": 0.9, "uncited_sentences_max": 0}
    assert all(check.passed for check in check_gate(_summary(), thresholds))
    low = check_gate(_summary(hit_at_1=0.85), thresholds)
    assert [check.metric for check in low if not check.passed] == ["hit_at_1"]
    uncited = check_gate(_summary(uncited_sentences=1), thresholds)
    assert [check.metric for check in uncited if not check.passed] == ["uncited_sentences"]


def test_an_unknown_metric_is_an_error_not_a_pass() -> None:
    with pytest.raises(EvalInputError):
        check_gate(_summary(), {"hit_at_7_min": 0.5})


@pytest.mark.parametrize("mode", ["extractive", "local", "openai"])
def test_every_mode_has_thresholds_naming_real_metrics(mode: str) -> None:
    thresholds = load_thresholds(mode, DEFAULT_THRESHOLDS)
    assert {"citation_support_min", "uncited_sentences_max", "hit_at_1_min"} <= set(thresholds)
    check_gate(_summary(), thresholds)  # raises on a metric the summary does not have


def test_a_missing_section_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.toml"
    path.write_text("[extractive]\nhit_at_1_min = 0.9\n", encoding="utf-8")
    with pytest.raises(EvalInputError):
        load_thresholds("local", path)


def test_a_test_batch_is_gated_by_its_own_section(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.toml"
    path.write_text(
        "[extractive]\nhit_at_1_min = 0.9\n\n"
        "[batches.test-more.extractive]\nhit_at_1_min = 0.5\naccuracy_min = 0.4\n",
        encoding="utf-8",
    )
    assert load_thresholds("extractive", path) == {"hit_at_1_min": 0.9}
    batch = load_thresholds("extractive", path, "test-more")
    assert batch == {"hit_at_1_min": 0.5, "accuracy_min": 0.4}
    checks = check_gate(_summary(hit_at_1=0.6, accuracy=0.3), batch, "test-more.jsonl")
    assert [check.metric for check in checks if not check.passed] == ["accuracy"]
    assert checks[0].describe().startswith("test-more.jsonl: ")
    with pytest.raises(EvalInputError, match="batches.test-other.extractive"):
        load_thresholds("extractive", path, "test-other")  # a batch with no thresholds


@pytest.mark.parametrize("mode", ["extractive", "local", "openai"])
def test_every_frozen_test_batch_has_thresholds_of_its_own(mode: str) -> None:
    from evals.questions import split_files

    batches = [batch for batch in split_files("test") if batch != "test"]
    assert batches  # test-provenance.jsonl at least
    for batch in batches:
        thresholds = load_thresholds(mode, DEFAULT_THRESHOLDS, batch)
        assert {"accuracy_min", "key_fact_recall_min", "citation_support_min"} <= set(thresholds)
        check_gate(_summary(), thresholds, batch)


def test_the_answer_model_is_gated_on_every_test_batch_of_its_own_file() -> None:
    from evals.questions import split_files

    path = DEFAULT_THRESHOLDS.with_name("thresholds-answer-model.toml")
    for batch in split_files("test"):
        thresholds = load_thresholds("extractive", path, batch)
        assert {"citation_support_min", "uncited_sentences_max"} <= set(thresholds)
        check_gate(_summary(), thresholds, batch)
