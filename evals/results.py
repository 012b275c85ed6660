"""What one eval run produced: the totals, each question's result, the gate's verdict."""

from __future__ import annotations

from pydantic import BaseModel, Field

from evals.peer import PeerResult, PeerSummary
from evals.scoring import QuestionResult, Summary


class EvalReport(BaseModel):
    """One eval run: the totals, the per-question results and, if asked for, the peer's."""

    mode: str
    split: str = Field("dev", description="dev (tuned on) or test (held out), or custom.")
    questions_file: str
    summary: Summary
    results: list[QuestionResult]
    batches: dict[str, Summary] = Field(
        default_factory=dict,
        description="A split of several files (test.jsonl and each frozen test-<name>.jsonl): "
        "the totals of each file's questions, which its own gate thresholds check.",
    )
    peer: PeerSummary | None = None
    peer_results: list[PeerResult] = Field(default_factory=list)


class EvalRun(BaseModel):
    """``jrqa eval`` over one or more splits, with the gate's verdict on the gated split."""

    mode: str
    reports: dict[str, EvalReport] = Field(description="By split: dev, test or custom.")
    gate_split: str | None = Field(None, description="The split the gate read.")
    gate: list[str] = Field(default_factory=list, description="Each threshold check, described.")
    gate_passed: bool | None = None
