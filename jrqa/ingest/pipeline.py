"""Ingest articles: read, clean, chunk, embed, store; skip what has not changed."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from llama_index.core.schema import BaseNode, NodeRelationship, RelatedNodeInfo, TextNode
from tqdm import tqdm

from jrqa.index.chunk_metadata import UNSEARCHED_KEYS
from jrqa.index.sentence_vectors import pooled_vector, sentence_id
from jrqa.index.store import (
    Manifest,
    ManifestEntry,
    has_ingest_marker,
    ingest_lock,
    mark_ingest_finished,
    mark_ingest_started,
)
from jrqa.ingest.chunking import chunk_article
from jrqa.ingest.cleaning import clean_article
from jrqa.ingest.metadata_file import MetadataCatalog
from jrqa.ingest.provenance import RULES_VERSION, ArticleProvenance, read_provenance
from jrqa.ingest.reading import ArticleFile, UnreadableArticle, decode_article, find_articles
from jrqa.ingest.reading import read_article_bytes as read_bytes
from jrqa.models import FileProblem, IngestReport
from jrqa.text.sentences import Span

if TYPE_CHECKING:
    from jrqa.index.engine import Engine

# Metadata that identifies a chunk but would only add noise to its embedding (and to
# BM25, which reads the same text).
_NOT_EMBEDDED = ["source", "authors", "start", "end", "file_sha256", *UNSEARCHED_KEYS]


@dataclass
class _PendingFile:
    article: ArticleFile
    entry: ManifestEntry
    nodes: list[TextNode]
    sentences: list[tuple[Span, ...]]  # the sentences of each node, in order
    is_update: bool


def ingest(engine: Engine, paths: Iterable[str | Path], show_progress: bool = True) -> IngestReport:
    """Bring the index in line with the articles under ``paths``.

    One ingest at a time writes to an index. A marker file is left in the index folder
    from the first change until the store, the manifest and the keyword index agree
    again, so the next run can tell that this one was interrupted and repair the store.
    """
    paths = list(paths)
    with ingest_lock(engine.settings.index_dir):
        return _ingest_locked(engine, paths, show_progress)


def _ingest_locked(engine: Engine, paths: list[str | Path], show_progress: bool) -> IngestReport:
    started = time.perf_counter()
    settings = engine.settings
    report = IngestReport()
    manifest = Manifest.load(settings.manifest_path)
    interrupted = has_ingest_marker(settings.index_dir)
    reread = _repair(engine, manifest, report, interrupted)
    files, missing = find_articles([*paths, *reread])
    report.failed.extend(FileProblem(path=p, message=m) for p, m in missing)
    scanned_roots = [Path(p).expanduser().resolve() for p in paths if Path(p).exists()]

    # Files are read, chunked, embedded and stored a batch at a time, so memory stays
    # flat however large the corpus, and each sentence is tokenized once.
    writer = _BatchWriter(engine, manifest, report)
    metadata = MetadataCatalog()
    seen_sources: set[str] = set()
    progress = tqdm(files, desc="Ingesting", unit="file", disable=not show_progress)
    for article in progress:
        if article.source in seen_sources:
            report.failed.append(
                FileProblem(path=str(article.path), message="another file has the same name")
            )
            continue
        seen_sources.add(article.source)
        prepared = _prepare(engine, article, manifest, metadata, report)
        if prepared is not None:
            writer.add(prepared)
    progress.close()
    # A metadata file that cannot be used costs its overrides, never an article.
    report.warnings.extend(metadata.problems)

    removed = _removed_sources(manifest, scanned_roots, seen_sources)
    # A marker left by an interrupted run (or by the repair) is cleared only by finishing.
    if removed or has_ingest_marker(settings.index_dir):
        writer.start()
    for source in removed:
        engine.vector_store.delete(ref_doc_id=source)
        engine.sentence_vectors.delete_source(source)
        del manifest.entries[source]
        report.removed.append(source)
    writer.flush()
    if writer.started:
        manifest.save(settings.manifest_path)
        engine.refresh_keyword_index(manifest)
        mark_ingest_finished(settings.index_dir)
    report.chunks_total = sum(len(e.chunk_ids) for e in manifest.entries.values())
    report.seconds = time.perf_counter() - started
    return report


def _repair(
    engine: Engine, manifest: Manifest, report: IngestReport, interrupted: bool
) -> list[Path]:
    """Make the store agree with the manifest again; return files to read again.

    Chunks and sentence vectors the manifest does not record (written by a run that
    stopped before saving the manifest) are deleted; an article whose recorded chunks
    are missing is dropped from the manifest and read again from its recorded path. Ids
    are compared only after an interrupted run or when the chunk counts disagree, so a
    healthy index costs one count.
    """
    if not interrupted and not manifest.entries:
        return []
    recorded = {chunk for entry in manifest.entries.values() for chunk in entry.chunk_ids}
    if not interrupted and engine.collection.count() == len(recorded):
        return []
    mark_ingest_started(engine.settings.index_dir)
    stored = engine.stored_chunks()
    strays = [chunk for chunk in stored if chunk not in recorded]
    for first in range(0, len(strays), 5000):
        engine.collection.delete(ids=strays[first : first + 5000])
    damaged = [
        source
        for source, entry in manifest.entries.items()
        if any(chunk not in stored for chunk in entry.chunk_ids)
    ]
    reread: list[Path] = []
    for source in damaged:
        entry = manifest.entries.pop(source)
        engine.vector_store.delete(ref_doc_id=source)
        if Path(entry.path).is_file():
            reread.append(Path(entry.path))
        else:
            report.removed.append(source)
    stray_sentences = engine.sentence_vectors.sources() - set(manifest.entries)
    for source in stray_sentences:
        engine.sentence_vectors.delete_source(source)
    if damaged:
        manifest.save(engine.settings.manifest_path)
    report.repaired = sorted({stored[chunk] for chunk in strays} | set(damaged) | stray_sentences)
    return reread


def _prepare(
    engine: Engine,
    article: ArticleFile,
    manifest: Manifest,
    metadata: MetadataCatalog,
    report: IngestReport,
) -> _PendingFile | None:
    """Read one file; return its new chunks, or None when it is unchanged or unusable.

    A file is unchanged only if it was also read under the current rules and with the
    same metadata-file entry: otherwise its stored provenance may be out of date.
    """
    given = metadata.for_article(article.path)
    given_digest = given.digest() if given else ""
    known = manifest.entries.get(article.source)
    current = (
        known
        if known and known.rules_version == RULES_VERSION and known.metadata_sha256 == given_digest
        else None
    )
    try:
        stat = article.path.stat()
        if current and current.size == stat.st_size and current.mtime_ns == stat.st_mtime_ns:
            report.skipped.append(article.source)  # cheap path: same size and time
            return None
        data = read_bytes(article.path, engine.settings.max_file_bytes)
        digest = hashlib.sha256(data).hexdigest()
        if current and current.sha256 == digest:
            current.size, current.mtime_ns = stat.st_size, stat.st_mtime_ns
            report.skipped.append(article.source)
            return None
        text = decode_article(data)
    except UnreadableArticle as problem:
        report.failed.append(FileProblem(path=str(article.path), message=str(problem)))
        return None
    clean = clean_article(text, article.source)
    if not clean.text.strip():
        report.failed.append(
            FileProblem(path=str(article.path), message="no article text left after cleaning")
        )
        return None
    provenance = read_provenance(text, clean, given)
    nodes, sentences = _chunk_nodes(engine, article.source, clean.text, provenance, digest)
    entry = ManifestEntry(
        path=str(article.path),
        sha256=digest,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        chunk_ids=[node.node_id for node in nodes],
        rules_version=RULES_VERSION,
        metadata_sha256=given_digest,
    )
    return _PendingFile(article, entry, nodes, sentences, is_update=known is not None)


def _chunk_nodes(
    engine: Engine, source: str, text: str, provenance: ArticleProvenance, digest: str
) -> tuple[list[TextNode], list[tuple[Span, ...]]]:
    """Chunks of each section (a chunk never spans two forum posts), with provenance."""
    settings = engine.settings
    nodes = []
    sentences = []
    for section in provenance.sections:
        spans = chunk_article(
            text,
            engine.embedder.count_tokens,
            settings.chunk_tokens,
            settings.chunk_overlap_sentences,
            section=(section.start, section.end),
        )
        for span in spans:
            metadata: dict[str, str | int] = {
                "title": provenance.title,
                "source": source,
                **section.provenance.to_metadata(),
                "start": span.start,
                "end": span.end,
                "file_sha256": digest,
            }
            nodes.append(_chunk_node(source, span, metadata))
            sentences.append(span.sentences)
    return nodes, sentences


def _chunk_node(source: str, span: Span, metadata: dict[str, str | int]) -> TextNode:
    """A chunk as a node; its id is a hash of where it sits and what it says."""
    chunk_id = hashlib.sha256(f"{source}\x00{span.start}\x00{span.text}".encode())
    node = TextNode(
        id_=chunk_id.hexdigest()[:32],
        text=span.text,
        metadata=metadata,
        excluded_embed_metadata_keys=list(_NOT_EMBEDDED),
        excluded_llm_metadata_keys=list(_NOT_EMBEDDED),
    )
    node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=source)
    return node


def _removed_sources(manifest: Manifest, roots: list[Path], seen: set[str]) -> list[str]:
    """Sources recorded under a scanned folder whose file is gone."""
    removed = []
    for source, entry in manifest.entries.items():
        if source in seen:
            continue
        path = Path(entry.path)
        if any(path == root or root in path.parents for root in roots) and not path.exists():
            removed.append(source)
    return removed


class _BatchWriter:
    """Stores prepared files a batch at a time: embed, write, record in the manifest."""

    def __init__(self, engine: Engine, manifest: Manifest, report: IngestReport) -> None:
        self.engine = engine
        self.manifest = manifest
        self.report = report
        self.started = False
        self._batch: list[_PendingFile] = []
        self._chunks = 0

    def start(self) -> None:
        """Mark the index as changing, once: the marker file and a new generation."""
        if not self.started:
            mark_ingest_started(self.engine.settings.index_dir)
            self.manifest.generation += 1
            self.started = True

    def add(self, item: _PendingFile) -> None:
        """Queue one file's chunks; store the batch once it is full."""
        self.start()
        self._batch.append(item)
        self._chunks += len(item.nodes)
        if self._chunks >= self.engine.settings.ingest_batch_chunks:
            self.flush()

    def flush(self) -> None:
        """Store what is queued."""
        if self._batch:
            _store_batch(self.engine, self._batch, self.manifest, self.report)
        self._batch, self._chunks = [], 0


def _embed_sentences(
    engine: Engine, batch: list[_PendingFile]
) -> tuple[list[str], np.ndarray, list[str]]:
    """Embed every sentence once and give each chunk the pooled vector of its sentences.

    The title (the article's first sentence) joins every chunk's pool, so a chunk is
    found by what its article is about as well as by what it says. All the batch's
    sentences go to the model in one call, which sorts them by length.
    """
    ids: list[str] = []
    texts: list[str] = []
    sources: list[str] = []
    rows_by_item: list[dict[int, int]] = []
    for item in batch:
        rows: dict[int, int] = {}  # sentence start -> row of the batch's vectors
        for span in (span for group in item.sentences for span in group):
            if span.start not in rows:
                rows[span.start] = len(texts)
                ids.append(sentence_id(item.article.source, span.start))
                texts.append(span.text)
                sources.append(item.article.source)
        rows_by_item.append(rows)
    vectors = engine.embedder.embed_texts(texts)
    for item, rows in zip(batch, rows_by_item, strict=True):
        title = rows.get(0)
        for node, group in zip(item.nodes, item.sentences, strict=True):
            pool = [rows[span.start] for span in group]
            if title is not None and group[0].start != 0:
                pool.append(title)
            node.embedding = pooled_vector(vectors[pool])
    return ids, vectors, sources


def _store_batch(
    engine: Engine, batch: list[_PendingFile], manifest: Manifest, report: IngestReport
) -> None:
    nodes: list[BaseNode] = [node for item in batch for node in item.nodes]
    sentence_ids, sentence_vectors, sentence_sources = _embed_sentences(engine, batch)
    orphans_possible = engine.may_hold_orphans(manifest)
    for item in batch:
        if item.is_update or orphans_possible:
            # Replace, never append: an old version's (or an interrupted run's) chunks go.
            engine.vector_store.delete(ref_doc_id=item.article.source)
            engine.sentence_vectors.delete_source(item.article.source)
    if nodes:
        engine.sentence_vectors.add(sentence_ids, sentence_vectors, sentence_sources)
        engine.vector_store.add(nodes)
    for item in batch:
        manifest.entries[item.article.source] = item.entry
        (report.updated if item.is_update else report.added).append(item.article.source)
    report.chunks_written += len(nodes)
    # Saved per batch so an interrupted run keeps what it finished.
    manifest.save(engine.settings.manifest_path)
