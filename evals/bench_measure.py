"""One benchmark measurement per fresh process: jrqa or the stock pipeline on one corpus.

Each function here runs in its own spawned process, so its peak RSS is its own and not
left over from a previous size or the other pipeline.
"""

from __future__ import annotations

import resource
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from evals.metrics import percentile
from jrqa.settings import Settings


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_ms(call: Callable[[str], object], questions: Sequence[str]) -> list[float]:
    """Milliseconds each call took, after one untimed warm-up call."""
    call(questions[0])
    times = []
    for question in questions:
        started = time.perf_counter()
        call(question)
        times.append((time.perf_counter() - started) * 1000)
    return times


def latency_summary(prefix: str, times: list[float]) -> dict[str, float]:
    """Median and p95 of a list of milliseconds, under ``prefix``."""
    return {
        f"{prefix}_median_ms": percentile(times, 0.5),
        f"{prefix}_p95_ms": percentile(times, 0.95),
    }


class _CountingModel:
    """Passes everything to the real model, counting the texts it is asked to encode."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.texts = 0

    def encode(self, texts: Sequence[str], **options: Any) -> Any:
        """Count, then encode with the real model."""
        self.texts += len(texts)
        return self.model.encode(texts, **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)


def measure_jrqa(corpus: Path, settings: Settings, questions: list[str]) -> dict[str, Any]:
    """Ingest, re-ingest, raw-encode ceiling, warm ask and retrieval latency for jrqa."""
    from jrqa.api import get_answerer
    from jrqa.engine import Engine
    from jrqa.ingestion import ingest

    shutil.rmtree(settings.index_dir, ignore_errors=True)
    answerer = get_answerer(settings)
    engine = answerer.engine
    model = engine.embedder._model  # loaded here: the model load is not ingest throughput
    counting = _CountingModel(model)
    engine.embedder._model = counting
    first = ingest(engine, [corpus], show_progress=False)
    engine.embedder._model = model
    again = ingest(engine, [corpus], show_progress=False)
    texts = _embedded_texts(engine)
    encode_seconds = _raw_encode_seconds(engine, texts)
    result: dict[str, Any] = {
        "articles": len(first.added),
        "chunks": first.chunks_written,
        "ingest_s": first.seconds,
        "chunks_per_s": first.chunks_written / first.seconds,
        "raw_encode_s": encode_seconds,
        "raw_encode_chunks_per_s": len(texts) / encode_seconds,
        "ingest_over_raw_encode": first.seconds / encode_seconds,
        "texts_embedded": counting.texts,
        "reingest_s": again.seconds,
        "reingest_share": again.seconds / first.seconds,
        "reingest_skipped": len(again.skipped),
    }
    result.update(_keyword_index_on_start(settings, Engine))
    result.update(latency_summary("ask", timed_ms(answerer.ask, questions)))
    result.update(latency_summary("retrieve", timed_ms(answerer.retrieve, questions)))
    result["peak_rss_mb"] = peak_rss_mb()
    result["index_mb"] = folder_bytes(settings.index_dir) / 1e6
    return result


def _embedded_texts(engine: Any) -> list[str]:
    """Every stored chunk as llama-index would embed it (text plus embedded metadata)."""
    from llama_index.core.schema import MetadataMode

    return [node.get_content(metadata_mode=MetadataMode.EMBED) for node in engine.iter_nodes()]


def _raw_encode_seconds(engine: Any, texts: list[str]) -> float:
    """The ceiling: the bare model encoding the chunk texts with the same batch size."""
    model = engine.embedder._model  # the very SentenceTransformer ingest used
    started = time.perf_counter()
    model.encode(
        texts,
        batch_size=engine.settings.embed_batch_size,
        normalize_embeddings=True,
        show_progress_bar=False,
        convert_to_numpy=True,
    )
    return time.perf_counter() - started


def _keyword_index_on_start(settings: Settings, engine_class: Any) -> dict[str, Any]:
    """Whether a fresh engine (a new process's view) loads BM25 from disk or rebuilds it."""
    stamp = next(settings.bm25_dir.glob("jrqa_generation.json"))
    before = stamp.stat().st_mtime_ns
    started = time.perf_counter()
    engine_class(settings).keyword_index()
    load_ms = (time.perf_counter() - started) * 1000
    return {"bm25_start_ms": load_ms, "bm25_rebuilt_on_start": stamp.stat().st_mtime_ns != before}


def measure_peer(corpus: Path, top_k: int, questions: list[str], scratch: Path) -> dict[str, Any]:
    """Index and retrieval figures for the stock llama-index starter pipeline."""
    from evals.peer import build_peer_retriever
    from jrqa.embedding import load_sentence_model

    load_sentence_model()  # the model load is not part of ingest throughput, as for jrqa
    started = time.perf_counter()
    retriever = build_peer_retriever(corpus, top_k=top_k)
    ingest_s = time.perf_counter() - started
    index = retriever._index  # type: ignore[attr-defined]  # VectorIndexRetriever keeps it private
    chunks = len(index.docstore.docs)
    result: dict[str, Any] = {
        "chunks": chunks,
        "ingest_s": ingest_s,
        "chunks_per_s": chunks / ingest_s,
    }
    result.update(latency_summary("retrieve", timed_ms(retriever.retrieve, questions)))
    result["peak_rss_mb"] = peak_rss_mb()
    shutil.rmtree(scratch, ignore_errors=True)
    index.storage_context.persist(str(scratch))  # the starter tutorial's way to keep an index
    result["index_mb"] = folder_bytes(scratch) / 1e6
    return result
