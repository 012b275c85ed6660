"""The answer model: each feature fires where it should and not elsewhere; the weights file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from llama_index.core.schema import NodeWithScore, TextNode

from jrqa.answer.features import FEATURE_NAMES, QuestionView, candidate_features, lead_features
from jrqa.answer.model import AnswerModelError, load_model, parse_model
from jrqa.api import get_answerer
from jrqa.retrieve.sentences import QuotedSentence
from jrqa.settings import Settings
from jrqa.text.terms import TermStats

STATS = TermStats(document_count=10, document_frequency={"visit": 6, "turnout": 1})


def _sentence(
    text: str,
    *,
    window: str | None = None,
    relevance: float = 0.6,
    passage: str | None = None,
    post: str = "",
    score: float = 0.5,
) -> QuotedSentence:
    node = TextNode(
        text=passage or window or text,
        metadata={"source": "a.txt", "start": 0, "title": "Talks", "post": post},
    )
    return QuotedSentence(
        text=text,
        start=0,
        end=len(text),
        hit=NodeWithScore(node=node, score=score),
        score=relevance,
        relevance=relevance,
        window=window or text,
        similarity=relevance,
        coverage=relevance,
    )


def _embed(texts: list[str]) -> list[list[float]]:
    """Vectors that say whether a text mentions a visit: enough to tell predicates apart."""
    return [[1.0, 0.0] if "visit" in text else [0.0, 1.0] for text in texts]


def _features(
    question: str, *sentences: QuotedSentence, one_source: bool = False
) -> list[dict[str, float]]:
    view = QuestionView.of(question, question, STATS, one_source=one_source)
    hits = [sentence.hit for sentence in sentences]
    rows = candidate_features(view, sentences, hits, STATS, _embed)
    return [dict(zip(FEATURE_NAMES, row, strict=True)) for row in rows]


def _feature(question: str, sentence: QuotedSentence, name: str, **kwargs: bool) -> float:
    return _features(question, sentence, **kwargs)[0][name]


def test_the_gap_to_the_best_candidate() -> None:
    best, far = _sentence("Abe met Putin.", relevance=0.8), _sentence("Abe flew.", relevance=0.5)
    rows = _features("Did Abe meet Putin?", best, far)
    assert rows[0]["relevance_gap"] == 0.0
    assert rows[1]["relevance_gap"] == pytest.approx(0.3)


def test_anchors_in_the_passages_and_in_the_window() -> None:
    question = "What did Abe tell Putin in Sochi?"
    both = _sentence("Abe spoke to Putin in Sochi.", window="Abe spoke to Putin in Sochi.")
    assert _feature(question, both, "all_anchors_in_passages") == 1.0
    assert _feature(question, both, "anchors_in_window") == 1.0
    elsewhere = _sentence(
        "He spoke at length.",
        window="He spoke at length.",
        passage="Abe spoke at length with Putin.",
    )
    assert _feature(question, elsewhere, "anchors_in_passages") == pytest.approx(2 / 3)
    assert _feature(question, elsewhere, "all_anchors_in_passages") == 0.0
    assert _feature(question, elsewhere, "anchors_in_window") == 0.0


def test_years_asked_must_be_in_the_window() -> None:
    question = "How many times did Abe meet Putin in 2016?"
    assert _feature(question, _sentence("In 2016 Abe met Putin 3 times."), "years_in_window")
    assert not _feature(question, _sentence("In 2014 Abe met Putin 7 times."), "years_in_window")
    assert _feature("How many times did Abe meet Putin?", _sentence("He met 7."), "years_in_window")


def test_the_rarest_question_word_in_the_window_and_the_passages() -> None:
    question = "What was the turnout of the visit?"
    held = _sentence("The turnout of the visit was low.")
    assert _feature(question, held, "rarest_term_in_window") == 1.0
    assert _feature(question, held, "rarest_term_in_passages") == 1.0
    missing = _sentence("The visit went ahead.")
    assert _feature(question, missing, "rarest_term_in_window") == 0.0
    assert _feature(question, missing, "rarest_term_in_passages") == 0.0


def test_predicate_similarity_is_measured_with_names_blanked_for_typed_questions() -> None:
    question = "When did Abe visit Moscow?"
    assert _feature(question, _sentence("Abe will visit Moscow in May."), "typed_question")
    same = _feature(question, _sentence("Abe will visit Moscow in May."), "predicate_similarity")
    other = _feature(question, _sentence("Abe resigned in May 2020."), "predicate_similarity")
    assert same == pytest.approx(1.0)
    assert other == pytest.approx(0.0)
    untyped = "What did Abe say?"
    assert _feature(untyped, _sentence("Abe will visit Moscow."), "typed_question") == 0.0
    assert _feature(untyped, _sentence("Abe will visit Moscow."), "predicate_similarity") == 0.0


def test_the_value_must_share_a_clause_with_the_question() -> None:
    question = "How many meetings did Abe hold?"
    assert _feature(question, _sentence("Abe held 20 meetings with Putin."), "value_bound")
    assert not _feature(
        question, _sentence("Abe met Putin, while exports fell 10 percent."), "value_bound"
    )


def test_novelty_is_low_for_a_sentence_that_restates_the_question() -> None:
    question = "Why did Abe postpone the visit?"
    restated = _feature(question, _sentence("Abe postponed the visit."), "novelty")
    reason = _feature(question, _sentence("Storms grounded every flight."), "novelty")
    assert restated < reason


def test_a_reason_counts_only_for_why_and_how_questions() -> None:
    because = _sentence("The visit was postponed because of the storm.")
    assert _feature("Why was the visit postponed?", because, "reason_in_window") == 1.0
    assert _feature("What was postponed?", because, "reason_in_window") == 0.0
    plain = _sentence("The visit was postponed in May.")
    assert _feature("Why was the visit postponed?", plain, "reason_in_window") == 0.0


def test_the_passage_score_and_the_source_restriction() -> None:
    sentence = _sentence("Abe met Putin.", score=0.75)
    assert _feature("Did Abe meet Putin?", sentence, "passage_score") == 0.75
    assert _feature("Did Abe meet Putin?", sentence, "one_source", one_source=True) == 1.0
    assert _feature("Did Abe meet Putin?", sentence, "one_source") == 0.0


def test_a_reply_is_marked_and_the_lead_is_article_text_unless_readers_are_asked() -> None:
    article = _sentence("Abe met Putin in May.", relevance=0.5)
    reply = _sentence("I think Abe met Putin.", post="reply", relevance=0.7)
    rows = _features("Did Abe meet Putin?", reply, article)
    assert [row["reader_reply"] for row in rows] == [1.0, 0.0]
    view = QuestionView.of("Did Abe meet Putin?", "Did Abe meet Putin?", STATS)
    hits = [reply.hit, article.hit]
    lead = lead_features(view, [reply, article], hits, STATS, _embed)
    assert lead is not None and lead[0] is article
    assert dict(zip(FEATURE_NAMES, lead[1], strict=True))["reader_reply"] == 0.0
    asked = "What did a commenter say about Abe and Putin?"
    readers = QuestionView.of(asked, asked, STATS)
    lead = lead_features(readers, [reply, article], hits, STATS, _embed)
    assert lead is not None and lead[0] is reply
    assert dict(zip(FEATURE_NAMES, lead[1], strict=True))["reader_reply"] == 1.0
    assert lead_features(view, [], hits, STATS, _embed) is None


def test_what_the_question_says_about_its_names_must_be_in_the_window() -> None:
    question = "What did Abe and Putin sign in Sochi?"
    signed = _sentence("Abe and Putin signed a memorandum in Sochi.")
    met = _sentence("Abe and Putin met in Sochi for talks.")
    assert _feature(question, signed, "predicate_coverage") == 1.0
    assert _feature(question, met, "predicate_coverage") == 0.0


def test_the_steps_at_which_a_sentence_is_usually_close_enough() -> None:
    assert _feature("Did Abe meet Putin?", _sentence("Abe met.", relevance=0.5), "close") == 1.0
    assert _feature("Did Abe meet Putin?", _sentence("Abe met.", relevance=0.3), "close") == 0.0
    typed = "When did Abe visit Moscow?"
    visit = _sentence("Abe will visit Moscow in May.")
    assert _feature(typed, visit, "predicate_close") == 1.0
    assert _feature(typed, _sentence("Abe resigned in May 2020."), "predicate_close") == 0.0


def test_similarity_and_coverage_are_the_scored_sentences() -> None:
    sentence = _sentence("Abe met Putin.", relevance=0.42)
    row = _features("Did Abe meet Putin?", sentence)[0]
    assert row["relevance"] == row["similarity"] == row["coverage"] == pytest.approx(0.42)
    assert row["window_coverage"] > 0.0


def test_the_bundled_model_loads_with_these_features_and_a_probability_threshold() -> None:
    model = load_model()
    assert model.features == FEATURE_NAMES
    assert len(model.weights) == len(FEATURE_NAMES)
    assert 0 < model.threshold < 1
    assert any(weight != 0 for weight in model.weights)
    width = len(FEATURE_NAMES)
    probabilities = [model.probability([0.0] * width), model.probability([1.0] * width)]
    assert all(0 < p < 1 for p in probabilities)


def test_a_weights_file_for_other_features_or_malformed_is_refused(tmp_path: Path) -> None:
    raw = load_model().to_json()
    with pytest.raises(AnswerModelError, match="other features"):
        parse_model({**raw, "features": ["similarity"]}, "test")
    with pytest.raises(AnswerModelError, match="format"):
        parse_model({**raw, "version": 99}, "test")
    with pytest.raises(AnswerModelError, match="threshold"):
        parse_model({**raw, "threshold": 1.5}, "test")
    broken = tmp_path / "model.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(AnswerModelError, match="not valid JSON"):
        load_model(broken)
    with pytest.raises(AnswerModelError, match="Cannot read"):
        load_model(tmp_path / "missing.json")
    assert json.loads(json.dumps(raw))["features"] == list(FEATURE_NAMES)


def test_the_model_decides_whether_the_best_candidates_answer(seed_settings: Settings) -> None:
    judged = get_answerer(seed_settings.model_copy(update={"answer_judge": "model"}))
    question = "How many times did Abe and Putin meet?"
    bundle = judged.embed_query(question)
    scored = judged.score(bundle, judged.retrieve(bundle), asked=question)
    probabilities = [s.probability for s in scored if s.probability is not None]
    assert len(probabilities) == 1  # the sentence that would lead the answer
    answers = probabilities[0] >= judged.answer_model.threshold
    assert any(s.fits for s in scored) == answers
    refused = get_answerer(
        seed_settings.model_copy(update={"answer_judge": "model", "min_answer_probability": 0.99})
    )
    assert not any(s.fits for s in refused.score(bundle, refused.retrieve(bundle), question))
    assert refused.ask("How many times did Abe and Putin meet?").abstained


def test_the_model_too_needs_the_speaker_asked_about_to_speak(seed_settings: Settings) -> None:
    judged = get_answerer(
        seed_settings.model_copy(update={"answer_judge": "model", "min_answer_probability": 0.01})
    )
    # The articles name Mori only as a signatory; nothing is quoted as his.
    question = "What did Yoshiro Mori say about Russia?"
    bundle = judged.embed_query(question)
    assert not any(s.fits for s in judged.score(bundle, judged.retrieve(bundle), question))
    # With a low enough threshold the model alone would answer: the speaker check refuses.
    spoken = "What did Lavrov say about the 1956 Declaration?"
    bundle = judged.embed_query(spoken)
    assert any(s.fits for s in judged.score(bundle, judged.retrieve(bundle), spoken))
