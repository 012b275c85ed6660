"""Made-up scored sentences of made-up articles, for tests of what an answer quotes."""

from __future__ import annotations

from llama_index.core.schema import NodeWithScore, TextNode

from jrqa.retrieve.sentences import QuotedSentence


def quoted_sentence(
    text: str, source: str, relevance: float, *, window: str = "", **metadata: str
) -> QuotedSentence:
    """``text`` as a whole passage of article ``source`` (its title too), scored ``relevance``."""
    node = TextNode(
        text=text,
        metadata={"source": source, "title": source, "start": 0, "end": len(text), **metadata},
    )
    return QuotedSentence(
        text=text,
        start=0,
        end=len(text),
        hit=NodeWithScore(node=node, score=1.0),
        score=relevance,
        relevance=relevance,
        window=window or text,
    )
