"""The eval question sets: loading and validating the ``dev`` and ``test`` splits.

Each split is a JSON Lines file in ``evals/questions/`` (the format is in
``evals/README.md``). A chat (``kind: "chat"``) is one line holding its turns; it is
loaded as one ``EvalQuestion`` per turn, each naming its chat and position, so that the
runner asks them in order with the bot's own earlier answers as history.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, model_validator

from jrqa.errors import JrqaError

QUESTIONS_DIR = Path(__file__).resolve().parent / "questions"
SPLITS = ("dev", "test")

QuestionKind = Literal[
    "fact",
    "paraphrase",
    "multi",
    "why_how",
    "time_dependent",
    "viewpoint",
    "unanswerable",
    "near_miss",
    "out_of_scope",
    "false_premise",
    "injection",
    "chat",
]
# Kinds whose questions the articles cannot answer as asked.
REFUSAL_KINDS = frozenset({"unanswerable", "near_miss", "out_of_scope", "false_premise"})


class EvalInputError(JrqaError):
    """A question or thresholds file is missing or malformed."""


class Turn(BaseModel):
    """One earlier turn of a conversation a follow-up question leans on."""

    role: Literal["user", "assistant"]
    content: str


class EvalQuestion(BaseModel):
    """One labelled question: what to ask, and what a right answer contains.

    For ``false_premise`` questions ``answerable`` is false and ``gold_sources`` and
    ``key_facts`` describe the sentence that contradicts the premise: a refusal is right,
    and so is a correction that quotes it.
    """

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    answerable: bool
    gold_sources: list[str] = Field(default_factory=list)
    key_facts: list[list[str]] = Field(
        default_factory=list, description="Facts, each a list of accepted variants."
    )
    kind: QuestionKind
    history: list[Turn] = Field(default_factory=list)
    chat: str | None = Field(None, description="The chat this turn belongs to.")
    turn: int = Field(0, description="Position in its chat, from 1 (0: not a chat turn).")

    @model_validator(mode="after")
    def _labels_match_answerability(self) -> EvalQuestion:
        correction = self.kind == "false_premise"
        if (self.answerable or correction) and not (self.gold_sources and self.key_facts):
            raise ValueError("an answerable question needs gold_sources and key_facts")
        if not self.answerable and not correction and (self.gold_sources or self.key_facts):
            raise ValueError("an unanswerable question must have no gold_sources or key_facts")
        if any(not variants or not all(v.strip() for v in variants) for variants in self.key_facts):
            raise ValueError("every key fact needs at least one non-empty variant")
        return self

    def history_turns(self) -> list[dict[str, str]]:
        """The fixed history in the shape ``jrqa.ask`` takes."""
        return [turn.model_dump() for turn in self.history]


class ChatTurnLabel(BaseModel):
    """One turn of a labelled chat."""

    question: str = Field(min_length=1)
    answerable: bool
    gold_sources: list[str] = Field(default_factory=list)
    key_facts: list[list[str]] = Field(default_factory=list)


class EvalChat(BaseModel):
    """A conversation graded turn by turn."""

    id: str = Field(min_length=1)
    kind: Literal["chat"]
    turns: list[ChatTurnLabel] = Field(min_length=2)

    def questions(self) -> list[EvalQuestion]:
        """One question per turn, in order."""
        return [
            EvalQuestion(
                id=f"{self.id}#{number}",
                question=turn.question,
                answerable=turn.answerable,
                gold_sources=turn.gold_sources,
                key_facts=turn.key_facts,
                kind="chat",
                chat=self.id,
                turn=number,
            )
            for number, turn in enumerate(self.turns, 1)
        ]


def split_path(split: str, folder: Path = QUESTIONS_DIR) -> Path:
    """The file of one split."""
    return folder / f"{split}.jsonl"


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read and validate a JSON Lines question file (chats expand to their turns).

    Raises:
        EvalInputError: the file is missing, a line is not valid JSON or not a valid
            question, or two questions share an id.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise EvalInputError(f"Cannot read the question file {path}: {error.strerror}.") from None
    questions = [
        question
        for number, line in enumerate(lines, 1)
        if line.strip()
        for question in _parse_line(path, number, line)
    ]
    if not questions:
        raise EvalInputError(f"The question file {path} holds no questions.")
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            raise EvalInputError(f"{path}: the id {question.id!r} is used twice.")
        seen.add(question.id)
    return questions


def _parse_line(path: Path, number: int, line: str) -> list[EvalQuestion]:
    try:
        raw = json.loads(line)
        if isinstance(raw, dict) and raw.get("kind") == "chat":
            return EvalChat.model_validate(raw).questions()
        return [EvalQuestion.model_validate(raw)]
    except json.JSONDecodeError as error:
        raise EvalInputError(f"{path}:{number}: not valid JSON ({error.msg}).") from None
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in issue['loc']) or 'question'}: {issue['msg']}"
            for issue in error.errors()
        )
        raise EvalInputError(f"{path}:{number}: {problems}.") from None
