from pathlib import Path

import pytest

from jrqa.ingest.chunking import chunk_article
from jrqa.ingest.cleaning import clean_article
from jrqa.text.sentences import split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def word_count(texts):
    return [len(text.split()) * 2 for text in texts]  # a stand-in tokenizer: 2 pieces a word


def test_sentences_keep_exact_offsets_and_abbreviations() -> None:
    text = "Mr. Abe met Putin in St. Petersburg. They talked.\n\nU.S. forces were discussed!"
    spans = split_sentences(text)
    assert [s.text for s in spans] == [
        "Mr. Abe met Putin in St. Petersburg.",
        "They talked.",
        "U.S. forces were discussed!",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_chunks_are_slices_of_the_article_and_fit_the_window(path: Path) -> None:
    article = clean_article(path.read_text(encoding="utf-8"), path.name)
    chunks = chunk_article(article.text, word_count, max_tokens=120, overlap_sentences=1)
    assert chunks
    for chunk in chunks:
        assert article.text[chunk.start : chunk.end] == chunk.text
    # Every sentence of the article is in some chunk.
    covered = set()
    for chunk in chunks:
        covered.update(s.start for s in split_sentences(chunk.text, offset=chunk.start))
    assert {s.start for s in split_sentences(article.text)} <= covered


def test_chunk_budget_respected_with_real_tokenizer(seed_settings) -> None:
    from jrqa.index.embedding import MiniLMEmbedding
    from jrqa.index.encoders import load_encoder

    embedder = MiniLMEmbedding(load_encoder())
    path = next(SEEDS.glob("001_*.txt"))
    article = clean_article(path.read_text(encoding="utf-8"), path.name)
    chunks = chunk_article(article.text, embedder.count_tokens, max_tokens=160)
    sizes = embedder.count_tokens([c.text for c in chunks])
    assert max(sizes) <= 160 + 8  # joins between sentences may add a piece or two
    assert max(sizes) < embedder.max_tokens


def test_overlong_sentence_is_cut_not_dropped() -> None:
    text = " ".join(["word"] * 400) + "."
    chunks = chunk_article(text, word_count, max_tokens=100, overlap_sentences=0)
    assert len(chunks) > 1
    assert all(text[c.start : c.end] == c.text for c in chunks)
