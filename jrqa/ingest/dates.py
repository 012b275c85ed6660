"""Dates an article states about itself, as ISO text only as precise as the page is.

A date is read only where a page states when it was written: a dateline opening the
first paragraph ("MOSCOW, March 20, 2018 --"), a "Published"/"Posted" line, a date on a
line of its own in the header, a forum post's header. A date elsewhere in the prose is
what the article is about, not when it was written, so it is never taken.
"""

from __future__ import annotations

import datetime
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# "March 20, 2018", "20 March 2018", "2018-03-20", "2018/03/20", "March 2018".
_DATE_FORMS = [
    rf"{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}",
    rf"{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}",
    rf"{_YEAR}[-/.](?P<mnum>\d{{1,2}})[-/.](?P<day>\d{{1,2}})",
    rf"{_MONTH},?\s+{_YEAR}",
]
# A clock time or time zone may follow a stated date ("10:23 JST", "at 5:02 pm").
_TIME_TAIL = (
    r"(?:[\s,]+(?:at\s+)?\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?"
)


def _forms(before: str, after: str, flags: re.RegexFlag = re.I) -> list[re.Pattern[str]]:
    """One pattern per date form (group names cannot repeat across alternatives)."""
    return [re.compile(before + form + after, flags) for form in _DATE_FORMS]


_STANDALONE = _forms(r"^\s*(?:#\d+\s*)?", rf"{_TIME_TAIL}\s*$")
_PUBLISHED = _forms(
    r"^\s*(?:first\s+)?(?:published|posted|publication\s+date|date)\b\s*(?:on|:)?\s*", ""
)
# "MOSCOW, March 20, 2018 --", "TOKYO (Reuters), Oct. 8, 2021 -": a place in capitals,
# an optional agency, the date, then a dash or colon before the story begins. The place
# must be in capitals, so this pattern is case-sensitive except for the month.
_DATELINE = _forms(
    r"^\s*[A-Z][A-Z .'-]+(?:\s*\([^)]*\))?,?\s+(?i:",
    r")\s*(?:\([^)]*\)\s*)?(?:--|—|–|-|:)\s",
    re.NOFLAG,
)


def _first_date(patterns: list[re.Pattern[str]], text: str) -> str | None:
    for pattern in patterns:
        match = pattern.match(text)
        if match:
            return iso_date(match)
    return None


def iso_date(match: re.Match[str]) -> str | None:
    """The matched date as ``YYYY-MM-DD`` or ``YYYY-MM``; None if no such day exists."""
    groups = match.groupdict()
    year = int(groups["year"])
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower()]
    day = groups.get("day")
    try:
        datetime.date(year, month, int(day) if day else 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{int(day):02d}" if day else f"{year:04d}-{month:02d}"


def standalone_date(line: str) -> str | None:
    """A line that is only a date (a page's or a post's date stamp)."""
    return _first_date(_STANDALONE, line)


def published_date(line: str) -> str | None:
    """The date of a "Published …", "Posted on …" or "Date: …" line."""
    return _first_date(_PUBLISHED, line)


def dateline_date(paragraph: str) -> str | None:
    """The date of a dateline opening a story, when it has one."""
    return _first_date(_DATELINE, paragraph)


_ISO_TEXT = re.compile(r"^(?P<year>\d{4})(?:-(?P<mnum>\d{2})(?:-(?P<day>\d{2}))?)?$")


def normalise_given_date(value: str) -> str | None:
    """A date someone supplied (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); None if invalid."""
    match = _ISO_TEXT.match(value.strip())
    if not match:
        return None
    if not match.group("mnum"):
        return match.group("year")
    return iso_date(match)
