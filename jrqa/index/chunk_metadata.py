"""Where a stored chunk's text comes from, as the metadata the vector store keeps with it.

Chroma metadata values are strings, numbers or booleans, so an unknown value is stored
as "" and authors as one "; "-joined string. Ingest writes these keys and the answer
path reads them back, both through ``ChunkProvenance``, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, get_args

from jrqa.models import Citation, Passage, PostRole, TextKind

AUTHOR_SEPARATOR = "; "
# Provenance keys that are not searchable text: kept out of embeddings and BM25.
UNSEARCHED_KEYS = ("kind", "post", "poster", "reposted_from", "date", "url")


@dataclass(frozen=True)
class ChunkProvenance:
    """Outlet, authors, kind of text, forum post and poster, date and link of a chunk."""

    outlet: str | None = None
    authors: tuple[str, ...] = ()
    kind: TextKind | None = None
    post: PostRole | None = None
    poster: str | None = None
    reposted_from: str | None = None
    date: str | None = None
    url: str | None = None

    def to_metadata(self) -> dict[str, str]:
        """The provenance as store metadata: every key present, "" when unknown."""
        values = asdict(self)
        values["authors"] = AUTHOR_SEPARATOR.join(self.authors)
        return {key: value or "" for key, value in values.items()}

    @classmethod
    def from_metadata(cls, metadata: Mapping[str, Any]) -> ChunkProvenance:
        """Read the keys back; a missing key or an unexpected value means unknown."""

        def text(key: str) -> str | None:
            return str(metadata.get(key) or "").strip() or None

        kind, post = text("kind"), text("post")
        authors = str(metadata.get("authors") or "").split(AUTHOR_SEPARATOR)
        return cls(
            outlet=text("outlet"),
            authors=tuple(name.strip() for name in authors if name.strip()),
            kind=kind if kind in get_args(TextKind) else None,  # type: ignore[arg-type]
            post=post if post in get_args(PostRole) else None,  # type: ignore[arg-type]
            poster=text("poster"),
            reposted_from=text("reposted_from"),
            date=text("date"),
            url=text("url"),
        )

    @classmethod
    def of(cls, item: Passage | Citation) -> ChunkProvenance:
        """The provenance a passage or citation carries."""
        values = {field.name: getattr(item, field.name) for field in fields(cls)}
        values["authors"] = tuple(item.authors)
        return cls(**values)

    def passage_fields(self) -> dict[str, Any]:
        """Keyword arguments for ``Passage`` and ``Citation``."""
        values = asdict(self)
        values["authors"] = list(self.authors)
        return values
