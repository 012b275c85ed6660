"""The answer-type and anchor checks behind abstention, on made-up questions and sentences."""

import pytest

from jrqa.answer.question import analyse_question, is_compound, person_names


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many troops are stationed there?", "quantity"),
        ("What is the population of Nemuro?", "quantity"),
        ("When did the talks resume?", "date"),
        ("In what year was the pact signed?", "date"),
        ("Who signed the declaration?", "person"),
        ("Why did the talks stall?", "any"),
    ],
)
def test_answer_type_follows_the_question_word(question: str, expected: str) -> None:
    assert analyse_question(question).answer_type == expected


def test_a_quantity_answer_needs_a_number_the_question_did_not_give() -> None:
    needs = analyse_question("How many people live on the four islands?")
    assert not needs.has_answer_type("The four islands lie off Hokkaido.")
    assert needs.has_answer_type("About 17,000 people live on the four islands.")


def test_years_are_dates_not_amounts() -> None:
    needs = analyse_question("How many ships took part?")
    assert not needs.has_answer_type("The exercise has been held every year since 2016.")
    assert needs.has_answer_type("Twelve ships took part in the exercise.")


def test_a_date_answer_needs_a_year_or_month() -> None:
    needs = analyse_question("When did the ferry service start?")
    assert needs.has_answer_type("The ferry started running in May.")
    assert not needs.has_answer_type("The ferry links Wakkanai and Korsakov.")


def test_a_who_answer_needs_a_person_shaped_name_not_in_the_question() -> None:
    needs = analyse_question("Who is Japan's ambassador to Russia?")
    assert not needs.has_answer_type("Alongside Japan and China, Russia is a major power.")
    assert needs.has_answer_type("The embassy is led by Ambassador Taro Yamada.")
    assert person_names("Then Boris Yeltsin and Morihiro Hosokawa signed.") == [
        "Boris Yeltsin",
        "Morihiro Hosokawa",
    ]


def test_anchors_are_names_and_numbers_not_sentence_starts() -> None:
    needs = analyse_question(
        "Actually, what did President Biden say in 2021 about Russo-Japanese ties?"
    )
    assert set(needs.anchors) == {"President", "Biden", "2021", "Russo", "Japanese"}


def test_missing_anchors_tolerate_one_typo_but_not_another_name() -> None:
    needs = analyse_question("What was agreed in the Irkutsk Statement?")
    assert needs.missing_anchors("the Irkutsuk Statement signed in March 2001") == []
    needs = analyse_question("What did Biden say about the summit?")
    assert needs.missing_anchors("Kishida said he would attend the summit.") == ["Biden"]


def test_a_year_in_the_question_must_be_near_the_answer() -> None:
    needs = analyse_question("What was Russia's GDP in 2021?")
    assert not needs.in_years_asked("Tokyo will raise defense spending to 2% of its GDP.")
    assert needs.in_years_asked("In 2021 the economy grew by 4.7%.")


def test_compound_questions_drop_single_sentence_constraints() -> None:
    question = "When was the first meeting, and which minister voiced concern?"
    assert is_compound(question)
    needs = analyse_question(question)
    assert needs.answer_type == "any"
    assert not is_compound("When was the first meeting?")
