"""The sources of the corpus (outlets, authors, forum posters, forum posts) and restrictions to one.

A restriction is a set of exact values of one stored metadata key, so that the vector
store (a Chroma ``where`` through llama-index's ``MetadataFilters``) and the keyword
index (the same filters, applied by llama-index's BM25 retriever) select the same chunks.
Names are read from the stored metadata, never listed in code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from jrqa.errors import UnknownOutletError
from jrqa.index.chunk_metadata import AUTHOR_SEPARATOR

if TYPE_CHECKING:
    from llama_index.core.vector_stores import MetadataFilters

    from jrqa.models import PostRole

# "post": a role in a forum thread (its opening post, readers' replies) rather than a name.
SourceRole = Literal["outlet", "author", "poster", "post"]

# The metadata key that holds each kind of name ("authors" joins a chunk's authors).
_KEY: dict[SourceRole, str] = {
    "outlet": "outlet",
    "author": "authors",
    "poster": "poster",
    "post": "post",
}


@dataclass(frozen=True)
class SourceRestriction:
    """Only the chunks of one source: an outlet, an author, a forum poster or forum posts.

    ``values`` are the stored values of the role's metadata key that belong to the
    source (for an author, every stored byline that names them; for forum posts, the
    kinds of post, such as "reply").
    """

    name: str
    role: SourceRole
    values: tuple[str, ...]

    @property
    def key(self) -> str:
        """The metadata key the restriction reads."""
        return _KEY[self.role]

    def metadata_filters(self) -> MetadataFilters:
        """The restriction as llama-index filters (Chroma translates them to ``where``)."""
        from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters

        value = list(self.values)
        return MetadataFilters(
            filters=[MetadataFilter(key=self.key, value=value, operator=FilterOperator.IN)]
        )

    def admits(self, metadata: Mapping[str, Any]) -> bool:
        """Whether a chunk with this metadata belongs to the source."""
        return str(metadata.get(self.key) or "") in self.values


def name_key(name: str) -> str:
    """A name as compared: lower case, single spaces, straight quotes, no leading "the"."""
    simple = " ".join(name.replace("’", "'").lower().split())
    return re.sub(r"^the ", "", simple)


@dataclass(frozen=True)
class SourceCatalogue:
    """Every outlet, author and forum poster the corpus names, and the kinds of forum post."""

    outlets: tuple[str, ...] = ()
    authors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    posters: tuple[str, ...] = ()
    posts: tuple[str, ...] = ()

    @classmethod
    def from_metadata(cls, metadatas: Iterable[Mapping[str, Any]]) -> SourceCatalogue:
        """The names found in the chunks' metadata (in one pass over it)."""
        outlets: set[str] = set()
        bylines: dict[str, set[str]] = {}
        posters: set[str] = set()
        posts: set[str] = set()
        for metadata in metadatas:
            outlet = str(metadata.get("outlet") or "").strip()
            if outlet:
                outlets.add(outlet)
            poster = str(metadata.get("poster") or "").strip()
            if poster:
                posters.add(poster)
            post = str(metadata.get("post") or "").strip()
            if post:
                posts.add(post)
            byline = str(metadata.get("authors") or "")
            for author in byline.split(AUTHOR_SEPARATOR):
                if author.strip():
                    bylines.setdefault(author.strip(), set()).add(byline)
        authors = {name: tuple(sorted(values)) for name, values in sorted(bylines.items())}
        return cls(
            tuple(sorted(outlets, key=name_key)),
            authors,
            tuple(sorted(posters)),
            tuple(sorted(posts)),
        )

    def restrictions(self) -> list[SourceRestriction]:
        """A restriction for every named source: outlets first, then authors, then posters."""
        found = [SourceRestriction(name, "outlet", (name,)) for name in self.outlets]
        found += [
            SourceRestriction(name, "author", values) for name, values in self.authors.items()
        ]
        found += [SourceRestriction(name, "poster", (name,)) for name in self.posters]
        return found

    def forum_posts(self, name: str, posts: Iterable[PostRole]) -> SourceRestriction | None:
        """The chunks of these kinds of forum post, called ``name`` (None: the corpus has none)."""
        present = tuple(post for post in posts if post in self.posts)
        return SourceRestriction(name, "post", present) if present else None

    def outlet(self, name: str) -> SourceRestriction:
        """The outlet called ``name`` (case and a leading "the" do not matter).

        Raises:
            UnknownOutletError: no article in the index comes from such an outlet.
        """
        wanted = name_key(name)
        for outlet in self.outlets:
            if name_key(outlet) == wanted:
                return SourceRestriction(outlet, "outlet", (outlet,))
        known = ", ".join(self.outlets) if self.outlets else "none (no article names its outlet)"
        raise UnknownOutletError(
            f"No article in the index comes from an outlet called {name.strip()!r}. "
            f"Known outlets: {known}."
        )
