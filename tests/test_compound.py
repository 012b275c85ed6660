import pytest

from jrqa.answer.compound import question_parts


def test_a_second_question_after_and_is_split_off() -> None:
    assert question_parts(
        "Which word did the president use, and what share of the exports were cars?"
    ) == ("Which word did the president use?", "What share of the exports were cars?")


def test_a_second_question_may_open_with_a_preposition() -> None:
    assert question_parts(
        "What promise was broken, according to the analysis, and in what capacity did he go?"
    ) == ("What promise was broken, according to the analysis?", "In what capacity did he go?")


@pytest.mark.parametrize(
    "question",
    [
        "How did Moscow react to the sanctions, and why?",  # "and why" asks no question alone
        "Which product dominates the exports, and by how much?",
        "When did Abe and Putin meet?",  # "and" joins two names
        "How did trade grow from 2012 to 2013?",
        "What did the minister say and what did he mean",  # no comma: one question read whole
    ],
)
def test_one_question_is_not_split(question: str) -> None:
    assert question_parts(question) is None
