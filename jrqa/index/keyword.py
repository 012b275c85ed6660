"""The BM25 keyword index kept beside the vector store.

It is rebuilt only when the corpus changes (the manifest generation moves) and loaded
from disk otherwise, so neither a query nor a process start pays for building it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from llama_index.core.schema import BaseNode

from jrqa.index.sources import SourceCatalogue, SourceRestriction
from jrqa.text.terms import TermStats

if TYPE_CHECKING:
    from llama_index.retrievers.bm25 import BM25Retriever

_STAMP = "jrqa_generation.json"
# Raised when the term statistics' tokens change (British spellings read as American: 2),
# so that a copy counted the old way is rebuilt rather than read.
_TERMS_VERSION = 2
_TERM_STATS = "term_stats.json"


@dataclass
class KeywordIndex:
    """A persisted BM25 retriever plus term statistics."""

    retriever: BM25Retriever
    term_stats: TermStats

    @cached_property
    def sources(self) -> SourceCatalogue:
        """The outlets, authors and posters of the indexed chunks.

        BM25 keeps every chunk's metadata in memory, so this costs one pass over it per
        corpus version and no store access.
        """
        return SourceCatalogue.from_metadata(self.retriever.corpus or [])

    def restricted(self, restriction: SourceRestriction, top_k: int) -> BM25Retriever | None:
        """BM25 over one source's chunks only, sharing this index (None: it has no chunks).

        The restriction's metadata filters, evaluated by llama-index's filter function,
        become the BM25 retriever's weight mask over the same scores, so nothing is
        re-tokenised. (The retriever's own ``filters`` argument cannot be used: a
        retriever over an existing BM25 has no corpus to read them against until the
        index has been saved and loaded.) Masked-out chunks score 0 but can still fill
        the top ``top_k`` when few chunks match: callers drop what ``restriction`` does
        not admit.
        """
        from llama_index.core.vector_stores.utils import build_metadata_filter_fn
        from llama_index.retrievers.bm25 import BM25Retriever

        base = self.retriever
        corpus = list(base.corpus or [])
        admits = build_metadata_filter_fn(
            lambda position: corpus[int(position)], restriction.metadata_filters()
        )
        mask = [int(admits(str(position))) for position in range(len(corpus))]
        if not any(mask):
            return None
        restricted = BM25Retriever(
            existing_bm25=base.bm25,
            stemmer=base.stemmer,
            similarity_top_k=min(top_k, sum(mask)),
            skip_stemming=base.skip_stemming,
            token_pattern=base.token_pattern,
        )
        restricted.corpus = corpus
        restricted.corpus_weight_mask = mask
        return restricted


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
        (staging / _STAMP).write_text(
            json.dumps({"generation": generation, "terms": _TERMS_VERSION}), encoding="utf-8"
        )
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
        stamped = json.loads(stamp.read_text(encoding="utf-8"))
        if stamped["generation"] != generation or stamped.get("terms") != _TERMS_VERSION:
            return None
        from llama_index.retrievers.bm25 import BM25Retriever

        retriever = BM25Retriever.from_persist_dir(str(folder), show_progress=False)
        raw = json.loads((folder / _TERM_STATS).read_text(encoding="utf-8"))
        stats = TermStats(int(raw["count"]), dict(raw["df"]))
    except Exception:  # a damaged or half-replaced copy on disk: rebuild from the store
        return None
    return KeywordIndex(retriever, stats)
