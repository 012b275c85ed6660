"""The gate: a typed answer must lead from a sentence about as relevant as the best one."""

from __future__ import annotations

from llama_index.core.schema import NodeWithScore, TextNode

from jrqa.answer.gate import Margins, assess_lead, assess_support
from jrqa.answer.question import analyse_question
from jrqa.retrieve.sentences import QuotedSentence

_MARGINS = Margins(answer=0.2, lead=0.1)
_MIN_RELEVANCE = 0.4


def _sentence(text: str, relevance: float, *, fits: bool, coverage: float = 0.3) -> QuotedSentence:
    node = TextNode(text=text, metadata={"source": "a.txt", "start": 0})
    hit = NodeWithScore(node=node, score=1.0)
    return QuotedSentence(
        text=text,
        start=0,
        end=len(text),
        hit=hit,
        score=relevance,
        relevance=relevance,
        fits=fits,
        coverage=coverage,
    )


# The best sentence speaks of the asked event but holds no date; the one that holds a
# date scores well below it.
_ABOUT_IT = _sentence(
    "The ministry later revoked the licence of the trading firm.", 0.60, fits=False, coverage=0.6
)
_DATE_OF_ANOTHER = _sentence(
    "On March 3, 2004, the firm opened an office in Osaka.", 0.45, fits=True, coverage=0.2
)


def test_a_date_far_below_the_best_sentence_does_not_answer_when() -> None:
    needs = analyse_question("When did the ministry revoke the firm's licence?")
    assessment = assess_lead(
        needs, [_ABOUT_IT, _DATE_OF_ANOTHER], frozenset(), _MIN_RELEVANCE, _MARGINS
    )
    assert not assessment.supported


def test_a_date_close_to_the_best_sentence_answers() -> None:
    close = _sentence("On March 3, 2004, the ministry revoked the firm's licence.", 0.55, fits=True)
    needs = analyse_question("When did the ministry revoke the firm's licence?")
    assessment = assess_lead(needs, [_ABOUT_IT, close], frozenset(), _MIN_RELEVANCE, _MARGINS)
    assert assessment.supported


def test_a_date_below_the_lead_margin_answers_when_worded_as_the_question() -> None:
    # Holding as much of the question's wording as the best sentence, it speaks of the
    # asked event; its meaning scores lower only because it says more besides.
    worded = _sentence(
        "Since the ministry revoked the firm's licence in March 2004, exports have fallen.",
        0.45,
        fits=True,
        coverage=0.6,
    )
    needs = analyse_question("When did the ministry revoke the firm's licence?")
    assessment = assess_lead(needs, [_ABOUT_IT, worded], frozenset(), _MIN_RELEVANCE, _MARGINS)
    assert assessment.supported


def test_a_date_worded_as_the_question_must_still_be_within_the_answer_margin() -> None:
    far = _sentence(
        "The ministry revoked the firm's licence in March 2004.", 0.35, fits=True, coverage=0.6
    )
    needs = analyse_question("When did the ministry revoke the firm's licence?")
    assessment = assess_lead(needs, [_ABOUT_IT, far], frozenset(), 0.3, _MARGINS)
    assert not assessment.supported


def test_an_untyped_question_keeps_the_wider_margin() -> None:
    needs = analyse_question("What did the ministry do about the firm?")
    assert needs.answer_type == "any"
    assessment = assess_lead(
        needs, [_ABOUT_IT, _DATE_OF_ANOTHER], frozenset(), _MIN_RELEVANCE, _MARGINS
    )
    assert assessment.supported


def test_in_a_follow_up_the_earlier_answer_is_no_rival() -> None:
    # The search holds the earlier question too, so the sentence already quoted for it
    # scores best; the date is measured against the best sentence not said before.
    earlier = _sentence(
        "The ministry revoked the licence of the trading firm in Osaka.",
        0.62,
        fits=False,
        coverage=0.5,
    )
    dated = _sentence(
        "The revocation took effect on March 3, 2004, the ministry said.",
        0.47,
        fits=True,
        coverage=0.2,
    )
    other = _sentence("The trading firm had exported machinery for a decade.", 0.50, fits=False)
    needs = analyse_question("When was that?")
    said = frozenset({f"{earlier.text} [1]"})
    scored = [earlier, other, dated]
    assert assess_lead(needs, scored, said, _MIN_RELEVANCE, _MARGINS).supported
    assert not assess_lead(needs, scored, frozenset(), _MIN_RELEVANCE, _MARGINS).supported


def test_rivals_set_the_best_relevance_the_margin_counts_from() -> None:
    scored = [_ABOUT_IT, _DATE_OF_ANOTHER]
    assert not assess_support(scored, _MIN_RELEVANCE, 0.1).supported
    assert assess_support(scored, _MIN_RELEVANCE, 0.1, rivals=[_DATE_OF_ANOTHER]).supported
