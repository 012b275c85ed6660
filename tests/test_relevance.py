"""The judge of whether a grounded sentence answers the question, on the seed index."""

from __future__ import annotations

from jrqa.answer.answerer import Answerer
from jrqa.verify.relevance import QuestionJudge, relevance_floor

QUESTION = "Which summit did Kishida say he would attend?"


def _judge(answerer: Answerer, floor: float | None = None) -> QuestionJudge:
    bundle = answerer.embed_query(QUESTION)
    scored = answerer.score(bundle, answerer.retrieve(bundle), asked=QUESTION)
    engine = answerer.engine
    return QuestionJudge(
        question=QUESTION,
        question_vector=bundle.embedding,
        embed=engine.embedder.get_text_embedding,
        stats=engine.keyword_index().term_stats,
        floor=relevance_floor(scored, engine.settings.min_support, 0.1) if floor is None else floor,
    )


def test_the_right_answer_passes_and_a_true_sentence_about_something_else_does_not(
    answerer: Answerer,
) -> None:
    judge = _judge(answerer)
    evidence = ["Kishida announced he will attend the June 28-30 NATO Summit."]
    assert judge.refusal("Kishida will attend the NATO Summit.", evidence) is None
    g7 = judge.refusal("The G7 Summit was held in March.", ["At the G7 Summit, in March, ..."])
    assert g7 is not None and "does not answer the question" in g7


def test_a_sentence_that_drops_what_its_evidence_says_about_the_question_is_refused(
    answerer: Answerer,
) -> None:
    judge = _judge(answerer, floor=0.0)  # coverage alone
    evidence = ["Japanese Prime Minister Fumio Kishida announced he will attend the NATO Summit."]
    refusal = judge.refusal("He will attend a summit.", evidence)
    assert refusal is not None and "leaves out what the question asks about" in refusal
    assert judge.refusal("Kishida will attend a summit.", evidence) is None
