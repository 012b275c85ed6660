"""One browser tab's conversation: its turns, the questions still waiting, who answers them.

The page's events share this object (Gradio hands a session the same ``gr.State`` value in
every event), so a question sent while another is being answered joins the queue here and
the running answer loop picks it up: nothing is lost and nothing is answered twice.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from jrqa.models import Answer
from jrqa.settings import AnswerMode

Verdict = Literal["up", "down"]


@dataclass
class Turn:
    """A question and, once answered, its answer (or the reason it could not be answered)."""

    question: str
    mode: AnswerMode
    outlet: str | None = None  # answered from this outlet's articles only (None: all)
    answer: Answer | None = None
    error: str | None = None
    vote: Verdict | None = None

    @property
    def finished(self) -> bool:
        """True once the answer or the error is known."""
        return self.answer is not None or self.error is not None


def new_conversation_id() -> str:
    """A random id tying feedback records to one conversation."""
    return uuid.uuid4().hex


class Conversation:
    """Turns in the order asked; unfinished turns are the queue, oldest first.

    Message ``2 * i`` of the chat is turn ``i``'s question and message ``2 * i + 1`` its
    answer: finished turns always precede waiting ones, so the numbering never shifts.
    """

    def __init__(self, id_factory: Callable[[], str] = new_conversation_id) -> None:
        self._id_factory = id_factory
        self.id = id_factory()
        self.turns: list[Turn] = []
        self._lock = threading.Lock()
        self._claim: object | None = None

    def __deepcopy__(self, memo: dict[int, object]) -> Conversation:
        # gr.State deep-copies its initial value for each new tab; a lock cannot be
        # copied, and every tab starts with an empty conversation anyway.
        return Conversation(self._id_factory)

    def add(self, question: str, mode: AnswerMode, outlet: str | None = None) -> Turn:
        """Queue a question (to be answered from ``outlet``'s articles only, if given)."""
        turn = Turn(question, mode, outlet)
        with self._lock:
            self.turns.append(turn)
        return turn

    def reset(self) -> None:
        """Forget every turn (answered or waiting) and start a new conversation id.

        An answer still being computed for a forgotten turn is dropped when it arrives.
        """
        with self._lock:
            self.turns = []
            self.id = self._id_factory()

    def snapshot(self) -> list[Turn]:
        """The turns as they are now."""
        with self._lock:
            return list(self.turns)

    def waiting(self) -> int:
        """How many questions are not answered yet (the one being answered included)."""
        with self._lock:
            return sum(1 for turn in self.turns if not turn.finished)

    @contextmanager
    def answering(self) -> Iterator[object | None]:
        """Claim this conversation's queue: yields a claim, or None when another loop has it.

        Only one loop answers a conversation, so answers arrive in the order asked.
        """
        claim = object()
        with self._lock:
            if self._claim is None:
                self._claim = claim
        try:
            yield claim if self._claim is claim else None
        finally:
            with self._lock:
                if self._claim is claim:
                    self._claim = None

    def next_turn(self, claim: object, accepts: Callable[[Turn], bool]) -> Turn | None:
        """The oldest waiting turn, if ``accepts`` it; otherwise None and the claim ends.

        The claim ends in the same step that found nothing to do, so a question added
        right after starts a loop of its own instead of waiting for this one.
        """
        with self._lock:
            if self._claim is not claim:
                return None
            turn = next((turn for turn in self.turns if not turn.finished), None)
            if turn is None or not accepts(turn):  # (the lock is not re-entrant)
                self._claim = None
                return None
            return turn

    def next_waiting(self) -> Turn | None:
        """The oldest question not answered yet, if any."""
        with self._lock:
            return next((turn for turn in self.turns if not turn.finished), None)

    def history_before(self, turn: Turn) -> list[dict[str, str]]:
        """The answered exchanges before ``turn``, as the follow-up rewriter reads them."""
        history: list[dict[str, str]] = []
        for earlier in self.snapshot():
            if earlier is turn:
                break
            if earlier.answer is not None:
                history.append({"role": "user", "content": earlier.question})
                history.append({"role": "assistant", "content": earlier.answer.text})
        return history

    def turn_at(self, message_index: int) -> Turn | None:
        """The turn whose question or answer is chat message ``message_index``."""
        turns = self.snapshot()
        position = message_index // 2
        return turns[position] if 0 <= position < len(turns) else None

    def answered(self) -> list[tuple[int, Answer]]:
        """Each answer with the chat index of its bubble (which also names its sources)."""
        return [
            (2 * position + 1, turn.answer)
            for position, turn in enumerate(self.snapshot())
            if turn.answer is not None
        ]
