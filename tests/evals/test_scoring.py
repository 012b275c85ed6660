"""Grading for the held-out kinds: false premises, false answers, chats, the F1 and the report.

Each grade must be able to fail: a false premise answered as if true, an unanswerable
question answered, a chat turn graded with someone else's history.
"""

from __future__ import annotations

import json
from pathlib import Path

from evals.questions import EvalQuestion
from evals.report import write_reports
from evals.results import EvalReport, EvalRun
from evals.scoring import grade, grounded_refusal_f1, summarise
from jrqa.models import Answer, Citation, Passage

SOURCE = "003_74a3a5299abf2617.txt"
QUOTE = "Abe has held a total of 20 bilateral meetings with Putin."


def _answer(text: str, abstained: bool = False, source: str = SOURCE) -> Answer:
    citations = [] if abstained else [
        Citation(n=1, source=source, title="t", text=QUOTE, quote=QUOTE, start=0,
                 end=len(QUOTE), score=1.0)
    ]  # fmt: skip
    passage = Passage(source=source, title="t", text=QUOTE, start=0, end=len(QUOTE), score=1.0,
                      chunk_id="c1")  # fmt: skip
    return Answer(
        question="q", text=text, citations=citations, abstained=abstained, passages=[passage]
    )


def _question(kind: str, answerable: bool, facts: list[list[str]] | None = None) -> EvalQuestion:
    gold = [SOURCE] if facts else []
    return EvalQuestion(
        id=f"{kind}-case", question="q?", answerable=answerable, gold_sources=gold,
        key_facts=facts or [], kind=kind,  # type: ignore[arg-type]
    )  # fmt: skip


def test_a_false_premise_is_right_when_refused_or_corrected_and_wrong_when_accepted() -> None:
    premise = _question("false_premise", False, [["20"]])
    refused = grade(premise, _answer("The articles don't cover this.", abstained=True), 1, 1)
    corrected = grade(premise, _answer(f"{QUOTE} [1]"), 1, 1)
    accepted = grade(premise, _answer("He refused because of the weather. [1]"), 1, 1)
    elsewhere = grade(premise, _answer(f"{QUOTE} [1]", source="000_x.txt"), 1, 1)
    assert refused.correct and not refused.false_answer
    assert corrected.correct and corrected.corrected
    assert accepted.false_answer and not accepted.correct
    assert elsewhere.false_answer  # the contradicting sentence must come from the gold article


def test_an_answered_near_miss_is_a_false_answer() -> None:
    result = grade(_question("near_miss", False), _answer(f"{QUOTE} [1]"), 1, 1)
    assert result.false_answer and not result.correct
    summary = summarise([result])
    assert summary.false_answers == 1.0 and summary.per_kind["near_miss"].false_answers == 1.0


def test_grounded_refusal_f1_is_one_only_when_every_decision_is_right() -> None:
    answerable = _question("fact", True, [["20"]])
    near_miss = _question("near_miss", False)
    right = [
        grade(answerable, _answer(f"{QUOTE} [1]"), 1, 1),
        grade(near_miss, _answer("No.", abstained=True), 1, 1),
    ]
    wrong = [
        grade(answerable, _answer("No.", abstained=True), 1, 1),
        grade(near_miss, _answer(f"{QUOTE} [1]"), 1, 1),
    ]
    assert grounded_refusal_f1(right) == 1.0
    assert grounded_refusal_f1(wrong) == 0.0
    assert 0.0 < grounded_refusal_f1([right[0], wrong[1]]) < 1.0  # type: ignore[operator]


def test_top_citation_from_a_gold_article_is_measured_on_answers_only() -> None:
    question = _question("fact", True, [["20"]])
    gold = grade(question, _answer(f"{QUOTE} [1]"), 1, 1)
    other = grade(question, _answer(f"{QUOTE} [1]", source="000_x.txt"), 1, 1)
    refused = grade(question, _answer("No.", abstained=True), 1, 1)
    assert summarise([gold, other, refused]).top_citation_gold == 0.5


def test_the_held_out_split_keeps_only_its_figures_in_the_reports(tmp_path: Path) -> None:
    question = _question("fact", True, [["20"]])
    results = [grade(question, _answer(f"{QUOTE} [1]"), 1, 1)]
    report = EvalReport(mode="extractive", questions_file="", summary=summarise(results),
                        results=results)  # fmt: skip
    run = EvalRun(mode="extractive", reports={
        "dev": report, "test": report.model_copy(update={"split": "test"})
    })  # fmt: skip
    json_path, markdown_path = write_reports(run, tmp_path)
    written = json.loads(json_path.read_text())
    assert written["reports"]["test"]["results"] == []
    assert written["reports"]["dev"]["results"][0]["id"] == "fact-case"
    assert written["reports"]["test"]["summary"]["questions"] == 1
    assert "## Test questions" not in markdown_path.read_text()


def test_chat_turns_are_asked_with_the_bots_own_earlier_answers() -> None:
    from evals.questions import EvalChat
    from evals.runner import run_eval

    chat = EvalChat.model_validate(
        {"id": "chat-x", "kind": "chat", "turns": [
            {"question": "Who met Putin?", "answerable": True, "gold_sources": [SOURCE],
             "key_facts": [["Yeltsin"]]},
            {"question": "How often?", "answerable": True, "gold_sources": [SOURCE],
             "key_facts": [["20"]]},
        ]}
    )  # fmt: skip

    class Recorder:
        def __init__(self) -> None:
            self.histories: list[object] = []

        def ask(self, question: str, history=None, mode=None) -> Answer:  # type: ignore[no-untyped-def]
            self.histories.append(history and [dict(turn) for turn in history])
            return _answer(f"{QUOTE} [1]")

        def retrieve(self, query: str) -> list[object]:
            return []

    recorder = Recorder()
    report = run_eval(recorder, chat.questions(), "extractive")  # type: ignore[arg-type]
    # The warm-up, then turn 1 with no history, then turn 2 with turn 1 as the bot answered it.
    assert recorder.histories[1] is None
    assert recorder.histories[2] == [
        {"role": "user", "content": "Who met Putin?"},
        {"role": "assistant", "content": f"{QUOTE} [1]"},
    ]
    assert report.summary.chat_turn_accuracy == 0.5  # turn 1 lacks "Yeltsin"


FORUM = "001_68ffb54545db6918.txt"
YOMIURI = "003_74a3a5299abf2617.txt"
ARTICLE_REASON = "Russia is concerned about the possible deployment of U.S. forces."
REPLY_REASON = "Stalin took over those islands for a reason, they are strategically important."
ISN_COUNT = "Between December 2012 through December 2014, Abe and Putin have met seven times."
YOMIURI_COUNT = "Abe has held a total of 20 bilateral meetings."


def _cite(n: int, source: str, text: str, post: str | None = None) -> Citation:
    return Citation(n=n, source=source, title="t", text=text, quote=text, start=0,
                    end=len(text), score=1.0, kind="forum" if post else "news",
                    post=post)  # type: ignore[arg-type]  # fmt: skip


def _cited_answer(text: str, citations: list[Citation]) -> Answer:
    passages = [
        Passage(
            source=c.source,
            title="t",
            text=c.text,
            start=0,
            end=len(c.text),
            score=1.0,
            chunk_id=f"c{c.n}",
            post=c.post,
        )  # fmt: skip
        for c in citations
    ]
    return Answer(question="q", text=text, citations=citations, passages=passages)


def _provenance_question(kind: str, gold: list[str], facts: list[list[str]]) -> EvalQuestion:
    return EvalQuestion(id=f"{kind}-case", question="q?", answerable=True, gold_sources=gold,
                        key_facts=facts, kind=kind)  # type: ignore[arg-type]  # fmt: skip


def test_reply_vs_article_is_right_only_when_the_article_text_is_cited_first() -> None:
    question = _provenance_question("reply_vs_article", [YOMIURI], [["U.S. forces"]])
    article = _cite(1, YOMIURI, ARTICLE_REASON)
    reply = _cite(2, FORUM, REPLY_REASON, post="reply")
    article_first = grade(
        question, _cited_answer(f"{ARTICLE_REASON} [1] {REPLY_REASON} [2]", [article, reply]), 1, 1
    )
    reply_first = grade(
        question,
        _cited_answer(
            f"{REPLY_REASON} [1] {ARTICLE_REASON} [2]",
            [reply.model_copy(update={"n": 1}), article.model_copy(update={"n": 2})],
        ),
        1,
        1,
    )
    assert article_first.correct and article_first.top_citation_reply is False
    # Every key fact is there, but a reader's reply leads although the article answers.
    assert not reply_first.missing_facts
    assert reply_first.top_citation_reply and not reply_first.correct
    assert any("forum reply" in failure for failure in reply_first.failures)
    summary = summarise([article_first, reply_first])
    assert summary.top_citation_not_reply == 0.5
    assert summary.per_kind["reply_vs_article"].correct == 0.5
    assert summary.accuracy == 0.5


def test_an_opening_post_is_article_text_not_a_reply() -> None:
    question = _provenance_question("reply_vs_article", [FORUM], [["seven times"]])
    opening = _cite(1, FORUM, ISN_COUNT, post="opening post")
    result = grade(question, _cited_answer(f"{ISN_COUNT} [1]", [opening]), 1, 1)
    assert result.correct and result.top_citation_reply is False


def test_differing_sources_is_right_only_when_each_value_is_cited_from_its_article() -> None:
    question = _provenance_question(
        "differing_sources", [FORUM, YOMIURI], [["seven times"], ["total of 20"]]
    )
    isn = _cite(1, FORUM, ISN_COUNT, post="opening post")
    yomiuri = _cite(2, YOMIURI, YOMIURI_COUNT)
    both = grade(
        question, _cited_answer(f"{YOMIURI_COUNT} [2] {ISN_COUNT} [1]", [isn, yomiuri]), 1, 1
    )
    assert both.correct and both.values_cited
    one_value = grade(question, _cited_answer(f"{YOMIURI_COUNT} [2]", [isn, yomiuri]), 1, 1)
    assert not one_value.correct and one_value.values_cited is False
    # Both values in the text, but the ISN figure is credited to the Yomiuri passage.
    miscredited = grade(
        question,
        _cited_answer(f"{YOMIURI_COUNT} [2] They have met seven times. [2]", [isn, yomiuri]),
        1,
        1,
    )
    assert not miscredited.missing_facts
    assert miscredited.values_cited is False and not miscredited.correct
    assert summarise([both, one_value, miscredited]).differing_values_cited == 1 / 3


def test_differing_values_from_one_article_alone_are_not_differing_sources() -> None:
    question = _provenance_question(
        "differing_sources", [FORUM, YOMIURI], [["seven times"], ["total of 20"]]
    )
    both_in_one = "Abe and Putin have met seven times; Abe has held a total of 20 meetings."
    single = _cite(1, FORUM, both_in_one, post="opening post")
    result = grade(question, _cited_answer(f"{both_in_one} [1]", [single]), 1, 1)
    assert not result.missing_facts
    assert result.values_cited is False and not result.correct
    assert any("one article only" in failure for failure in result.failures)


def test_a_refused_provenance_question_is_a_false_refusal_not_a_provenance_miss() -> None:
    question = _provenance_question("differing_sources", [FORUM, YOMIURI], [["seven times"]])
    result = grade(question, _answer("No.", abstained=True), 1, 1)
    assert result.values_cited is None and result.top_citation_reply is None
    assert not result.correct
    summary = summarise([result])
    assert summary.differing_values_cited is None and summary.false_refusals == 1.0


def test_the_test_split_is_reported_whole_and_gated_per_file() -> None:
    from evals.runner import batch_summaries

    first = _question("fact", True, [["20"]])
    batch = _provenance_question("reply_vs_article", [SOURCE], [["20"]])
    results = [
        grade(first, _answer(f"{QUOTE} [1]"), 1, 1),
        grade(batch, _answer("No.", abstained=True), 1, 1),
    ]
    summaries = batch_summaries(results, {"test": [first], "test-provenance": [batch]})
    assert summaries["test"].questions == 1 and summaries["test"].accuracy == 1.0
    assert summaries["test-provenance"].false_refusals == 1.0
    assert summarise(results).accuracy == 0.5
