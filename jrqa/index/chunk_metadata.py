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


# How people refer to each kind of text and forum post.
_KIND_WORDS = {
    "news": "news article report story",
    "opinion": "opinion analysis article piece column commentary author writer",
    "forum": "forum thread discussion",
}
_POST_WORDS = {
    "opening post": "opening original first post poster starter",
    "reply": "reply replies comment commenter poster reader user member response",
}

# Words for readers' posts: a question using them asks what readers wrote.
READER_WORDS = frozenset((_KIND_WORDS["forum"] + " " + _POST_WORDS["reply"]).split())


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

    def described_as(self) -> str:
        """Words a reader uses for who wrote this text and what kind of text it is.

        A question that says where its answer is ("a reply in the forum thread", "the
        Global Research analysis") uses words no sentence contains; they describe the
        sentence's source instead.
        """
        words = [self.outlet or "", *self.authors, self.poster or "", self.reposted_from or ""]
        words.append(_KIND_WORDS.get(self.kind or "", ""))
        words.append(_POST_WORDS.get(self.post or "", ""))
        return " ".join(word for word in words if word)

    def passage_fields(self) -> dict[str, Any]:
        """Keyword arguments for ``Passage`` and ``Citation``."""
        values = asdict(self)
        values["authors"] = list(self.authors)
        return values
