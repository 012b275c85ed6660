"""From a question to an ``Answer``: rewrite, retrieve, gate, compose, cite."""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from llama_index.core.schema import NodeWithScore, QueryBundle

from jrqa.errors import InvalidQuestionError
from jrqa.extractive import (
    ExtractiveSynthesizer,
    QuotedSentence,
    answer_candidates,
    score_sentences,
)
from jrqa.followup import History, rewrite_question, said_before
from jrqa.gate import SupportAssessment, assess_support
from jrqa.models import Answer, Citation, Passage
from jrqa.predicate import PredicateCheck
from jrqa.settings import MAX_QUESTION_CHARS, AnswerMode, Settings

if TYPE_CHECKING:
    from llama_index.core.query_engine import RetrieverQueryEngine

    from jrqa.engine import Engine

ABSTAIN_TEXT = "The articles don't cover this, so I can't answer it from them."


def validate_question(question: object) -> str:
    """The question, tidied; a clear error when it cannot be asked."""
    if not isinstance(question, str):
        raise InvalidQuestionError("The question must be text.")
    # Control characters (other than line breaks and tabs) are never meaningful here.
    cleaned = "".join(
        char
        for char in question
        if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cf", "Cs")
    ).strip()
    if not cleaned:
        raise InvalidQuestionError("The question is empty: please type a question.")
    if len(cleaned) > MAX_QUESTION_CHARS:
        raise InvalidQuestionError(
            f"The question is {len(cleaned):,} characters long; the limit is "
            f"{MAX_QUESTION_CHARS:,}. Please ask something shorter."
        )
    return " ".join(cleaned.split())


class Answerer:
    """Answers questions over one engine; safe to share between threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._query_engine: RetrieverQueryEngine | None = None
        self._generation = -1

    def query_engine(self) -> RetrieverQueryEngine:
        """The llama-index query engine, rebuilt only when the corpus changed."""
        from llama_index.core.query_engine import RetrieverQueryEngine

        from jrqa.retrieval import build_retriever

        generation = self.engine.manifest().generation
        with self._lock:
            if self._query_engine is None or generation != self._generation:
                keyword = self.engine.keyword_index()
                settings = self.engine.settings
                synthesizer = ExtractiveSynthesizer(
                    keyword.term_stats,
                    settings.max_answer_sentences,
                    self.engine.sentence_vectors,
                    settings.min_support,
                    settings.answer_margin,
                )
                self._query_engine = RetrieverQueryEngine(
                    retriever=build_retriever(self.engine), response_synthesizer=synthesizer
                )
                self._generation = generation
            return self._query_engine

    def retrieve(self, query: str | QueryBundle) -> list[NodeWithScore]:
        """Ranked passages for a search query."""
        return self.query_engine().retrieve(self._bundle(query))

    def _bundle(self, query: str | QueryBundle) -> QueryBundle:
        """The query with its vector, computed once and shared by every step."""
        if isinstance(query, QueryBundle) and query.embedding is not None:
            return query
        text = query.query_str if isinstance(query, QueryBundle) else query
        return QueryBundle(text, embedding=self.engine.embedder.get_query_embedding(text))

    def score(
        self, query: QueryBundle, hits: Sequence[NodeWithScore], asked: str | None = None
    ) -> list[QuotedSentence]:
        """The sentences of the top passages, scored against the question.

        With ``asked`` (the user's own wording), candidates for a date, amount or person
        must also be about what is asked (``jrqa.predicate``).
        """
        stats = self.engine.keyword_index().term_stats
        scored = score_sentences(
            query.query_str, query.embedding, hits, stats, self.engine.sentence_vectors, asked
        )
        if asked is None:
            return scored
        settings = self.engine.settings
        check = PredicateCheck(
            self.engine.embedder.get_text_embedding_batch, settings.min_predicate_similarity
        )
        return check.apply(asked, scored, settings.min_support, settings.answer_margin)

    def assess(self, query: str | QueryBundle, hits: Sequence[NodeWithScore]) -> SupportAssessment:
        """The abstention decision for these passages."""
        bundle = self._bundle(query)
        settings = self.engine.settings
        return assess_support(
            self.score(bundle, hits), settings.min_support, settings.answer_margin
        )

    def ask(
        self, question: str, history: History | None = None, mode: AnswerMode | None = None
    ) -> Answer:
        """Answer from the articles, or abstain."""
        *_, answer = self.stream(question, history, mode)
        assert isinstance(answer, Answer)  # stream() always ends with the Answer
        return answer

    def stream(
        self, question: str, history: History | None = None, mode: AnswerMode | None = None
    ) -> Iterator[str | Answer]:
        """Answer as ``ask`` does, yielding a generative draft's text as it grows first.

        The last item is always the ``Answer``; extractive answers and abstentions come
        alone, and no language model is called when the gate abstains.
        """
        question = validate_question(question)
        chosen_mode = mode or self.engine.settings.mode
        query = rewrite_question(question, history)
        bundle = self._bundle(query)
        hits = self.retrieve(bundle)
        scored = self.score(bundle, hits, asked=question)
        settings = self.engine.settings
        assessment = assess_support(scored, settings.min_support, settings.answer_margin)
        if not assessment.supported:
            yield abstention(question, query, hits, chosen_mode)
            return
        scored = _prefer_new(scored, said_before(history), settings)
        if chosen_mode != "extractive":
            from jrqa.generative import stream_generatively

            yield from stream_generatively(self, question, query, hits, chosen_mode, scored)
            return
        yield self.extractive_answer(question, bundle, hits, scored)

    def extractive_answer(
        self,
        question: str,
        query: str | QueryBundle,
        hits: list[NodeWithScore],
        scored: Sequence[QuotedSentence] | None = None,
    ) -> Answer:
        """Quote the best sentences; abstain if none remain."""
        bundle = self._bundle(query)
        synthesizer = self.query_engine()._response_synthesizer
        response = synthesizer.synthesize(bundle, hits, scored=scored)
        quoted: list[QuotedSentence] = (response.metadata or {}).get("quoted", [])
        if not quoted:
            return abstention(question, bundle.query_str, hits, "extractive")
        return compose_answer(question, bundle.query_str, quoted, hits, "extractive")


def _prefer_new(
    scored: list[QuotedSentence], said: frozenset[str], settings: Settings
) -> list[QuotedSentence]:
    """A follow-up gets something new rather than the sentence it follows up on.

    When only an earlier answer's sentence can answer ("And where is he going in
    September?" after a sentence naming both May and September), it is quoted again.
    """
    fresh = [s for s in scored if not any(s.text in earlier for earlier in said)]
    if len(fresh) < len(scored) and answer_candidates(
        fresh, settings.min_support, settings.answer_margin
    ):
        return fresh
    return scored


def to_passage(hit: NodeWithScore) -> Passage:
    """The public view of a retrieved node."""
    metadata = hit.node.metadata
    return Passage(
        source=str(metadata["source"]),
        title=str(metadata.get("title", "")),
        outlet=str(metadata.get("outlet") or "") or None,
        text=hit.node.get_content(),
        start=int(metadata["start"]),
        end=int(metadata["end"]),
        score=float(hit.score or 0.0),
        chunk_id=hit.node.node_id,
    )


def compose_answer(
    question: str,
    query: str,
    quoted: Sequence[QuotedSentence],
    hits: Sequence[NodeWithScore],
    mode: str,
) -> Answer:
    """Number citations in order of first use; put a marker after each sentence."""
    citations: list[Citation] = []
    parts: list[str] = []
    for sentence in quoted:
        citation = Citation.quoting(
            len(citations) + 1,
            to_passage(sentence.hit),
            sentence.text,
            sentence.start,
            sentence.end,
        )
        citations.append(citation)
        parts.append(f"{sentence.text} [{citation.n}]")
    return Answer(
        question=question,
        text=" ".join(parts),
        citations=citations,
        abstained=False,
        passages=[to_passage(hit) for hit in hits],
        mode=mode,
        searched_query=query,
    )


def abstention(question: str, query: str, hits: Sequence[NodeWithScore], mode: str) -> Answer:
    """A plain refusal; the nearest passages stay available, marked as not answering."""
    text = ABSTAIN_TEXT
    if hits:
        nearest = to_passage(hits[0])
        text += (
            f" The nearest related article, “{nearest.title}” ({nearest.source}), "
            "does not answer it."
        )
    return Answer(
        question=question,
        text=text,
        abstained=True,
        passages=[to_passage(hit) for hit in hits],
        mode=mode,
        searched_query=query,
    )
