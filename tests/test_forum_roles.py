"""Forum roles as a source on the seeds: readers' replies and the opening post of 001.

A question that frames "one commenter" or "the opening post" as the speaker is answered
from those posts only; a follow-up that names no source keeps the source of the question
it follows.
"""

from __future__ import annotations

from jrqa.answer.answerer import Answerer
from jrqa.models import Answer

REPLIES = "readers' replies in the forum thread"
OPENING_POST = "the forum thread's opening post"


def _turns(*exchanges: tuple[str, Answer]) -> list[dict[str, str]]:
    history = []
    for question, answer in exchanges:
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer.text},
        ]
    return history


def test_a_question_asked_of_one_reply_is_answered_from_a_reply(answerer: Answerer) -> None:
    answer = answerer.ask("According to one commenter, which US ally pursues its own course?")
    assert not answer.abstained
    assert answer.restricted_to == REPLIES
    assert answer.passages and {passage.post for passage in answer.passages} == {"reply"}
    assert {citation.post for citation in answer.citations} == {"reply"}
    assert answer.text.startswith("A reply in the forum thread says: ")
    assert "France" in answer.text


def test_a_question_asked_of_the_opening_post_is_answered_from_it(answerer: Answerer) -> None:
    answer = answerer.ask("Who signed the Tokyo Declaration, according to the opening post?")
    assert not answer.abstained
    assert answer.restricted_to == OPENING_POST
    assert answer.passages and {passage.post for passage in answer.passages} == {"opening post"}
    assert "Hosokawa" in answer.text
    # the question typed is the one reported as searched, not the one without its framing
    assert answer.searched_query == answer.question


def test_replies_that_do_not_cover_the_question_refuse_by_role(answerer: Answerer) -> None:
    answer = answerer.ask("According to one reply, what did Shoigu say about missile defense?")
    assert answer.abstained and answer.citations == []
    assert answer.text.startswith("The articles don't cover this in what readers replied")
    assert {passage.post for passage in answer.passages} <= {"reply"}


def test_a_mention_of_the_thread_or_a_reply_as_a_verb_restricts_nothing(
    answerer: Answerer,
) -> None:
    assert answerer.scope("How did Russia reply to the sanctions?").restriction is None
    assert answerer.scope("Which outlet does the forum thread repost?").restriction is None


def test_a_follow_up_keeps_the_source_of_the_question_it_follows(answerer: Answerer) -> None:
    first = "According to one commenter, which US ally pursues its own course?"
    answered = answerer.ask(first)
    follow_up = answerer.ask("Which other ally did they mention?", _turns((first, answered)))
    assert follow_up.restricted_to == REPLIES
    assert {passage.post for passage in follow_up.passages} == {"reply"}
    # and through a follow-up to the follow-up
    second = "Which other ally did they mention?"
    third = answerer.ask("What else did they say?", _turns((first, answered), (second, follow_up)))
    assert third.restricted_to == REPLIES


def test_a_follow_up_keeps_a_named_outlet_too(answerer: Answerer) -> None:
    first = "What does Global Research argue about Japan's foreign policy?"
    answered = answerer.ask(first)
    assert answered.restricted_to == "Global Research"
    follow_up = answerer.ask("And what does it say about sanctions?", _turns((first, answered)))
    assert follow_up.restricted_to == "Global Research"
    assert {passage.outlet for passage in follow_up.passages} == {"Global Research"}


def test_a_stand_alone_question_after_a_viewpoint_question_is_asked_of_all(
    answerer: Answerer,
) -> None:
    first = "What does Global Research argue about Japan's foreign policy?"
    history = _turns((first, answerer.ask(first)))
    alone = answerer.ask("Who signed the Tokyo Declaration?", history)
    assert alone.restricted_to is None
    named = answerer.ask("What about The Japan News?", history)  # names a source of its own
    assert named.restricted_to != "Global Research"
