"""The benchmark's Markdown table and plot, from the results ``jrqa bench`` measured."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

# (label, key, format) of the rows shown for each pipeline; missing keys print as "–".
_ROWS = [
    ("embedding runtime", "embed_runtime", "{}"),
    ("chunks", "chunks", "{:,.0f}"),
    ("texts the ingest embedded", "texts_embedded", "{:,.0f}"),
    ("ingest (s)", "ingest_s", "{:.2f}"),
    ("ingest CPU (s)", "ingest_cpu_s", "{:.2f}"),
    ("ingest chunks/s", "chunks_per_s", "{:.1f}"),
    ("ceiling A: same texts, same runtime, bare encode (s)", "raw_encode_s", "{:.2f}"),
    ("ingest / ceiling A, wall", "ingest_over_raw_encode", "{:.2f}x"),
    ("ingest / ceiling A, CPU", "ingest_over_raw_encode_cpu", "{:.2f}x"),
    ("ceiling B: same texts, SentenceTransformer.encode (s)", "st_encode_s", "{:.2f}"),
    ("ingest / ceiling B, wall", "ingest_over_st_encode", "{:.2f}x"),
    ("ingest / ceiling B, CPU", "ingest_over_st_encode_cpu", "{:.2f}x"),
    ("ceiling C: chunk texts, SentenceTransformer.encode (s)", "st_encode_chunks_s", "{:.2f}"),
    ("ceiling C in chunks/s", "st_encode_chunks_per_s", "{:.1f}"),
    ("ingest / ceiling C, wall", "ingest_over_st_encode_chunks", "{:.2f}x"),
    ("ingest / ceiling C, CPU", "ingest_over_st_encode_chunks_cpu", "{:.2f}x"),
    ("re-ingest unchanged (s)", "reingest_s", "{:.3f}"),
    ("re-ingest / first ingest", "reingest_share", "{:.1%}"),
    ("BM25 load on start (ms)", "bm25_start_ms", "{:.1f}"),
    ("BM25 rebuilt on start", "bm25_rebuilt_on_start", "{}"),
    ("warm ask median (ms)", "ask_median_ms", "{:.1f}"),
    ("warm ask p95 (ms)", "ask_p95_ms", "{:.1f}"),
    ("retrieval median (ms)", "retrieve_median_ms", "{:.1f}"),
    ("retrieval p95 (ms)", "retrieve_p95_ms", "{:.1f}"),
    ("peak RSS (MB)", "peak_rss_mb", "{:.0f}"),
    ("index on disk (MB)", "index_mb", "{:.1f}"),
]
_CEILINGS = (
    "Ceilings. jrqa embeds each sentence once (a chunk's vector is the mean of its "
    "sentences' vectors, and the sentence vectors score answer sentences), so it embeds "
    "more, shorter texts than there are chunks. **A** replays exactly the texts the "
    "ingest embedded, in the same calls, through the same runtime with nothing around "
    "it: ingest / A is the cost of everything else (reading, cleaning, chunking, Chroma, "
    "BM25). **B** is the same texts through the stock `SentenceTransformer.encode` "
    "(torch). **C** is `SentenceTransformer.encode` of jrqa's chunk texts as llama-index "
    "would embed them (with the title): the model's raw throughput in chunks, the figure "
    "a chunk-embedding pipeline is held to. Ceilings run after the ingest and are not "
    "part of its time or memory. Wall times on a shared machine swing with whatever else "
    "runs; CPU seconds (every thread of the process) are steadier, so both ratios are shown."
)
# Ratios jrqa/peer: below 1 means jrqa is cheaper.
RATIO_KEYS = ["ingest_s", "retrieve_median_ms", "peak_rss_mb", "index_mb"]


def ratios(jrqa: dict[str, Any], peer: dict[str, Any] | None) -> dict[str, float]:
    """The jrqa figure divided by the peer's, for the figures both pipelines have."""
    if not peer:
        return {}
    return {key: jrqa[key] / peer[key] for key in RATIO_KEYS if peer.get(key)}


def _cell(result: dict[str, Any] | None, key: str, pattern: str) -> str:
    value = (result or {}).get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return pattern.format(value)


def markdown(results: dict[str, Any]) -> str:
    """One table per corpus size, jrqa and the peer side by side, then cold start."""
    lines = ["# jrqa benchmark", "", f"Machine: {results['machine']}", ""]
    for run in results["runs"]:
        jrqa, peer = run["jrqa"], run.get("peer")
        lines += [f"## {run['label']} ({run['articles']:,} articles)", ""]
        lines += ["| measure | jrqa | stock llama-index | jrqa/peer |", "|---|---:|---:|---:|"]
        for label, key, pattern in _ROWS:
            ratio = run["ratios"].get(key)
            shown = f"{ratio:.2f}" if ratio is not None else ""
            lines.append(f"| {label} | {_cell(jrqa, key, pattern)} | "
                         f"{_cell(peer, key, pattern)} | {shown} |")  # fmt: skip
        lines.append("")
    cold = results.get("cold_start")
    if cold:
        lines += ["## Cold start", "", f"`{cold['command']}` as a new process, "
                  f"{cold['runs']} runs: median {cold['median_s']:.2f} s "
                  f"(min {cold['min_s']:.2f} s, max {cold['max_s']:.2f} s).", ""]  # fmt: skip
    lines += [_CEILINGS, ""]
    lines += ["The stock pipeline has no answer step without an LLM, so its row for warm ask is "
              "empty; compare retrieval with retrieval.", ""]  # fmt: skip
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> None:
    """Warm latency and ingest time against corpus size, both pipelines."""
    import matplotlib

    matplotlib.use("Agg")  # files only, never a window
    import matplotlib.pyplot as plt

    runs = sorted(results["runs"], key=lambda run: run["articles"])
    sizes = [run["articles"] for run in runs]
    figure, (latency, ingest) = plt.subplots(1, 2, figsize=(11, 4.2))
    series = [
        (latency, "jrqa", "ask_median_ms", "jrqa warm ask (median)"),
        (latency, "jrqa", "retrieve_median_ms", "jrqa retrieval (median)"),
        (latency, "peer", "retrieve_median_ms", "stock retrieval (median)"),
        (ingest, "jrqa", "ingest_s", "jrqa ingest"),
        (ingest, "jrqa", "raw_encode_s", "ceiling A: same texts, same runtime"),
        (ingest, "jrqa", "st_encode_chunks_s", "ceiling C: SentenceTransformer, chunk texts"),
        (ingest, "peer", "ingest_s", "stock ingest"),
    ]
    for axis, pipeline, key, label in series:
        values = [(run.get(pipeline) or {}).get(key) for run in runs]
        shown = [(n, value) for n, value in zip(sizes, values, strict=True) if value is not None]
        if shown:
            axis.plot(*zip(*shown, strict=True), marker="o", label=label)
    for axis, title, unit in ((latency, "Latency", "ms"), (ingest, "Ingest time", "s")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("articles in corpus")
        axis.set_ylabel(unit)
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
