"""From a question to an ``Answer``: rewrite, retrieve, score, gate, compose, cite."""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from llama_index.core.schema import NodeWithScore, QueryBundle

from jrqa.answer.authorship import asked_document, byline_answer, refers_to_quoted
from jrqa.answer.composing import abstention, compose_answer
from jrqa.answer.compound import question_parts
from jrqa.answer.features import QuestionView, lead_features
from jrqa.answer.fitting import fit_form, heard_from_speaker, judge_fit
from jrqa.answer.followup import (
    History,
    asks_for_more,
    in_time_referred,
    last_quoted,
    referred_names,
    referred_turn,
    rewrite_question,
    said_before,
    without_label,
)
from jrqa.answer.gate import Margins, assess_lead
from jrqa.answer.identity import asked_identity, identity_quotes, written_by
from jrqa.answer.model import AnswerModel, load_model
from jrqa.answer.office import office_holder_quotes
from jrqa.answer.predicate import PredicateCheck
from jrqa.answer.premise import contradiction_framing
from jrqa.answer.question import analyse_question
from jrqa.answer.selecting import answer_candidates, select_sentences
from jrqa.answer.sources import SOURCES_DIFFER_NOTE, differing_sources, prefer_article_text
from jrqa.answer.viewpoint import (
    SourceScope,
    Viewpoint,
    searched_in,
    source_scope,
    viewpoints_of_each,
)
from jrqa.errors import InvalidQuestionError
from jrqa.llm.modes import LLMForMode, draft_llm
from jrqa.models import Answer, Passage
from jrqa.retrieve.hybrid import HybridRetrievers
from jrqa.retrieve.sentences import QuotedSentence, score_sentences
from jrqa.settings import MAX_QUESTION_CHARS, AnswerMode, Settings
from jrqa.text.terms import TermStats

# The answers' candidates under the answer model: at most this many, best first.
MAX_JUDGED = 8

if TYPE_CHECKING:
    from llama_index.core.retrievers import BaseRetriever

    from jrqa.index.engine import Engine
    from jrqa.index.sources import SourceRestriction


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


# A two-part question's evidence: the passages searched for both parts, then the
# sentences answering the first part and those answering the second.
PartsEvidence = tuple[list[NodeWithScore], list[QuotedSentence], list[QuotedSentence]]


class Answerer:
    """Answers questions over one engine; safe to share between threads.

    Args:
        engine: the loaded model, store and keyword index.
        llm_for_mode: makes the language model a generative mode drafts with.
    """

    def __init__(self, engine: Engine, llm_for_mode: LLMForMode = draft_llm) -> None:
        self.engine = engine
        self.llm_for_mode = llm_for_mode
        self._retrievers = HybridRetrievers(engine)

    @property
    def settings(self) -> Settings:
        """The settings this answerer's engine was built with."""
        return self.engine.settings

    def retriever(self, restriction: SourceRestriction | None = None) -> BaseRetriever:
        """The hybrid retriever (of one source's passages), rebuilt when the corpus changed."""
        return self._retrievers.get(restriction)

    def embed_query(self, query: str | QueryBundle) -> QueryBundle:
        """The query with its vector, computed once and shared by every step."""
        if isinstance(query, QueryBundle) and query.embedding is not None:
            return query
        text = query.query_str if isinstance(query, QueryBundle) else query
        return QueryBundle(text, embedding=self.engine.embedder.get_query_embedding(text))

    def embed_text(self, text: str) -> list[float]:
        """The vector of a sentence (the same model and scale as the stored ones)."""
        return self.engine.embedder.get_text_embedding(text)

    def term_stats(self) -> TermStats:
        """Document frequencies of the current corpus, for IDF weights."""
        return self.engine.keyword_index().term_stats

    def retrieve(
        self, query: str | QueryBundle, restriction: SourceRestriction | None = None
    ) -> list[NodeWithScore]:
        """Ranked passages for a search query (only ``restriction``'s, when given)."""
        return self.retriever(restriction).retrieve(self.embed_query(query))

    def scope(
        self, question: str, outlet: str | None = None, history: History | None = None
    ) -> SourceScope:
        """The passages a question is answered from: an outlet's, a named source's, or all.

        A follow-up naming no source keeps the source of the question it refers back to.
        """
        referred = referred_turn(question, history)
        earlier = None
        if referred is not None:
            previous, before = referred
            earlier = self.scope(previous, history=before).restriction
        return source_scope(question, self.engine.keyword_index().sources, outlet, earlier)

    @functools.cached_property
    def answer_model(self) -> AnswerModel:
        """The answer model's weights, read when first used (the rules never need them)."""
        return load_model(self.settings.answer_model)

    @property
    def min_relevance(self) -> float:
        """The relevance below which no sentence answers (the answer model weighs it itself)."""
        settings = self.settings
        return 0.0 if settings.answer_judge == "model" else settings.min_support

    @property
    def margins(self) -> Margins:
        """How far below the best sentence an answer's sentences may score.

        The answer model weighs a lead's distance from the best sentence itself, so only
        the rules hold a typed answer's lead to the tighter margin.
        """
        settings = self.settings
        lead = settings.answer_margin if settings.answer_judge == "model" else settings.lead_margin
        return Margins(answer=settings.answer_margin, lead=lead)

    def score(
        self,
        query: QueryBundle,
        hits: Sequence[NodeWithScore],
        asked: str | None = None,
        *,
        one_source: bool = False,
        given: Sequence[str] = (),
    ) -> list[QuotedSentence]:
        """The sentences of the top passages, scored against the question, best first.

        The question (``asked``, the user's own wording, or else the query) is analysed
        once; ``fits`` marks the sentences that may answer it. With the rules, a sentence
        fits when it holds the kind of answer asked for near the question's names and
        years, and (given ``asked``) candidates for a date, amount or person must also be
        about what is asked (``jrqa.answer.predicate``). With the answer model, a sentence
        of that kind fits when the model finds it likely enough to answer; ``one_source``
        tells it that one named source's passages alone were searched. Either way, a
        question asking what someone said needs a candidate in which they say it
        (``jrqa.answer.fitting.heard_from_speaker``). ``given``: the names of the earlier
        questions a follow-up refers to, whose people it does not ask for.
        """
        if self.settings.answer_judge == "model":
            view, scored = self.sentences(query, hits, asked, one_source=one_source, given=given)
            judged = self.judge(view, scored, hits)
            return heard_from_speaker(
                judged, view.needs, self.min_relevance, self.settings.answer_margin
            )
        needs = analyse_question(asked or query.query_str).also_given(given)
        scored = judge_fit(self._scored(query, hits), needs, hits)
        if asked is None:
            return scored
        settings = self.settings
        check = PredicateCheck(
            self.engine.embedder.get_text_embedding_batch, settings.min_predicate_similarity
        )
        scored = check.apply(
            asked, needs, scored, settings.min_support, settings.answer_margin, query.query_str
        )
        return heard_from_speaker(scored, needs, self.min_relevance, settings.answer_margin)

    def sentences(
        self,
        query: QueryBundle,
        hits: Sequence[NodeWithScore],
        asked: str | None = None,
        *,
        one_source: bool = False,
        given: Sequence[str] = (),
    ) -> tuple[QuestionView, list[QuotedSentence]]:
        """The question analysed once, and the sentences of the top passages, best first.

        ``fits`` marks the sentences whose form can answer (a whole statement holding the
        kind of answer asked for); the answer model has not judged them yet.
        """
        view = QuestionView.of(
            asked or query.query_str,
            query.query_str,
            self.term_stats(),
            one_source=one_source,
            given=given,
        )
        return view, fit_form(self._scored(query, hits), view.needs)

    def _scored(self, query: QueryBundle, hits: Sequence[NodeWithScore]) -> list[QuotedSentence]:
        return score_sentences(
            query.query_str, query.embedding, hits, self.term_stats(), self.engine.sentence_vectors
        )

    def judge(
        self, view: QuestionView, scored: Sequence[QuotedSentence], hits: Sequence[NodeWithScore]
    ) -> list[QuotedSentence]:
        """``scored``, with the candidates fitting only when the answer model says answer.

        The model gives the probability that the answer led by the best candidate is right
        (set on that sentence); below the threshold no sentence fits, and jrqa abstains.
        """
        candidates = self._judged_candidates(scored)
        judged = self._lead(view, candidates, hits)
        lead, probability = (
            (id(judged[0]), self.answer_model.probability(judged[1])) if judged else (None, 0.0)
        )
        threshold = self.settings.min_answer_probability or self.answer_model.threshold
        answers = probability >= threshold
        ids = {id(sentence) for sentence in candidates}
        return [
            dataclasses.replace(
                sentence,
                fits=answers and id(sentence) in ids,
                probability=probability if id(sentence) == lead else sentence.probability,
            )
            for sentence in scored
        ]

    def lead_features(self, question: str, history: History | None = None) -> list[float] | None:
        """The answer model's view of a question, as ``ask`` would judge it (for fitting)."""
        scope = self.scope(question, None, history)
        bundle = self.embed_query(rewrite_question(scope.asked, history))
        hits = self.retrieve(bundle, scope.restriction)
        one_source = scope.restriction is not None
        view, scored = self.sentences(bundle, hits, scope.asked, one_source=one_source)
        judged = self._lead(view, self._judged_candidates(scored), hits)
        return judged[1] if judged else None

    def _judged_candidates(self, scored: Sequence[QuotedSentence]) -> list[QuotedSentence]:
        return answer_candidates(scored, 0.0, self.settings.answer_margin)[:MAX_JUDGED]

    def _lead(
        self,
        view: QuestionView,
        candidates: Sequence[QuotedSentence],
        hits: Sequence[NodeWithScore],
    ) -> tuple[QuotedSentence, list[float]] | None:
        embed = self.engine.embedder.get_text_embedding_batch
        return lead_features(view, candidates, hits, self.term_stats(), embed)

    def candidates(self, searched: str, scored: Sequence[QuotedSentence]) -> list[QuotedSentence]:
        """The sentences that may answer, best first; article text before readers' replies."""
        settings = self.settings
        candidates = answer_candidates(scored, self.min_relevance, settings.answer_margin)
        return prefer_article_text(searched, candidates)

    def evidence(
        self,
        searched: str,
        scored: Sequence[QuotedSentence],
        candidates: Sequence[QuotedSentence] | None = None,
        said: frozenset[str] = frozenset(),
    ) -> list[QuotedSentence]:
        """The sentences an extractive answer quotes, best first (none: abstain).

        ``candidates`` are ``self.candidates(searched, scored)``, when already known;
        ``said``, the answer a follow-up comes after (see ``select_sentences``).
        """
        if candidates is None:
            candidates = self.candidates(searched, scored)
        limit = self.settings.max_answer_sentences
        return select_sentences(searched, candidates, self.term_stats(), limit, scored, said)

    def ask(
        self,
        question: str,
        history: History | None = None,
        mode: AnswerMode | None = None,
        outlet: str | None = None,
    ) -> Answer:
        """Answer from the articles (only ``outlet``'s, when given), or abstain."""
        *_, answer = self.stream(question, history, mode, outlet)
        assert isinstance(answer, Answer)  # stream() always ends with the Answer
        return answer

    def stream(
        self,
        question: str,
        history: History | None = None,
        mode: AnswerMode | None = None,
        outlet: str | None = None,
    ) -> Iterator[str | Answer]:
        """Answer as ``ask`` does, yielding a generative draft's text as it grows first.

        The last item is always the ``Answer``; extractive answers and abstentions come
        alone, and no language model is called when the gate abstains. A question asked
        of one source ("What does <outlet> say …") or with ``outlet`` is answered from
        that source's passages only.

        Raises:
            UnknownOutletError: ``outlet`` names no outlet of the indexed articles.
        """
        question = validate_question(question)
        proper = without_label(question)
        if outlet is None and rewrite_question(proper, history) == proper:
            each = viewpoints_of_each(proper, self.engine.keyword_index().sources)
            if each:
                yield self._answer_each(question, each)
                return
        scope = self.scope(proper, outlet, history)
        # Asked mid-chat as alone: a follow-up's parts would each lean on the conversation.
        stand_alone = rewrite_question(scope.asked, history) == scope.asked
        parts = question_parts(proper) if scope.restriction is None and stand_alone else None
        answered = self._parts_evidence(parts) if parts is not None else None
        for item in self._stream(question, history, mode, scope, answered):
            if isinstance(item, Answer) and item.abstained and answered is not None:
                # Searched whole, neither part's sentences stood out: each part on its own.
                item = self._answer_parts(question, item, answered)
            yield scope.finish(item) if isinstance(item, Answer) else item

    def _answer_each(self, question: str, viewpoints: Sequence[Viewpoint]) -> Answer:
        """Each source's answer from its own passages, for "What do X and Y say about …?".

        Searched together, the passages of the source closer to the question's wording
        crowd out the other's. Each source's sentences are introduced by who wrote them;
        a source with nothing that answers is named in the note. Quoted, whatever the mode.
        """
        quoted: list[QuotedSentence] = []
        hits: dict[str, NodeWithScore] = {}
        silent = []
        for viewpoint in viewpoints:
            found, evidence = self._evidence_in(viewpoint)
            hits.update((hit.node.node_id, hit) for hit in found if hit.node.node_id not in hits)
            quoted.extend(evidence)
            if not evidence:
                silent.append(searched_in(viewpoint.restriction))
        if not quoted:
            return abstention(question, question, list(hits.values()), "extractive")
        note = f"Nothing in {' or '.join(silent)} answers this." if silent else ""
        return compose_answer(
            question,
            question,
            quoted,
            list(hits.values()),
            "extractive",
            attributed=True,
            note=note,
        )

    def _answer_parts(self, question: str, whole: Answer, answered: PartsEvidence) -> Answer:
        """Both questions of a two-part question, each answered on its own.

        ``whole`` is the refusal of the question searched whole: the part answered from
        the article closest to it comes first. Quoted, whatever the mode.
        """
        searched, *evidence = answered
        ranking: list[object] = [passage.source for passage in whole.passages]
        first, second = sorted(
            evidence,
            key=lambda quoted: _rank_of(quoted[0].hit.node.metadata.get("source"), ranking),
        )
        quoted = first + [sentence for sentence in second if sentence not in first]
        answer = compose_answer(question, question, quoted, searched, "extractive")
        # The passages found for the question whole come first, then each part's.
        passages: dict[str, Passage] = {}
        for passage in [*whole.passages, *answer.passages]:
            passages.setdefault(passage.chunk_id, passage)
        return answer.model_copy(update={"passages": list(passages.values())})

    def _parts_evidence(self, parts: tuple[str, str]) -> PartsEvidence | None:
        """The passages searched for each part, and each part's sentences (None: one unanswered).

        The second part is asked after the first's answer, so that "that post" or "he"
        finds what it stands for.
        """
        first, second = parts
        first_hits, first_quoted = self._part_evidence(first, None)
        if not first_quoted:
            return None
        first_answer = compose_answer(first, first, first_quoted, first_hits, "extractive")
        history = [
            {"role": "user", "content": first},
            {"role": "assistant", "content": first_answer.text},
        ]
        second_hits, second_quoted = self._part_evidence(second, history)
        if not second_quoted:
            return None
        return [*first_hits, *second_hits], first_quoted, second_quoted

    def _part_evidence(
        self, part: str, history: History | None
    ) -> tuple[list[NodeWithScore], list[QuotedSentence]]:
        """The passages searched for one part of a question, and the sentences answering it."""
        scope = self.scope(part, None, history)
        bundle = self.embed_query(rewrite_question(scope.asked, history))
        hits = self.retrieve(bundle, scope.restriction)
        asked = in_time_referred(scope.asked, history)
        given = referred_names(scope.asked, history)
        one_source = scope.restriction is not None
        return hits, self._supported_evidence(bundle, hits, asked, one_source, given)

    def _evidence_in(
        self, viewpoint: Viewpoint
    ) -> tuple[list[NodeWithScore], list[QuotedSentence]]:
        """One source's passages for what it is asked, and the sentences answering it."""
        bundle = self.embed_query(viewpoint.asked)
        hits = self.retrieve(bundle, viewpoint.restriction)
        return hits, self._supported_evidence(bundle, hits, viewpoint.asked, one_source=True)

    def _supported_evidence(
        self,
        bundle: QueryBundle,
        hits: Sequence[NodeWithScore],
        asked: str,
        one_source: bool,
        given: Sequence[str] = (),
    ) -> list[QuotedSentence]:
        """The sentences answering ``asked`` from ``hits``, or none when the gate abstains."""
        scored = self.score(bundle, hits, asked=asked, one_source=one_source, given=given)
        needs = analyse_question(asked).also_given(given)
        if not assess_lead(needs, scored, frozenset(), self.min_relevance, self.margins).supported:
            return []
        return self.evidence(bundle.query_str, scored)

    def _stream(
        self,
        question: str,
        history: History | None,
        mode: AnswerMode | None,
        scope: SourceScope,
        answered: PartsEvidence | None = None,
    ) -> Iterator[str | Answer]:
        chosen_mode = mode or self.settings.mode
        query = rewrite_question(scope.asked, history)
        bundle = self.embed_query(query)
        hits = self.retrieve(bundle, scope.restriction)
        # "Who wrote the <outlet> report on …" names its source, which then no longer
        # reads as a document in what is searched: the question as typed still does.
        document = asked_document(scope.asked) or asked_document(question)
        if document is not None:
            byline = self._byline_answer(question, query, document, scope, history, bundle, hits)
            if byline is not None:
                yield byline
                return
        identity = asked_identity(scope.asked) if query == scope.asked else None
        if identity is not None:
            # Who someone is stands next to their name, in no sentence close to the question:
            # the sentences are read in order of relevance alone, without judging their fit.
            yield self._identity_answer(question, identity, bundle, hits, chosen_mode)
            return
        one_source = scope.restriction is not None
        asked = in_time_referred(scope.asked, history)
        given = referred_names(scope.asked, history)
        scored = self.score(bundle, hits, asked=asked, one_source=one_source, given=given)
        settings = self.settings
        said = said_before(history)
        needs = analyse_question(asked).also_given(given)
        assessment = assess_lead(needs, scored, said, self.min_relevance, self.margins)
        if not assessment.supported:
            office = office_holder_quotes(needs, scored, self.min_relevance, self.margins.answer)
            if office:
                yield compose_answer(question, query, office, hits, "extractive")
            else:
                yield abstention(question, query, hits, chosen_mode)
            return
        if asks_for_more(question):
            scored = _prefer_new(scored, said, self.min_relevance, settings)
        # Only the answer quoted last is "said" here, and only to a follow-up: a sentence
        # of one further back is no repetition the user just read, and a stand-alone
        # question is answered as it would be alone.
        quoted_last: frozenset[str] = frozenset()
        if query != scope.asked:
            quoted_last = frozenset({last_quoted(history)} - {""})
        if chosen_mode != "extractive":
            from jrqa.answer.generative import stream_generatively

            yield from stream_generatively(
                self, question, bundle, hits, chosen_mode, scored, said=quoted_last
            )
            return
        # A two-part question's sentences are those closest to it whole: a part the
        # closest sentences leave out gets the sentence answering it on its own.
        also = [quoted[0] for quoted in answered[1:]] if answered is not None else []
        yield self.extractive_answer(question, bundle, hits, scored, quoted_last, also)

    def _byline_answer(
        self,
        question: str,
        query: str,
        document: str,
        scope: SourceScope,
        history: History | None,
        bundle: QueryBundle,
        hits: Sequence[NodeWithScore],
    ) -> Answer | None:
        """The writer of the article ``document`` names, from its byline (in no sentence).

        A follow-up ("Who wrote the article reporting this?") asks of the article an
        earlier answer quoted, not the best found; one naming no article at all ("Who
        wrote that piece?") asks of the one quoted last, found by what was quoted from it.
        """
        said: frozenset[str] = frozenset()
        quoted_last = last_quoted(history)
        if query != scope.asked:
            said = said_before(history)
        elif quoted_last and refers_to_quoted(document):
            said = frozenset({quoted_last})
            bundle = self.embed_query(quoted_last)
            hits = self.retrieve(bundle, scope.restriction)
        sentences, passages = self._scored(bundle, hits), list(hits)
        if said:
            sentences = [s for s in sentences if any(s.text in early for early in said)]
            quoted = {s.hit.node.metadata.get("source") for s in sentences[:1]}
            passages = [hit for hit in hits if hit.node.metadata.get("source") in quoted]
        return byline_answer(question, query, document, sentences, passages, self.min_relevance)

    def _identity_answer(
        self,
        question: str,
        name: str,
        bundle: QueryBundle,
        hits: list[NodeWithScore],
        mode: AnswerMode,
    ) -> Answer:
        """The titles the articles give ``name``, or else their byline, or a refusal."""
        scored = self._scored(bundle, hits)
        titled = identity_quotes(name, scored, analyse_question(bundle.query_str))
        signed = [] if titled else written_by(name, scored)
        if not (titled or signed):
            return abstention(question, bundle.query_str, hits, mode)
        return compose_answer(
            question,
            bundle.query_str,
            titled or signed,
            hits,
            "extractive",
            attributed=bool(signed),
        )

    def extractive_answer(
        self,
        question: str,
        query: str | QueryBundle,
        hits: list[NodeWithScore],
        scored: Sequence[QuotedSentence] | None = None,
        said: frozenset[str] = frozenset(),
        also: Sequence[QuotedSentence] = (),
    ) -> Answer:
        """Quote the best sentences; abstain if none remain. ``said``: as for ``evidence``.

        ``also``: sentences to quote after them unless already quoted (each answering a
        part of the question).
        """
        bundle = self.embed_query(query)
        if scored is None:
            scored = self.score(bundle, hits)
        candidates = self.candidates(bundle.query_str, scored)
        quoted = self.evidence(bundle.query_str, scored, candidates, said)
        if not quoted:
            return abstention(question, bundle.query_str, hits, "extractive")
        for sentence in also:
            if all(sentence.text != other.text for other in quoted):
                quoted = [*quoted, sentence]
        rivals = differing_sources(
            analyse_question(question), candidates, self.settings.max_answer_sentences
        )
        if rivals:
            return compose_answer(
                question,
                bundle.query_str,
                rivals,
                hits,
                "extractive",
                attributed=True,
                note=SOURCES_DIFFER_NOTE,
            )
        # candidates[0] is the best sentence: say first when it contradicts the question.
        lead, note = contradiction_framing(question, candidates[0].text)
        return compose_answer(
            question, bundle.query_str, quoted, hits, "extractive", lead=lead, note=note
        )


def _prefer_new(
    scored: list[QuotedSentence], said: frozenset[str], min_relevance: float, settings: Settings
) -> list[QuotedSentence]:
    """A follow-up asking for more gets something new, not a sentence already quoted.

    When only an earlier answer's sentence can answer, it is quoted again.
    """
    fresh = [s for s in scored if not any(s.text in earlier for earlier in said)]
    if len(fresh) < len(scored) and answer_candidates(fresh, min_relevance, settings.answer_margin):
        return fresh
    return scored


def _rank_of(source: object, ranking: list[object]) -> int:
    """Where ``source`` stands in ``ranking`` (after every ranked one when absent)."""
    return ranking.index(source) if source in ranking else len(ranking)
