"""The BM25 keyword index kept beside the vector store.

It is rebuilt only when the corpus changes (the manifest generation moves) and loaded
from disk otherwise, so neither a query nor a process start pays for building it.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from llama_index.core.schema import BaseNode

from jrqa.text.terms import TermStats

if TYPE_CHECKING:
    from llama_index.retrievers.bm25 import BM25Retriever

_STAMP = "jrqa_generation.json"
_TERM_STATS = "term_stats.json"
@dataclass
class KeywordIndex:
    """A persisted BM25 retriever plus term statistics."""

    retriever: BM25Retriever
    term_stats: TermStats


def build_keyword_index(nodes: list[BaseNode], folder: Path, generation: int) -> KeywordIndex:
    """Build BM25 over ``nodes`` and persist it with the generation it reflects."""
    from llama_index.retrievers.bm25 import BM25Retriever

    retriever = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=min(200, len(nodes)))
    stats = TermStats.from_texts(node.get_content() for node in nodes)
    _persist(retriever, stats, folder, generation)
    return KeywordIndex(retriever, stats)


def _persist(retriever: BM25Retriever, stats: TermStats, folder: Path, generation: int) -> None:
    """Save beside ``folder`` and swap it in; a failed save only costs a rebuild later.

    The staging folder is private to this process, so a chat server rebuilding BM25
    while an ingest in another process does the same never mixes their files.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=folder.name + ".", suffix=".tmp", dir=folder.parent))
    try:
        retriever.persist(str(staging), show_progress=False)
        (staging / _TERM_STATS).write_text(
            json.dumps({"count": stats.document_count, "df": stats.document_frequency}),
            encoding="utf-8",
        )
        # The stamp is written last: a folder without it was never finished.
        (staging / _STAMP).write_text(json.dumps({"generation": generation}), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    except OSError:
        # Another process swapped its copy in first; the index in memory is still good.
        shutil.rmtree(staging, ignore_errors=True)


def load_keyword_index(folder: Path, generation: int) -> KeywordIndex | None:
    """Load the persisted index, or None when it is missing or stale."""
    stamp = folder / _STAMP
    if not stamp.exists():
        return None
    try:
        if json.loads(stamp.read_text(encoding="utf-8"))["generation"] != generation:
            return None
        from llama_index.retrievers.bm25 import BM25Retriever

        retriever = BM25Retriever.from_persist_dir(str(folder), show_progress=False)
        raw = json.loads((folder / _TERM_STATS).read_text(encoding="utf-8"))
        stats = TermStats(int(raw["count"]), dict(raw["df"]))
    except Exception:  # a damaged or half-replaced copy on disk: rebuild from the store
        return None
    return KeywordIndex(retriever, stats)
