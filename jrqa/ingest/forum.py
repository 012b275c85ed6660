"""Forum threads: where one post ends and the next begins, and who wrote each.

A scraped thread shows each poster's user card (their name, a member rank, then label
and value lines: "Joined", "Messages", ...) above the post, and a line of dots between
posts. The card is chrome to remove from the text, but its name says who wrote the post;
the dividers say where a reply begins, so a reply is never mistaken for the article its
thread reposts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jrqa.ingest.dates import standalone_date

_MEMBER_RANK = re.compile(r"^(elite|senior|full|new|junior|professional)? ?member$", re.I)
# Profile labels of a user card; each is followed by its value on the next line.
_PROFILE_LABELS = {"joined", "messages", "reaction score", "country", "location", "points"}
# A card's name is a handle or a short name, on the line above the rank.
_NAME_MAX_WORDS = 3
# Scraped threads separate posts with a line of dots ("." or ". . .").
_POST_DIVIDER = re.compile(r"^\.(?:\s*\.)*$")
_POST_NUMBER = re.compile(r"^#\d+$")


@dataclass(frozen=True)
class RawPost:
    """One post's lines (user card and header removed), its poster and stated date."""

    lines: tuple[str, ...]
    poster: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Page:
    """A page as posts: a forum thread's posts in order, or any other page as one post."""

    posts: tuple[RawPost, ...]
    is_forum: bool


def split_posts(lines: list[str]) -> Page:
    """Split stripped lines into posts, removing user cards.

    User cards are removed from every page (they are never article text); a page is a
    forum thread when it has one, and only then do divider lines end a post. Lines
    before the first card are the page header and belong to the first post.
    """
    builder = _PostBuilder()
    skip_value = False
    for line in lines:
        if skip_value:
            skip_value = False
        elif line.lower() in _PROFILE_LABELS:
            skip_value = True
        elif _MEMBER_RANK.match(line):
            builder.start_post(poster=builder.take_name())
        elif builder.in_thread and _POST_DIVIDER.match(line):
            builder.end_post()
        else:
            builder.add(line)
    return builder.page()


class _PostBuilder:
    """Collects lines into posts as the page is read top to bottom."""

    def __init__(self) -> None:
        self._done: list[RawPost] = []
        self._lines: list[str] = []
        self._poster: str | None = None
        self._own_lines_from = 0  # where the post's own lines begin, after the page header
        self._cards = 0

    @property
    def in_thread(self) -> bool:
        """Whether a user card has been seen: only then is this page a forum thread."""
        return self._cards > 0

    def add(self, line: str) -> None:
        self._lines.append(line)

    def take_name(self) -> str | None:
        """Remove and return the user name on the line above a rank (blank lines skipped)."""
        while self._lines and not self._lines[-1]:
            self._lines.pop()
        if self._lines and len(self._lines[-1].split()) <= _NAME_MAX_WORDS:
            return self._lines.pop()
        return None

    def start_post(self, poster: str | None) -> None:
        # The first card opens the first post: what came before it is the page header.
        if self._cards:
            self.end_post()
        self._cards += 1
        self._poster = poster
        self._own_lines_from = len(self._lines)

    def end_post(self) -> None:
        self._done.append(self._post())
        self._lines, self._poster, self._own_lines_from = [], None, 0

    def page(self) -> Page:
        if not self._cards:
            return Page(posts=(RawPost(tuple(self._lines)),), is_forum=False)
        self._done.append(self._post())
        return Page(posts=tuple(self._done), is_forum=True)

    def _post(self) -> RawPost:
        """The post so far, with its header (post number, date stamp) read and removed."""
        header, own = self._lines[: self._own_lines_from], self._lines[self._own_lines_from :]
        date: str | None = None
        while own and (not own[0] or _POST_NUMBER.match(own[0]) or standalone_date(own[0])):
            date = date or standalone_date(own.pop(0))
        return RawPost((*header, *own), poster=self._poster, date=date)
