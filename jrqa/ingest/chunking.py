"""Sentence-aware chunks with character offsets into the cleaned article."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jrqa.text.sentences import Span, split_sentences

TokenCounter = Callable[[Sequence[str]], list[int]]


@dataclass(frozen=True)
class Chunk(Span):
    """A chunk and the sentences it is made of (each also an article slice)."""

    sentences: tuple[Span, ...] = ()


def chunk_article(
    text: str,
    count_tokens: TokenCounter,
    max_tokens: int,
    overlap_sentences: int = 1,
    section: tuple[int, int] | None = None,
) -> list[Chunk]:
    """Group sentences into chunks of at most ``max_tokens`` word pieces.

    Chunks never cross a paragraph boundary into a new topic mid-sentence, and
    neighbouring chunks share ``overlap_sentences`` sentences so that a fact split
    across a boundary is still found whole in one of them. With ``section``, only
    ``text[start:end]`` is chunked (one forum post, say), offsets still into ``text``.
    """
    section_start, section_end = section or (0, len(text))
    sentences, sizes = _sized_sentences(
        text[section_start:section_end], section_start, count_tokens, max_tokens
    )
    if not sentences:
        return []
    chunks: list[Chunk] = []
    first = 0
    while first < len(sentences):
        last = first
        budget = sizes[first]
        while last + 1 < len(sentences) and budget + sizes[last + 1] <= max_tokens:
            last += 1
            budget += sizes[last]
        start, end = sentences[first].start, sentences[last].end
        chunks.append(Chunk(text[start:end], start, end, tuple(sentences[first : last + 1])))
        if last + 1 >= len(sentences):
            break
        first = max(first + 1, last + 1 - overlap_sentences)
    return chunks


def _sized_sentences(
    text: str, offset: int, count_tokens: TokenCounter, max_tokens: int
) -> tuple[list[Span], list[int]]:
    """Sentences with their word-piece counts; over-long ones are cut at word boundaries."""
    sentences = split_sentences(text, offset=offset)
    sizes = count_tokens([s.text for s in sentences]) if sentences else []
    if all(size <= max_tokens for size in sizes):
        return sentences, sizes
    fitted: list[Span] = []
    for sentence, size in zip(sentences, sizes, strict=True):
        fitted.extend([sentence] if size <= max_tokens else _cut(sentence, max_tokens))
    return fitted, count_tokens([s.text for s in fitted])


def _cut(sentence: Span, max_tokens: int) -> list[Span]:
    """Cut a sentence longer than the window (rare: lists, tables) into word groups."""
    words = list(re.finditer(r"\S+", sentence.text))
    step = max(8, max_tokens // 3)  # a word is rarely more than three word pieces
    pieces: list[Span] = []
    for index in range(0, len(words), step):
        group = words[index : index + step]
        begin, finish = group[0].start(), group[-1].end()
        pieces.append(
            Span(sentence.text[begin:finish], sentence.start + begin, sentence.start + finish)
        )
    return pieces
