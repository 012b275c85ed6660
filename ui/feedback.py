"""Thumbs up/down on answers, appended to a JSONL file that can seed new eval questions."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from jrqa.models import Answer

Verdict = Literal["up", "down"]


def feedback_record(answer: Answer, verdict: Verdict, timestamp: datetime) -> dict[str, Any]:
    """What one vote stores: the exchange and the verdict, nothing about the server."""
    return {
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
    """Appends votes to one JSONL file; safe to share between the page's worker threads."""

    def __init__(self, path: Path, clock: Callable[[], datetime] | None = None) -> None:
        self.path = path
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()

    def record(self, answer: Answer, verdict: Verdict) -> dict[str, Any]:
        """Append one vote and return what was written."""
        record = feedback_record(answer, verdict, self._clock())
        line = json.dumps(record, ensure_ascii=False)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        return record
