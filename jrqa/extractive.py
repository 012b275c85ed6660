"""The default answerer: picks the article sentences that best answer the question.

No language model is involved, so every word of an answer is a verbatim quote of the
passage it cites.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from llama_index.core.base.response.schema import Response
from llama_index.core.llms import MockLLM
from llama_index.core.response_synthesizers import BaseSynthesizer
from llama_index.core.schema import NodeWithScore, QueryBundle

from jrqa.chunking import Span, split_sentences
from jrqa.keyword_index import TermStats, tokenize
from jrqa.question_analysis import analyse_question, is_compound
from jrqa.sentence_vectors import SentenceVectors, sentence_id
from jrqa.support import content_terms, weighted_coverage

_ASKS_LIST = re.compile(r"\b(list|which (ones|countries|islands|areas)|what are|name the)\b", re.I)
_MIN_WORDS = 5
_PASSAGES_READ = 5


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
    fits: bool = True  # holds the kind of answer asked for, near the question's names


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
    asked: str | None = None,
) -> list[QuotedSentence]:
    """Every sentence of the top passages, with its relevance to the question, best first.

    ``question`` is what is searched; ``asked``, when given, is what the user typed (a
    follow-up before it was expanded from the history), whose wording alone decides the
    kind of answer wanted.

    ``relevance`` mixes the cosine between question and sentence vectors with the
    IDF-weighted share of the question's terms the sentence contains; it is also the
    abstention signal. ``score`` adds small preferences used only to pick sentences.
    """
    terms = content_terms(question)
    needs = analyse_question(asked or question)
    spans = _sentence_spans(hits)
    similarities = _similarities(question_vector, [(s, h) for s, h, _ in spans], vectors)
    term_set = set(terms)
    # A name or number the question is about that no retrieved passage mentions means
    # the passages are about something else ("Biden" when the articles never name him).
    passages = {_passage_context(hit) for hit in hits[:_PASSAGES_READ]}
    anchored = not needs.missing_anchors(" ".join(passages))
    scored = []
    for (span, hit, window), similarity in zip(spans, similarities, strict=True):
        sentence_terms = set(tokenize(span.text))
        coverage = weighted_coverage(terms, sentence_terms, stats)
        relevance = mix_relevance(similarity, coverage)
        score = relevance + 0.1 * (hit.score or 0.0)
        # Headings, link titles and fragments state nothing: never an answer on their own.
        whole = span.text.rstrip("”\"’'").endswith((".", "!", "…", ")"))
        scored.append(
            QuotedSentence(
                span.text,
                span.start,
                span.end,
                hit,
                score,
                relevance,
                frozenset(sentence_terms & term_set),
                whole
                and anchored
                and needs.has_answer_type(span.text)
                and needs.in_years_asked(window),
            )  # fmt: skip
        )
    scored.sort(key=lambda sentence: sentence.score, reverse=True)
    return scored


def _sentence_spans(hits: Sequence[NodeWithScore]) -> list[tuple[Span, NodeWithScore, str]]:
    """Candidate answer sentences, each with the sentences around it."""
    seen: set[tuple[str, int]] = set()
    spans = []
    for hit in hits[:_PASSAGES_READ]:
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


def _passage_context(hit: NodeWithScore) -> str:
    """A passage with its article's title, outlet and byline."""
    metadata = hit.node.metadata
    byline = " ".join(str(metadata.get(key) or "") for key in ("title", "outlet", "authors"))
    return f"{byline} {hit.node.get_content()}"


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


def answer_candidates(
    scored: Sequence[QuotedSentence], min_relevance: float, margin: float
) -> list[QuotedSentence]:
    """Sentences that may answer: the right kind of answer, and close to the best one.

    A sentence holding a date, say, but far less relevant than the best sentence is
    more likely a wrong answer than a right one, so it is not offered.
    """
    if not scored:
        return []
    floor = max(min_relevance, max(sentence.relevance for sentence in scored) - margin)
    return [sentence for sentence in scored if sentence.fits and sentence.relevance >= floor]


def select_sentences(
    question: str,
    scored: Sequence[QuotedSentence],
    stats: TermStats,
    max_sentences: int,
    every_sentence: Sequence[QuotedSentence] = (),
) -> list[QuotedSentence]:
    """The best sentence, plus ones that add question terms it lacks (lists get more).

    ``scored`` should hold only ``answer_candidates``, best first. A sentence of
    ``every_sentence`` that directly follows the best one and refers back to it ("This
    suggested that ...") is taken too: it usually finishes what the best one began.
    """
    if not scored:
        return []
    best = scored[0]
    chosen = [best]
    covered = set(best.question_terms)
    compound = is_compound(question)
    limit = min(max_sentences if _ASKS_LIST.search(question) or compound else 2, max_sentences)
    # The second part of a two-part question often scores well below the first.
    share = CLOSE_ENOUGH_COMPOUND if compound else CLOSE_ENOUGH
    follower = _continuation(best, every_sentence)
    if follower is not None and max_sentences > 1:
        # It completes the best sentence, so it does not use up a slot of its own.
        chosen.append(follower)
        covered |= follower.question_terms
        limit = min(limit + 1, max_sentences)
    for candidate in scored[1:]:
        # A near-tie with the best sentence is kept even if it adds no question word (the
        # two may say different things about the same words), up to the answer's limit.
        near_tie = candidate.score >= NEAR_TIE * best.score
        if len(chosen) >= (max_sentences if near_tie else limit):
            continue
        new_terms = candidate.question_terms - covered
        close_enough = candidate.score >= share * best.score
        if (near_tie or (close_enough and new_terms)) and candidate not in chosen:
            chosen.append(candidate)
            covered |= candidate.question_terms
    return sorted(
        chosen, key=lambda s: (s is not best, str(s.hit.node.metadata["source"]), s.start)
    )


# A second sentence joins the best one when it scores at least this share of the best.
CLOSE_ENOUGH = 0.8
CLOSE_ENOUGH_COMPOUND = 0.6
NEAR_TIE = 0.9
_REFERS_BACK = re.compile(r"^(this|these|that|those|it|they|he|she|his|her|their|both)\b", re.I)


def _continuation(
    best: QuotedSentence, every_sentence: Sequence[QuotedSentence]
) -> QuotedSentence | None:
    source = best.hit.node.metadata["source"]
    for sentence in every_sentence:
        same_article = sentence.hit.node.metadata["source"] == source
        adjacent = same_article and 0 <= sentence.start - best.end <= 3
        if adjacent and _REFERS_BACK.match(sentence.text):
            return sentence
    return None


class ExtractiveSynthesizer(BaseSynthesizer):
    """A llama-index synthesizer that answers with quoted, cited sentences."""

    def __init__(
        self,
        stats: TermStats,
        max_sentences: int,
        vectors: SentenceVectors | None = None,
        min_relevance: float = 0.0,
        margin: float = 1.0,
    ) -> None:
        super().__init__(llm=MockLLM())
        self._stats = stats
        self._max_sentences = max_sentences
        self._vectors = vectors
        self._min_relevance = min_relevance
        self._margin = margin

    def _get_prompts(self) -> dict[str, Any]:
        return {}

    def _update_prompts(self, prompts: Any) -> None:
        return None

    def get_response(self, query_str: str, text_chunks: Sequence[str], **kwargs: Any) -> str:
        """Unused: this synthesizer needs the nodes' offsets, see ``synthesize``."""
        raise NotImplementedError("ExtractiveSynthesizer works on nodes; call synthesize()")

    async def aget_response(self, query_str: str, text_chunks: Sequence[str], **kwargs: Any) -> str:
        """Unused, as ``get_response``."""
        raise NotImplementedError("ExtractiveSynthesizer works on nodes; call synthesize()")

    def synthesize(
        self,
        query: QueryBundle | str,
        nodes: list[NodeWithScore],
        additional_source_nodes: Sequence[NodeWithScore] | None = None,
        **response_kwargs: Any,
    ) -> Response:
        """Select sentences; the Response carries them in ``metadata["quoted"]``.

        Pass ``scored=`` (from ``score_sentences``) to reuse scores already computed.
        """
        bundle = query if isinstance(query, QueryBundle) else QueryBundle(query)
        scored = response_kwargs.get("scored")
        if scored is None:
            scored = score_sentences(
                bundle.query_str, bundle.embedding, nodes, self._stats, self._vectors
            )
        candidates = answer_candidates(scored, self._min_relevance, self._margin)
        quoted = select_sentences(
            bundle.query_str, candidates, self._stats, self._max_sentences, scored
        )
        text = " ".join(sentence.text for sentence in quoted)
        return Response(response=text, source_nodes=list(nodes), metadata={"quoted": quoted})
