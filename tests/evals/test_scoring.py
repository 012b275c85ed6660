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
