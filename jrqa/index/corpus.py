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


@dataclass(frozen=True)
class StoredArticle:
    """An article as the index holds it: its title and its cleaned text."""

    source: str
    title: str
    text: str


def stored_article(engine: Engine, source: str) -> StoredArticle | None:
    """The cleaned article ``source``, put back together from its stored chunks.

    Chunks carry their offsets into the cleaned article, so a citation's ``start`` and
    ``end`` index this text as they index the article. Sentences shared by neighbouring
    chunks are kept once; white space that no chunk holds (between forum posts, say) is
    restored as the same number of blank characters, which keeps every offset exact.
    Returns None for an article the index does not hold.
    """
    entry = engine.manifest().entries.get(source)
    if entry is None or not entry.chunk_ids:
        return None
    found = engine.collection.get(ids=entry.chunk_ids, include=["documents", "metadatas"])
    metadatas = [dict(metadata or {}) for metadata in found["metadatas"] or []]
    documents = list(found["documents"] or [])
    if not documents:
        return None
    pieces = sorted(
        (int(str(metadata.get("start", 0))), document)
        for metadata, document in zip(metadatas, documents, strict=True)
    )
    title = str(metadatas[0].get("title") or source)
    return StoredArticle(source, title, _stitch(pieces))


def _stitch(pieces: list[tuple[int, str]]) -> str:
    parts: list[str] = []
    covered = 0
    for start, text in pieces:
        if start > covered:
            # A paragraph break, padded with spaces (a blank line) to the gap's length.
            gap = start - covered
            parts.append("\n" + " " * (gap - 2) + "\n" if gap > 1 else " ")
        parts.append(text[max(0, covered - start) :])
        covered = max(covered, start + len(text))
    return "".join(parts)
