"""The Python entry points: ``ingest``, ``ask``, ``query_engine``, ``outlets``; one warm index."""

from __future__ import annotations

import hashlib
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jrqa.answer.answerer import Answerer
from jrqa.answer.followup import History
from jrqa.answer.query_engine import JrqaQueryEngine
from jrqa.errors import IndexUnavailableError
from jrqa.index.engine import Engine
from jrqa.models import Answer, IngestReport
from jrqa.settings import AnswerMode, Settings, load_settings

_answerers: dict[str, Answerer] = {}
_answerers_lock = threading.Lock()


def get_answerer(settings: Settings | None = None) -> Answerer:
    """The cached answerer for these settings (created, with its engine, on first use)."""
    settings = settings or load_settings()
    key = _cache_key(settings)
    with _answerers_lock:
        answerer = _answerers.get(key)
        if answerer is None:
            answerer = Answerer(Engine(settings))
            _answerers[key] = answerer
        return answerer


def _cache_key(settings: Settings) -> str:
    """Settings as JSON, plus a digest of the secrets that JSON masks.

    Two settings that differ only in an API key must not share an answerer, and the key
    itself is never kept in the clear.
    """
    secrets = [
        secret.get_secret_value() if secret is not None else ""
        for secret in (settings.openai_api_key, settings.auth_password)
    ]
    digest = hashlib.sha256("\x00".join(secrets).encode()).hexdigest()
    return f"{settings.model_dump_json()}#{digest}"


def ingest(
    paths: Iterable[str | Path] | None = None,
    settings: Settings | None = None,
    show_progress: bool | None = None,
) -> IngestReport:
    """Add, update or remove articles in the index; unchanged files are skipped."""
    from jrqa.ingest.pipeline import ingest as run_ingest

    answerer = get_answerer(settings)
    chosen = list(paths) if paths is not None else [answerer.engine.settings.seeds_dir]
    progress = sys.stderr.isatty() if show_progress is None else show_progress
    return run_ingest(answerer.engine, chosen, show_progress=progress)


@dataclass(frozen=True)
class IndexUpdate:
    """What ``ensure_index`` did to make the index answerable, for the terminal."""

    reason: str
    report: IngestReport

    def line(self) -> str:
        """What was done and the ingest's summary, on one line."""
        return f"{self.reason}: {self.report.summary()}"


def ensure_index(answerer: Answerer, show_progress: bool | None = None) -> IndexUpdate | None:
    """Make the index answerable: built from the seeds when empty, old articles re-read.

    An empty index (a fresh checkout) is built from the seeds folder. An article an older
    jrqa indexed lacks what the answer path now needs (its sentence vectors are dropped
    when their store's format changes), so answering from it as it is would refuse every
    question about it.
    """
    from jrqa.ingest.pipeline import ingest as run_ingest
    from jrqa.ingest.provenance import RULES_VERSION

    engine = answerer.engine
    progress = sys.stderr.isatty() if show_progress is None else show_progress
    entries = engine.manifest().entries
    if not entries:
        seeds = engine.settings.seeds_dir
        if not seeds.is_dir():
            raise IndexUnavailableError(
                f"The index in {engine.settings.index_dir} is empty and there is no folder of "
                f"articles at {seeds} to build it from. Run `jrqa ingest <folder of articles>` "
                "(or set JRQA_SEEDS_DIR)."
            )
        report = run_ingest(engine, [seeds], show_progress=progress)
        return IndexUpdate(f"Built the index from {seeds}", report)
    outdated = [Path(e.path) for e in entries.values() if e.rules_version != RULES_VERSION]
    if not outdated:
        return None
    moved = [path for path in outdated if not path.is_file()]
    if moved:
        index_dir = engine.settings.index_dir
        raise IndexUnavailableError(
            f"The index in {index_dir} was made by an older jrqa and {len(moved)} of its "
            f"articles are no longer where they were read from (such as {moved[0]}). Run "
            f"`jrqa ingest <folder of articles>` to update it, or delete {index_dir} and run "
            "`jrqa ingest` to rebuild it."
        )
    report = run_ingest(engine, outdated, show_progress=progress)
    return IndexUpdate(f"Read again {len(outdated)} articles indexed by an older jrqa", report)


def open_index(answerer: Answerer) -> list[str]:
    """``ensure_index``, then what the terminal should say about the index, line by line.

    What was built or read again, and a warning when an ingest is running or was cut
    short (answers may then miss articles).
    """
    from jrqa.index.store import interrupted_ingest_warning

    update = ensure_index(answerer)
    lines = [update.line()] if update is not None else []
    warning = interrupted_ingest_warning(answerer.engine.settings.index_dir)
    if warning:
        lines.append(f"jrqa: warning: {warning}")
    return lines


def query_engine(
    settings: Settings | None = None, mode: AnswerMode | None = None, outlet: str | None = None
) -> JrqaQueryEngine:
    """Jrqa as a llama-index query engine (the index is built from the seeds if empty).

    With ``outlet``, every query is answered from that outlet's passages only.
    """
    answerer = get_answerer(settings)
    ensure_index(answerer)
    return JrqaQueryEngine(answerer=answerer, mode=mode, outlet=outlet)


def ask(
    question: str,
    history: History | None = None,
    mode: AnswerMode | None = None,
    settings: Settings | None = None,
    outlet: str | None = None,
) -> Answer:
    """Answer a question from the articles, with numbered citations, or abstain.

    With ``outlet`` (case and a leading "the" do not matter), only that outlet's passages
    are searched and cited. A question that asks for one source's view ("What does
    <outlet or author> say about …?") is answered from that source's passages alone.

    Raises:
        UnknownOutletError: ``outlet`` names no outlet of the indexed articles; the
            message lists the known ones (see ``outlets()``).
    """
    return query_engine(settings).ask(question, history=history, mode=mode, outlet=outlet)


def outlets(settings: Settings | None = None) -> list[str]:
    """The outlets of the indexed articles, as ``ask(..., outlet=...)`` accepts them."""
    answerer = get_answerer(settings)
    ensure_index(answerer)
    return list(answerer.engine.keyword_index().sources.outlets)
