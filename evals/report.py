"""Turn an eval run into a terminal table, a Markdown report and a JSON report."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evals.results import EvalReport

# (label, summary field, peer field or None, format)
_ROWS: list[tuple[str, str, str | None, str]] = [
    ("retrieval hit@1", "hit_at_1", "hit_at_1", "share"),
    ("retrieval hit@3", "hit_at_3", "hit_at_3", "share"),
    ("retrieval MRR@5", "mrr_at_5", "mrr_at_5", "share"),
    ("key-fact recall", "key_fact_recall", None, "share"),
    ("all key facts present", "fully_correct", None, "share"),
    ("sentences with a citation", "cited_sentence_share", None, "share"),
    ("uncited answer sentences", "uncited_sentences", None, "count"),
    ("citation validity", "citation_validity", None, "share"),
    ("citation support", "citation_support", None, "share"),
    ("correct refusals", "correct_refusals", None, "share"),
    ("false refusals", "false_refusals", None, "share"),
    ("ask median (ms)", "ask_median_ms", None, "ms"),
    ("ask p95 (ms)", "ask_p95_ms", None, "ms"),
    ("retrieve median (ms)", "retrieve_median_ms", "retrieve_median_ms", "ms"),
    ("retrieve p95 (ms)", "retrieve_p95_ms", "retrieve_p95_ms", "ms"),
    ("draft sentences removed by verification", "removed_sentences", None, "count"),
    ("answers that fell back to extractive", "fallbacks", None, "count"),
]


# Figures only a generative mode (a language model drafting) can have.
_GENERATIVE_ONLY = {"removed_sentences", "fallbacks"}


def summary_rows(report: EvalReport) -> list[list[str]]:
    """Header plus one row per figure: metric, jrqa, and (with a peer) peer and ratio."""
    with_peer = report.peer is not None
    header = ["metric", "jrqa"] + (["stock llama-index", "ratio jrqa/stock"] if with_peer else [])
    ours = report.summary.model_dump()
    theirs = report.peer.model_dump() if report.peer is not None else {}
    rows = [header]
    for label, field, peer_field, kind in _ROWS:
        if field in _GENERATIVE_ONLY and report.mode == "extractive":
            continue
        row = [label, _show(ours[field], kind)]
        if with_peer:
            other = theirs.get(peer_field) if peer_field else None
            row += [_show(other, kind), _ratio(ours[field], other)]
        rows.append(row)
    return rows


def format_summary(report: EvalReport) -> str:
    """The summary as an aligned plain-text table, with the gate verdicts under it."""
    rows = summary_rows(report)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        f"jrqa eval, mode {report.mode}: {report.summary.questions} questions "
        f"({report.summary.answerable} answerable, {report.summary.unanswerable} not)"
    ]
    for number, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    failing = [result for result in report.results if result.failures]
    lines.append(f"questions with a failure: {len(failing)} (details in the reports)")
    lines.extend(f"gate: {line}" for line in report.gate)
    return "\n".join(lines)


def format_markdown(report: EvalReport) -> str:
    """The Markdown report: summary table, gate, then every question that failed."""
    rows = summary_rows(report)
    table = [_md_row(rows[0]), _md_row(["---"] * len(rows[0]))] + [_md_row(r) for r in rows[1:]]
    parts = [
        f"# jrqa eval: {report.mode} mode",
        "",
        f"{report.summary.questions} questions ({report.summary.answerable} answerable, "
        f"{report.summary.unanswerable} unanswerable). Retrieval figures are article-level, "
        "on answerable questions; latencies are warm, per question.",
        "",
        *table,
        "",
        "## Gate",
        "",
        *([f"- {line}" for line in report.gate] or ["- not checked (--no-gate)"]),
        "",
        "## Questions with a failure",
        "",
    ]
    failing = [result for result in report.results if result.failures]
    parts.extend(
        f"- `{result.id}` ({result.kind}): " + "; ".join(_md_escape(f) for f in result.failures)
        for result in failing
    )
    if not failing:
        parts.append("None.")
    parts.extend(_removed_section(report))
    return "\n".join(parts) + "\n"


def _removed_section(report: EvalReport) -> list[str]:
    """What verification refused in each generative answer, and which answers fell back."""
    touched = [result for result in report.results if result.removed or result.fell_back]
    if report.mode == "extractive" or not touched:
        return []
    lines = ["", "## Draft sentences removed by verification", ""]
    for result in touched:
        fell_back = " (fell back to extractive)" if result.fell_back else ""
        removed = "; ".join(_md_escape(item) for item in result.removed) or "empty draft"
        lines.append(f"- `{result.id}`{fell_back}: {removed}")
    return lines


def write_reports(report: EvalReport, report_dir: Path) -> list[Path]:
    """Write ``<mode>.json`` and ``<mode>.md`` into the report folder; return their paths."""
    report_dir.mkdir(parents=True, exist_ok=True)
    json_path = report_dir / f"{report.mode}.json"
    markdown_path = report_dir / f"{report.mode}.md"
    json_path.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    markdown_path.write_text(format_markdown(report), encoding="utf-8")
    return [json_path, markdown_path]


def _show(value: float | int | None, kind: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if kind == "count":
        return str(int(value))
    if kind == "ms":
        return f"{value:.1f}"
    return f"{value:.3f}"


def _ratio(ours: float | None, theirs: float | None) -> str:
    if ours is None or theirs is None or theirs == 0:
        return "n/a"
    return f"{ours / theirs:.2f}x"


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
