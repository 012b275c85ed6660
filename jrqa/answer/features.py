"""What the answer model sees of the sentence leading an answer, with the question analysed once.

Every feature is generic: it says how a sentence and its neighbours relate to the
question's meaning, words, names, numbers and years and to the kind of answer it asks
for, never anything about a particular question. ``jrqa.answer.model`` weighs them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from llama_index.core.schema import NodeWithScore

from jrqa.answer.fitting import passage_context
from jrqa.answer.question import QuestionNeeds, analyse_question
from jrqa.answer.sources import is_reply, prefer_article_text
from jrqa.retrieve.sentences import PASSAGES_READ, QuotedSentence
from jrqa.text.terms import TermStats, content_terms, tokenize, weighted_coverage

Embed = Callable[[list[str]], list[list[float]]]

FEATURE_NAMES: tuple[str, ...] = (
    "relevance",  # the sentence's mix of meaning and shared rare words (its ranking score)
    "close",  # relevance reaches CLOSE: a step the linear weights cannot draw themselves
    "similarity",  # cosine of question and sentence vectors
    "coverage",  # IDF-weighted share of the question's terms in the sentence
    "window_coverage",  # the same over the sentence and its neighbours
    "relevance_gap",  # how far below the best candidate's relevance this one sits
    "anchors_in_passages",  # share of the question's names and numbers the passages mention
    "all_anchors_in_passages",  # the passages mention every one of them
    "anchors_in_window",  # share of them the sentence and its neighbours mention
    "years_in_window",  # every year the question names is in the window (1 when none)
    "predicate_coverage",  # IDF-weighted share of the question's other words in the window
    "rarest_term_in_window",  # the question's rarest content word is in the window
    "rarest_term_in_passages",  # it is anywhere in the passages read
    "typed_question",  # the question asks for an amount, a date or a person
    "predicate_similarity",  # typed: cosine to the question with names and numbers blanked
    "predicate_close",  # typed: that cosine reaches PREDICATE_CLOSE (a step, as "close")
    "value_bound",  # typed: a clause holds both a new value and a word of the question
    "novelty",  # share of the sentence's content words the question does not hold
    "reason_in_window",  # a why/how question, and the window states a cause or a means
    "passage_score",  # the fused retrieval score of the sentence's passage
    "reader_reply",  # from a reader's reply in a forum thread (nothing else answers, or asked)
    "one_source",  # only one outlet's, author's or forum role's passages were searched
)

# Capitalised words (names, and the first word, which carries no predicate) and numbers.
_NAMES_AND_NUMBERS = re.compile(r"\b[A-Z][\w’'-]*|\b\d[\w,.]*")
# Relevance (and masked-predicate cosine) at which a sentence is usually about the question:
# the rules' own floors (Settings.min_support, Settings.min_predicate_similarity defaults).
CLOSE = 0.46
PREDICATE_CLOSE = 0.2
# Words that introduce a cause or a means: what answers "why" and "how".
_REASON = re.compile(
    r"\b(because|since|due to|owing to|as a result|so that|in order to|thanks to|reason|"
    r"led to|leads to|caused|through|aim(?:s|ed)? (?:at|to)|in exchange|by \w+ing)\b",
    re.I,
)
_ASKS_REASON = re.compile(r"^\s*(why|how)\b|\bfor what reason\b|\bwhat (caused|led)\b", re.I)
# Where one clause of a sentence ends and another begins, for binding a value to its topic.
_CLAUSE = re.compile(r"[;:,(]|\b(?:and|but|while|whereas|which|who)\b")


def mask_names_and_numbers(text: str) -> str:
    """The text with its names and numbers blanked out: what it says, not who or when.

    "When did X resign?" and "X was appointed in 2012" share their names; masked, MiniLM
    sees that one is about resigning and the other about an appointment.
    """
    return " ".join(_NAMES_AND_NUMBERS.sub(" ", text).split())


@dataclass(frozen=True)
class QuestionView:
    """The question analysed once: the user's wording for what is asked, the search's terms."""

    asked: str
    needs: QuestionNeeds
    terms: tuple[str, ...]
    asks_reason: bool
    one_source: bool  # answered from one named source's passages only
    rarest: str  # the content word of the user's wording that the corpus uses least
    predicate_terms: tuple[str, ...]  # the user's content words that are not names or numbers

    @classmethod
    def of(
        cls,
        asked: str,
        searched: str,
        stats: TermStats,
        *,
        one_source: bool = False,
        given: Sequence[str] = (),
    ) -> QuestionView:
        """Analyse ``asked`` (the user's wording) and ``searched`` (what was searched).

        ``given``: the names of the earlier questions a follow-up refers to.
        """
        own_terms = content_terms(asked)
        needs = analyse_question(asked).also_given(given)
        if needs.answer_type == "named":
            # The weights were fitted before "which <kind>" questions had a type of their
            # own: the model reads them as untyped, as it learnt them.
            needs = dataclasses.replace(needs, answer_type="any", kind=None)
        return cls(
            asked=asked,
            needs=needs,
            terms=tuple(content_terms(searched)),
            asks_reason=bool(_ASKS_REASON.search(asked)),
            one_source=one_source,
            rarest=max(own_terms, key=stats.idf, default=""),
            predicate_terms=tuple(content_terms(mask_names_and_numbers(asked))),
        )


def lead_of(view: QuestionView, candidates: Sequence[QuotedSentence]) -> QuotedSentence | None:
    """The sentence that would lead the answer (None: no candidate).

    That is the best candidate, or the best one of article text when readers' replies
    rank above it and the question does not ask what readers wrote.
    """
    return prefer_article_text(view.asked, candidates)[0] if candidates else None


def lead_features(
    view: QuestionView,
    candidates: Sequence[QuotedSentence],
    hits: Sequence[NodeWithScore],
    stats: TermStats,
    embed: Embed,
) -> tuple[QuotedSentence, list[float]] | None:
    """The sentence that would lead the answer, with its features (None: no candidate)."""
    lead = lead_of(view, candidates)
    if lead is None:
        return None
    return lead, candidate_features(view, candidates, hits, stats, embed, judged=[lead])[0]


def candidate_features(
    view: QuestionView,
    candidates: Sequence[QuotedSentence],
    hits: Sequence[NodeWithScore],
    stats: TermStats,
    embed: Embed,
    judged: Sequence[QuotedSentence] | None = None,
) -> list[list[float]]:
    """One row, in ``FEATURE_NAMES`` order, per candidate (or per ``judged`` one of them).

    The only model call is one batch embedding the masked question and the judged
    sentences, for questions asking for an amount, a date or a person.
    """
    if not candidates:
        return []
    judged = candidates if judged is None else judged
    best = max(sentence.relevance for sentence in candidates)
    passages = " ".join(passage_context(hit) for hit in hits[:PASSAGES_READ])
    context = _Context(
        best=best,
        anchors_in_passages=_share_found(view.needs, passages),
        rarest_in_passages=not view.rarest or view.rarest in set(tokenize(passages)),
    )
    predicates = _predicate_similarities(view, judged, embed)
    return [
        _row(view, sentence, context, predicate, stats)
        for sentence, predicate in zip(judged, predicates, strict=True)
    ]


@dataclass(frozen=True)
class _Context:
    """What every candidate of one question shares."""

    best: float  # the best candidate's relevance
    anchors_in_passages: float
    rarest_in_passages: bool


def _row(
    view: QuestionView,
    sentence: QuotedSentence,
    context: _Context,
    predicate: float,
    stats: TermStats,
) -> list[float]:
    needs = view.needs
    typed = needs.answer_type != "any"
    window_terms = set(tokenize(sentence.window))
    sentence_terms = set(content_terms(sentence.text))
    novel = sentence_terms - set(view.terms)
    return [
        sentence.relevance,
        float(sentence.relevance >= CLOSE),
        sentence.similarity,
        sentence.coverage,
        weighted_coverage(view.terms, window_terms, stats),
        context.best - sentence.relevance,
        context.anchors_in_passages,
        float(context.anchors_in_passages == 1.0),
        _share_found(needs, sentence.window),
        float(needs.in_years_asked(sentence.window)),
        _predicate_coverage(view, window_terms, stats),
        float(not view.rarest or view.rarest in window_terms),
        float(context.rarest_in_passages),
        float(typed),
        predicate,
        float(typed and predicate >= PREDICATE_CLOSE),
        float(value_bound(needs, sentence.text, view.terms)),
        len(novel) / len(sentence_terms) if sentence_terms else 0.0,
        float(view.asks_reason and bool(_REASON.search(sentence.window))),
        float(sentence.hit.score or 0.0),
        float(is_reply(sentence)),
        float(view.one_source),
    ]


def _predicate_coverage(view: QuestionView, window_terms: set[str], stats: TermStats) -> float:
    """How much of what the question says about its names the window says too.

    Names make a sentence about another event of the same people look close; the other
    words ("sign", "turnout", "cancel") say what is asked about them.
    """
    if not view.predicate_terms:
        return 1.0
    return weighted_coverage(view.predicate_terms, window_terms, stats)


def _share_found(needs: QuestionNeeds, context: str) -> float:
    """The share of the question's names and numbers ``context`` mentions (1 when none)."""
    if not needs.anchors:
        return 1.0
    return 1 - len(needs.missing_anchors(context)) / len(needs.anchors)


def _predicate_similarities(
    view: QuestionView, candidates: Sequence[QuotedSentence], embed: Embed
) -> list[float]:
    """For typed questions, how alike question and each candidate are once names are blanked.

    Names and numbers make a sentence about another event of the same people look like
    the answer; what is left says whether it is about the asked thing. Untyped questions
    get 0: ``typed_question`` tells the model the value means nothing for them.
    """
    if view.needs.answer_type == "any":
        return [0.0] * len(candidates)
    texts = [mask_names_and_numbers(view.asked)]
    texts.extend(mask_names_and_numbers(sentence.text) for sentence in candidates)
    vectors = np.asarray(embed(texts), dtype=np.float32)
    return [float(similarity) for similarity in vectors[1:] @ vectors[0]]


def value_bound(needs: QuestionNeeds, sentence: str, terms: Sequence[str]) -> bool:
    """Does one clause hold both a value of the asked kind and a word or name of the question?

    "X has held 20 meetings with Y" binds "20" to the meetings asked about; in "X met Y,
    and trade grew 10 percent" the amount belongs to another clause. Questions asking for
    no particular kind of value are always bound.
    """
    if needs.answer_type == "any":
        return True
    wanted = set(terms)
    for clause in _CLAUSE.split(sentence):
        if not clause or not needs.has_answer_type(clause):
            continue
        names_one = len(needs.missing_anchors(clause)) < len(needs.anchors)
        if set(tokenize(clause)) & wanted or names_one:
            return True
    return False
