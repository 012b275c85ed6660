"""Words as every stage compares them: British and American spellings share a term."""

from __future__ import annotations

from pathlib import Path

import pytest

from jrqa.text.terms import american, tokenize


@pytest.mark.parametrize(
    ("british", "us"),
    [
        ("defence", "defense"),
        ("neighbours", "neighbors"),
        ("favourable", "favorable"),
        ("recognised", "recognized"),
        ("organisation", "organization"),
        ("centre", "center"),
        ("publicised", "publicized"),
        ("modernisation", "modernization"),
    ],
)
def test_a_british_spelling_is_read_as_the_american_one(british: str, us: str) -> None:
    assert american(british) == us
    assert tokenize(f"The {british.title()} talks") == tokenize(f"the {us} talks")


@pytest.mark.parametrize(
    "word", ["four", "hour", "your", "tour", "promise", "rise", "exercise", "compromise"]
)
def test_words_that_only_look_british_keep_their_spelling(word: str) -> None:
    assert american(word) == word


def test_term_statistics_counted_with_older_tokens_are_rebuilt(tmp_path: Path) -> None:
    import json

    from llama_index.core.schema import TextNode

    from jrqa.index.keyword import build_keyword_index, load_keyword_index

    folder = tmp_path / "bm25"
    nodes = [TextNode(text="The defence ministers met in Tokyo."), TextNode(text="Trade grew.")]
    build_keyword_index(nodes, folder, generation=3)
    assert load_keyword_index(folder, 3) is not None
    stamp = folder / "jrqa_generation.json"
    stamp.write_text(json.dumps({"generation": 3}), encoding="utf-8")  # an older jrqa's
    assert load_keyword_index(folder, 3) is None
