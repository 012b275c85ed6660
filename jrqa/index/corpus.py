"""What the index holds, article by article, for people browsing the corpus."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jrqa.index.engine import Engine


@dataclass(frozen=True)
class ArticleSummary:
    """One indexed article: its file, title, outlet and how many chunks it became."""

    source: str
    title: str
    outlet: str | None
    chunks: int


def list_articles(engine: Engine) -> list[ArticleSummary]:
    """The indexed articles, sorted by file name; titles come from the stored chunk metadata."""
    entries = engine.manifest().entries
    if not entries:
        return []
    # One chunk per article carries the title and outlet, so a single lookup suffices.
    first_ids = [entry.chunk_ids[0] for entry in entries.values() if entry.chunk_ids]
    found = engine.collection.get(ids=first_ids, include=["metadatas"]) if first_ids else None
    metadata_by_source: dict[str, dict[str, object]] = {}
    if found is not None:
        for metadata in found["metadatas"] or []:
            metadata_by_source[str(metadata.get("source", ""))] = dict(metadata)
    summaries = []
    for source, entry in sorted(entries.items()):
        stored = metadata_by_source.get(source, {})
        summaries.append(
            ArticleSummary(
                source=source,
                title=str(stored.get("title") or source),
                outlet=str(stored.get("outlet") or "") or None,
                chunks=len(entry.chunk_ids),
            )
        )
    return summaries
