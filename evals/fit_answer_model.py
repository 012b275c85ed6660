"""Fit the answer model on dev and write its weights: ``python -m evals.fit_answer_model``.

The model gives the probability that the answer jrqa would compose is right, from the
features (``jrqa.answer.features``) of the sentence that would lead it. Each dev question
(chat turns aside: their history is the bot's own answers, which the weights change) is
asked with the model's gate held open, and its answer graded as the eval grades it: an
answerable question's answer is right when it holds every key fact, and a false premise's
when it quotes the correction; any other answer to an unanswerable question is wrong.
A logistic regression is fitted on one row per question, the lead sentence's features.

The threshold is chosen on out-of-fold probabilities (five folds of questions, ten times
over with other splits), replaying
each question's decision: answered (as graded) when its probability reaches the
threshold, refused otherwise. The threshold kept has the best grounded-refusal F1, or,
with ``--max-false-answers``, is the lowest whose false-answer rate stays within it.

Needs the ``fit`` extra (scikit-learn); answering needs only the written weights.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from evals.questions import EvalQuestion, load_questions, split_path
from evals.scoring import f1, grade
from jrqa.answer.answerer import Answerer
from jrqa.answer.features import FEATURE_NAMES
from jrqa.answer.model import FORMAT_VERSION, MODEL_FILE, AnswerModel

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "jrqa" / "answer" / MODEL_FILE
FOLDS = 5
REPEATS = 10
# Inverse L2 strength: 170 questions fit 22 weights loosely. Chosen on dev by the repeated
# out-of-fold grounded-refusal F1 (C from 0.02 to 1 tried; 0.05 to 0.3 are alike).
REGULARISATION = 0.1
# With the gate held open every question with a candidate is answered.
OPEN = 1e-9


@dataclass
class Rows:
    """One row per question: the lead sentence's features (None: nothing to judge)."""

    features: list[list[float] | None] = field(default_factory=list)
    right: list[bool] = field(default_factory=list)  # the open-gate answer is right
    answerable: list[bool] = field(default_factory=list)

    def judged(self) -> list[int]:
        """The questions with a lead sentence, the only ones the model decides."""
        return [n for n, row in enumerate(self.features) if row is not None]


def collect(answerer: Answerer, opened: Answerer, questions: Sequence[EvalQuestion]) -> Rows:
    """Each question's lead features, and whether its answer with the gate open is right.

    ``opened`` answers with the model's gate held open (``min_answer_probability=OPEN``).
    """
    rows = Rows()
    for question in questions:
        history = question.history_turns() or None
        lead = answerer.lead_features(question.question, history)
        answer = opened.ask(question.question, history=history, mode="extractive")
        result = grade(question, answer, 0.0, 0.0)
        rows.features.append(lead)
        rows.right.append(result.correct if question.answerable else result.corrected)
        rows.answerable.append(question.answerable)
    return rows


def fit(rows: Rows, max_false_answers: float | None = None) -> tuple[AnswerModel, str]:
    """The model fitted on every judged question, the threshold chosen out of fold."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold
    from sklearn.preprocessing import StandardScaler

    judged = rows.judged()
    x = np.asarray([rows.features[n] for n in judged], dtype=np.float64)
    y = np.asarray([int(rows.right[n]) for n in judged])
    # Each repeat splits the questions into other folds; the threshold is chosen on all
    # repeats' decisions together, so it does not hang on one split of 170 questions.
    repeats = []
    for seed in range(REPEATS):
        out_of_fold = np.zeros(len(y))
        for train, held in KFold(n_splits=FOLDS, shuffle=True, random_state=seed).split(x):
            fold_scaler = StandardScaler().fit(x[train])
            fold = LogisticRegression(C=REGULARISATION, max_iter=5000).fit(
                fold_scaler.transform(x[train]), y[train]
            )
            out_of_fold[held] = fold.predict_proba(fold_scaler.transform(x[held]))[:, 1]
        repeats.append({n: float(p) for n, p in zip(judged, out_of_fold, strict=True)})
    threshold, report = choose_threshold(repeats, rows, max_false_answers)
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=REGULARISATION, max_iter=5000).fit(scaler.transform(x), y)
    scale = np.where(scaler.scale_ == 0, 1.0, scaler.scale_)
    fitted = AnswerModel(
        features=FEATURE_NAMES,
        mean=tuple(round(float(v), 6) for v in scaler.mean_),
        scale=tuple(round(float(v), 6) for v in scale),
        weights=tuple(round(float(v), 6) for v in model.coef_[0]),
        intercept=round(float(model.intercept_[0]), 6),
        threshold=threshold,
    )
    return fitted, report


@dataclass(frozen=True)
class Outcome:
    """Dev decisions at one threshold, as shares of the questions they apply to."""

    threshold: float
    false_answers: float  # of questions the articles do not answer
    false_refusals: float  # of answerable questions
    wrong_answers: float  # of answerable questions: answered without every key fact
    grounded_refusal_f1: float  # as the eval reports it (see evals.scoring)


def replay(probabilities: dict[int, float], rows: Rows, threshold: float) -> Outcome:
    """Each question's decision at ``threshold``: answered as graded, or refused."""
    answered = {n for n, p in probabilities.items() if p >= threshold}
    refuse = [n for n, answerable in enumerate(rows.answerable) if not answerable]
    answer = [n for n, answerable in enumerate(rows.answerable) if answerable]
    # A false premise corrected by the sentence that contradicts it is a right answer.
    false_answers = sum(n in answered and not rows.right[n] for n in refuse)
    answered_answerable = sum(n in answered for n in answer)
    refused = len(answer) - answered_answerable
    wrong = sum(n in answered and not rows.right[n] for n in answer)
    return Outcome(
        threshold=threshold,
        false_answers=false_answers / max(len(refuse), 1),
        false_refusals=refused / max(len(answer), 1),
        wrong_answers=wrong / max(len(answer), 1),
        grounded_refusal_f1=(
            f1(answered_answerable, false_answers, refused)
            + f1(len(refuse) - false_answers, refused, false_answers)
        )
        / 2,
    )


def choose_threshold(
    repeats: Sequence[dict[int, float]], rows: Rows, max_false_answers: float | None = None
) -> tuple[float, str]:
    """The threshold to answer at, and a report of its dev figures (mean over repeats).

    By default the one with the best grounded-refusal F1 (the eval's balance of answering
    and refusing); with ``max_false_answers``, the lowest one whose false-answer rate
    stays within it.
    """
    outcomes = [
        _mean_outcome([replay(p, rows, round(float(t), 2)) for p in repeats])
        for t in np.arange(0.02, 0.99, 0.01)
    ]
    if max_false_answers is None:
        best = max(outcomes, key=lambda outcome: outcome.grounded_refusal_f1)
        rule = "best grounded-refusal F1"
    else:
        within = [o for o in outcomes if o.false_answers <= max_false_answers] or outcomes[-1:]
        best = within[0]
        rule = f"false answers at most {max_false_answers:g}"
    return best.threshold, (
        f"threshold {best.threshold:.2f} ({rule}), out of fold on dev (mean of "
        f"{len(repeats)} repeats): false answers {best.false_answers:.3f}, false refusals "
        f"{best.false_refusals:.3f}, answered without every key fact "
        f"{best.wrong_answers:.3f}, grounded-refusal F1 {best.grounded_refusal_f1:.3f}"
    )


def _mean_outcome(outcomes: Sequence[Outcome]) -> Outcome:
    return Outcome(
        threshold=outcomes[0].threshold,
        false_answers=float(np.mean([o.false_answers for o in outcomes])),
        false_refusals=float(np.mean([o.false_refusals for o in outcomes])),
        wrong_answers=float(np.mean([o.wrong_answers for o in outcomes])),
        grounded_refusal_f1=float(np.mean([o.grounded_refusal_f1 for o in outcomes])),
    )


def main(argv: list[str] | None = None) -> int:
    """Fit on dev, print the weights and write the model file."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--max-false-answers",
        type=float,
        default=None,
        help="choose the lowest threshold whose dev false-answer rate is at most this "
        "(default: the threshold with the best grounded-refusal F1)",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    from jrqa.api import ensure_index, get_answerer
    from jrqa.settings import load_settings

    settings = load_settings().model_copy(update={"answer_judge": "model"})
    answerer = get_answerer(settings)
    ensure_index(answerer)
    opened = get_answerer(settings.model_copy(update={"min_answer_probability": OPEN}))
    questions = [q for q in load_questions(split_path("dev")) if q.chat is None]
    rows = collect(answerer, opened, questions)
    model, report = fit(rows, args.max_false_answers)
    args.output.write_text(json.dumps(model.to_json(), indent=2) + "\n", encoding="utf-8")
    print(
        f"{len(rows.judged())} of {len(questions)} dev questions judged, "
        f"{sum(rows.right[n] for n in rows.judged())} answered right with the gate open; "
        f"model format {FORMAT_VERSION}"
    )
    for name, weight in zip(model.features, model.weights, strict=True):
        print(f"  {name:<24} {weight:+.3f}")
    print(f"  {'intercept':<24} {model.intercept:+.3f}")
    print(report)
    print(f"Wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
