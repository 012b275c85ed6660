"""Thumbs up/down on answers: one JSONL record per answer, which can seed new eval questions.

A record is keyed by the conversation id and the answer's place in it. Changing a vote
replaces the record and withdrawing it sets ``verdict`` to null, so the file never holds
two contradicting votes for one answer.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jrqa.models import Answer
from ui.conversation import Verdict


def feedback_record(
    answer: Answer,
    verdict: Verdict | None,
    conversation_id: str,
    message_index: int,
    timestamp: datetime,
) -> dict[str, Any]:
    """What one vote stores: the exchange and the verdict, nothing about the server."""
    return {
        "id": f"{conversation_id}:{message_index}",
        "conversation": conversation_id,
        "message": message_index,
        "question": answer.question,
        "searched_query": answer.searched_query,
        "answer": answer.text,
        "abstained": answer.abstained,
        "citations": [
            {"n": c.n, "source": c.source, "title": c.title, "quote": c.quote}
            for c in answer.citations
        ],
        "verdict": verdict,
        "mode": answer.mode,
        "timestamp": timestamp.isoformat(timespec="seconds"),
    }


class FeedbackLog:
    """Keeps one record per answer in a JSONL file; safe to share between worker threads."""

    def __init__(self, path: Path, clock: Callable[[], datetime] | None = None) -> None:
        self.path = path
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()

    def record(
        self, answer: Answer, verdict: Verdict | None, conversation_id: str, message_index: int
    ) -> dict[str, Any]:
        """Write (or replace) the vote on one answer and return the record."""
        record = feedback_record(answer, verdict, conversation_id, message_index, self._clock())
        with self._lock:
            lines = self._lines_without(record["id"])
            lines.append(json.dumps(record, ensure_ascii=False))
            self._replace_file(lines)
        return record

    def _lines_without(self, record_id: str) -> list[str]:
        if not self.path.exists():
            return []
        kept = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                same = json.loads(line).get("id") == record_id
            except (ValueError, AttributeError):
                same = False  # a line someone edited by hand is kept as it is
            if not same:
                kept.append(line)
        return kept

    def _replace_file(self, lines: list[str]) -> None:
        # Written beside the file and renamed over it: a crash never leaves half a file.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        os.replace(partial, self.path)
