"""The eval question sets: loading and validating the ``dev`` and ``test`` splits.

Each split is JSON Lines in ``evals/questions/`` (the format is in ``evals/README.md``):
``dev.jsonl``, and for the held-out test split ``test.jsonl`` plus every frozen test batch
``test-<name>.jsonl``, each batch gated with thresholds of its own. A chat
(``kind: "chat"``) is one line holding its turns; it is loaded as one ``EvalQuestion`` per
turn, each naming its chat and position, so that the runner asks them in order with the
bot's own earlier answers as history.
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
    "reply_vs_article",
    "differing_sources",
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
    """The first file of one split (``dev.jsonl``, ``test.jsonl``)."""
    return folder / f"{split}.jsonl"


def split_files(split: str, folder: Path = QUESTIONS_DIR) -> dict[str, Path]:
    """Every file of one split by batch name (the file's stem), the first file first.

    The test split is ``test.jsonl`` and each frozen batch ``test-<name>.jsonl`` added
    since; the dev split is ``dev.jsonl`` alone.
    """
    files = {split: split_path(split, folder)}
    if split == "test":
        files.update((path.stem, path) for path in sorted(folder.glob("test-*.jsonl")))
    return files


def load_split(files: dict[str, Path]) -> dict[str, list[EvalQuestion]]:
    """The questions of each batch file of a split, by batch name.

    Raises:
        EvalInputError: as ``load_questions``, or an id is used in two of the files.
    """
    batches = {batch: load_questions(path) for batch, path in files.items()}
    seen: dict[str, str] = {}
    for batch, questions in batches.items():
        for question in questions:
            if question.id in seen:
                raise EvalInputError(
                    f"The id {question.id!r} is used in both {seen[question.id]} and {batch}."
                )
            seen[question.id] = batch
    return batches


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
