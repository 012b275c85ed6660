"""Fitting the answer model: the threshold replay and the fit on synthetic rows."""

from __future__ import annotations

import numpy as np
import pytest

from evals.fit_answer_model import Rows, choose_threshold, fit, replay
from jrqa.answer.features import FEATURE_NAMES

# Question 0 is answered right with the gate open; 1 is unanswerable and answered wrong;
# 2 is answerable and answered without its facts; 3 is answerable with nothing to judge.
ROWS = Rows(
    features=[[0.0], [0.0], [0.0], None],
    right=[True, False, False, False],
    answerable=[True, False, True, True],
)
PROBABILITIES = {0: 0.6, 1: 0.4, 2: 0.7}


def test_a_question_is_answered_as_graded_when_it_reaches_the_threshold() -> None:
    middle = replay(PROBABILITIES, ROWS, 0.5)
    assert middle.false_answers == 0.0
    assert middle.false_refusals == pytest.approx(1 / 3)  # question 3 is never answered
    assert middle.wrong_answers == pytest.approx(1 / 3)  # question 2
    low = replay(PROBABILITIES, ROWS, 0.3)
    assert low.false_answers == 1.0
    high = replay(PROBABILITIES, ROWS, 0.9)
    assert high.false_refusals == 1.0
    assert high.false_answers == 0.0
    assert middle.grounded_refusal_f1 > max(low.grounded_refusal_f1, high.grounded_refusal_f1)


def test_the_threshold_is_the_best_f1_or_the_lowest_within_a_false_answer_target() -> None:
    threshold, report = choose_threshold([PROBABILITIES], ROWS)
    assert 0.4 < threshold <= 0.6
    assert "grounded-refusal F1" in report
    lowest, _ = choose_threshold([PROBABILITIES], ROWS, max_false_answers=0.0)
    assert lowest == pytest.approx(0.41)
    # Over repeats, a threshold is judged by its mean: here 0.45 to 0.6 stay best.
    shifted = {0: 0.6, 1: 0.45, 2: 0.7}
    averaged, _ = choose_threshold([PROBABILITIES, shifted], ROWS)
    assert 0.45 < averaged <= 0.6


def test_a_fit_learns_the_feature_that_tells_right_answers_apart() -> None:
    rng = np.random.default_rng(0)
    rows = Rows()
    for number in range(60):
        right = number % 2 == 0
        row = list(rng.normal(size=len(FEATURE_NAMES)))
        row[2] += 3.0 if right else 0.0  # "similarity" tells them apart
        rows.features.append(row)
        rows.right.append(right)
        rows.answerable.append(number % 3 != 0)
    model, report = fit(rows)
    assert model.features == FEATURE_NAMES
    assert FEATURE_NAMES[2] == "similarity"
    assert max(model.weights, key=abs) == model.weights[2] > 0
    assert 0 < model.threshold < 1
    assert "out of fold on dev" in report
