"""Questions asking what someone said are answered only from that speaker's own words."""

from __future__ import annotations

import pytest
from llama_index.core.schema import NodeWithScore, TextNode

from jrqa.answer.fitting import heard_from_speaker
from jrqa.answer.question import analyse_question
from jrqa.retrieve.sentences import QuotedSentence


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("What did Ivan Petrov say about the ferry?", "Petrov"),
        ("What does Petrov himself think of the treaty?", "Petrov"),
        ("What did the Nemuro Herald argue?", "Herald"),
        ("What did Petrov angrily claim?", "Petrov"),
        ("What did the Japanese prime minister say about it?", None),  # a role, not a name
        ("What did the head of the port authority say?", None),
        ("What did he say about it?", None),
        ("What did one reader claim about the ferry?", None),  # the reply says it all
        ("What does the article argue about the ferry?", None),
        ("What did the poster who calls himself a sailor say?", None),
        ("What did Petrov sign in May?", None),  # not a question about words
        # "make of" asks for a view; "claim" after it is a noun, not the reporting verb.
        ("What does Petrov make of the port's claim that it was never sold?", "Petrov"),
        ("What does one make of the agency's claim about the catch?", None),
        # A body or a document speaks under its own noun.
        ("What did the Korean fisheries agency say about it?", "agency"),
        ("What did the ferry company's annual plan say about winter?", "plan"),
    ],
)
def test_the_speaker_is_the_head_of_the_subject(question: str, speaker: str | None) -> None:
    assert analyse_question(question).speaker == speaker


def test_a_body_asked_about_must_be_the_one_speaking() -> None:
    needs = analyse_question("What did the fisheries agency say about the catch?")
    assert needs.speaker_speaks("The fisheries agency said the catch had doubled.")
    assert not needs.speaker_speaks("The catch doubled, a reader of the Nemuro Herald said.")


@pytest.mark.parametrize(
    "context",
    [
        "Petrov said the ferry would run again.",
        "Ivan Petrov, the mayor of the island town, stated that the ferry would run.",
        "“The ferry will run,” said Petrov.",
        "According to Petrov, the ferry will run.",
    ],
)
def test_a_speaker_speaks_when_a_reporting_verb_is_theirs(context: str) -> None:
    assert analyse_question("What did Petrov say about the ferry?").speaker_speaks(context)


@pytest.mark.parametrize(
    "context",
    [
        "The ferry deal was signed by Petrov and Sato in May.",
        "While Petrov was visiting the island with Sato, Sato stated the ferry would run.",
    ],
)
def test_a_speaker_merely_named_does_not_speak(context: str) -> None:
    assert not analyse_question("What did Petrov say about the ferry?").speaker_speaks(context)


def test_an_author_speaks_in_all_of_their_article() -> None:
    needs = analyse_question("What does Petrov argue about the ferry?")
    assert needs.speaker_speaks(
        "The ferry should run all year.", authors="Nemuro Herald Ivan Petrov"
    )


def _candidate(text: str, authors: str = "") -> QuotedSentence:
    node = TextNode(text=text, metadata={"source": "a.txt", "start": 0, "authors": authors})
    return QuotedSentence(
        text=text,
        start=0,
        end=len(text),
        hit=NodeWithScore(node=node, score=1.0),
        score=0.7,
        relevance=0.7,
        window=text,
    )


def test_no_sentence_fits_when_the_speaker_never_speaks() -> None:
    needs = analyse_question("What did Petrov say about the ferry?")
    mentioned = _candidate("The ferry deal was signed by Petrov and Sato in May.")
    judged = heard_from_speaker([mentioned], needs, min_relevance=0.5, margin=0.1)
    assert [sentence.fits for sentence in judged] == [False]


def test_the_answer_keeps_the_sentences_around_the_speakers_words() -> None:
    needs = analyse_question("What did Petrov say about the ferry?")
    spoken = _candidate("Petrov said the ferry would run again in spring.")
    context = _candidate("The ferry links the island with Hokkaido every day.")
    judged = heard_from_speaker([spoken, context], needs, min_relevance=0.5, margin=0.1)
    assert [sentence.fits for sentence in judged] == [True, True]


def test_the_speaker_must_speak_of_something_the_question_names() -> None:
    needs = analyse_question("What did Ivan Petrov say about the Kuril ferry?")
    assert needs.topic == ("Kuril",)
    elsewhere = _candidate("Ivan Petrov said the Sakhalin port would close in winter.")
    judged = heard_from_speaker([elsewhere], needs, min_relevance=0.5, margin=0.1)
    assert [sentence.fits for sentence in judged] == [False]
    on_topic = _candidate("Ivan Petrov said the Kuril route would close in winter.")
    judged = heard_from_speaker([on_topic], needs, min_relevance=0.5, margin=0.1)
    assert [sentence.fits for sentence in judged] == [True]


def test_where_or_when_the_words_were_said_is_not_what_they_were_about() -> None:
    needs = analyse_question("What did Ivan Petrov say about the Kuril ferry at the Sapporo forum?")
    assert needs.topic == ("Kuril",)
    # Speaking at the forum of something else is not speaking of the ferry.
    setting = _candidate("Ivan Petrov said at the Sapporo forum that the port would close.")
    judged = heard_from_speaker([setting], needs, min_relevance=0.5, margin=0.1)
    assert [sentence.fits for sentence in judged] == [False]
    # With no "about", every name outside the speaker's is what was asked of.
    assert analyse_question("What did Ivan Petrov say at the Sapporo forum?").topic == ("Sapporo",)


def test_a_document_speaks_by_what_it_lays_down() -> None:
    needs = analyse_question("What did the 1999 ferry pact say about fees?")
    assert needs.speaker == "pact"
    assert needs.speaker_speaks("The 1999 ferry pact, signed in Nemuro, stipulates that fees fall.")
    assert not needs.speaker_speaks("The 1999 ferry pact was signed in Nemuro; fees fell.")


def test_who_said_is_answered_by_a_speaker_named_by_surname_alone() -> None:
    needs = analyse_question("Who said the ferry route must reopen?")
    assert needs.asks_speaker
    assert needs.answer_values("Petrov said, “The ferry route must reopen.”") == ["Petrov"]
    assert needs.answer_values("“The route must reopen,” said Orlov.") == ["Orlov"]
    # A surname that only acts is no speaker; a question asking who acted wants a full name.
    assert not needs.has_answer_type("Petrov reopened the ferry route.")
    assert not analyse_question("Who reopened the ferry route?").asks_speaker


def test_referring_to_something_is_speaking_of_it() -> None:
    needs = analyse_question("What did Petrov say about the ferry?")
    assert needs.speaker_speaks("In his speech, Petrov referred to the ferry twice.")


def test_a_body_reporting_is_no_speaker_named_by_surname() -> None:
    needs = analyse_question("Who praised the ferry pact?")
    assert not needs.has_answer_type("The Russian Federation praised the ferry pact.")
