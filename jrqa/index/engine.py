"""The index as one object: the encoder, the Chroma collections and BM25, loaded once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from jrqa.errors import IndexUnavailableError
from jrqa.index.keyword import KeywordIndex, build_keyword_index, load_keyword_index
from jrqa.index.store import Manifest, ingest_status, open_client, open_collection
from jrqa.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from llama_index.core.schema import BaseNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from jrqa.index.embedding import MiniLMEmbedding
    from jrqa.index.sentence_vectors import SentenceVectors

_PAGE = 5000


class Engine:
    """Holds the loaded model, the Chroma collection and the keyword index for one settings.

    Everything heavy is created on first use and then reused, which is what makes warm
    answers fast; a lock keeps concurrent first uses from loading things twice.
    """

    def __init__(self, settings: Settings, embedder: MiniLMEmbedding | None = None) -> None:
        self.settings = settings
        self._lock = threading.RLock()
        self._keyword: KeywordIndex | None = None
        self._keyword_generation = -1
        self._manifest: Manifest | None = None
        self._manifest_signature: tuple[int, int, int] | None = None
        if embedder is not None:
            self.__dict__["embedder"] = embedder

    @cached_property
    def embedder(self) -> MiniLMEmbedding:
        """MiniLM from the pip package, shared by ingest and queries."""
        from jrqa.index.embedding import MiniLMEmbedding
        from jrqa.index.encoders import load_encoder

        with self._lock:
            encoder = load_encoder(self.settings.embed_backend)
            return MiniLMEmbedding(encoder, embed_batch_size=self.settings.embed_batch_size)

    @cached_property
    def client(self) -> ClientAPI:
        """Embedded or HTTP Chroma client, per settings."""
        with self._lock:
            return open_client(self.settings)

    @cached_property
    def collection(self) -> Collection:
        """The chunk collection."""
        with self._lock:
            try:
                return open_collection(self.client, self.settings.collection)
            except IndexUnavailableError:
                raise
            except Exception as error:
                raise IndexUnavailableError(
                    f"The vector store cannot be opened ({error}). "
                    f"Delete {self.settings.index_dir} and run `jrqa ingest` to rebuild it."
                ) from error

    @cached_property
    def sentence_vectors(self) -> SentenceVectors:
        """Per-sentence vectors of the stored chunks."""
        from jrqa.index.sentence_vectors import COLLECTION_METADATA, SUFFIX, SentenceVectors

        with self._lock:
            name = self.settings.collection + SUFFIX
            collection = open_collection(self.client, name, COLLECTION_METADATA)
            if collection.metadata != COLLECTION_METADATA:
                # Made with other graph parameters (an older jrqa's, which could crash
                # on re-ingest): rebuilt empty, and the next ingest re-embeds every article
                # (``RULES_VERSION`` was raised with the parameters).
                self.client.delete_collection(name)
                collection = open_collection(self.client, name, COLLECTION_METADATA)
            return SentenceVectors(collection)

    @cached_property
    def vector_store(self) -> ChromaVectorStore:
        """llama-index's view of the collection."""
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self.collection)

    def manifest(self) -> Manifest:
        """The current manifest (read-only): re-read only when the file has changed.

        Every question checks the manifest's generation; parsing a file that lists every
        chunk of a large corpus each time would make answers slower as the corpus grows.
        """
        path = self.settings.manifest_path
        try:
            info = path.stat()
        except FileNotFoundError:
            return Manifest()
        signature = (info.st_mtime_ns, info.st_size, info.st_ino)  # saves replace the file
        with self._lock:
            if self._manifest is None or self._manifest_signature != signature:
                self._manifest = Manifest.load(path)
                self._manifest_signature = signature
            return self._manifest

    def may_hold_orphans(self, manifest: Manifest) -> bool:
        """True when the store holds chunks the manifest does not know (an interrupted run)."""
        recorded = sum(len(entry.chunk_ids) for entry in manifest.entries.values())
        return bool(self.collection.count() > recorded)

    def check_store(self, manifest: Manifest) -> None:
        """Refuse to answer from a store that lost chunks the manifest says it holds.

        More chunks than recorded is the trace of an interrupted ingest and still answers;
        fewer means articles would silently be missing, so the user is told how to repair.
        """
        recorded = sum(len(entry.chunk_ids) for entry in manifest.entries.values())
        stored = self.collection.count()
        if stored >= recorded or ingest_status(self.settings.index_dir) == "running":
            return
        index_dir = self.settings.index_dir
        raise IndexUnavailableError(
            f"The index in {index_dir} is damaged: its manifest lists {recorded} chunks but "
            f"the vector store holds {stored}. Run `jrqa ingest` to repair it (or delete "
            f"{index_dir} and run `jrqa ingest` to rebuild it)."
        )

    def stored_chunks(self) -> dict[str, str]:
        """Every chunk id in the vector store, with the article it comes from."""
        found: dict[str, str] = {}
        offset = 0
        while True:
            page = self.collection.get(include=["metadatas"], limit=_PAGE, offset=offset)
            if not page["ids"]:
                return found
            metadatas = page["metadatas"] or [{} for _ in page["ids"]]
            for chunk_id, metadata in zip(page["ids"], metadatas, strict=True):
                found[chunk_id] = str((metadata or {}).get("source", ""))
            offset += len(page["ids"])

    def keyword_index(self) -> KeywordIndex:
        """BM25 for the current corpus: from memory, from disk, or rebuilt if stale."""
        manifest = self.manifest()
        with self._lock:
            if self._keyword is not None and self._keyword_generation == manifest.generation:
                return self._keyword
            self.check_store(manifest)
            loaded = load_keyword_index(self.settings.bm25_dir, manifest.generation)
            self._keyword = loaded or self._rebuild_keyword_index(manifest)
            self._keyword_generation = manifest.generation
            return self._keyword

    def refresh_keyword_index(self, manifest: Manifest) -> None:
        """Rebuild BM25 after the corpus changed."""
        with self._lock:
            self._keyword = self._rebuild_keyword_index(manifest)
            self._keyword_generation = manifest.generation

    def _rebuild_keyword_index(self, manifest: Manifest) -> KeywordIndex:
        # Only chunks the manifest records: an interrupted ingest's strays stay out of BM25.
        recorded = {chunk for entry in manifest.entries.values() for chunk in entry.chunk_ids}
        nodes = [node for node in self.iter_nodes() if not recorded or node.node_id in recorded]
        if not nodes:
            raise IndexUnavailableError(
                "The index is empty. Run `jrqa ingest seeds/` (or pass your own articles)."
            )
        return build_keyword_index(nodes, self.settings.bm25_dir, manifest.generation)

    def iter_nodes(self) -> Iterator[BaseNode]:
        """Every stored chunk, paged so large stores do not load in one response."""
        from llama_index.core.vector_stores.utils import metadata_dict_to_node

        offset = 0
        while True:
            page = self.collection.get(
                include=["documents", "metadatas"], limit=_PAGE, offset=offset
            )
            ids = page["ids"]
            if not ids:
                return
            documents = page["documents"] or []
            metadatas = page["metadatas"] or []
            for chunk_id, text, metadata in zip(ids, documents, metadatas, strict=True):
                node = metadata_dict_to_node(dict(metadata), text=text)
                node.id_ = chunk_id
                yield node
            offset += len(ids)
