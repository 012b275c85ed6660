"""The quality gate: thresholds per test batch and answer mode, from ``evals/thresholds.toml``.

The test split's first file, ``test.jsonl``, is gated by the top-level ``[<mode>]``
sections; each later frozen batch ``test-<name>.jsonl`` by its own
``[batches.test-<name>.<mode>]`` section, set when the batch was added. A batch is
checked on its own questions only, so adding one never moves an existing threshold.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from evals.questions import EvalInputError
from evals.scoring import Summary

DEFAULT_THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"
# The batch gated by the top-level sections: the test split's first file.
FIRST_BATCH = "test"
_BOUNDS = {"_min": "min", "_max": "max"}


@dataclass(frozen=True)
class Check:
    """One threshold compared with the measured value."""

    metric: str
    bound: str  # "min" or "max"
    limit: float
    value: float | None
    batch: str = ""

    @property
    def measured(self) -> bool:
        """False when the question set had nothing to measure this on."""
        return self.value is not None

    @property
    def passed(self) -> bool:
        """True when the value is within the threshold, or could not be measured."""
        if self.value is None:
            return True
        return self.value >= self.limit if self.bound == "min" else self.value <= self.limit

    def describe(self) -> str:
        """E.g. ``hit_at_1 0.927 >= 0.900 ok``."""
        sign = ">=" if self.bound == "min" else "<="
        shown = "not measured" if self.value is None else f"{self.value:.3f}"
        verdict = "ok" if self.passed else "MISSED"
        where = f"{self.batch}: " if self.batch else ""
        return f"{where}{self.metric} {shown} {sign} {self.limit:.3f} {verdict}"


def load_thresholds(
    mode: str, path: Path = DEFAULT_THRESHOLDS, batch: str = FIRST_BATCH
) -> dict[str, float]:
    """The thresholds of one batch and mode, e.g. ``{"hit_at_1_min": 0.9}``.

    Raises:
        EvalInputError: the file is unreadable, or has no section for the batch and mode
            (a frozen test batch without thresholds is an error, not an ungated batch).
    """
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise EvalInputError(f"Cannot read the thresholds file {path}: {error}.") from None
    if batch == FIRST_BATCH:
        name, section = f"[{mode}]", table.get(mode)
    else:
        batches = table.get("batches", {})
        of_batch = batches.get(batch, {}) if isinstance(batches, dict) else {}
        name = f"[batches.{batch}.{mode}]"
        section = of_batch.get(mode) if isinstance(of_batch, dict) else None
    if not isinstance(section, dict) or not section:
        raise EvalInputError(f"{path} has no {name} section of thresholds.")
    return {str(key): float(value) for key, value in section.items()}


def check_gate(summary: Summary, thresholds: dict[str, float], batch: str = "") -> list[Check]:
    """Compare each threshold with the summary figure it names."""
    checks = []
    measured = summary.model_dump()
    for key, limit in sorted(thresholds.items()):
        metric, bound = _split_key(key)
        if metric not in measured or metric == "per_kind":
            raise EvalInputError(f"Unknown metric in thresholds: {key}.")
        checks.append(Check(metric, bound, limit, measured[metric], batch))
    return checks


def _split_key(key: str) -> tuple[str, str]:
    for suffix, bound in _BOUNDS.items():
        if key.endswith(suffix):
            return key[: -len(suffix)], bound
    raise EvalInputError(f"Threshold {key!r} must end in _min or _max.")
