"""jrqa: grounded, cited answers about Japan–Russia relations from news articles."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from jrqa.errors import (
    IndexUnavailableError,
    InvalidQuestionError,
    JrqaError,
    LLMUnavailableError,
    UnknownOutletError,
)
from jrqa.models import Answer, Citation, IngestReport, Passage, RemovedSentence
from jrqa.settings import Settings, load_settings

if TYPE_CHECKING:
    from jrqa.api import ask, get_answerer, ingest, outlets, query_engine

# The entry points load llama-index and chromadb (seconds). They are imported on first
# use, so that importing any jrqa module (e.g. ``jrqa.cli`` talking to a running
# ``jrqa serve``) does not pay for them.
_LAZY_FROM_API = {"ask", "get_answerer", "ingest", "outlets", "query_engine"}

__all__ = [
    "Answer",
    "Citation",
    "IndexUnavailableError",
    "IngestReport",
    "InvalidQuestionError",
    "JrqaError",
    "LLMUnavailableError",
    "Passage",
    "RemovedSentence",
    "Settings",
    "UnknownOutletError",
    "ask",
    "get_answerer",
    "ingest",
    "load_settings",
    "outlets",
    "query_engine",
]


def __getattr__(name: str) -> Any:
    """``jrqa.ask`` and the other entry points, imported when first asked for."""
    if name in _LAZY_FROM_API:
        return getattr(importlib.import_module("jrqa.api"), name)
    raise AttributeError(f"module 'jrqa' has no attribute {name!r}")
