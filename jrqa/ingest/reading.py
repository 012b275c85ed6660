"""Find article files and read them as text, with a clear reason when that fails."""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ARTICLE_SUFFIXES = {".txt", ".md"}
MAX_ARTICLE_BYTES = 20 * 1024 * 1024


class UnreadableArticle(Exception):
    """The file cannot be used as an article; the message says why."""


@dataclass(frozen=True)
class ArticleFile:
    """A file found on disk: what ``ingest`` works through."""

    path: Path

    @property
    def source(self) -> str:
        """The name citations use for this article."""
        return self.path.name


def find_articles(paths: Iterable[str | Path]) -> tuple[list[ArticleFile], list[tuple[str, str]]]:
    """Expand files and folders into article files; report paths that do not exist."""
    found: dict[Path, ArticleFile] = {}
    missing: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() not in ARTICLE_SUFFIXES or child.is_dir():
                    continue
                if child.is_file():
                    found.setdefault(child.resolve(), ArticleFile(child.resolve()))
                else:  # an article-named entry that cannot be read must not vanish silently
                    missing.append((str(child), _not_a_file_reason(child)))
        elif path.is_file():
            found.setdefault(path.resolve(), ArticleFile(path.resolve()))
        else:
            missing.append((str(raw), _not_a_file_reason(path)))
    return list(found.values()), missing


def _not_a_file_reason(path: Path) -> str:
    """Why a path that is not a folder cannot be read as an article."""
    if path.is_symlink() and not path.exists():
        return "broken link: its target does not exist"
    if path.exists():
        # FIFOs, sockets and devices: reading one could block forever or never end.
        return "not a regular file"
    return "no such file or folder"


def decode_article(data: bytes) -> str:
    """Decode bytes as UTF-8 (or UTF-16 with a BOM); refuse binary data.

    Legacy single-byte encodings are read as Windows-1252/Latin-1 rather than refused,
    because news text in them is common and the letters survive.
    """
    if not data.strip():
        raise UnreadableArticle("the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise UnreadableArticle("binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if _control_share(text) > 0.01:
        raise UnreadableArticle("binary data, not text")
    return text


def _control_share(text: str) -> float:
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\n\r\t\f")
    return controls / max(1, len(text))


def read_article_bytes(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> bytes:
    """Read a file, refusing ones too large to be an article."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableArticle(
                f"{size / 1e6:.1f} MB is larger than the {max_bytes / 1e6:.0f} MB article limit"
            )
        return path.read_bytes()
    except PermissionError as error:
        raise UnreadableArticle("permission denied") from error
    except OSError as error:
        raise UnreadableArticle(f"cannot be read ({error.strerror or error})") from error
