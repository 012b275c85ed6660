"""Articles added from the page: checked, kept in a folder beside the index, ingested.

Each file is checked on its own (type, size, text), so one bad file is reported and the
others are still added. Accepted files are copied into the uploads folder first: the
browser's copies are temporary, and the index records where each article came from.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jrqa.errors import JrqaError
from jrqa.ingest.reading import ARTICLE_SUFFIXES, UnreadableArticle, decode_article
from jrqa.models import FileProblem, IngestReport

Ingest = Callable[[list[Path]], IngestReport]


@dataclass(frozen=True)
class UploadLimits:
    """How much one upload may bring."""

    max_files: int = 100
    max_file_bytes: int = 5_000_000
    max_total_bytes: int = 50_000_000


@dataclass
class UploadResult:
    """What happened to an upload: the ingest report, refused files included as failed."""

    report: IngestReport = field(default_factory=IngestReport)
    refused: str = ""  # set when the upload as a whole was refused


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.0f} KB"


class ArticleUploads:
    """Checks uploaded files, keeps the good ones in ``folder`` and ingests them.

    Args:
        folder: where uploaded articles are kept (the index records their paths).
        ingest: ingests a list of files into the page's index and reports per file.
        limits: count and size limits of one upload.
    """

    def __init__(self, folder: Path, ingest: Ingest, limits: UploadLimits | None = None) -> None:
        self.folder = folder
        self.ingest = ingest
        self.limits = limits or UploadLimits()
        self._lock = threading.Lock()  # one upload at a time writes the folder and the index

    def add(self, uploaded: Sequence[Path]) -> UploadResult:
        """Check, keep and ingest the uploaded files."""
        limits = self.limits
        if not uploaded:
            return UploadResult(refused="Choose one or more .txt files first.")
        if len(uploaded) > limits.max_files:
            return UploadResult(
                refused=f"{len(uploaded)} files is more than the {limits.max_files} one "
                "upload can add; nothing was added. Upload them in smaller groups."
            )
        accepted, refused = self._check(uploaded)
        with self._lock:
            kept = self._keep(accepted)
            try:
                report = self.ingest(kept) if kept else IngestReport()
            except JrqaError as error:  # e.g. `jrqa ingest` is writing the index right now
                return UploadResult(refused=f"Nothing was added: {error}")
        failed = [
            FileProblem(path=Path(problem.path).name, message=problem.message)
            for problem in report.failed
        ]
        return UploadResult(report.model_copy(update={"failed": [*refused, *failed]}))

    def _check(self, uploaded: Sequence[Path]) -> tuple[list[tuple[str, bytes]], list[FileProblem]]:
        """Files that can be articles (name and bytes), and why the others cannot."""
        accepted: list[tuple[str, bytes]] = []
        refused: list[FileProblem] = []
        names: set[str] = set()
        total = 0
        for path in uploaded:
            name = path.name
            problem = self._problem(path, names, total)
            data = b""
            if problem is None:
                data = path.read_bytes()
                try:
                    decode_article(data)
                except UnreadableArticle as unreadable:
                    problem = str(unreadable)
            if problem is not None:
                refused.append(FileProblem(path=name, message=problem))
                continue
            names.add(name)
            total += len(data)
            accepted.append((name, data))
        return accepted, refused

    def _problem(self, path: Path, names: set[str], total: int) -> str | None:
        limits = self.limits
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            kinds = " and ".join(sorted(ARTICLE_SUFFIXES))
            return f"only {kinds} files are read as articles"
        if path.name in names:
            return "another file in this upload has the same name"
        try:
            size = path.stat().st_size
        except OSError:
            return "the upload did not arrive; please try again"
        if size > limits.max_file_bytes:
            return f"{_size(size)} is over the {_size(limits.max_file_bytes)} limit for one file"
        if total + size > limits.max_total_bytes:
            return (
                f"the upload is over its {_size(limits.max_total_bytes)} total; "
                "add this file in another upload"
            )
        return None

    def _keep(self, accepted: list[tuple[str, bytes]]) -> list[Path]:
        self.folder.mkdir(parents=True, exist_ok=True)
        kept = []
        for name, data in accepted:
            target = self.folder / name
            target.write_bytes(data)
            kept.append(target)
        return kept
