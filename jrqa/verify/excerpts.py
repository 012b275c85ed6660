"""What a language model is shown: the evidence an extractive answer would quote.

The model is shown the same few sentences the extractive answerer selects (optionally
with their neighbours for context), not whole passages. A small model copies well and
reasons badly: given more, it too often copies a true sentence that answers something
else. Each excerpt is an exact slice of its cleaned article, so whatever a draft cites
can be quoted with offsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from llama_index.core.schema import NodeWithScore

from jrqa.retrieve.sentences import QuotedSentence
from jrqa.text.sentences import Span, split_sentences
from jrqa.text.terms import content_terms, tokenize
from jrqa.verify.support import key_tokens


@dataclass(frozen=True)
class Excerpt:
    """Numbered text shown to the model: ``article[start:end] == text``.

    ``anchor`` is the evidence sentence the excerpt was built around.
    """

    n: int
    hit: NodeWithScore
    text: str
    start: int
    end: int
    anchor: Span

    @property
    def source(self) -> str:
        """The article file the excerpt comes from."""
        return str(self.hit.node.metadata["source"])

    def sentences(self) -> list[Span]:
        """The excerpt's sentences, with article offsets."""
        return split_sentences(self.text, offset=self.start)

    def quote_for(self, sentence: str) -> Span:
        """The excerpt sentence sharing most of ``sentence``'s key tokens and words."""
        spans = self.sentences() or [Span(self.text, self.start, self.end)]
        terms = set(content_terms(sentence))
        keys = {token.lower() for token in key_tokens(sentence)}

        def overlap(span: Span) -> tuple[int, int]:
            lowered = span.text.lower()
            return (sum(key in lowered for key in keys), len(terms & set(tokenize(span.text))))

        return max(spans, key=overlap)  # max keeps the first of equals: reading order


def select_excerpts(
    evidence: Sequence[QuotedSentence], count: int, sentences_each: int = 1
) -> list[Excerpt]:
    """Up to ``count`` excerpts, one per evidence sentence, in the evidence's order.

    Args:
        evidence: the sentences an extractive answer would quote.
        count: the most excerpts to show.
        sentences_each: sentences per excerpt; 1 shows each evidence sentence alone,
            more adds the sentences around it (within its passage) for context.
    """
    excerpts: list[Excerpt] = []
    covered: set[tuple[str, int]] = set()
    for sentence in evidence:
        if len(excerpts) >= count:
            break
        source = str(sentence.hit.node.metadata["source"])
        if (source, sentence.start) in covered:
            continue  # already inside a wider excerpt
        window = _window(sentence, sentences_each)
        covered.update((source, span.start) for span in window)
        passage_text = sentence.hit.node.get_content()
        passage_start = int(sentence.hit.node.metadata["start"])
        start, end = window[0].start, window[-1].end
        text = passage_text[start - passage_start : end - passage_start]
        anchor = Span(sentence.text, sentence.start, sentence.end)
        excerpts.append(Excerpt(len(excerpts) + 1, sentence.hit, text, start, end, anchor))
    return excerpts


def _window(sentence: QuotedSentence, size: int) -> list[Span]:
    """The sentence and up to ``size - 1`` neighbours from the same passage, in order."""
    passage_start = int(sentence.hit.node.metadata["start"])
    spans = split_sentences(sentence.hit.node.get_content(), offset=passage_start)
    index = next((i for i, span in enumerate(spans) if span.start == sentence.start), None)
    if index is None or size <= 1:
        return [Span(sentence.text, sentence.start, sentence.end)]
    first = max(0, index - (size - 1) // 2)
    last = min(len(spans), first + size)
    return spans[max(0, last - size) : last]
