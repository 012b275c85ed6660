"""Grade one answer against its labelled question, and total the grades."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field

from evals.metrics import (
    answer_body,
    check_citations,
    fact_present,
    missing_facts,
    percentile,
    ranked_articles,
    retrieval_scores,
)
from evals.questions import EvalQuestion
from jrqa.models import Answer, Citation
from jrqa.text.markers import answer_sentences, cited_numbers, strip_markers


class SentenceGrade(BaseModel):
    """One answer sentence and the grounding checker's verdict on it."""

    sentence: str
    cited: bool
    supported: bool
    reason: str


class QuestionResult(BaseModel):
    """Everything measured for one question, with the reasons it failed (if any)."""

    id: str
    kind: str
    answerable: bool
    chat: str | None = None
    turn: int = 0
    question: str
    answer: str
    abstained: bool
    gold_sources: list[str]
    retrieved_articles: list[str] = Field(description="Articles of answer.passages, rank order.")
    hit_at_1: float | None = None
    hit_at_3: float | None = None
    mrr_at_5: float | None = None
    facts_total: int = 0
    facts_found: int = 0
    missing_facts: list[str] = Field(default_factory=list)
    sentences: list[SentenceGrade] = Field(default_factory=list)
    markers: int = 0
    valid_markers: int = 0
    ask_ms: float
    retrieve_ms: float
    removed_sentences: int = Field(
        0, description="Drafted sentences verification refused (generative modes)."
    )
    removed: list[str] = Field(
        default_factory=list, description="Each refused sentence, with the reason."
    )
    fell_back: bool = Field(
        False, description="Nothing in the draft survived: the extractive answer was given."
    )
    corrected: bool = Field(
        False, description="A false premise answered by quoting what contradicts it."
    )
    false_answer: bool = Field(
        False, description="An answer to a question the articles do not answer as asked."
    )
    top_citation_gold: bool | None = Field(
        None, description="Answered answerable questions: the first citation is a gold article."
    )
    top_citation_reply: bool | None = Field(
        None,
        description="Answered reply_vs_article questions: the first citation is a reader's "
        "reply in a forum thread, although article text answers.",
    )
    values_cited: bool | None = Field(
        None,
        description="Answered differing_sources questions: every value (key fact) stands in "
        "an answer sentence citing a gold article whose passage holds it, and those "
        "citations come from two articles at least.",
    )
    searched_query: str = ""
    failures: list[str] = Field(default_factory=list)

    @property
    def correct(self) -> bool:
        """Answerable: answered with every key fact, and the checks of its kind passed.

        The kind checks: reply_vs_article, the first citation is not a reader's reply;
        differing_sources, each value is cited from its article. Otherwise: refused or
        corrected.
        """
        if self.answerable:
            return (
                not self.abstained
                and not self.missing_facts
                and not self.top_citation_reply
                and self.values_cited is not False
            )
        return not self.false_answer


def grade(
    question: EvalQuestion, answer: Answer, ask_ms: float, retrieve_ms: float
) -> QuestionResult:
    """Measure one answer; ``failures`` explains each way it falls short."""
    citations = check_citations(answer)
    result = QuestionResult(
        id=question.id,
        kind=question.kind,
        answerable=question.answerable,
        chat=question.chat,
        turn=question.turn,
        searched_query=answer.searched_query,
        question=question.question,
        answer=answer.text,
        abstained=answer.abstained,
        gold_sources=question.gold_sources,
        retrieved_articles=ranked_articles(answer.passages),
        sentences=[
            SentenceGrade(
                sentence=c.sentence, cited=c.cited, supported=c.supported, reason=c.reason
            )
            for c in citations.sentences
        ],
        markers=citations.markers,
        valid_markers=citations.valid_markers,
        ask_ms=ask_ms,
        retrieve_ms=retrieve_ms,
        removed_sentences=len(answer.removed),
        removed=[f"{item.sentence} ({item.reason})" for item in answer.removed],
        fell_back=answer.fell_back,
    )
    if question.answerable:
        _grade_answerable(question, answer, result)
    elif not answer.abstained:
        _grade_unanswerable_answer(question, answer, result)
    result.failures.extend(
        f"sentence not grounded ({s.reason}): {s.sentence}"
        for s in result.sentences
        if not s.supported
    )
    return result


def _grade_answerable(question: EvalQuestion, answer: Answer, result: QuestionResult) -> None:
    scores = retrieval_scores(question.gold_sources, result.retrieved_articles)
    result.hit_at_1, result.hit_at_3, result.mrr_at_5 = (
        scores.hit_at_1,
        scores.hit_at_3,
        scores.mrr_at_5,
    )
    result.facts_total = len(question.key_facts)
    # An abstention states no fact, even if the nearest article's title happens to.
    missing = (
        [variants[0] for variants in question.key_facts]
        if answer.abstained
        else missing_facts(question.key_facts, answer_body(answer))
    )
    result.missing_facts = missing
    result.facts_found = result.facts_total - len(missing)
    if not answer.abstained and answer.citations:
        result.top_citation_gold = answer.citations[0].source in question.gold_sources
    if not answer.abstained:
        _grade_provenance(question, answer, result)
    if scores.hit_at_1 < 1:
        result.failures.append(_retrieval_failure(question.gold_sources, result.retrieved_articles))
    if answer.abstained:
        result.failures.append("false refusal: abstained on an answerable question")
    elif missing:
        result.failures.append("key fact missing: " + " | ".join(missing))


def _grade_provenance(question: EvalQuestion, answer: Answer, result: QuestionResult) -> None:
    """The checks of the provenance kinds, on an answer (not a refusal)."""
    if question.kind == "reply_vs_article":
        top = answer.citations[0] if answer.citations else None
        result.top_citation_reply = top is not None and is_forum_reply(top)
        if top is None:
            result.failures.append("no citation: the article text was not cited")
        elif result.top_citation_reply:
            result.failures.append(
                "top citation is a reader's forum reply, although article text answers"
            )
    elif question.kind == "differing_sources":
        backing = value_sources(question.key_facts, question.gold_sources, answer)
        uncited = [variants[0] for variants, sources in backing if not sources]
        articles = {source for _, sources in backing for source in sources}
        result.values_cited = not uncited and len(articles) >= 2
        if uncited:
            result.failures.append(
                "value not cited from a gold article holding it: " + " | ".join(uncited)
            )
        elif len(articles) < 2:
            result.failures.append(
                "the differing values are cited from one article only: " + ", ".join(articles)
            )


def is_forum_reply(citation: Citation) -> bool:
    """True when the citation quotes a reader's reply in a forum thread."""
    return citation.post == "reply"


def value_sources(
    key_facts: Sequence[Sequence[str]], gold_sources: Sequence[str], answer: Answer
) -> list[tuple[Sequence[str], set[str]]]:
    """For each fact, the gold articles that back it in the answer.

    A gold article backs a fact when an answer sentence states the fact and cites, with
    one of its markers, a passage of that article that holds the fact too.
    """
    by_number = {citation.n: citation for citation in answer.citations}
    sentences = [
        (strip_markers(sentence), cited_numbers(sentence))
        for sentence in answer_sentences(answer.text)
    ]
    backing = []
    for variants in key_facts:
        sources = {
            by_number[n].source
            for text, numbers in sentences
            if fact_present(variants, text)
            for n in numbers
            if n in by_number
            and by_number[n].source in gold_sources
            and fact_present(variants, by_number[n].text)
        }
        backing.append((variants, sources))
    return backing


def _grade_unanswerable_answer(
    question: EvalQuestion, answer: Answer, result: QuestionResult
) -> None:
    """An answer where a refusal was due: right only as a cited correction of a false premise."""
    cites_gold = any(citation.source in question.gold_sources for citation in answer.citations)
    states_it = not missing_facts(question.key_facts, answer_body(answer))
    if question.kind == "false_premise" and cites_gold and states_it:
        result.corrected = True
        return
    result.false_answer = True
    result.failures.append(f"answered a question the articles do not answer ({question.kind})")


def _retrieval_failure(gold: Sequence[str], articles: Sequence[str]) -> str:
    ranks = [articles.index(source) + 1 for source in gold if source in articles]
    where = f"best gold rank {min(ranks)}" if ranks else "gold article not retrieved"
    top = articles[0] if articles else "nothing"
    return f"retrieval miss: {where}; ranked first: {top}"


class KindFigures(BaseModel):
    """How one kind of question fared."""

    questions: int
    correct: float = Field(description="Share answered right (see QuestionResult.correct).")
    key_fact_recall: float | None = None
    false_refusals: float | None = None
    false_answers: float | None = None


class Summary(BaseModel):
    """The totals the gate checks (shares in 0..1, latencies in milliseconds)."""

    questions: int
    answerable: int
    unanswerable: int
    hit_at_1: float | None
    hit_at_3: float | None
    mrr_at_5: float | None
    key_fact_recall: float | None
    fully_correct: float | None = Field(description="Answerable questions with every key fact.")
    cited_sentence_share: float
    uncited_sentences: int
    citation_validity: float
    citation_support: float
    correct_refusals: float | None
    false_refusals: float | None
    ask_median_ms: float
    ask_p95_ms: float
    retrieve_median_ms: float
    retrieve_p95_ms: float
    removed_sentences: int = Field(
        0, description="Drafted sentences verification refused, over all questions."
    )
    fallbacks: int = Field(0, description="Answers where no drafted sentence survived.")
    false_answers: float | None = Field(
        None, description="Questions the articles do not answer as asked that got an answer."
    )
    grounded_refusal_f1: float | None = Field(
        None, description="Mean of the F1 of answering answerable and of refusing the rest."
    )
    top_citation_gold: float | None = Field(
        None, description="Answered answerable questions whose first citation is gold."
    )
    chat_turn_accuracy: float | None = Field(None, description="Chat turns answered right.")
    accuracy: float | None = Field(
        None, description="Questions answered right (see QuestionResult.correct)."
    )
    top_citation_not_reply: float | None = Field(
        None,
        description="Answered reply_vs_article questions whose first citation is not a "
        "reader's forum reply.",
    )
    differing_values_cited: float | None = Field(
        None,
        description="Answered differing_sources questions that cite each value from a gold "
        "article holding it, from two articles at least.",
    )
    per_kind: dict[str, KindFigures] = Field(default_factory=dict)


def summarise(results: Sequence[QuestionResult]) -> Summary:
    """Total the per-question results."""
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    sentences = [s for r in results for s in r.sentences]
    markers = sum(r.markers for r in results)
    ask_ms = [r.ask_ms for r in results]
    retrieve_ms = [r.retrieve_ms for r in results]
    return Summary(
        questions=len(results),
        answerable=len(answerable),
        unanswerable=len(unanswerable),
        hit_at_1=_mean(r.hit_at_1 or 0.0 for r in answerable),
        hit_at_3=_mean(r.hit_at_3 or 0.0 for r in answerable),
        mrr_at_5=_mean(r.mrr_at_5 or 0.0 for r in answerable),
        key_fact_recall=_mean(r.facts_found / r.facts_total for r in answerable),
        fully_correct=_mean(float(not r.missing_facts) for r in answerable),
        cited_sentence_share=_ratio(sum(s.cited for s in sentences), len(sentences)),
        uncited_sentences=sum(not s.cited for s in sentences),
        citation_validity=_ratio(sum(r.valid_markers for r in results), markers),
        citation_support=_ratio(sum(s.supported for s in sentences), len(sentences)),
        correct_refusals=_mean(float(not r.false_answer) for r in unanswerable),
        false_refusals=_mean(float(r.abstained) for r in answerable),
        ask_median_ms=statistics.median(ask_ms) if ask_ms else 0.0,
        ask_p95_ms=percentile(ask_ms, 0.95),
        retrieve_median_ms=statistics.median(retrieve_ms) if retrieve_ms else 0.0,
        retrieve_p95_ms=percentile(retrieve_ms, 0.95),
        removed_sentences=sum(r.removed_sentences for r in results),
        fallbacks=sum(r.fell_back for r in results),
        false_answers=_mean(float(r.false_answer) for r in unanswerable),
        grounded_refusal_f1=grounded_refusal_f1(results),
        top_citation_gold=_mean(
            float(r.top_citation_gold) for r in answerable if r.top_citation_gold is not None
        ),
        chat_turn_accuracy=_mean(float(r.correct) for r in results if r.chat),
        accuracy=_mean(float(r.correct) for r in results),
        top_citation_not_reply=_mean(
            float(not r.top_citation_reply) for r in results if r.top_citation_reply is not None
        ),
        differing_values_cited=_mean(
            float(r.values_cited) for r in results if r.values_cited is not None
        ),
        per_kind={kind: _kind_figures(of_kind) for kind, of_kind in _by_kind(results).items()},
    )


def grounded_refusal_f1(results: Sequence[QuestionResult]) -> float | None:
    """Mean of two F1 scores: answering the answerable, and refusing the others.

    An answer counts for the first class only when it is answered (not refused); a
    corrected false premise counts as a right refusal.
    """
    answered_right = sum(r.answerable and not r.abstained for r in results)
    answered_wrong = sum(r.false_answer for r in results)
    refused_wrong = sum(r.answerable and r.abstained for r in results)
    refused_right = sum(not r.answerable and not r.false_answer for r in results)
    if not results:
        return None
    answer_f1 = f1(answered_right, answered_wrong, refused_wrong)
    refuse_f1 = f1(refused_right, refused_wrong, answered_wrong)
    return (answer_f1 + refuse_f1) / 2


def f1(true_positive: int, false_positive: int, false_negative: int) -> float:
    """The F1 score of these counts (1.0 when there is nothing to get right or wrong)."""
    denominator = 2 * true_positive + false_positive + false_negative
    return 2 * true_positive / denominator if denominator else 1.0


def _by_kind(results: Sequence[QuestionResult]) -> dict[str, list[QuestionResult]]:
    groups: dict[str, list[QuestionResult]] = {}
    for result in results:
        groups.setdefault(result.kind, []).append(result)
    return dict(sorted(groups.items()))


def _kind_figures(results: Sequence[QuestionResult]) -> KindFigures:
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    return KindFigures(
        questions=len(results),
        correct=sum(r.correct for r in results) / len(results),
        key_fact_recall=_mean(r.facts_found / r.facts_total for r in answerable),
        false_refusals=_mean(float(r.abstained) for r in answerable),
        false_answers=_mean(float(r.false_answer) for r in unanswerable),
    )


def _mean(values: Iterable[float]) -> float | None:
    """The mean; None when there is nothing to measure (e.g. no unanswerable questions)."""
    items = list(values)
    return sum(items) / len(items) if items else None


def _ratio(part: float, whole: float) -> float:
    # Nothing to check counts as perfect: e.g. no sentences means none were unsupported.
    return part / whole if whole else 1.0
