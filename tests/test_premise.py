"""A best sentence contradicting the question's premise is introduced as doing so."""

from __future__ import annotations

import pytest

from jrqa.answer.premise import CONTRADICTION_NOTE, contradicts_premise, question_premise
from jrqa.text.markers import CONTRADICTION_LEAD, answer_sentences
from jrqa.verify.support import check_support, citation_evidence

# Invented sentences, so that each case shows one piece of grammar and nothing else.
VISIT = "Berg visited Oslo in March, after the election."
NO_TREATY = "In fact, Oslo and Helsinki have never signed a proper border treaty to this day."


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        # A negated premise, and a sentence saying it happened.
        ("Why did Berg not visit Oslo?", VISIT),
        ("Why didn't Berg visit Oslo?", VISIT),
        ("How come Berg never visited Oslo?", VISIT),
        ("Why did Berg fail to visit Oslo?", VISIT),
        ("Why did Berg no longer visit Oslo after the election?", VISIT),
        (
            "Why did the spokesman say that Norway does not recognize the border treaty?",
            "Lind stated that Norway, as a party to the talks, recognized the border treaty.",
        ),
        (
            "Why didn't the Kingdom of Norway hold talks with Lind?",
            "Prime Minister Berg of the Kingdom of Norway held friendly talks with Lind.",
        ),
        ("Why didn't Berg meet Lind in Oslo?", "Berg met Lind twice in Oslo."),
        # An affirmative premise, and a sentence saying it did not happen.
        ("Why did Oslo and Helsinki sign a border treaty?", NO_TREATY),
        ("When did Helsinki and Oslo sign their border treaty?", NO_TREATY),
        (
            "Why did Norway ratify the fisheries agreement?",
            "Norway has not yet ratified the agreement on fisheries.",
        ),
        ("Why was Lind invited to the summit?", "Lind was not invited to the summit."),
        ("What made Berg cancel the visit?", "Berg did not cancel the visit."),
    ],
)
def test_a_sentence_saying_the_opposite_contradicts(question: str, sentence: str) -> None:
    assert contradicts_premise(question, sentence)


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        # Same polarity: the sentence answers the question as asked.
        ("Why did Berg visit Oslo?", VISIT),
        ("Why have Oslo and Helsinki never signed a border treaty?", NO_TREATY),
        ("Why didn't Norway ratify the agreement?", "Norway did not ratify the agreement."),
        # A negation in another clause, of another subject.
        (
            "Why did Berg attend the opening ceremony?",
            "Berg even attended the opening ceremony, when many foreign leaders refused to "
            "attend in protest.",
        ),
        (
            "Why did Norway sign the treaty?",
            "Norway signed the treaty, but Sweden did not sign it.",
        ),
        ("Why did Sweden sign the treaty?", "Norway did not sign the treaty that Sweden drafted."),
        # The names are not the subject: an object, or the owner of a noun.
        (
            "Why did Norway and Sweden improve their relations?",
            "Relations between Norway and Sweden have not improved.",
        ),
        ("Why didn't Berg schedule a visit?", "Berg’s scheduled visit to Oslo was postponed."),
        # Not a statement that it happened: an infinitive, a condition, undone by "until".
        ("Why won't Norway return the islands?", "Norway agreed to return two of the islands."),
        ("Why didn't Norway return the islands?", "Norway agreed to return two of the islands."),
        (
            "Why did Norway not return the islands?",
            "If Norway returned the islands, Sweden would sign.",
        ),
        ("Why did Norway sign the treaty?", "Norway did not sign the treaty until 1956."),
        # The same subject and verb, but of something else.
        ("Why hasn't Norway signed a peace treaty?", "Norway signed a trade agreement in 2013."),
        # Questions that take nothing for granted.
        ("Did Berg visit Oslo?", "Berg did not visit Oslo."),
        ("What does the article say about Berg and Oslo?", "Berg did not visit Oslo."),
        ("How many times did Berg visit Oslo?", "Berg did not visit Oslo."),
        ("Why would Berg visit Oslo?", "Berg did not visit Oslo."),
        ("Why is Berg unlikely to visit Oslo?", "Berg has not visited Oslo."),
        # A subject that is no name, or two negations: too loose to read.
        ("Why did the minister not visit Oslo?", "The minister visited Oslo."),
        ("Why didn't Berg refuse to visit Oslo?", "Berg visited Oslo."),
    ],
)
def test_no_contradiction_is_claimed(question: str, sentence: str) -> None:
    assert not contradicts_premise(question, sentence)


def test_only_presupposing_questions_have_a_premise() -> None:
    premise = question_premise("Why didn't Norway and the Kingdom of Sweden sign the deal?")
    assert premise is not None
    assert (premise.subject, premise.verb, premise.negated) == (
        ("norway", "sweden"),
        "sign",
        True,
    )
    assert question_premise("Did Japan sign the deal?") is None
    assert question_premise("Who signed the deal?") is None
    assert question_premise("Why did the government not sign the deal?") is None  # no name


def test_the_lead_is_the_answerers_not_the_passages() -> None:
    passage = "Berg visited Oslo in March."
    assert check_support(f"{CONTRADICTION_LEAD}{passage} [1]", [passage]).supported
    assert not check_support(f"Moscow strongly denies it: {passage} [1]", [passage]).supported


def test_answer_opens_by_saying_the_articles_contradict_the_question(answerer) -> None:
    answer = answerer.ask("Why didn't Putin send a telegram to Kishida?")
    assert answer.text.startswith(CONTRADICTION_LEAD)
    assert answer.note == CONTRADICTION_NOTE
    first = answer_sentences(answer.text)[0]
    assert "telegram" in first and first.endswith("[1]")
    assert answer.citations[0].quote in first
    assert check_support(first, [citation_evidence(answer.citations[0])]).supported


def test_answer_to_a_true_premise_is_unchanged(answerer) -> None:
    answer = answerer.ask("Why did Putin send a telegram to Kishida?")
    assert not answer.abstained
    assert "telegram" in answer.text
    assert not answer.text.startswith(CONTRADICTION_LEAD)
    assert answer.note == ""
