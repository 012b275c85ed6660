"""One benchmark measurement per fresh process: jrqa or the stock pipeline on one corpus.

Each function here runs in its own spawned process, so its peak RSS is its own and not
left over from a previous size or the other pipeline.
"""

from __future__ import annotations

import json
import resource
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evals.metrics import percentile
from jrqa.settings import Settings

if TYPE_CHECKING:
    import numpy as np

    from jrqa.index.encoders import Encoder


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process so far, every thread (user and system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


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


class _RecordingModel:
    """An ``Encoder`` passing everything to the real one; records batches while ``recording``."""

    def __init__(self, model: Encoder) -> None:
        self.model = model
        self.calls: list[list[str]] = []
        self.recording = True

    @property
    def max_tokens(self) -> int:
        """The real encoder's window."""
        return self.model.max_tokens

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """The real encoder's word-piece counts."""
        return self.model.count_tokens(texts)

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        """Record, then encode with the real model."""
        if self.recording:
            self.calls.append(list(texts))
        return self.model.encode(texts, batch_size)


def measure_jrqa(
    corpus: Path, settings: Settings, questions: list[str], texts_file: Path | None
) -> dict[str, Any]:
    """Ingest, re-ingest, warm ask and retrieval latency, then the fair encode ceiling.

    With a ``texts_file``, the texts the ingest embedded (and the chunk texts, as the
    stock pipeline would embed them) are written there for the SentenceTransformer
    ceilings, which run in their own process so that torch never counts towards jrqa's
    memory; without one, no ceiling is measured.
    """
    from jrqa.answer.answerer import Answerer
    from jrqa.index.embedding import MiniLMEmbedding
    from jrqa.index.encoders import load_encoder
    from jrqa.index.engine import Engine
    from jrqa.ingest.pipeline import ingest

    shutil.rmtree(settings.index_dir, ignore_errors=True)
    model = load_encoder(settings.embed_backend)  # loaded here: not part of ingest throughput
    recording = _RecordingModel(model)
    engine = Engine(settings, embedder=MiniLMEmbedding(recording, settings.embed_batch_size))
    cpu_before = cpu_seconds()
    first = ingest(engine, [corpus], show_progress=False)
    ingest_cpu_s = cpu_seconds() - cpu_before
    recording.recording = False
    again = ingest(engine, [corpus], show_progress=False)
    answerer = Answerer(engine)
    result: dict[str, Any] = {
        "embed_runtime": _runtime_name(model),
        "articles": len(first.added),
        "chunks": first.chunks_written,
        "ingest_s": first.seconds,
        "ingest_cpu_s": ingest_cpu_s,
        "chunks_per_s": first.chunks_written / first.seconds,
        "texts_embedded": sum(len(call) for call in recording.calls),
        "reingest_s": again.seconds,
        "reingest_share": again.seconds / first.seconds,
        "reingest_skipped": len(again.skipped),
    }
    result.update(_keyword_index_on_start(settings, Engine))
    result.update(latency_summary("ask", timed_ms(answerer.ask, questions)))
    result.update(latency_summary("retrieve", timed_ms(answerer.retrieve, questions)))
    result["peak_rss_mb"] = peak_rss_mb()  # before the ceiling below allocates anything
    result["index_mb"] = folder_bytes(settings.index_dir) / 1e6
    if texts_file is None:
        return result
    seconds, cpu = replay_encode(model, recording.calls, engine.settings.embed_batch_size)
    result["raw_encode_s"] = seconds
    result["raw_encode_cpu_s"] = cpu
    result["raw_encode_texts_per_s"] = result["texts_embedded"] / seconds
    result["ingest_over_raw_encode"] = first.seconds / seconds
    result["ingest_over_raw_encode_cpu"] = ingest_cpu_s / cpu
    chunk_texts = _embedded_texts(engine)
    texts_file.write_text(
        json.dumps({"calls": recording.calls, "chunks": chunk_texts}), encoding="utf-8"
    )
    return result


def _runtime_name(model: Any) -> str:
    from jrqa.index.onnx_minilm import OnnxMiniLM

    if isinstance(model, OnnxMiniLM):
        return "onnxruntime (fp32)"
    return "sentence-transformers (torch)"


def _embedded_texts(engine: Any) -> list[str]:
    """Every stored chunk as llama-index would embed it (text plus embedded metadata)."""
    from llama_index.core.schema import MetadataMode

    return [node.get_content(metadata_mode=MetadataMode.EMBED) for node in engine.iter_nodes()]


def replay_encode(model: Encoder, calls: list[list[str]], batch_size: int) -> tuple[float, float]:
    """Wall and CPU seconds the bare model takes for the same calls, with nothing around.

    Word pieces remembered from chunking are forgotten first, so the model tokenizes
    each text itself, as a bare ``encode`` does.
    """
    from jrqa.index.onnx_minilm import OnnxMiniLM

    if isinstance(model, OnnxMiniLM):
        model.forget()
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    for texts in calls:
        model.encode(texts, batch_size)
    return time.perf_counter() - started, cpu_seconds() - cpu_before


def measure_sentence_transformer(texts_file: Path, batch_size: int) -> dict[str, Any]:
    """The stock runtime's ceilings: SentenceTransformer.encode on the same texts and chunks."""
    from jrqa.index.encoders import load_encoder

    model = load_encoder("torch")
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    model.encode(texts["chunks"][:batch_size], batch_size)  # warm-up
    seconds, cpu = replay_encode(model, texts["calls"], batch_size)
    chunk_seconds, chunk_cpu = replay_encode(model, [texts["chunks"]], batch_size)
    return {
        "st_encode_s": seconds,
        "st_encode_cpu_s": cpu,
        "st_encode_texts_per_s": sum(len(call) for call in texts["calls"]) / seconds,
        "st_encode_chunks_s": chunk_seconds,
        "st_encode_chunks_cpu_s": chunk_cpu,
        "st_encode_chunks_per_s": len(texts["chunks"]) / chunk_seconds,
    }


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
    from evals.peer import build_peer_index
    from jrqa.index.encoders import load_encoder

    load_encoder()  # the model load is not part of ingest throughput, as for jrqa
    started = time.perf_counter()
    index = build_peer_index(corpus)
    ingest_s = time.perf_counter() - started
    retriever = index.as_retriever(similarity_top_k=top_k)
    chunks = len(index.docstore.docs)
    result: dict[str, Any] = {
        "embed_runtime": "sentence-transformers (torch)",
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
