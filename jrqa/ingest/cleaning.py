"""Turn a scraped article into clean prose plus its title, outlet, authors and posts.

The cleaned text is the reference for every offset jrqa reports: a citation's
``quote`` is always ``clean_text[start:end]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jrqa.ingest.forum import split_posts

PARAGRAPH_SEPARATOR = "\n\n"

# Lines that are site furniture rather than reporting. Matched against a whole line.
_BOILERPLATE_LINES = [
    r"what'?s new",
    r"get all your news in one place\.?",
    r"100[’']?s of premium titles\.?",
    r"one app\.?( one membership\.?)?",
    r"start reading",
    r"sign up to read this article",
    r"read news from 100[’']?s of titles.*",
    r"already a member\?.*",
    r"related stories",
    r"top stories on .*",
    r"one subscription that gives you access.*",
    r"our picks",
    r"fourteen days free",
    r"download the app",
    r"100\+ trusted global sources\.?",
    r"read more from .* at https?://\S+",
    r"comments are closed",
    r"back",
    r"top bottom",
    r"last edited:?.*",
    r"reference:?",
    r"theme:.*",
    r"photo:.*",
    r"articles by:.*",
    r"politics|world|business|opinion|asia|news",
]
_BOILERPLATE_PREFIXES = [
    "donations to support",
    "all global research articles",
    "to receive global research",
    "visit and follow us",
    "note to readers",
    "disclaimer:",
    "for media inquiries",
    "feel free to repost",
    "please click the share buttons",
    "share this",
    "subscribe to",
    "follow us on",
    "click here to",
]
_BOILERPLATE_CONTAINS = [
    "contains copyrighted material",
    "is part of the modern tokyo times group",
    "[email protected]",
]
_IMAGE_FILE = re.compile(r"^\S+\.(jpe?g|png|gif|webp|svg)$", re.I)
_URL_LINE = re.compile(r"^(https?://|www\.)\S+(\s.*)?$", re.I)
_PUNCTUATION_ONLY = re.compile(r"^[\W_]*$")
_MENTION_LINE = re.compile(r"^@\w+")

_BOILERPLATE_RE = re.compile(r"^(?:" + "|".join(_BOILERPLATE_LINES) + r")$", re.I)

_OUTLET_WORDS = re.compile(
    r"\b(times|news|post|journal|herald|shimbun|yomiuri|asahi|research|review|tribune|daily|"
    r"press|observer|guardian|telegraph|tass|reuters|agency|gazette|monitor|insider|diplomat)\b",
    re.I,
)
_NAME = r"[A-Z][\w.'’-]+(?: (?:de|van|von|da|al|bin|le|la)?\s?[A-Z][\w.'’-]+)+"
_AUTHORS_LINE = re.compile(rf"^({_NAME})(?:(?:,| and) ({_NAME}))*\s*$")
_BYLINE = re.compile(rf"^({_NAME}) / .+$")
_ARTICLES_BY = re.compile(rf"^Articles by:\s*({_NAME})", re.M)
_BODY_MIN_WORDS = 25


@dataclass(frozen=True)
class PostSpan:
    """One forum post's stretch of the cleaned text, and what its page says about it.

    ``number`` is the post's place in the thread (0 is the opening post); a post whose
    every paragraph repeats an earlier one (a bare quote) leaves no span.
    """

    start: int
    end: int
    number: int
    poster: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class CleanArticle:
    """An article after cleaning: prose paragraphs and what we know about it."""

    source: str
    text: str
    title: str
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    is_forum: bool = False
    posts: tuple[PostSpan, ...] = ()  # a forum thread's posts, in order; else empty


def clean_article(raw: str, source: str) -> CleanArticle:
    """Strip boilerplate and repeated paragraphs; read the title, outlet, authors and posts."""
    page = split_posts([_normalise_spaces(line) for line in raw.splitlines()])
    # Each paragraph remembers its post, so the text can be cut back into posts.
    tagged = [
        (line, number)
        for number, post in enumerate(page.posts)
        for line in post.lines
        if line and not _is_boilerplate(line)
    ]
    kept = [tagged[i] for i in _unrepeated([line for line, _ in tagged])]
    paragraphs = [line for line, _ in kept]
    header = _header_lines(paragraphs)
    title = _find_title(header, paragraphs, source)
    # The headline is often printed twice; keep it once, at the top, in the first post.
    body = [(p, number) for p, number in kept if p != title]
    text, spans = _join_posts([(title, 0), *body] if title else body)
    posts = tuple(
        PostSpan(start, end, number, page.posts[number].poster, page.posts[number].date)
        for start, end, number in spans
    )
    return CleanArticle(
        source=source,
        text=text,
        title=title,
        outlet=_find_outlet(header, raw, title),
        authors=_find_authors(header, raw),
        is_forum=page.is_forum,
        posts=posts if page.is_forum else (),
    )


def _join_posts(paragraphs: list[tuple[str, int]]) -> tuple[str, list[tuple[int, int, int]]]:
    """The article text, and the (start, end, post number) of each post's run of it."""
    spans: list[tuple[int, int, int]] = []
    cursor = 0
    for index, (paragraph, number) in enumerate(paragraphs):
        if index:
            cursor += len(PARAGRAPH_SEPARATOR)
        start, cursor = cursor, cursor + len(paragraph)
        if spans and spans[-1][2] == number:
            spans[-1] = (spans[-1][0], cursor, number)
        else:
            spans.append((start, cursor, number))
    return PARAGRAPH_SEPARATOR.join(p for p, _ in paragraphs), spans


# Terminal escape sequences (colours, cursor moves, window titles) as a whole, then the
# remaining control characters and the invisible marks that reorder or hide text: an
# article is shown to people, and none of these belongs in what they read.
_TERMINAL_ESCAPE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor and screen control
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC: window title, links
    r"|\x1b[@-Z\\-_]"  # other two-character escapes
)
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _normalise_spaces(line: str) -> str:
    line = _INVISIBLE.sub("", _TERMINAL_ESCAPE.sub("", line))
    # Footnote references ("[2]") would read as jrqa's own citation markers.
    line = re.sub(r"\s*\[\d{1,3}\]", "", line)
    return re.sub(r"\s+", " ", line.replace("\u00a0", " ")).strip()


def _is_boilerplate(line: str) -> bool:
    lowered = line.lower()
    return bool(
        _BOILERPLATE_RE.match(line)
        or _IMAGE_FILE.match(line)
        or _URL_LINE.match(line)
        or _PUNCTUATION_ONLY.match(line)
        or _MENTION_LINE.match(line)
        or any(lowered.startswith(prefix) for prefix in _BOILERPLATE_PREFIXES)
        or any(fragment in lowered for fragment in _BOILERPLATE_CONTAINS)
    )


def _fingerprint(paragraph: str) -> str:
    return " ".join(re.findall(r"\w+", paragraph.lower()))


def _unrepeated(paragraphs: list[str]) -> list[int]:
    """Indices of the first copy of each paragraph; forum threads quote posts again."""
    seen: set[str] = set()
    kept: list[int] = []
    for index, paragraph in enumerate(paragraphs):
        key = _fingerprint(paragraph)
        if key in seen:
            continue
        seen.add(key)
        kept.append(index)
    return _without_near_repeats(paragraphs, kept)


def _without_near_repeats(paragraphs: list[str], indices: list[int]) -> list[int]:
    """``indices`` less long paragraphs that are a lightly edited copy of an earlier one.

    Quoted posts are sometimes trimmed ("You have too." vs "You have too (made your
    position clear).").  Compared only among long paragraphs sharing an opening, so the
    cost stays near-linear on big files.
    """
    by_opening: dict[str, list[set[str]]] = {}
    kept: list[int] = []
    for index in indices:
        words = _fingerprint(paragraphs[index]).split()
        if len(words) < 12:
            kept.append(index)
            continue
        opening = " ".join(words[:3])
        bag = set(words)
        earlier = by_opening.setdefault(opening, [])
        if any(len(bag & other) >= 0.85 * min(len(bag), len(other)) for other in earlier):
            continue
        earlier.append(bag)
        kept.append(index)
    return kept


def _header_lines(paragraphs: list[str]) -> list[str]:
    """Lines before the first paragraph of body prose."""
    header: list[str] = []
    for paragraph in paragraphs:
        if len(paragraph.split()) >= _BODY_MIN_WORDS:
            break
        header.append(paragraph)
    return header


def _find_title(header: list[str], paragraphs: list[str], source: str) -> str:
    for line in header:
        if len(line.split()) >= 5 and "/" not in line and not _AUTHORS_LINE.match(line):
            return line
    if header:
        return header[0]
    return paragraphs[0][:120] if paragraphs else source


def _find_outlet(header: list[str], raw: str, title: str) -> str | None:
    for line in header:
        if line == title or len(line.split()) > 6:
            continue
        if _OUTLET_WORDS.search(line):
            return line.split("/")[0].strip() if "/" in line and " / " not in line else line
    # A reference line "Title / Outlet" names the original publisher.
    match = re.search(re.escape(title) + r" / (.+)$", raw, re.M) if title else None
    if match:
        return match.group(1).strip()
    match = re.search(r"\b([A-Z]\w+(?: [A-Z]\w+){0,3}) articles\b", raw)
    if not match:
        return None
    # "All Global Research articles can be read ..." names the outlet after its quantifier.
    return re.sub(r"^(?:All|More|Our|Latest|Read|Other|The) ", "", match.group(1)) or None


def _find_authors(header: list[str], raw: str) -> list[str]:
    for line in header:
        byline = _BYLINE.match(line)
        if byline:
            return [byline.group(1)]
        if _AUTHORS_LINE.match(line) and " and " in line:
            return [name.strip() for name in re.split(r",| and ", line) if name.strip()]
    match = _ARTICLES_BY.search(raw)
    return [match.group(1).strip()] if match else []
