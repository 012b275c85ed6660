"""Who wrote each passage, what kind of text it is, and when: read once, at ingest.

An article is news or opinion, one provenance for all its text. A forum thread is cut
into posts: the opening post (which may repost a named paper) and readers' replies,
each with its poster when the page names one, so a reply is never cited under the
reposted paper's name. Dates are taken only where the page states when it was written;
a metadata file beside the corpus overrides what the text says.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from jrqa.index.chunk_metadata import ChunkProvenance
from jrqa.ingest.cleaning import CleanArticle, PostSpan
from jrqa.ingest.dates import dateline_date, published_date, standalone_date
from jrqa.ingest.metadata_file import GivenMetadata
from jrqa.models import TextKind

# Raise whenever cleaning, post splitting or these rules change what an index would
# hold: files ingested under an older version are read again by the next ingest.
# 2: the sentence-vector collection's graph parameters changed (it is rebuilt empty).
RULES_VERSION = 2

# Body prose starts at the first line this long; the lines above it are the header.
_BODY_MIN_WORDS = 25
# A section label that marks a page as opinion rather than reporting.
_OPINION_LABEL = re.compile(
    r"^(?:opinions?|analysis|commentary|op-?eds?|editorials?|columns?|viewpoints?|"
    r"perspectives?)$",
    re.I,
)
# The disclaimer an opinion page carries about its author's views, on a line of its own
# (a news report may well quote someone's "views expressed" in its prose).
_VIEWS_DISCLAIMER = re.compile(
    r"^(?:disclaimer\b.*\b(?:views|opinions|author)|(?:the )?(?:views|opinions) expressed\b)",
    re.I,
)
# An author note at the foot of an analysis piece: "<author> is a researcher ...".
_ANALYST_ROLES = (
    r"(?:researcher|analyst|professor|fellow|columnist|commentator|lecturer|scholar|expert)"
)
# How a reposted article is credited: "<its title> / <outlet>", "Source: <outlet>".
_SOURCE_LINE = re.compile(
    r"^(?:source|reference|originally published (?:by|in|at|on))\s*:?\s+(?P<source>.{2,80})$",
    re.I,
)
_SOURCE_MAX_WORDS = 8


@dataclass(frozen=True)
class Section:
    """A stretch of the cleaned text with one provenance: a forum post or a whole article."""

    start: int
    end: int
    provenance: ChunkProvenance


@dataclass(frozen=True)
class ArticleProvenance:
    """An article's title and its text as sections, each with who wrote it and when."""

    title: str
    sections: tuple[Section, ...]


def read_provenance(
    raw: str, article: CleanArticle, given: GivenMetadata | None = None
) -> ArticleProvenance:
    """The provenance of every part of ``article``, read from ``raw`` and ``given``."""
    given = given or GivenMetadata()
    lines = [" ".join(line.split()) for line in raw.splitlines()]
    kind = given.kind or _read_kind(lines, article)
    if kind == "forum":
        sections = _forum_sections(article, given)
    else:
        whole = ChunkProvenance(
            outlet=given.outlet or article.outlet,
            authors=given.authors if given.authors is not None else tuple(article.authors),
            kind=kind,
            date=given.date or _stated_date(lines),
            url=given.url,
        )
        sections = (Section(0, len(article.text), whole),)
    return ArticleProvenance(title=given.title or article.title, sections=sections)


def _read_kind(lines: list[str], article: CleanArticle) -> TextKind:
    if article.is_forum:
        return "forum"
    if (
        any(_OPINION_LABEL.match(line) for line in _header(lines))
        or any(_VIEWS_DISCLAIMER.match(line) for line in lines)
        or _has_analyst_note(lines, article.authors)
    ):
        return "opinion"
    return "news"


def _has_analyst_note(lines: list[str], authors: list[str]) -> bool:
    """Whether the page ends its piece with "<author> is a researcher …" or the like."""
    if not authors:
        return False
    names = "|".join(re.escape(name) for name in authors)
    note = re.compile(rf"^(?:{names}) is an? (?:[\w-]+ ){{0,3}}{_ANALYST_ROLES}\b")
    return any(note.match(line) for line in lines)


def _header(lines: list[str]) -> list[str]:
    header = []
    for line in lines:
        if len(line.split()) >= _BODY_MIN_WORDS:
            break
        header.append(line)
    return header


def _stated_date(lines: list[str]) -> str | None:
    """A "Published" line, else a dateline, else a date alone on a header line."""
    for line in lines:
        date = published_date(line)
        if date:
            return date
    header = _header(lines)
    if len(header) < len(lines):
        date = dateline_date(lines[len(header)])
        if date:
            return date
    return next((date for date in map(standalone_date, header) if date), None)


def _forum_sections(article: CleanArticle, given: GivenMetadata) -> tuple[Section, ...]:
    """One section per post: the opening post (perhaps over several posts), then replies.

    The metadata file's outlet names the forum, its date and authors are the opening
    post's; a reply keeps only what its own post says.
    """
    posts = article.posts or (PostSpan(0, len(article.text), 0),)
    opening = _opening_post_count(article.text, posts, article.title)
    reposted = _reposted_source(article.text, posts[:opening], article.title)
    sections = []
    for index, post in enumerate(posts):
        if index < opening:
            provenance = ChunkProvenance(
                outlet=reposted or given.outlet,
                authors=given.authors if given.authors is not None else tuple(article.authors),
                kind="forum",
                post="opening post",
                poster=post.poster or posts[0].poster,
                reposted_from=reposted,
                date=given.date or posts[0].date,
                url=given.url,
            )
        else:
            provenance = ChunkProvenance(
                outlet=given.outlet,
                kind="forum",
                post="reply",
                poster=post.poster,
                date=post.date,
                url=given.url,
            )
        sections.append(Section(post.start, post.end, provenance))
    return tuple(sections)


def _opening_post_count(text: str, posts: Sequence[PostSpan], title: str) -> int:
    """How many leading posts make up the opening post.

    A reposted article too long for one post continues in the opener's next posts, up
    to the line crediting it ("<thread title> / <outlet>"). Without that line, or when
    someone else's post comes first, the opening post is the first post alone.
    """
    opener = posts[0].poster
    for index, post in enumerate(posts):
        if index and post.poster and post.poster != opener:
            break
        if _credit_line(_paragraphs(text, post), title):
            return index + 1
    return 1


def _reposted_source(text: str, posts: Sequence[PostSpan], title: str) -> str | None:
    """The paper or outlet the opening post credits, if it names one."""
    for post in posts:
        paragraphs = _paragraphs(text, post)
        credited = _credit_line(paragraphs, title)
        if credited:
            return credited
        for paragraph in paragraphs:
            match = _SOURCE_LINE.match(paragraph)
            if match:
                return _source_name(match.group("source"))
    return None


def _credit_line(paragraphs: list[str], title: str) -> str | None:
    """The source of a "<title> / <source>" line (a repost's credit), if there is one."""
    if not title:
        return None
    credit = re.compile(rf"^{re.escape(title)}\s*(?:/|\||–|—| - )\s*(?P<source>[^/|]+)$")
    for paragraph in paragraphs:
        match = credit.match(paragraph)
        if match:
            return _source_name(match.group("source"))
    return None


def _source_name(source: str) -> str | None:
    """A credited source as a name: a link's host; nothing for a sentence of prose."""
    source = source.strip().rstrip(".")
    if source.startswith(("http://", "https://", "www.")):
        host = urlparse(source if "//" in source else f"//{source}").hostname or ""
        return host.removeprefix("www.") or None
    return source if 0 < len(source.split()) <= _SOURCE_MAX_WORDS else None


def _paragraphs(text: str, post: PostSpan) -> list[str]:
    return text[post.start : post.end].split("\n\n")
