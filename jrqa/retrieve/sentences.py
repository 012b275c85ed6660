"""The sentences of the retrieved passages, each scored for relevance to the question.

Relevance mixes meaning (the cosine between the question's and the sentence's stored
vectors) with the IDF-weighted share of the question's terms the sentence holds. No
model is called here: sentence vectors were computed at ingest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from llama_index.core.schema import NodeWithScore

from jrqa.index.chunk_metadata import ChunkProvenance
from jrqa.index.sentence_vectors import SentenceVectors, sentence_id
from jrqa.text.sentences import Span, split_sentences
from jrqa.text.terms import TermStats, content_terms, tokenize, weighted_coverage

_MIN_WORDS = 5
PASSAGES_READ = 5


@dataclass(frozen=True)
class QuotedSentence:
    """A sentence of a retrieved passage, scored against the question."""

    text: str
    start: int
    end: int
    hit: NodeWithScore
    score: float
    relevance: float = 0.0
    question_terms: frozenset[str] = frozenset()
    fits: bool = True  # may answer: the kind of answer asked for, and judged likely to
    window: str = ""  # the sentence with the one before and the one after it
    similarity: float = 0.0  # cosine of the question's and the sentence's vectors
    coverage: float = 0.0  # IDF-weighted share of the question's terms the sentence holds
    probability: float | None = None  # the answer model's judgement, once made


# How much meaning (sentence-vector cosine) counts against shared rare words.
SIMILARITY_WEIGHT = 0.8


def mix_relevance(similarity: float, coverage: float) -> float:
    """Relevance of a sentence: its cosine to the question and its share of question terms."""
    return SIMILARITY_WEIGHT * similarity + (1 - SIMILARITY_WEIGHT) * coverage


def score_sentences(
    question: str,
    question_vector: Sequence[float] | None,
    hits: Sequence[NodeWithScore],
    stats: TermStats,
    vectors: SentenceVectors | None,
) -> list[QuotedSentence]:
    """Every sentence of the top passages, with its relevance to the question, best first.

    ``relevance`` mixes the cosine between question and sentence vectors with the
    IDF-weighted share of the question's terms the sentence contains; it is also the
    abstention signal. ``score`` adds a small preference for sentences of higher-ranked
    passages, used only to pick sentences. Whether a sentence *fits* the question (holds
    the kind of answer asked for) is judged later, by the answer stage.
    """
    terms = content_terms(question)
    spans = _sentence_spans(hits)
    similarities = _similarities(question_vector, [(s, h) for s, h, _ in spans], vectors)
    term_set = set(terms)
    scored = []
    described: dict[str, set[str]] = {}
    for (span, hit, window), similarity in zip(spans, similarities, strict=True):
        sentence_terms = set(tokenize(span.text))
        if hit.node.node_id not in described:
            provenance = ChunkProvenance.from_metadata(hit.node.metadata)
            described[hit.node.node_id] = set(tokenize(provenance.described_as()))
        # Words naming the sentence's source ("a reply in the forum thread") count as
        # covered: the question says where its answer is, not what it says.
        coverage = weighted_coverage(terms, sentence_terms | described[hit.node.node_id], stats)
        relevance = mix_relevance(similarity, coverage)
        score = relevance + 0.1 * (hit.score or 0.0)
        scored.append(
            QuotedSentence(
                text=span.text,
                start=span.start,
                end=span.end,
                hit=hit,
                score=score,
                relevance=relevance,
                question_terms=frozenset(sentence_terms & term_set),
                window=window,
                similarity=similarity,
                coverage=coverage,
            )
        )
    scored.sort(key=lambda sentence: sentence.score, reverse=True)
    return scored


def _sentence_spans(hits: Sequence[NodeWithScore]) -> list[tuple[Span, NodeWithScore, str]]:
    """Candidate answer sentences, each with the sentences around it."""
    seen: set[tuple[str, int]] = set()
    spans = []
    for hit in hits[:PASSAGES_READ]:
        metadata = hit.node.metadata
        source = str(metadata["source"])
        sentences = split_sentences(hit.node.get_content(), offset=int(metadata["start"]))
        for index, span in enumerate(sentences):
            # The headline (offset 0) names a topic; it does not state an answer. Questions
            # quoted from the article ask; they do not answer.
            too_short = len(span.text.split()) < _MIN_WORDS
            asks = span.text.rstrip("”\"’')").endswith("?")
            if span.start == 0 or (source, span.start) in seen or too_short or asks:
                continue
            seen.add((source, span.start))
            window = " ".join(s.text for s in sentences[max(0, index - 1) : index + 2])
            spans.append((span, hit, window))
    return spans


def _similarities(
    question_vector: Sequence[float] | None,
    spans: list[tuple[Span, NodeWithScore]],
    vectors: SentenceVectors | None,
) -> list[float]:
    if question_vector is None or vectors is None or not spans:
        return [0.0] * len(spans)
    ids = [sentence_id(str(hit.node.metadata["source"]), span.start) for span, hit in spans]
    found = vectors.lookup(ids)
    query = np.asarray(question_vector, dtype=np.float32)
    return [float(found[key] @ query) if key in found else 0.0 for key in ids]
