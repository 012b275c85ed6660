"""The Chroma vector store and the manifest of ingested article versions."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal
from urllib.parse import urlparse

from jrqa.errors import IndexUnavailableError

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

    from jrqa.settings import Settings

# Chroma's product telemetry is off for every client jrqa creates.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def open_client(settings: Settings) -> ClientAPI:
    """An embedded client on ``index_dir``, or an HTTP client when a server URL is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        try:
            return chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as error:  # chromadb raises plain Exception/ValueError here
            raise IndexUnavailableError(
                f"Cannot reach the Chroma server at {settings.chroma_url}: {error}. "
                "Start it (chroma run --path <dir> --port <port>) or unset JRQA_CHROMA_URL."
            ) from error
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except Exception as error:
        raise IndexUnavailableError(
            f"The index in {settings.chroma_dir} cannot be opened ({error}). "
            f"Delete {settings.index_dir} and run `jrqa ingest` to rebuild it."
        ) from error


def open_collection(
    client: ClientAPI, name: str, metadata: dict[str, str | int] | None = None
) -> Collection:
    """A collection of vectors; embeddings are always supplied by jrqa, never by Chroma.

    ``metadata`` sets the index parameters when the collection is created (an existing
    collection keeps the ones it was made with); the default is a cosine HNSW index.
    """
    return client.get_or_create_collection(
        name=name,
        embedding_function=None,  # Chroma's default embedder would download a model
        metadata=metadata or {"hnsw:space": "cosine"},
    )


@dataclass
class ManifestEntry:
    """One ingested article version."""

    path: str
    sha256: str
    size: int
    mtime_ns: int
    chunk_ids: list[str] = field(default_factory=list)
    # The ingest rules the chunks were made under (0: before rules were versioned) and the
    # fingerprint of the metadata-file entry applied ("" for none): when either differs
    # from the current one, the file is read again even though it has not changed.
    rules_version: int = 0
    metadata_sha256: str = ""


_ENTRY_TYPES = {"path": str, "sha256": str, "size": int, "mtime_ns": int}
_OPTIONAL_ENTRY_TYPES = {"rules_version": int, "metadata_sha256": str}


def _entry(value: object) -> ManifestEntry:
    """One manifest entry, checked field by field: a wrong type is a corrupt manifest."""
    if not isinstance(value, dict):
        raise ValueError("an entry is not an object")
    for name, kind in _ENTRY_TYPES.items():
        if not isinstance(value.get(name), kind):
            raise ValueError(f"an entry's {name!r} is missing or not a {kind.__name__}")
    chunk_ids = value.get("chunk_ids", [])
    if not isinstance(chunk_ids, list) or not all(isinstance(i, str) for i in chunk_ids):
        raise ValueError("an entry's 'chunk_ids' is not a list of ids")
    for name, kind in _OPTIONAL_ENTRY_TYPES.items():
        if name in value and not isinstance(value[name], kind):
            raise ValueError(f"an entry's {name!r} is not a {kind.__name__}")
    fields = {
        name: value[name] for name in [*_ENTRY_TYPES, *_OPTIONAL_ENTRY_TYPES] if name in value
    }
    return ManifestEntry(**fields, chunk_ids=list(chunk_ids))


@dataclass
class Manifest:
    """Which article versions the store holds, keyed by source (file name).

    ``generation`` increases with every change so the keyword index can tell that it
    is stale without comparing contents.
    """

    entries: dict[str, ManifestEntry] = field(default_factory=dict)
    generation: int = 0

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """Read the manifest; a missing file means an empty index."""
        if not path.exists():
            return cls()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict) or not isinstance(raw.get("entries"), dict):
                raise ValueError("expected an object with an 'entries' object")
            entries = {str(key): _entry(value) for key, value in raw["entries"].items()}
            generation = raw.get("generation", 0)
            if not isinstance(generation, int):
                raise ValueError("'generation' is not a number")
            return cls(entries=entries, generation=generation)
        except (OSError, ValueError) as error:
            raise IndexUnavailableError(
                f"The index manifest {path} is unreadable or corrupt ({error}). "
                f"Delete {path.parent} and run `jrqa ingest` to rebuild the index."
            ) from error

    def save(self, path: Path) -> None:
        """Write atomically, so an interrupted run never leaves half a manifest."""
        path.parent.mkdir(parents=True, exist_ok=True)
        payload: dict[str, Any] = {
            "generation": self.generation,
            "entries": {key: asdict(value) for key, value in self.entries.items()},
        }
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(payload), encoding="utf-8")
        os.replace(temporary, path)


# An ingest run holds this lock while it writes, and leaves the marker file behind until it
# has finished: a marker without a lock holder is the trace of an interrupted run.
_LOCK_NAME = "ingest.lock"
_MARKER_NAME = "ingest-incomplete.json"
_LOCK_WAIT_S = 3.0

IngestStatus = Literal["complete", "running", "interrupted"]


def _try_lock(handle: IO[str]) -> bool:
    try:
        import fcntl
    except ImportError:  # no advisory locks on this platform: assume nobody else writes
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def ingest_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's write lock; a second ingest into the same index is refused.

    The lock is released by the operating system when the process ends, however it
    ends, so a killed run never leaves the index locked.
    """
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = (index_dir / _LOCK_NAME).open("a", encoding="utf-8")
    except OSError as error:
        raise IndexUnavailableError(
            f"The index folder {index_dir} cannot be used ({error.strerror or error}). "
            "Point --index-dir (JRQA_INDEX_DIR) at a folder jrqa can write to."
        ) from error
    with handle:
        deadline = time.monotonic() + _LOCK_WAIT_S
        while not _try_lock(handle):  # a status probe holds it for an instant
            if time.monotonic() > deadline:
                raise IndexUnavailableError(
                    f"Another `jrqa ingest` is writing to {index_dir}. "
                    "Wait for it to finish, then try again."
                )
            time.sleep(0.05)
        yield


def mark_ingest_started(index_dir: Path) -> None:
    """Record that the store is about to change (cleared by ``mark_ingest_finished``)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    payload = {"pid": os.getpid(), "started": time.time()}
    (index_dir / _MARKER_NAME).write_text(json.dumps(payload), encoding="utf-8")


def has_ingest_marker(index_dir: Path) -> bool:
    """True while an ingest is changing the store, or after one stopped half-way."""
    return (index_dir / _MARKER_NAME).exists()


def mark_ingest_finished(index_dir: Path) -> None:
    """The store, the manifest and the keyword index agree again."""
    (index_dir / _MARKER_NAME).unlink(missing_ok=True)


def ingest_status(index_dir: Path) -> IngestStatus:
    """Whether the last ingest into ``index_dir`` finished, is running, or was interrupted."""
    if not has_ingest_marker(index_dir):
        return "complete"
    try:
        with (index_dir / _LOCK_NAME).open("a", encoding="utf-8") as handle:
            return "interrupted" if _try_lock(handle) else "running"
    except OSError:
        return "interrupted"


def interrupted_ingest_warning(index_dir: Path) -> str | None:
    """A warning for people asking questions while the index is not in a finished state."""
    status = ingest_status(index_dir)
    if status == "running":
        return f"an ingest into {index_dir} is running; answers use the articles stored so far."
    if status == "interrupted":
        return (
            f"the last `jrqa ingest` into {index_dir} did not finish, so some articles may "
            "be missing from answers. Run `jrqa ingest` with the same paths to complete it."
        )
    return None
