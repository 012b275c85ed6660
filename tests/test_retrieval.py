"""Retrieval on the seed corpus: the gold article should come first."""

import pytest

CASES = [
    ("How many bilateral meetings had Abe held with Putin?", "003_"),
    ("Who signed the Tokyo Declaration?", "001_"),
    ("Which summit did Kishida say he would attend?", "004_"),
    ("What did Putin say in his telegram to Kishida?", "000_"),
    ("Which Russian warships left Vladivostok for air defense drills?", "000_"),
    ("What did Lavrov say about the 2 +2 format of the meeting?", "002_"),
    ("Why won't Moscow hand over the islands, according to the Yomiuri?", "003_"),
    ("How much was trade between Russia and Japan worth in 2013?", "001_"),
]


@pytest.mark.parametrize(("question", "gold"), CASES)
def test_gold_article_ranks_first(answerer, question: str, gold: str) -> None:
    passages = answerer.retrieve(question)
    assert passages[0].node.metadata["source"].startswith(gold)


def test_fused_scores_are_ranked_and_each_passage_comes_once(answerer) -> None:
    hits = answerer.retrieve("Kuril Islands military buildup")
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    # Relative-score fusion: each retriever's scores scaled to 0..1, weights summing to 1.
    assert all(0.0 <= score <= 1.0 for score in scores) and scores[0] > 0.5
    ids = [hit.node.node_id for hit in hits]
    assert len(ids) == len(set(ids)) == answerer.settings.top_k


def test_a_passage_found_by_words_alone_is_still_retrieved(answerer) -> None:
    """BM25 is asked without stopwords and fused in: a rare exact word finds its passage."""
    hits = answerer.retrieve("Irkutsuk")  # a misspelling only the article uses
    assert any("Irkutsuk" in hit.node.get_content() for hit in hits[:3])
