"""A deterministic synthetic corpus for the benchmark, recombined from the seed articles.

Each article is 300–600 words of seed sentences in a new order, with people's names
and years swapped, so that chunks are not identical copies and the store, BM25 and
the model see a realistic spread of text. The same seed always yields the same files.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from jrqa.ingest.cleaning import clean_article
from jrqa.ingest.reading import decode_article, find_articles
from jrqa.text.sentences import split_sentences

MIN_WORDS = 300
MAX_WORDS = 600
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")
# Surnames that appear in the seeds and are swapped for others from the pool below.
_SEED_NAMES = ["Putin", "Kishida", "Abe", "Suga", "Lavrov", "Medvedev", "Koizumi", "Mori"]
_NAME_POOL = [
    "Tanaka", "Sato", "Ivanov", "Petrov", "Yamada", "Kobayashi", "Sokolov", "Nakamura",
    "Volkov", "Ito", "Morozov", "Watanabe", "Kuznetsov", "Takahashi", "Popov", "Kato",
]  # fmt: skip
_NAME = re.compile(r"\b(" + "|".join(_SEED_NAMES) + r")\b")
_MIN_SENTENCE_WORDS = 6


def seed_sentences(seeds_dir: Path) -> list[str]:
    """The prose sentences of the seed articles, after jrqa's own cleaning."""
    files, _ = find_articles([seeds_dir])
    sentences: list[str] = []
    for article in files:
        clean = clean_article(decode_article(article.path.read_bytes()), article.source)
        sentences.extend(
            span.text
            for span in split_sentences(clean.text)
            if len(span.text.split()) >= _MIN_SENTENCE_WORDS
        )
    if not sentences:
        raise ValueError(f"No usable sentences in {seeds_dir}")
    return sentences


def synthetic_article(sentences: list[str], rng: random.Random) -> str:
    """One article: a title line, then paragraphs of varied seed sentences."""
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    names = dict(zip(_SEED_NAMES, rng.sample(_NAME_POOL, len(_SEED_NAMES)), strict=True))
    shift = rng.randint(-15, 3)
    body: list[str] = []
    words = 0
    while words < target:
        sentence = _vary(rng.choice(sentences), names, shift)
        if words + len(sentence.split()) > MAX_WORDS and words >= MIN_WORDS:
            break
        body.append(sentence)
        words += len(sentence.split())
    paragraphs = [" ".join(body[i : i + 4]) for i in range(0, len(body), 4)]
    title = " ".join(body[0].split()[:8]).rstrip(",.;:")
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def _vary(sentence: str, names: dict[str, str], shift: int) -> str:
    sentence = _NAME.sub(lambda match: names[match.group(1)], sentence)
    return _YEAR.sub(lambda match: str(int(match.group(1)) + shift), sentence)


def write_corpus(seeds_dir: Path, folder: Path, count: int, seed: int = 20240607) -> list[Path]:
    """Write ``count`` articles into ``folder`` (reused when already complete)."""
    if count < 1:
        raise ValueError("The corpus needs at least one article.")
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"synthetic_{number:06d}.txt" for number in range(count)]
    # Beside the folder, not in it: the stock pipeline reads every file in the folder.
    stamp = folder.with_name(folder.name + ".stamp")
    expected = f"{count} {seed}"
    if stamp.exists() and stamp.read_text() == expected and all(p.exists() for p in paths):
        return paths  # regenerating would change mtimes and defeat re-ingest measurements
    rng = random.Random(seed)
    sentences = seed_sentences(seeds_dir)
    for path in paths:
        path.write_text(synthetic_article(sentences, rng), encoding="utf-8")
    stamp.write_text(expected)
    return paths
