"""jrqa: grounded, cited answers about Japan–Russia relations from news articles."""

from jrqa.api import ask, get_answerer, ingest, query_engine
from jrqa.errors import (
    IndexUnavailableError,
    InvalidQuestionError,
    JrqaError,
    LLMUnavailableError,
)
from jrqa.models import Answer, Citation, IngestReport, Passage, RemovedSentence
from jrqa.settings import Settings, load_settings

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
    "ask",
    "get_answerer",
    "ingest",
    "load_settings",
    "query_engine",
]
