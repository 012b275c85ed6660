"""Which questions ask for one source's view, read from a catalogue of made-up names."""

from __future__ import annotations

import pytest

from jrqa.answer.composing import ABSTAIN_TEXT
from jrqa.answer.viewpoint import (
    SourceScope,
    find_viewpoint,
    source_refusal,
    source_scope,
    viewpoints_of_each,
)
from jrqa.errors import UnknownOutletError
from jrqa.index.sources import SourceCatalogue, SourceRestriction
from jrqa.models import Answer

CATALOGUE = SourceCatalogue.from_metadata(
    [
        {"outlet": "The Harbour Ledger", "authors": "Mira Okonkwo; Tomas Vell", "poster": ""},
        {"outlet": "Plainview Weekly", "authors": "Tomas Vell", "poster": ""},
        {"outlet": "ABC", "authors": "", "poster": ""},
        {"outlet": "", "authors": "", "poster": "quietowl"},
    ]
)


@pytest.mark.parametrize(
    ("question", "name", "asked"),
    [
        ("What does the Harbour Ledger argue about tariffs?", "The Harbour Ledger",
         "What does one argue about tariffs?"),
        ("what does harbour ledger say about tariffs?", "The Harbour Ledger",
         "What does one say about tariffs?"),
        ("According to Plainview Weekly, why did the port close?", "Plainview Weekly",
         "Why did the port close?"),
        ("Why did the port close, according to Plainview Weekly?", "Plainview Weekly",
         "Why did the port close?"),
        ("In Plainview Weekly's view, who is to blame?", "Plainview Weekly", "Who is to blame?"),
        ("What is the Harbour Ledger's position on the strike?", "The Harbour Ledger",
         "What is one's position on the strike?"),
        ("How is the strike described by Plainview Weekly?", "Plainview Weekly",
         "How is the strike described?"),
        ("What did an earlier Plainview Weekly article report about fares?", "Plainview Weekly",
         "What did one report about fares?"),
        ("What does Mira Okonkwo think about the port?", "Mira Okonkwo",
         "What does one think about the port?"),
        ("What does Okonkwo think about the port?", "Mira Okonkwo",
         "What does one think about the port?"),
        ("What does quietowl claim about fares?", "quietowl", "What does one claim about fares?"),
        ("What does ABC report about fares?", "ABC", "What does one report about fares?"),
    ],
)  # fmt: skip
def test_a_question_asking_a_sources_view_is_restricted_to_it(
    question: str, name: str, asked: str
) -> None:
    viewpoint = find_viewpoint(question, CATALOGUE)
    assert viewpoint is not None
    assert viewpoint.restriction.name == name
    assert viewpoint.asked == asked


@pytest.mark.parametrize(
    "question",
    [
        "Which articles come from the Harbour Ledger?",  # the outlet is the topic
        "What is Plainview Weekly?",
        "Who writes for the Harbour Ledger?",
        "Do the Harbour Ledger and Plainview Weekly agree about tariffs?",  # two sources
        "What did the mayor say about the port?",  # nobody of the corpus
        "What does the Harbour Times say about tariffs?",  # not an outlet of the corpus
        "Abcde says what about fares?",  # a name only as part of a longer word
        # one source beside another document, or in one half of a two-part question
        "What do the ferry article and Plainview Weekly say about fares?",
        "How do the Harbour Ledger report and the council's statement describe the strike?",
        "What did Plainview Weekly report about fares, and what did the council decide?",
    ],
)
def test_a_question_that_only_names_a_source_is_not_restricted(question: str) -> None:
    assert find_viewpoint(question, CATALOGUE) is None


def test_an_author_is_every_byline_that_names_them() -> None:
    viewpoint = find_viewpoint("What does Tomas Vell argue about fares?", CATALOGUE)
    assert viewpoint is not None
    restriction = viewpoint.restriction
    assert restriction.role == "author"
    assert restriction.admits({"authors": "Tomas Vell"})
    assert restriction.admits({"authors": "Mira Okonkwo; Tomas Vell"})
    assert not restriction.admits({"authors": "Mira Okonkwo"})


def test_an_explicit_outlet_is_matched_without_case_or_the() -> None:
    scope = source_scope("Why did the port close?", CATALOGUE, "harbour ledger")
    assert scope.restriction is not None
    assert scope.restriction.name == "The Harbour Ledger"
    assert scope.asked == "Why did the port close?"


def test_an_unknown_outlet_lists_the_known_ones() -> None:
    with pytest.raises(UnknownOutletError) as raised:
        source_scope("Why did the port close?", CATALOGUE, "Daily Nowhere")
    message = str(raised.value)
    assert "Daily Nowhere" in message
    for outlet in ("ABC", "The Harbour Ledger", "Plainview Weekly"):
        assert outlet in message


def test_a_refusal_names_the_source_and_starts_as_every_refusal() -> None:
    outlet = SourceRestriction("Plainview Weekly", "outlet", ("Plainview Weekly",))
    refusal = source_refusal(outlet)
    assert refusal.startswith("The articles don't cover this")
    assert "Plainview Weekly" in refusal
    refused = Answer(question="Q?", text=ABSTAIN_TEXT, abstained=True, searched_query="Q?")
    finished = SourceScope("Q?", outlet).finish(refused)
    assert finished.text == refusal
    assert finished.restricted_to == "Plainview Weekly"


def test_the_question_typed_is_reported_as_searched() -> None:
    outlet = SourceRestriction("ABC", "outlet", ("ABC",))
    asked = "What does one report about fares?"
    answer = Answer(question="What does ABC report about fares?", text="x", searched_query=asked)
    finished = SourceScope(asked, outlet).finish(answer)
    assert finished.searched_query == "What does ABC report about fares?"
    assert SourceScope("Q?").finish(answer) == answer  # the whole corpus: nothing changes


# A corpus with a forum thread: an opening post reposting an outlet's article, and replies.
FORUM = SourceCatalogue.from_metadata(
    [
        {"outlet": "Plainview Weekly", "authors": "Tomas Vell", "post": ""},
        {"outlet": "The Harbour Ledger", "post": "opening post", "poster": "quietowl"},
        {"outlet": "", "post": "reply", "poster": ""},
    ]
)
REPLIES = "readers' replies in the forum thread"
OPENING_POST = "the forum thread's opening post"
THREAD = "the forum thread"


@pytest.mark.parametrize(
    ("question", "name", "asked"),
    [
        ("What did one commenter claim about the ferry fares?", REPLIES,
         "What did one claim about the ferry fares?"),
        ("According to one reply, why did the port close?", REPLIES, "Why did the port close?"),
        ("Why did the port close, according to a forum reply?", REPLIES,
         "Why did the port close?"),
        ("What did a forum poster call the new bridge?", REPLIES,
         "What did one call the new bridge?"),
        ("What does a reader in the thread say about the strike?", REPLIES,
         "What does one say about the strike?"),
        ("In the forum thread, what did one reply say about the mayor?", REPLIES,
         "What did one say about the mayor?"),
        # the opening post as a topic does not make a second source
        ("What did one reply object about the opening post's figures?", REPLIES,
         "What did one object about the opening post's figures?"),
        ("What does the opening post say about the tunnel?", OPENING_POST,
         "What does one say about the tunnel?"),
        ("According to the original post, when did the port close?", OPENING_POST,
         "When did the port close?"),
        # the starter's later posts are unattributed replies: the whole thread is asked
        ("How did the thread starter describe the harbour?", THREAD,
         "How did one describe the harbour?"),
        ("What did the original poster say about tolls?", THREAD, "What did one say about tolls?"),
    ],
)  # fmt: skip
def test_a_forum_role_framed_as_the_speaker_is_a_source(
    question: str, name: str, asked: str
) -> None:
    viewpoint = find_viewpoint(question, FORUM)
    assert viewpoint is not None
    assert viewpoint.restriction.name == name
    assert viewpoint.restriction.key == "post"
    assert viewpoint.asked == asked


@pytest.mark.parametrize(
    "question",
    [
        "How did the council reply to the strike?",  # "reply" as a verb
        "Did the mayor send a reply to the union?",  # a reply, but not a forum post's
        "What is the forum thread about?",  # the thread as a topic
        "Which outlet does the forum thread repost?",
        "How many replies does the thread have?",
        "What did the replies and the opening post say about tolls?",  # two roles joined
        "What did one reply say about the Plainview Weekly report?",  # a named source too
        "What did some members say about the strike?",  # members of anything
        "What did that poster say about tolls?",  # refers back: a follow-up, not a role
    ],
)
def test_a_question_that_only_mentions_the_forum_is_not_restricted(question: str) -> None:
    assert find_viewpoint(question, FORUM) is None


def test_a_forum_role_is_a_source_only_where_the_corpus_has_such_posts() -> None:
    assert find_viewpoint("What did one commenter claim about fares?", CATALOGUE) is None
    only_replies = SourceCatalogue.from_metadata([{"post": "reply"}])
    assert find_viewpoint("What does the opening post say about fares?", only_replies) is None
    starter = find_viewpoint("What did the thread starter say about fares?", only_replies)
    assert starter is not None and starter.restriction.values == ("reply",)


def test_a_forum_role_restricts_by_the_post_key() -> None:
    viewpoint = find_viewpoint("According to one reply, why did the port close?", FORUM)
    assert viewpoint is not None
    restriction = viewpoint.restriction
    assert restriction.admits({"post": "reply"})
    assert not restriction.admits({"post": "opening post"})
    assert not restriction.admits({"outlet": "Plainview Weekly", "post": ""})


@pytest.mark.parametrize(
    ("name", "says"),
    [
        (REPLIES, "cover this in what readers replied in the forum thread"),
        (OPENING_POST, "cover this in the forum thread's opening post"),
        (THREAD, "cover this in what was posted in the forum thread"),
    ],
)
def test_a_refusal_names_the_forum_role_sensibly(name: str, says: str) -> None:
    restriction = next(
        viewpoint.restriction
        for question in (
            "According to one reply, why?",
            "According to the opening post, why?",
            "According to the thread starter, why?",
        )
        if (viewpoint := find_viewpoint(question, FORUM)) and viewpoint.restriction.name == name
    )
    refusal = source_refusal(restriction)
    assert refusal.startswith("The articles don't cover this")
    assert says in refusal


def test_a_follow_up_naming_no_source_keeps_the_earlier_one() -> None:
    earlier = SourceRestriction("Plainview Weekly", "outlet", ("Plainview Weekly",))
    kept = source_scope("What else did it say?", FORUM, None, earlier)
    assert kept.restriction == earlier and kept.asked == "What else did it say?"
    # a source of its own, framed or not, replaces the earlier one
    assert source_scope("What about the Harbour Ledger?", FORUM, None, earlier).restriction is None
    own = source_scope("What did one commenter say about it?", FORUM, None, earlier)
    assert own.restriction is not None and own.restriction.name == REPLIES


@pytest.mark.parametrize(
    ("question", "names", "asked"),
    [
        ("What do the Harbour Ledger and Plainview Weekly say about tariffs?",
         ["The Harbour Ledger", "Plainview Weekly"], "What does one say about tariffs?"),
        ("How do the Plainview Weekly piece and quietowl describe the strike?",
         ["Plainview Weekly", "quietowl"], "How does one describe the strike?"),
        ("According to ABC or the Harbour Ledger, why did the port close?",
         ["ABC", "The Harbour Ledger"], "Why did the port close?"),
    ],
)  # fmt: skip
def test_sources_asked_side_by_side_are_each_asked_alone(
    question: str, names: list[str], asked: str
) -> None:
    each = viewpoints_of_each(question, CATALOGUE)
    assert [viewpoint.restriction.name for viewpoint in each] == names
    assert {viewpoint.asked for viewpoint in each} == {asked}


@pytest.mark.parametrize(
    "question",
    [
        "What does the Harbour Ledger say about tariffs?",  # one source: find_viewpoint's
        "Which articles come from ABC and Plainview Weekly?",  # names only, no one saying
        "Did the Harbour Ledger report the strike before Plainview Weekly did?",  # not joined
        "What do the Harbour Ledger and the port authority say about tariffs?",  # one known
    ],
)
def test_other_questions_are_not_split_by_source(question: str) -> None:
    assert viewpoints_of_each(question, CATALOGUE) == []
