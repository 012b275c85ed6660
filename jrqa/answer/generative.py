"""Generative answers: a language model drafts, verification decides what is said.

Called only once the abstention gate has found support, so a question the articles do
not answer never reaches a model. The model is shown the evidence an extractive answer
would quote and writes a short cited draft; every sentence is checked against the
excerpts it cites (``jrqa.verify.draft``) and against the question (``jrqa.verify.relevance``).
What survives is the answer, followed by any evidence the draft left out, quoted. When
nothing survives, the answer is the extractive one, marked ``fell_back``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import closing
from typing import TYPE_CHECKING, Protocol

from llama_index.core.schema import NodeWithScore, QueryBundle

from jrqa.answer.citing import cite
from jrqa.answer.composing import abstention, to_passage
from jrqa.answer.prompting import STOP_SEQUENCES, build_prompt, clean_draft, visible_draft
from jrqa.llm.base import DraftLLM, failure_message
from jrqa.llm.modes import LLMForMode
from jrqa.models import Answer
from jrqa.retrieve.sentences import QuotedSentence
from jrqa.verify.draft import VerifiedSentence, verify_draft
from jrqa.verify.excerpts import Excerpt, select_excerpts
from jrqa.verify.relevance import QuestionJudge, relevance_floor

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

    from jrqa.settings import AnswerMode, Settings
    from jrqa.text.terms import TermStats


class AnswerSteps(Protocol):
    """What drafting needs from the answerer: settings, scoring, evidence and a model."""

    @property
    def settings(self) -> Settings:
        """The answerer's settings."""
        ...

    @property
    def llm_for_mode(self) -> LLMForMode:
        """Makes the model of a generative mode."""
        ...

    def embed_query(self, query: str | QueryBundle) -> QueryBundle:
        """The query with its vector."""
        ...

    def embed_text(self, text: str) -> list[float]:
        """The vector of a sentence."""
        ...

    def term_stats(self) -> TermStats:
        """Corpus term statistics."""
        ...

    def score(
        self, query: QueryBundle, hits: Sequence[NodeWithScore], asked: str | None = None
    ) -> list[QuotedSentence]:
        """Passage sentences scored against the question."""
        ...

    def evidence(
        self,
        searched: str,
        scored: Sequence[QuotedSentence],
        candidates: Sequence[QuotedSentence] | None = None,
        said: frozenset[str] = frozenset(),
    ) -> list[QuotedSentence]:
        """The sentences an extractive answer would quote."""
        ...

    def extractive_answer(
        self,
        question: str,
        query: str | QueryBundle,
        hits: list[NodeWithScore],
        scored: Sequence[QuotedSentence] | None = None,
        said: frozenset[str] = frozenset(),
    ) -> Answer:
        """The answer extractive mode gives."""
        ...


def stream_generatively(
    answerer: AnswerSteps,
    question: str,
    query: QueryBundle,
    hits: list[NodeWithScore],
    mode: AnswerMode,
    scored: Sequence[QuotedSentence] | None = None,
    llm: LLM | None = None,
    said: frozenset[str] = frozenset(),
) -> Iterator[str | Answer]:
    """Yield the draft as it grows (text so far), then the verified ``Answer``.

    Args:
        answerer: gives the settings, the scoring of passage sentences, the evidence an
            extractive answer would quote and the model for ``mode``.
        question: what the user asked.
        query: the question as searched (rewritten from the history), with its vector.
        hits: the retrieved passages, best first.
        mode: ``local`` or ``openai``.
        scored: the passage sentences scored against the question (computed if None).
        llm: a llama-index LLM to draft with instead of the one the mode configures.
        said: the answer quoted last in the conversation, as extractive mode reads it.

    Raises:
        LLMUnavailableError: the model cannot be loaded or reached.
    """
    settings = answerer.settings
    bundle = answerer.embed_query(query)
    searched = bundle.query_str
    if scored is None:
        scored = answerer.score(bundle, hits, asked=question)
    evidence = answerer.evidence(searched, scored, said=said)
    if not evidence:  # nothing worth quoting means nothing worth drafting from
        yield abstention(question, searched, hits, mode)
        return
    excerpts = select_excerpts(
        evidence, settings.llm_context_passages, settings.llm_excerpt_sentences
    )
    if llm is not None:
        model = DraftLLM(llm, lambda error: failure_message(error, "The language model"))
    else:
        model = answerer.llm_for_mode(settings, mode, STOP_SEQUENCES)
    raw = shown = ""
    for raw in _drafts(model, build_prompt(searched, excerpts)):
        visible = visible_draft(raw)[0]
        if visible and visible != shown:
            shown = visible
            yield visible
    draft = clean_draft(raw)
    if draft and draft != shown:  # the last word, held back while the draft could go on
        yield draft
    verified = verify_draft(draft, excerpts, _judge(answerer, bundle, scored))
    if not verified.kept:
        fallback = answerer.extractive_answer(question, bundle, hits, scored, said)
        update = {"fell_back": True, "removed": verified.removed, "mode": mode}
        yield fallback.model_copy(update=update)
        return
    sentences = [*verified.kept, *unused_evidence(verified.kept, excerpts)]
    cited = cite(sentences, lambda excerpt: to_passage(excerpt.hit))
    yield Answer(
        question=question,
        text=cited.text,
        citations=cited.citations,
        passages=[to_passage(hit) for hit in hits],
        mode=mode,
        searched_query=searched,
        removed=verified.removed,
    )


def unused_evidence(
    kept: Sequence[VerifiedSentence], excerpts: Sequence[Excerpt]
) -> list[VerifiedSentence]:
    """Evidence sentences no kept sentence rests on, quoted as they are.

    A small model often answers from one excerpt and leaves out another that holds
    the rest of the answer (a second name, the other date). Quoting what it left out
    keeps that part of the answer in front of the reader.
    """
    used = {excerpt.n for sentence in kept for excerpt in sentence.excerpts}
    return [
        VerifiedSentence(excerpt.anchor.text, (excerpt,))
        for excerpt in excerpts
        if excerpt.n not in used
    ]


def _drafts(model: DraftLLM, prompt: str) -> Iterator[str]:
    """The raw draft so far, after each piece the model writes; stops at a new block."""
    raw = ""
    # closing(): leaving early must end the generation and release the model's lock.
    with closing(model.stream(prompt)) as pieces:
        for piece in pieces:
            raw += piece
            yield raw
            if visible_draft(raw)[1]:
                return


def _judge(
    answerer: AnswerSteps, bundle: QueryBundle, scored: Sequence[QuotedSentence]
) -> QuestionJudge:
    """The judge of whether drafted sentences answer this question."""
    settings = answerer.settings
    return QuestionJudge(
        question=bundle.query_str,
        question_vector=bundle.embedding,
        embed=answerer.embed_text,
        stats=answerer.term_stats(),
        floor=relevance_floor(scored, settings.min_support, settings.llm_relevance_margin),
    )
