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

from jrqa.chunking import Span, chunk_article
from jrqa.cleaning import CleanArticle, clean_article
from jrqa.models import FileProblem, IngestReport
from jrqa.reading import ArticleFile, UnreadableArticle, decode_article, find_articles
from jrqa.reading import read_article_bytes as read_bytes
from jrqa.sentence_vectors import pooled_vector, sentence_id
from jrqa.store import Manifest, ManifestEntry

if TYPE_CHECKING:
    from jrqa.engine import Engine

# Metadata that identifies a chunk but would only add noise to its embedding.
_NOT_EMBEDDED = ["source", "authors", "start", "end", "file_sha256"]


@dataclass
class _PendingFile:
    article: ArticleFile
    entry: ManifestEntry
    nodes: list[TextNode]
    sentences: list[tuple[Span, ...]]  # the sentences of each node, in order
    is_update: bool


def ingest(engine: Engine, paths: Iterable[str | Path], show_progress: bool = True) -> IngestReport:
    """Bring the index in line with the articles under ``paths``."""
    started = time.perf_counter()
    settings = engine.settings
    report = IngestReport()
    files, missing = find_articles(paths)
    report.failed.extend(FileProblem(path=p, message=m) for p, m in missing)
    manifest = Manifest.load(settings.manifest_path)
    scanned_roots = [Path(p).expanduser().resolve() for p in paths if Path(p).exists()]

    pending: list[_PendingFile] = []
    seen_sources: set[str] = set()
    progress = tqdm(files, desc="Reading", unit="file", disable=not show_progress, leave=False)
    for article in progress:
        if article.source in seen_sources:
            report.failed.append(
                FileProblem(path=str(article.path), message="another file has the same name")
            )
            continue
        seen_sources.add(article.source)
        prepared = _prepare(engine, article, manifest, report)
        if prepared is not None:
            pending.append(prepared)

    removed = _removed_sources(manifest, scanned_roots, seen_sources)
    changed = bool(pending or removed)
    if changed:
        manifest.generation += 1
    for source in removed:
        engine.vector_store.delete(ref_doc_id=source)
        engine.sentence_vectors.delete_source(source)
        del manifest.entries[source]
        report.removed.append(source)
    _write(engine, pending, manifest, report, show_progress)
    if changed:
        manifest.save(settings.manifest_path)
        engine.refresh_keyword_index(manifest)
    report.chunks_total = sum(len(e.chunk_ids) for e in manifest.entries.values())
    report.seconds = time.perf_counter() - started
    return report


def _prepare(
    engine: Engine, article: ArticleFile, manifest: Manifest, report: IngestReport
) -> _PendingFile | None:
    """Read one file; return its new chunks, or None when it is unchanged or unusable."""
    known = manifest.entries.get(article.source)
    try:
        stat = article.path.stat()
        if known and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns:
            report.skipped.append(article.source)  # cheap path: same size and time
            return None
        data = read_bytes(article.path, engine.settings.max_file_bytes)
        digest = hashlib.sha256(data).hexdigest()
        if known and known.sha256 == digest:
            known.size, known.mtime_ns = stat.st_size, stat.st_mtime_ns
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
    nodes, sentences = _chunk_nodes(engine, clean, digest)
    entry = ManifestEntry(
        path=str(article.path),
        sha256=digest,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        chunk_ids=[node.node_id for node in nodes],
    )
    return _PendingFile(article, entry, nodes, sentences, is_update=known is not None)


def _chunk_nodes(
    engine: Engine, clean: CleanArticle, digest: str
) -> tuple[list[TextNode], list[tuple[Span, ...]]]:
    settings = engine.settings
    spans = chunk_article(
        clean.text,
        engine.embedder.count_tokens,
        settings.chunk_tokens,
        settings.chunk_overlap_sentences,
    )
    nodes = []
    for span in spans:
        chunk_id = hashlib.sha256(
            f"{clean.source}\x00{span.start}\x00{span.text}".encode()
        ).hexdigest()[:32]
        node = TextNode(
            id_=chunk_id,
            text=span.text,
            metadata={
                "title": clean.title,
                "source": clean.source,
                "outlet": clean.outlet or "",
                "authors": ", ".join(clean.authors),
                "start": span.start,
                "end": span.end,
                "file_sha256": digest,
            },
            excluded_embed_metadata_keys=list(_NOT_EMBEDDED),
            excluded_llm_metadata_keys=list(_NOT_EMBEDDED),
        )
        node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=clean.source)
        nodes.append(node)
    return nodes, [span.sentences for span in spans]


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


def _write(
    engine: Engine,
    pending: list[_PendingFile],
    manifest: Manifest,
    report: IngestReport,
    show_progress: bool,
) -> None:
    """Embed and store in batches; record each file in the manifest once it is stored."""
    total = sum(len(item.nodes) for item in pending)
    bar = tqdm(total=total, desc="Embedding", unit="chunk", disable=not show_progress or not total)
    batch: list[_PendingFile] = []
    batch_size = 0
    for item in pending:
        batch.append(item)
        batch_size += len(item.nodes)
        if batch_size >= engine.settings.ingest_batch_chunks:
            _store_batch(engine, batch, manifest, report)
            bar.update(batch_size)
            batch, batch_size = [], 0
    if batch:
        _store_batch(engine, batch, manifest, report)
        bar.update(batch_size)
    bar.close()


def _embed_sentences(
    engine: Engine, batch: list[_PendingFile]
) -> tuple[list[str], list[list[float]], list[str]]:
    """Embed every sentence once and give each chunk the pooled vector of its sentences.

    The title (the article's first sentence) joins every chunk's pool, so a chunk is
    found by what its article is about as well as by what it says.
    """
    ids: list[str] = []
    texts: list[str] = []
    sources: list[str] = []
    for item in batch:
        seen: set[int] = set()
        for span in (span for group in item.sentences for span in group):
            if span.start not in seen:
                seen.add(span.start)
                ids.append(sentence_id(item.article.source, span.start))
                texts.append(span.text)
                sources.append(item.article.source)
    vectors = engine.embedder.get_text_embedding_batch(texts) if texts else []
    by_id = {key: np.asarray(vector) for key, vector in zip(ids, vectors, strict=True)}
    for item in batch:
        title = by_id.get(sentence_id(item.article.source, 0))
        for node, group in zip(item.nodes, item.sentences, strict=True):
            pool = [by_id[sentence_id(item.article.source, span.start)] for span in group]
            if title is not None and group[0].start != 0:
                pool.append(title)
            node.embedding = pooled_vector(pool)
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
