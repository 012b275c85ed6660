"""The Chroma vector store and the manifest of ingested article versions."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
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


def open_collection(client: ClientAPI, name: str) -> Collection:
    """The collection of chunks; embeddings are always supplied by jrqa, never by Chroma."""
    return client.get_or_create_collection(
        name=name,
        embedding_function=None,  # Chroma's default embedder would download a model
        metadata={"hnsw:space": "cosine"},
    )


@dataclass
class ManifestEntry:
    """One ingested article version."""

    path: str
    sha256: str
    size: int
    mtime_ns: int
    chunk_ids: list[str] = field(default_factory=list)


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
            entries = {key: ManifestEntry(**value) for key, value in raw["entries"].items()}
            return cls(entries=entries, generation=int(raw.get("generation", 0)))
        except (ValueError, KeyError, TypeError) as error:
            raise IndexUnavailableError(
                f"The index manifest {path} is corrupt ({error}). "
                "Run `jrqa ingest --rebuild` to rebuild the index."
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
