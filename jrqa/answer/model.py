"""The answer model: the probability that the answer jrqa would compose is right.

A logistic regression over the features of the sentence that would lead the answer
(``jrqa.answer.features``), fitted on the eval's dev split (``python -m
evals.fit_answer_model``) and shipped as a small JSON file beside this module: answering
needs only the weights. jrqa answers when the probability reaches the threshold stored
with them, chosen on dev out of fold; otherwise it says the articles don't cover it.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from jrqa.answer.features import FEATURE_NAMES
from jrqa.errors import JrqaError

MODEL_FILE = "answer_model.json"
FORMAT_VERSION = 1


class AnswerModelError(JrqaError):
    """The answer model's weights file is missing or does not fit this version of jrqa."""


@dataclass(frozen=True)
class AnswerModel:
    """Standardised features, one weight each, an intercept and the answering threshold."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, row: Sequence[float]) -> float:
        """P(the answer is right) for one feature row."""
        logit = self.intercept + sum(
            weight * (value - mean) / scale
            for weight, value, mean, scale in zip(
                self.weights, row, self.mean, self.scale, strict=True
            )
        )
        return 1 / (1 + math.exp(-max(-60.0, min(60.0, logit))))

    def to_json(self) -> dict[str, object]:
        """The weights file's content."""
        return {"version": FORMAT_VERSION, **dataclasses.asdict(self)}


def parse_model(raw: object, where: str) -> AnswerModel:
    """An ``AnswerModel`` from the weights file's JSON.

    Raises:
        AnswerModelError: the JSON is not a weights file for these features.
    """
    if not isinstance(raw, dict) or raw.get("version") != FORMAT_VERSION:
        raise AnswerModelError(f"{where} is not an answer model of format {FORMAT_VERSION}.")
    try:
        model = AnswerModel(
            features=tuple(raw["features"]),
            mean=tuple(float(v) for v in raw["mean"]),
            scale=tuple(float(v) for v in raw["scale"]),
            weights=tuple(float(v) for v in raw["weights"]),
            intercept=float(raw["intercept"]),
            threshold=float(raw["threshold"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise AnswerModelError(f"{where} is malformed ({error}).") from None
    if model.features != FEATURE_NAMES:
        raise AnswerModelError(
            f"{where} was fitted on other features; refit it with "
            "`python -m evals.fit_answer_model`."
        )
    sizes = {len(model.mean), len(model.scale), len(model.weights)}
    if sizes != {len(FEATURE_NAMES)} or not 0 < model.threshold < 1:
        raise AnswerModelError(f"{where} has weights of the wrong size or a bad threshold.")
    return model


@cache
def load_model(path: Path | None = None) -> AnswerModel:
    """The shipped answer model (or the one at ``path``), read once."""
    if path is None:
        text = resources.files("jrqa.answer").joinpath(MODEL_FILE).read_text(encoding="utf-8")
        where = f"the bundled {MODEL_FILE}"
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise AnswerModelError(f"Cannot read the answer model {path}: {error}.") from None
        where = str(path)
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise AnswerModelError(f"{where} is not valid JSON ({error.msg}).") from None
    return parse_model(raw, where)
