"""Turn an eval run into a terminal table, a Markdown report and a JSON report."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evals.results import EvalReport, EvalRun

# (label, summary field, peer field or None, format)
_ROWS: list[tuple[str, str, str | None, str]] = [
    ("questions answered right", "accuracy", None, "share"),
    ("false answers (questions to refuse)", "false_answers", None, "share"),
    ("grounded-refusal F1", "grounded_refusal_f1", None, "share"),
    ("chat turn accuracy", "chat_turn_accuracy", None, "share"),
    ("top citation from a gold article", "top_citation_gold", None, "share"),
    ("top citation not a forum reply (reply vs article)", "top_citation_not_reply", None, "share"),
    ("each differing value cited (differing sources)", "differing_values_cited", None, "share"),
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


# Figures that describe the question set, not jrqa; shown per split.
_COUNTS = ("questions", "answerable", "unanswerable")
HELD_OUT = "test"


def summary_rows(run: EvalRun) -> list[list[str]]:
    """Header plus one row per figure: metric, then each split (and the peer on dev)."""
    splits = list(run.reports)
    dev = run.reports.get("dev")
    peer = dev.peer if dev is not None else None
    header = ["metric", *splits] + (["stock llama-index (dev)", "ratio dev/stock"] if peer else [])
    rows = [header]
    rows.append(
        ["questions (answerable / not)"]
        + [
            f"{r.summary.questions} ({r.summary.answerable} / {r.summary.unanswerable})"
            for r in run.reports.values()
        ]
        + (["", ""] if peer else [])
    )
    summaries = {split: report.summary.model_dump() for split, report in run.reports.items()}
    theirs = peer.model_dump() if peer is not None else {}
    for label, field, peer_field, kind in _ROWS:
        if field in _GENERATIVE_ONLY and run.mode == "extractive":
            continue
        row = [label] + [_show(summaries[split][field], kind) for split in splits]
        if peer:
            other = theirs.get(peer_field) if peer_field else None
            row += [_show(other, kind), _ratio(summaries["dev"][field], other)]
        rows.append(row)
    return rows


def batch_rows(run: EvalRun) -> list[list[str]]:
    """The held-out split's figures per batch file, each gated on its own; [] if one file."""
    report = run.reports.get(HELD_OUT)
    if report is None or not report.batches:
        return []
    summaries = {batch: summary.model_dump() for batch, summary in report.batches.items()}
    rows = [["metric", *(f"{batch}.jsonl" for batch in summaries)]]
    rows.append(
        ["questions (answerable / not)"]
        + [
            f"{s['questions']} ({s['answerable']} / {s['unanswerable']})"
            for s in summaries.values()
        ]
    )
    for label, field, _, kind in _ROWS:
        if kind == "ms" or (field in _GENERATIVE_ONLY and run.mode == "extractive"):
            continue
        rows.append([label] + [_show(s[field], kind) for s in summaries.values()])
    return rows


def kind_rows(run: EvalRun) -> list[list[str]]:
    """Per kind and split: questions, share right, and the kind's telling error rate.

    For answerable kinds the error is a false refusal; for the others a false answer.
    """
    splits = list(run.reports)
    kinds = sorted({kind for r in run.reports.values() for kind in r.summary.per_kind})
    header = ["kind"] + [f"{split}: n / right / error" for split in splits]
    rows = [header]
    for kind in kinds:
        row = [kind]
        for split in splits:
            figures = run.reports[split].summary.per_kind.get(kind)
            if figures is None:
                row.append("–")
                continue
            error = figures.false_answers
            if error is None:
                error = figures.false_refusals
            row.append(f"{figures.questions} / {figures.correct:.2f} / {_show(error, 'share')}")
        rows.append(row)
    return rows


def format_run(run: EvalRun) -> str:
    """The summary and per-kind tables as aligned plain text, with the gate verdicts."""
    lines = [f"jrqa eval, mode {run.mode}"]
    lines += _aligned(summary_rows(run))
    lines += ["", "per kind (error: false answers for kinds to refuse, else false refusals)"]
    lines += _aligned(kind_rows(run))
    batches = batch_rows(run)
    if batches:
        lines += ["", "test split per file (each gated on its own thresholds)"]
        lines += _aligned(batches)
    dev = run.reports.get("dev")
    if dev is not None:
        failing = [result for result in dev.results if result.failures]
        lines.append(f"dev questions with a failure: {len(failing)} (details in the reports)")
    if HELD_OUT in run.reports:
        lines.append("test: aggregate figures only; its per-question results are not reported")
    gated = f" ({run.gate_split} split)" if run.gate_split else ""
    lines.extend(f"gate{gated}: {line}" for line in run.gate)
    return "\n".join(lines)


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for number, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return lines


def format_markdown(run: EvalRun) -> str:
    """The Markdown report: both tables, the gate, then every dev question that failed."""
    parts = [
        f"# jrqa eval: {run.mode} mode",
        "",
        "Retrieval figures are article-level, on answerable questions; latencies are warm, "
        "per question. The test split is held out: only its aggregate figures are reported.",
        "",
        *_md_table(summary_rows(run)),
        "",
        "## Per kind",
        "",
        "n / share right / error rate (false answers for kinds to refuse, else false refusals).",
        "",
        *_md_table(kind_rows(run)),
        *(
            ["", "## Test split per file", "", "Each file is gated on its own thresholds.", ""]
            + _md_table(batch_rows(run))
            if batch_rows(run)
            else []
        ),
        "",
        "## Gate" + (f" ({run.gate_split} split)" if run.gate_split else ""),
        "",
        *([f"- {line}" for line in run.gate] or ["- not checked"]),
    ]
    for split, report in run.reports.items():
        if split == HELD_OUT:
            continue
        parts += ["", f"## {split.capitalize()} questions with a failure", ""]
        failing = [result for result in report.results if result.failures]
        parts.extend(
            f"- `{result.id}` ({result.kind}): " + "; ".join(_md_escape(f) for f in result.failures)
            for result in failing
        )
        if not failing:
            parts.append("None.")
        parts.extend(_removed_section(report))
    return "\n".join(parts) + "\n"


def _md_table(rows: list[list[str]]) -> list[str]:
    return [_md_row(rows[0]), _md_row(["---"] * len(rows[0]))] + [_md_row(r) for r in rows[1:]]


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


def write_reports(run: EvalRun, report_dir: Path) -> list[Path]:
    """Write ``<mode>.json`` and ``<mode>.md``; the held-out split keeps only its figures."""
    report_dir.mkdir(parents=True, exist_ok=True)
    json_path = report_dir / f"{run.mode}.json"
    markdown_path = report_dir / f"{run.mode}.md"
    public = run.model_copy(
        update={
            "reports": {
                split: report.model_copy(update={"results": []}) if split == HELD_OUT else report
                for split, report in run.reports.items()
            }
        }
    )
    json_path.write_text(public.model_dump_json(indent=2) + "\n", encoding="utf-8")
    markdown_path.write_text(format_markdown(run), encoding="utf-8")
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
