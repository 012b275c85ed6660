"""The named sources of the corpus (outlets, authors, forum posters) and restrictions to one.

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

SourceRole = Literal["outlet", "author", "poster"]

# The metadata key that holds each kind of name ("authors" joins a chunk's authors).
_KEY: dict[SourceRole, str] = {"outlet": "outlet", "author": "authors", "poster": "poster"}


@dataclass(frozen=True)
class SourceRestriction:
    """Only the chunks of one named source: an outlet, an author or a forum poster.

    ``values`` are the stored values of the role's metadata key that belong to the
    source (for an author, every stored byline that names them).
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
    """Every outlet, author and forum poster the corpus names, with their stored values."""

    outlets: tuple[str, ...] = ()
    authors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    posters: tuple[str, ...] = ()

    @classmethod
    def from_metadata(cls, metadatas: Iterable[Mapping[str, Any]]) -> SourceCatalogue:
        """The names found in the chunks' metadata (in one pass over it)."""
        outlets: set[str] = set()
        bylines: dict[str, set[str]] = {}
        posters: set[str] = set()
        for metadata in metadatas:
            outlet = str(metadata.get("outlet") or "").strip()
            if outlet:
                outlets.add(outlet)
            poster = str(metadata.get("poster") or "").strip()
            if poster:
                posters.add(poster)
            byline = str(metadata.get("authors") or "")
            for author in byline.split(AUTHOR_SEPARATOR):
                if author.strip():
                    bylines.setdefault(author.strip(), set()).add(byline)
        authors = {name: tuple(sorted(values)) for name, values in sorted(bylines.items())}
        return cls(tuple(sorted(outlets, key=name_key)), authors, tuple(sorted(posters)))

    def restrictions(self) -> list[SourceRestriction]:
        """A restriction for every named source: outlets first, then authors, then posters."""
        found = [SourceRestriction(name, "outlet", (name,)) for name in self.outlets]
        found += [SourceRestriction(name, "author", values) for name, values in self.authors.items()]
        found += [SourceRestriction(name, "poster", (name,)) for name in self.posters]
        return found

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
