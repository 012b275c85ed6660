"""The eval question set: loading and validating ``questions.jsonl``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, model_validator

from jrqa.errors import JrqaError

DEFAULT_QUESTIONS = Path(__file__).resolve().parent / "questions.jsonl"

QuestionKind = Literal["fact", "paraphrase", "multi", "unanswerable", "injection"]


class EvalInputError(JrqaError):
    """A question or thresholds file is missing or malformed."""


class Turn(BaseModel):
    """One earlier turn of a conversation a follow-up question leans on."""

    role: Literal["user", "assistant"]
    content: str


class EvalQuestion(BaseModel):
    """One labelled question: what to ask, and what a right answer contains."""

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    answerable: bool
    gold_sources: list[str] = Field(default_factory=list)
    key_facts: list[list[str]] = Field(
        default_factory=list, description="Facts, each a list of accepted variants."
    )
    kind: QuestionKind
    history: list[Turn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _labels_match_answerability(self) -> EvalQuestion:
        if self.answerable and not (self.gold_sources and self.key_facts):
            raise ValueError("an answerable question needs gold_sources and key_facts")
        if not self.answerable and (self.gold_sources or self.key_facts):
            raise ValueError("an unanswerable question must have no gold_sources or key_facts")
        if any(not variants or not all(v.strip() for v in variants) for variants in self.key_facts):
            raise ValueError("every key fact needs at least one non-empty variant")
        return self

    def history_turns(self) -> list[dict[str, str]]:
        """The history in the shape ``jrqa.ask`` takes."""
        return [turn.model_dump() for turn in self.history]


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[EvalQuestion]:
    """Read and validate a JSON Lines question file.

    Raises:
        EvalInputError: the file is missing, a line is not valid JSON or not a valid
            question, or two questions share an id.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise EvalInputError(f"Cannot read the question file {path}: {error.strerror}.") from None
    questions = [
        _parse_line(path, number, line) for number, line in enumerate(lines, 1) if line.strip()
    ]
    if not questions:
        raise EvalInputError(f"The question file {path} holds no questions.")
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            raise EvalInputError(f"{path}: the id {question.id!r} is used twice.")
        seen.add(question.id)
    return questions


def _parse_line(path: Path, number: int, line: str) -> EvalQuestion:
    try:
        return EvalQuestion.model_validate(json.loads(line))
    except json.JSONDecodeError as error:
        raise EvalInputError(f"{path}:{number}: not valid JSON ({error.msg}).") from None
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in issue['loc']) or 'question'}: {issue['msg']}"
            for issue in error.errors()
        )
        raise EvalInputError(f"{path}:{number}: {problems}.") from None
