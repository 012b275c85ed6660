"""Follow-up detection: a question leans on the conversation only when it lacks a referent."""

import pytest
from llama_index.core.schema import NodeWithScore, TextNode

from jrqa.answer.followup import (
    asks_for_more,
    in_time_referred,
    needs_context,
    referred_names,
    rewrite_question,
    without_label,
)
from jrqa.answer.question import analyse_question
from jrqa.answer.selecting import select_sentences
from jrqa.index.chunk_metadata import ChunkProvenance
from jrqa.retrieve.sentences import QuotedSentence
from jrqa.text.terms import TermStats

EARLIER = "Who met Putin in Milan? Abe sat with Putin at the summit in Milan."


@pytest.mark.parametrize(
    "question",
    [
        "What did he say about it?",  # pronouns with nothing of their own to point at
        "What did Putin say when it ended?",  # no noun phrase before "when it"
        "What did the paper suggest after it?",  # "it" after a preposition
        "What happened there in 2015?",  # a place pointed at
        "Where did they sit together that October?",  # a demonstrative month
        "What did that poster call the islands?",  # a demonstrative noun phrase
        "Which agreement did the same poster mention?",
        "What else did Putin say?",
        "What has changed since then?",
        "And in 2014?",  # an ellipsis
        "What about Japan?",
        "Did Putin accept it?",  # every name it has came up in the previous turn
        "And what does China want from Japan instead?",  # compared with what was said
        "Did Putin attend the summit in Milan too?",  # every name came up before
        "What's that minister's background?",  # a contracted question word
        "How could Tokyo gain from Moscow, according to it?",  # the source named earlier
        "Who was the Japanese prime minister at the time?",  # the time asked about before
        "When was it signed?",  # the subject of a passive
        "What did the ministry demand in return?",  # in return for what was said before
        "Which leader went anyway?",
        "And the other way round?",
        "What's on the agenda at that one?",  # a thing of a kind named earlier
    ],
)
def test_questions_lacking_a_referent_need_the_conversation(question: str) -> None:
    assert needs_context(question, EARLIER)


@pytest.mark.parametrize(
    "question",
    [
        # "and" joins two parts of one question; it refers to nothing earlier.
        "Which areas does the analysis list for trade and investment between the two?",
        "When was the Tokyo Declaration signed and by whom?",
        # Existential "there" and a "that" opening a reported clause point at nothing.
        "Is there a peace treaty between Japan and Russia?",
        # "The same …" saying what it is the same as.
        "How did exports in May compare with the same month a year earlier?",
        "Did Lavrov say that Russia recognized the 1956 declaration?",
        # A personal pronoun next to a name the previous turn never mentioned.
        "Which summit did Kishida say he would attend?",
        "Switching topic: which summit will Kishida attend?",
        # A relative "that", a "that" before a name, a time of its own, a pronoun of the
        # question's own subject or name.
        "Does Putin have the clout to push through a deal that gives up territory?",
        "Which talks did a poster cite as proof that Japan does not follow the US?",
        "Is it going to rain in Vladivostok this weekend?",
        "How did the forum user describe their own background?",
        "When did Russia say it would settle with Japan?",
        # A clause's subject standing for a noun phrase of the question's main clause.
        "What did the outlet propose doing with the border row so it stops hurting trade?",
        # What "instead" compares with is in the question's own first clause.
        "After the talks failed in 2010, what did Tokyo focus on instead?",
        # Compared with the conversation, but naming its own subject: searched as typed.
        "Did Kishida attend the summit in Milan too?",
        "Why does the ministry say the deal makes sense for Russia too?",
        # What it responds to is its own.
        "What did the ministry demand in response to the sanctions on Russian banks?",
        "Of the two summits, why did the other one with China matter more?",
        # A plural pronoun after two parties of the question's own stands for them.
        "What in the tsar's navy put Japan's coast at risk before their war?",
    ],
)
def test_stand_alone_questions_do_not(question: str) -> None:
    assert not needs_context(question, EARLIER)


@pytest.mark.parametrize(
    "question",
    [
        # A possessive agreeing with a name the question gives, even one the earlier
        # turn also mentioned.
        "Why must Japan keep its coast guard on alert?",
        "What did Putin say about his visit to Tokyo?",
        # A "that" in the question's second clause points at its first.
        "How did fishing quotas change, and what did that mean for Japan?",
    ],
)
def test_a_reference_inside_the_question_is_not_to_the_conversation(question: str) -> None:
    earlier = "Which ships left for the Sea of Japan? Putin's Russia sent the Varyag."
    assert not needs_context(question, earlier)
    assert needs_context("What did Japan say about it?", earlier)


def test_a_name_in_a_possessive_or_a_hyphenated_word_was_named_before() -> None:
    earlier = "What caused the Russo-Japanese War? Russia threatened Japan’s security."
    assert needs_context("When did Japan win it?", earlier)
    assert not needs_context("When did Korea win it?", earlier)


def test_a_state_is_named_by_its_seat_and_owns_no_his() -> None:
    earlier = "What did Japan offer Russia? Japan offered joint projects on the islands."
    # "Tokyo" names the state the earlier turn named: "it" still points back.
    assert needs_context("Did Tokyo ever withdraw it?", earlier)
    assert not needs_context("Did Beijing ever withdraw it?", earlier)
    # A state owns "its", not "his": the person is the one named earlier.
    assert needs_context("What did Moscow say about his proposal?", earlier)
    assert not needs_context("What did Moscow say about its proposal?", earlier)
    # A person, or a person's standing, does own "his".
    assert not needs_context("What did Lavrov say about his proposal?", earlier)
    assert not needs_context("What did the Russian minister say about his proposal?", earlier)


def test_the_united_states_is_named_by_its_abbreviation_and_its_seat_alike() -> None:
    earlier = "What does the poster say Japan needs US support for? Japan needs US support."
    # "Washington" is the US the earlier turn named: "he" still points back.
    assert needs_context("How often does he say Japan says no to Washington?", earlier)
    assert not needs_context("How often does he say Japan says no to Beijing?", earlier)


def test_a_stand_alone_question_mid_chat_is_searched_as_typed() -> None:
    history = [
        {"role": "user", "content": "Who met Putin in Milan?"},
        {"role": "assistant", "content": "Abe sat with Putin at the summit in Milan. [1]"},
    ]
    question = "When was the Tokyo Declaration signed and by whom?"
    assert rewrite_question(question, history) == question
    follow_up = rewrite_question("What did they discuss there?", history)
    assert follow_up.startswith("What did they discuss there?")
    assert "Milan" in follow_up


def test_a_chain_of_follow_ups_is_searched_as_one_flat_line() -> None:
    history = [
        {"role": "user", "content": "Who met Putin in Milan?"},
        {"role": "assistant", "content": "Shinzo Abe sat with Putin in Milan. [1]"},
        {"role": "user", "content": "What did they discuss there?"},
        {"role": "assistant", "content": "They discussed the Sochi visit. [1]"},
    ]
    searched = rewrite_question("When did he say that?", history)
    assert searched == (
        "When did he say that? (What did they discuss there? — Sochi; "
        "Who met Putin in Milan? — Shinzo Abe)"
    )
    assert searched.count("(") == 1


def test_a_follow_up_leans_on_the_two_questions_before_it_not_on_older_ones() -> None:
    history = [
        {"role": "user", "content": "Who met Putin in Milan?"},
        {"role": "assistant", "content": "Shinzo Abe sat with Putin in Milan. [1]"},
        {"role": "user", "content": "What did they discuss there?"},
        {"role": "assistant", "content": "They discussed the Sochi visit. [1]"},
        {"role": "user", "content": "When did he say that?"},
        {"role": "assistant", "content": "He said it in October. [1]"},
    ]
    searched = rewrite_question("Where was he then?", history)
    assert searched.startswith("Where was he then? (When did he say that?")
    assert "What did they discuss there?" in searched
    assert "Milan" not in searched


def test_after_a_refused_follow_up_the_next_leans_on_what_that_one_referred_to() -> None:
    history = [
        {"role": "user", "content": "Who met Putin in Milan?"},
        {"role": "assistant", "content": "Shinzo Abe sat with Putin in Milan. [1]"},
        {"role": "user", "content": "Who else was at that dinner?"},
        {"role": "assistant", "content": "The articles don't cover this, so I can't answer."},
    ]
    searched = rewrite_question("When did he say that?", history)
    assert searched == "When did he say that? (Who met Putin in Milan? — Shinzo Abe)"
    answered = [*history[:3], {"role": "assistant", "content": "Yoshiro Mori was there. [1]"}]
    assert "Who else was at that dinner?" in rewrite_question("When did he say that?", answered)


@pytest.mark.parametrize(
    ("asked", "answered", "follow_up", "carried", "not_carried"),
    [
        # An answer opening with a connective adds only its names.
        (
            "Which region does the article call volatile?",
            "Likewise, the Korean Peninsula is volatile. [1]",
            "How is Russia seen there?",
            "Korean Peninsula",
            "Likewise",
        ),
        # An abstention carries no topic into the next search; the question still does.
        (
            "What did Putin say in Milan?",
            "The articles don't cover this, so I can't answer.",
            "What did he say there?",
            "Milan",
            "cover",
        ),
    ],
)
def test_a_follow_up_carries_the_names_of_the_last_turn_not_its_wording(
    asked: str, answered: str, follow_up: str, carried: str, not_carried: str
) -> None:
    history = [{"role": "user", "content": asked}, {"role": "assistant", "content": answered}]
    searched = rewrite_question(follow_up, history)
    assert carried in searched
    assert not_carried not in searched


@pytest.mark.parametrize(
    ("question", "more"),
    [
        ("What else did he say?", True),
        ("Which other countries joined?", True),
        ("When did those calls happen?", False),
        ("How is Russia perceived there?", False),
    ],
)
def test_asking_for_more(question: str, more: bool) -> None:
    assert asks_for_more(question) is more


def test_a_reply_is_described_as_a_forum_reply_by_its_poster() -> None:
    reply = ChunkProvenance(kind="forum", post="reply", poster="Aepsilons", outlet="Forum")
    words = reply.described_as().lower().split()
    assert {"forum", "thread", "reply", "commenter", "aepsilons"} <= set(words)
    assert "article" not in words
    opinion = ChunkProvenance(kind="opinion", outlet="Global Research", authors=("Uriel Araujo",))
    described = opinion.described_as()
    assert "Global Research" in described and "Uriel Araujo" in described
    assert "reply" not in described


def _sentence(text: str, start: int, score: float, source: str = "a.txt") -> QuotedSentence:
    hit = NodeWithScore(node=TextNode(text=text, metadata={"source": source}), score=1.0)
    return QuotedSentence(text, start, start + len(text), hit, score, relevance=score)


def test_an_answer_opening_with_this_brings_the_sentence_it_points_back_to() -> None:
    cause = _sentence("The minister recognised the old declaration.", 0, 0.4)
    effect = _sentence("This raised hopes that the islands would return.", 45, 0.8)
    other = _sentence("This raised hopes elsewhere too.", 45, 0.3, source="b.txt")
    stats = TermStats.from_texts([cause.text, effect.text])
    chosen = select_sentences("What raised hopes?", [effect], stats, 3, [effect, cause, other])
    assert [sentence.text for sentence in chosen] == [cause.text, effect.text]
    # A sentence that names what it is about stands alone.
    plain = _sentence("Hopes rose that the islands would return.", 45, 0.8)
    alone = select_sentences("What raised hopes?", [plain], stats, 3, [plain, cause, other])
    assert [sentence.text for sentence in alone] == [plain.text]


def test_asked_what_someone_said_the_sentence_giving_their_words_follows() -> None:
    sent = _sentence("Minister Sato sent a letter to the new premier.", 0, 0.8)
    words = _sentence("Sato said, “Our ties will grow in every field.”", 48, 0.3)
    stats = TermStats.from_texts([sent.text, words.text])
    for question in ("What did Sato say in the letter?", "What did he write in it?"):
        chosen = select_sentences(question, [sent], stats, 3, [sent, words])
        assert [sentence.text for sentence in chosen] == [sent.text, words.text]
    # Asked when the letter was sent, not what it said: the words are not what is asked.
    chosen = select_sentences("When did Sato send the letter?", [sent], stats, 3, [sent, words])
    assert chosen == [sent]


def test_a_quotation_left_open_is_quoted_to_where_it_ends() -> None:
    opened = _sentence("The minister said, “We must take a step forward.", 0, 0.8)
    goes_on = _sentence("We do not have to win outright.", 49, 0.3)
    ends = _sentence("A draw is an acceptable compromise.”", 81, 0.2)
    after = _sentence("The talks then ended for the day.", 118, 0.2)
    every = [opened, goes_on, ends, after]
    stats = TermStats.from_texts([sentence.text for sentence in every])
    chosen = select_sentences("What did the minister say?", [opened], stats, 3, every)
    assert [sentence.text for sentence in chosen] == [opened.text, goes_on.text, ends.text]
    # A quotation closed in its own sentence needs nothing after it.
    closed = _sentence("The minister said, “We must take a step forward.”", 0, 0.8)
    alone = select_sentences("What did the minister say?", [closed], stats, 3, [closed, after])
    assert alone == [closed]


def test_a_cause_asked_of_an_outcome_brings_the_sentence_before_it() -> None:
    cause = _sentence("The government toughened its stance on the islands.", 0, 0.4)
    outcome = _sentence("In response, the neighbours held joint naval drills.", 52, 0.8)
    stats = TermStats.from_texts([cause.text, outcome.text])
    for question in ("Why did the neighbours hold naval drills?", "What prompted the drills?"):
        chosen = select_sentences(question, [outcome], stats, 3, [outcome, cause])
        assert [sentence.text for sentence in chosen] == [cause.text, outcome.text]
    # Asked what happened, not why: the outcome answers alone.
    chosen = select_sentences("What drills were held?", [outcome], stats, 3, [outcome, cause])
    assert chosen == [outcome]
    # Asked why, of a sentence that does not open as an outcome: nothing before it is added.
    plain = _sentence("The neighbours held joint naval drills last year.", 52, 0.8)
    chosen = select_sentences("Why were drills held?", [plain], stats, 3, [plain, cause])
    assert chosen == [plain]


def test_a_response_asked_for_brings_the_sentence_answering_the_best_one() -> None:
    stance = _sentence("The government toughened its stance on the islands.", 0, 0.8)
    response = _sentence("In response, the neighbours held joint naval drills.", 52, 0.3)
    stats = TermStats.from_texts([stance.text, response.text])
    for question in ("How did the neighbours respond to it?", "What was their reaction?"):
        chosen = select_sentences(question, [stance], stats, 3, [stance, response])
        assert chosen == [stance, response]
    # Not asked for a response: the sentence after the best one is not added.
    chosen = select_sentences("What stance did it take?", [stance], stats, 3, [stance, response])
    assert chosen == [stance]
    # Asked for a response, a next sentence that does not open as one is not added either.
    later = _sentence("The neighbours held joint naval drills.", 52, 0.3)
    chosen = select_sentences("How did they respond?", [stance], stats, 3, [stance, later])
    assert chosen == [stance]


@pytest.mark.parametrize(
    ("question", "said", "joins"),
    [
        # Said before, the best sentence is no news: the article goes on after it.
        (
            "What does he want to agree on in May?",
            frozenset({"Abe plans to meet Putin in May."}),
            True,
        ),
        # Asked why, the best sentence tells what happened; the reason may follow it.
        ("Why does he want to agree on it in May?", frozenset(), True),
        # Neither: the best sentence answers alone.
        ("What does he want to agree on in May?", frozenset(), False),
    ],
)
def test_the_next_sentence_joins_when_it_speaks_to_the_question(
    question: str, said: frozenset[str], joins: bool
) -> None:
    import dataclasses

    plans = dataclasses.replace(
        _sentence("Abe plans to meet Putin in May.", 0, 0.8), question_terms=frozenset({"may"})
    )
    goal = dataclasses.replace(
        _sentence("Abe aims to agree on five projects.", 32, 0.2),
        question_terms=frozenset({"agre", "may"}),
    )
    aside = _sentence("Trade grew last year.", 32, 0.2)
    stats = TermStats.from_texts([plans.text, goal.text])
    chosen = select_sentences(question, [plans], stats, 3, [plans, goal], said)
    assert chosen == ([plans, goal] if joins else [plans])
    # A next sentence saying nothing the question asks is never taken.
    assert select_sentences(question, [plans], stats, 3, [plans, aside], said) == [plans]


@pytest.mark.parametrize(
    ("question", "proper"),
    [
        ("Unrelated: which outlet carried the remarks?", "which outlet carried the remarks?"),
        ("Back to Abe: in what year did he take office again?", None),  # "he" is Abe
        ("Back to the treaty: in what year was it signed?", None),  # "it" is the treaty
        ("Back to Yeltsin: in what year did the war end?", "in what year did the war end?"),
        (
            "Switching topics: under what pressure did Tokyo act?",
            "under what pressure did Tokyo act?",
        ),
        ("What did he say: yes or no?", None),  # the part before the colon asks
        ("Kishida: what did he promise?", None),  # the label names whom "he" stands for
    ],
)
def test_a_leading_label_is_not_part_of_the_question(question: str, proper: str | None) -> None:
    assert without_label(question) == (proper or question)


def test_a_follow_up_asking_about_that_time_takes_the_years_asked_before() -> None:
    history = [
        {"role": "user", "content": "What did Putin offer on the islands in 2005?"},
        {"role": "assistant", "content": "He offered to return two of them. [1]"},
    ]
    question = "Who was the Japanese prime minister at the time?"
    assert in_time_referred(question, history) == f"{question} (in 2005)"
    # A time of its own, or no time pointed at: the question as typed.
    own = "Who was the Japanese prime minister at the time of the Tokyo Declaration?"
    assert in_time_referred(own, history) == own
    assert in_time_referred("Who is the Japanese prime minister?", history) == (
        "Who is the Japanese prime minister?"
    )
    # An event of the earlier turn pointed at is of its time too.
    trip = "Which minister did he meet on that trip?"
    assert in_time_referred(trip, history) == f"{trip} (in 2005)"


def test_a_follow_ups_person_is_not_one_the_earlier_question_named() -> None:
    history = [
        {"role": "user", "content": "What did Ivan Petrov say in Nemuro in 2005?"},
        {"role": "assistant", "content": "He praised the ferry. [1]"},
    ]
    question = "Which minister did he meet there?"
    assert referred_names(question, history) == ("Ivan", "Petrov", "Nemuro", "2005")
    needs = analyse_question(question).also_given(referred_names(question, history))
    sentence = "Fisheries Minister Ivan Petrov met Trade Minister Aiko Sato in Nemuro."
    assert needs.answer_values(sentence) == ["Trade Minister Aiko Sato"]
    # A stand-alone question leans on nothing.
    assert referred_names("Who is the mayor of Nemuro?", history) == ()


def test_who_else_asks_past_the_people_the_earlier_answer_named() -> None:
    history = [
        {"role": "user", "content": "Who met Ivan Petrov in Nemuro?"},
        {"role": "assistant", "content": "Trade Minister Aiko Sato met him there. [1]"},
    ]
    question = "Who else did he meet there?"
    needs = analyse_question(question).also_given(referred_names(question, history))
    assert not needs.has_answer_type("In Nemuro, Petrov met Trade Minister Aiko Sato.")
    assert needs.answer_values("In Nemuro, Petrov met Mayor Kenji Ito.") == ["Mayor Kenji Ito"]
    # Without "else", the person the answer named is the one the follow-up is about.
    plain = "Which minister did he meet there?"
    assert "Sato" not in referred_names(plain, history)


def test_a_follow_ups_date_is_not_a_year_the_earlier_question_gave() -> None:
    history = [
        {"role": "user", "content": "What happened to Petrov's 2005 visit to Nemuro?"},
        {"role": "assistant", "content": "It was postponed. [1]"},
    ]
    question = "When was it moved to?"
    needs = analyse_question(question).also_given(referred_names(question, history))
    # 2005 is the time the earlier question set, not the new one asked for.
    assert not needs.has_answer_type("Petrov's visit to Nemuro in 2005 was postponed.")
    assert needs.answer_values("It was moved to 2006.") == ["2006"]
