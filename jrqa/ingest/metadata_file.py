"""The optional metadata file beside a corpus: what a feed knows that the text may not say.

A folder of articles may hold ``jrqa-metadata.toml``, one table per article file name::

    ["003_74a3a5299abf2617.txt"]
    title = "Russia looking for stronger economic relations with Japan"
    outlet = "The Japan News"
    authors = ["Yoshio Hanada"]
    date = 2018-03-20          # or "2018-03", "2018"
    url = "https://japannews.yomiuri.co.jp/"
    kind = "news"              # news, opinion or forum

Every field is optional; what is given overrides what is read from the text. A file or
entry that cannot be used is reported with its file and entry, and ignored: the articles
are ingested all the same, with what their text says.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, get_args

from jrqa.ingest.dates import normalise_given_date
from jrqa.models import FileProblem, TextKind

METADATA_FILE_NAME = "jrqa-metadata.toml"
_FIELDS = ("title", "outlet", "authors", "date", "url", "kind")
_IGNORED_ENTRY = "this entry is ignored; the article is ingested with what its text says"


class _BadEntry(ValueError):
    """An entry that cannot be used; the message says which field and why."""


@dataclass(frozen=True)
class GivenMetadata:
    """What the metadata file says about one article; None where it says nothing."""

    title: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] | None = None
    date: str | None = None
    url: str | None = None
    kind: TextKind | None = None

    def digest(self) -> str:
        """A fingerprint of the entry: a changed entry means the article is read again."""
        encoded = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(encoded.encode()).hexdigest()


class MetadataCatalog:
    """The metadata files of the folders articles come from, each read once.

    ``problems`` collects what could not be used, for the ingest report.
    """

    def __init__(self) -> None:
        self.problems: list[FileProblem] = []
        self._by_folder: dict[Path, dict[str, GivenMetadata]] = {}

    def for_article(self, path: Path) -> GivenMetadata | None:
        """The entry for the article at ``path``, from the file in its folder, if any."""
        folder = path.parent
        if folder not in self._by_folder:
            self._by_folder[folder] = self._read_folder(folder)
        return self._by_folder[folder].get(path.name)

    def _read_folder(self, folder: Path) -> dict[str, GivenMetadata]:
        metadata_path = folder / METADATA_FILE_NAME
        if not metadata_path.is_file():
            return {}
        entries, problems = read_metadata_file(metadata_path)
        self.problems.extend(problems)
        return entries


def read_metadata_file(path: Path) -> tuple[dict[str, GivenMetadata], list[FileProblem]]:
    """Every usable entry of a metadata file, and a problem for each one that is not."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        message = (
            f"cannot be read as TOML ({error}); the whole file is ignored and its articles "
            "are ingested with what their text says"
        )
        return {}, [FileProblem(path=str(path), message=message)]
    entries: dict[str, GivenMetadata] = {}
    problems: list[FileProblem] = []
    for name, value in raw.items():
        try:
            if Path(name).name != name or not (path.parent / name).is_file():
                raise _BadEntry(f"there is no article file {name!r} in {path.parent}")
            entries[name] = _entry(value)
        except _BadEntry as error:
            problems.append(FileProblem(path=str(path), message=f"entry {name!r}: {error}"))
    return entries, problems


def _entry(value: object) -> GivenMetadata:
    if not isinstance(value, dict):
        raise _BadEntry(
            f"expected a table of fields ({', '.join(_FIELDS)}), got {_type_name(value)}; "
            + _IGNORED_ENTRY
        )
    unknown = sorted(set(value) - set(_FIELDS))
    if unknown:
        raise _BadEntry(
            f"unknown field {unknown[0]!r} (the fields are {', '.join(_FIELDS)}); " + _IGNORED_ENTRY
        )
    try:
        return GivenMetadata(
            title=_text(value, "title"),
            outlet=_text(value, "outlet"),
            authors=_authors(value),
            date=_date(value),
            url=_url(value),
            kind=_kind(value),
        )
    except _BadEntry as error:
        raise _BadEntry(f"{error}; {_IGNORED_ENTRY}") from error


def _text(value: dict[str, Any], key: str) -> str | None:
    if key not in value:
        return None
    given = value[key]
    if not isinstance(given, str) or not given.strip():
        raise _BadEntry(f"{key!r} must be a non-empty string, got {_type_name(given)}")
    return given.strip()


def _authors(value: dict[str, Any]) -> tuple[str, ...] | None:
    if "authors" not in value:
        return None
    given = value["authors"]
    names = [given] if isinstance(given, str) else given
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise _BadEntry(f"'authors' must be a list of names, got {_type_name(given)}")
    return tuple(name.strip() for name in names)


def _date(value: dict[str, Any]) -> str | None:
    if "date" not in value:
        return None
    given = value["date"]
    if isinstance(given, datetime.datetime):
        return given.date().isoformat()
    if isinstance(given, datetime.date):
        return given.isoformat()
    date = normalise_given_date(given) if isinstance(given, str) else None
    if date is None:
        raise _BadEntry(
            "'date' must be a date (2018-03-20) or a string of the form YYYY-MM-DD, YYYY-MM "
            f"or YYYY, got {given!r}"
        )
    return date


def _url(value: dict[str, Any]) -> str | None:
    url = _text(value, "url")
    if url is not None and not url.startswith(("http://", "https://")):
        raise _BadEntry(f"'url' must start with http:// or https://, got {url!r}")
    return url


def _kind(value: dict[str, Any]) -> TextKind | None:
    if "kind" not in value:
        return None
    kinds = get_args(TextKind)
    given = value["kind"]
    if given not in kinds:
        raise _BadEntry(f"'kind' must be one of {', '.join(kinds)}, got {given!r}")
    return given


def _type_name(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    return {dict: "a table", list: "a list", bool: "a true/false value"}.get(
        type(value), f"a {type(value).__name__}"
    )
