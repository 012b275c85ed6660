"""The chat page's behaviour without a browser: queueing, answering, status, votes, copies.

A fake answerer stands in for the real one: what is tested here is the page's wiring,
not the answers (the browser tests and the eval cover those).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

import ui.sources
from jrqa.errors import IndexUnavailableError, LLMUnavailableError, UnknownOutletError
from jrqa.models import Answer, Citation, RemovedSentence
from jrqa.settings import Settings
from ui.chat import (
    ALL_ARTICLES,
    CHECKING_DRAFT,
    LOADING_LOCAL_MODEL,
    SEARCHING,
    ChatController,
    ChatUpdate,
)
from ui.conversation import Conversation
from ui.feedback import FeedbackLog
from ui.render import escape_text
from ui.sources import render_sources_panel

SECRET = "sk-TEST-never-shown-1234"
MODES = ["extractive", "local", "openai"]


def citation(n: int, quote: str, passage: str | None = None, source: str = "a.txt") -> Citation:
    text = passage or f"Before. {quote} After."
    start = text.index(quote)
    return Citation(
        n=n,
        source=source,
        title="Talks resume",
        outlet="Harbour Gazette",
        text=text,
        quote=quote,
        start=start,
        end=start + len(quote),
        score=1.0,
    )


def answer_to(question: str, **fields: Any) -> Answer:
    quote = f"The answer to {question}"
    values: dict[str, Any] = {
        "question": question,
        "text": f"{quote} [1]",
        "citations": [citation(1, quote)],
    }
    values.update(fields)
    return Answer(**values)


class FakeAnswerer:
    """Answers every question with one cited sentence; records what it was asked."""

    def __init__(self, drafts: list[str] | None = None) -> None:
        self.asked: list[tuple[str, list[dict[str, str]], str | None]] = []
        self.outlets: list[str | None] = []  # the outlet each question was asked of
        self.drafts = drafts or []
        self.before_answer: Callable[[str], None] = lambda question: None
        self.failure: Exception | None = None

    @property
    def engine(self) -> Any:
        raise AssertionError("the fake has no index")

    def stream(
        self, question: str, history: Any = None, mode: Any = None, outlet: str | None = None
    ) -> Iterator[str | Answer]:
        self.asked.append((question, list(history or []), mode))
        self.outlets.append(outlet)
        self.before_answer(question)
        if self.failure is not None:
            raise self.failure
        if mode != "extractive":
            yield from self.drafts
        yield answer_to(question, mode=mode or "extractive", restricted_to=outlet)


@pytest.fixture
def answerer() -> FakeAnswerer:
    return FakeAnswerer()


@pytest.fixture
def feedback_path(tmp_path: Path) -> Path:
    return tmp_path / "feedback.jsonl"


@pytest.fixture
def controller(answerer: FakeAnswerer, feedback_path: Path) -> ChatController:
    settings = Settings(openai_api_key=SecretStr(SECRET), feedback_path=feedback_path)
    return ChatController(answerer, FeedbackLog(feedback_path), settings, MODES)


def last(updates: Iterator[ChatUpdate]) -> ChatUpdate:
    *_, final = updates
    return final


def test_a_question_is_shown_at_once_then_answered(controller: ChatController) -> None:
    conversation = Conversation()
    asked = controller.ask(conversation, "Who signed it?", "extractive")
    assert asked.chat is not None
    assert [m["role"] for m in asked.chat.messages] == ["user"]
    assert escape_text(SEARCHING) in asked.status_html
    final = last(controller.answer_waiting(conversation, with_local_model=False))
    assert final.chat is not None
    assert [m["role"] for m in final.chat.messages] == ["user", "assistant"]
    assert "The answer to Who signed it?" in final.chat.messages[1]["content"]
    assert final.sources_html is not None and "Harbour Gazette" in final.sources_html
    assert final.status_html == ""


def test_a_question_asked_during_an_answer_is_answered_next_by_the_same_loop(
    controller: ChatController, answerer: FakeAnswerer
) -> None:
    conversation = Conversation()
    second: list[ChatUpdate] = []

    def ask_again(question: str) -> None:
        if question == "first?":  # the reader sends another question meanwhile
            second.append(controller.ask(conversation, "second?", "extractive"))
            # ... whose own answer loop finds this one running and leaves it the question
            assert list(controller.answer_waiting(conversation, with_local_model=False)) == []

    answerer.before_answer = ask_again
    controller.ask(conversation, "first?", "extractive")
    final = last(controller.answer_waiting(conversation, with_local_model=False))
    assert "1 more question is waiting" in second[0].status_html
    assert [q for q, _, _ in answerer.asked] == ["first?", "second?"]
    assert final.chat is not None and len(final.chat.messages) == 4
    assert answerer.asked[1][1] == [
        {"role": "user", "content": "first?"},
        {"role": "assistant", "content": "The answer to first? [1]"},
    ]


def test_a_loop_that_found_nothing_lets_the_next_question_start_its_own(
    controller: ChatController, answerer: FakeAnswerer
) -> None:
    conversation = Conversation()
    assert list(controller.answer_waiting(conversation, with_local_model=True)) == []
    controller.ask(conversation, "later?", "extractive")
    last(controller.answer_waiting(conversation, with_local_model=False))
    assert [q for q, _, _ in answerer.asked] == ["later?"]


def test_local_mode_questions_wait_for_the_local_model_queue(
    controller: ChatController, answerer: FakeAnswerer
) -> None:
    conversation = Conversation()
    controller.ask(conversation, "quoted?", "extractive")
    controller.ask(conversation, "drafted?", "local")
    controller.ask(conversation, "quoted again?", "extractive")
    list(controller.answer_waiting(conversation, with_local_model=False))
    assert [q for q, _, _ in answerer.asked] == ["quoted?"]  # stops before the local one
    list(controller.answer_waiting(conversation, with_local_model=True))
    assert [q for q, _, _ in answerer.asked] == ["quoted?", "drafted?", "quoted again?"]


def test_the_status_line_tells_what_a_local_answer_is_doing(feedback_path: Path) -> None:
    answerer = FakeAnswerer(drafts=["Talks", "Talks resume in March."])
    loaded: list[bool] = []
    controller = ChatController(
        answerer, FeedbackLog(feedback_path), Settings(), MODES, lambda: bool(loaded)
    )
    conversation = Conversation()
    controller.ask(conversation, "When?", "local")
    statuses = [u.status_html for u in controller.answer_waiting(conversation, True)]
    assert escape_text(LOADING_LOCAL_MODEL) in statuses[0]  # the first local answer loads the model
    assert escape_text(CHECKING_DRAFT) in statuses[1] and "Talks" in statuses[1]
    assert escape_text("Talks resume in March.") in statuses[2]
    assert statuses[-1] == ""
    loaded.append(True)
    controller.ask(conversation, "Where?", "local")
    statuses = [u.status_html for u in controller.answer_waiting(conversation, True)]
    assert escape_text(SEARCHING) in statuses[0]  # loaded now


def test_a_discarded_draft_is_mentioned_in_one_line() -> None:
    from ui.render import render_answer

    fell_back = answer_to("q", fell_back=True, mode="local")
    assert "draft was not supported by the articles" in render_answer(fell_back, 1)
    trimmed = answer_to(
        "q", mode="local", removed=[RemovedSentence(sentence="Made up.", reason="unsupported")]
    )
    assert "1 drafted sentence was left out" in render_answer(trimmed, 1)
    assert "drafted" not in render_answer(answer_to("q"), 1)


def test_a_model_that_is_down_gets_a_plain_message_and_no_secret(
    controller: ChatController, answerer: FakeAnswerer
) -> None:
    answerer.failure = LLMUnavailableError(
        f"The language model server at http://10.0.0.5/v1 refused key {SECRET}. "
        "Raise JRQA_LLM_TIMEOUT_S, or use --mode extractive."
    )
    conversation = Conversation()
    controller.ask(conversation, "When?", "local")
    final = last(controller.answer_waiting(conversation, with_local_model=True))
    assert final.chat is not None
    reply = final.chat.messages[-1]["content"]
    assert "jrqa-error" in reply and "Choose the extractive mode" in reply
    assert "JRQA_" not in reply and "--mode" not in reply and SECRET not in reply


def test_a_question_that_cannot_be_asked_is_not_queued(controller: ChatController) -> None:
    conversation = Conversation()
    update = controller.ask(conversation, "Kishida? " * 600, "extractive")
    assert update.chat is None  # the chat is left as it is, and the box keeps the text
    assert "the limit is 2,000" in update.status_html
    assert conversation.snapshot() == []


def test_a_mode_the_page_does_not_offer_is_refused(
    controller: ChatController, answerer: FakeAnswerer
) -> None:
    controller.modes = ["extractive"]
    conversation = Conversation()
    update = controller.ask(conversation, "Who?", "openai")
    assert update.chat is None and "not offered here" in update.status_html
    assert conversation.snapshot() == [] and answerer.asked == []


def test_votes_keep_one_record_per_answer(controller: ChatController, feedback_path: Path) -> None:
    conversation = Conversation()
    last(controller.respond(conversation, "Who?", "extractive"))
    last(controller.respond(conversation, "Where?", "extractive"))
    assert controller.vote(conversation, 0, True) is None  # a question cannot be rated
    liked = controller.vote(conversation, 1, True)
    assert liked is not None and liked.votes == ["Like", None]
    assert "saved as a good answer" in liked.messages[1]["content"]
    controller.vote(conversation, 3, False)
    controller.vote(conversation, 1, False)
    withdrawn = controller.vote(conversation, 1, "")
    assert withdrawn is not None and withdrawn.votes == [None, "Dislike"]
    assert "jrqa-voted" not in withdrawn.messages[1]["content"]
    records = [json.loads(line) for line in feedback_path.read_text().splitlines()]
    assert [(r["message"], r["verdict"]) for r in records] == [(3, "down"), (1, None)]
    assert {r["conversation"] for r in records} == {conversation.id}


def test_clearing_forgets_everything_and_starts_a_new_conversation(
    controller: ChatController, answerer: FakeAnswerer
) -> None:
    conversation = Conversation()
    last(controller.respond(conversation, "Where does Abe go in May?", "extractive"))
    old_id = conversation.id
    cleared = controller.clear(conversation)
    assert cleared.chat is not None and cleared.chat.messages == []
    assert conversation.id != old_id
    last(controller.respond(conversation, "And in September?", "extractive"))
    assert answerer.asked[-1][1] == []  # asked with no history


def test_each_answers_sources_are_rendered_once_and_shown_newest_first(
    controller: ChatController, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    render = ui.sources.render_turn_sources

    def counting(answer: Answer, turn: int) -> str:
        rendered.append(answer.question)
        return render(answer, turn)

    monkeypatch.setattr(ui.sources, "render_turn_sources", counting)
    conversation, other = Conversation(), Conversation()
    for question in ("Who met?", "Where?", "When?"):
        final = last(controller.respond(conversation, question, "extractive"))
    last(controller.respond(other, "Why?", "extractive"))  # another tab: its own panel
    assert rendered == ["Who met?", "Where?", "When?", "Why?"]
    assert final.sources_html == render_sources_panel(conversation.answered())
    assert final.sources_html.index("When?") < final.sources_html.index("Who met?")

    controller.clear(conversation)
    again = last(controller.respond(conversation, "Who met?", "extractive"))
    assert rendered[-1] == "Who met?" and again.sources_html is not None
    assert "When?" not in again.sources_html


def test_an_answer_for_a_cleared_conversation_is_dropped(
    controller: ChatController, answerer: FakeAnswerer
) -> None:
    conversation = Conversation()
    answerer.before_answer = lambda question: controller.clear(conversation)
    final = last(controller.respond(conversation, "Who?", "extractive"))
    assert final.chat is not None and final.chat.messages == []


def test_copy_gives_the_question_or_the_answer_with_its_sources(
    controller: ChatController,
) -> None:
    conversation = Conversation()
    final = last(controller.respond(conversation, "Who <b>signed</b>?", "extractive"))
    assert final.chat is not None
    question_markup, answer_markup = (m["content"] for m in final.chat.messages)
    assert controller.copy_text(conversation, question_markup) == "Who <b>signed</b>?"
    copied = controller.copy_text(conversation, answer_markup)
    assert copied == (
        "The answer to Who <b>signed</b>? [1]\n\n"
        "Sources:\n"
        "[1] Talks resume (Harbour Gazette, a.txt)\n"
        '    "The answer to Who <b>signed</b>?"'
    )
    whole = controller.conversation_text(conversation)
    assert whole == f"You: Who <b>signed</b>?\n\njrqa: {copied}"


# --- the outlet filter and what an answer says of its sources -------------------------------


def test_each_question_is_answered_from_the_outlet_chosen_when_it_was_asked(
    controller: ChatController, answerer: FakeAnswerer
) -> None:
    conversation = Conversation()
    controller.ask(conversation, "Who met?", "extractive", "Global Research")
    controller.ask(conversation, "Where?", "extractive", "")  # all articles again
    final = last(controller.answer_waiting(conversation, with_local_model=False))
    assert answerer.outlets == ["Global Research", None]
    assert final.chat is not None
    restricted, unrestricted = final.chat.messages[1]["content"], final.chat.messages[3]["content"]
    assert "Only from: Global Research" in restricted
    assert "Only from" not in unrestricted


def test_the_filter_offers_all_articles_then_each_outlet_the_index_knows(
    answerer: FakeAnswerer, feedback_path: Path
) -> None:
    known = ["Global Research", "ISN"]
    controller = ChatController(
        answerer, FeedbackLog(feedback_path), Settings(), MODES, list_outlets=lambda: known
    )
    assert controller.outlet_choices() == [
        ALL_ARTICLES,
        ("Global Research", "Global Research"),
        ("ISN", "ISN"),
    ]
    known.append("The Japan News")  # the corpus grew: asked again, the filter follows
    assert controller.outlet_choices()[-1] == ("The Japan News", "The Japan News")


def test_without_an_index_the_filter_offers_all_articles_only(
    answerer: FakeAnswerer, feedback_path: Path
) -> None:
    def missing() -> list[str]:
        raise IndexUnavailableError("The index is empty.")

    controller = ChatController(
        answerer, FeedbackLog(feedback_path), Settings(), MODES, list_outlets=missing
    )
    assert controller.outlet_choices() == [ALL_ARTICLES]


def test_an_outlet_the_index_does_not_know_is_explained_in_the_chat(
    controller: ChatController, answerer: FakeAnswerer
) -> None:
    answerer.failure = UnknownOutletError(
        "No article in the index comes from an outlet called 'Gone'. Known outlets: ISN."
    )
    final = last(controller.respond(Conversation(), "Who met?", "extractive", "Gone"))
    assert final.chat is not None
    reply = final.chat.messages[1]["content"]
    assert "jrqa-error" in reply and escape_text("Known outlets: ISN.") in reply


def test_an_answers_note_and_restriction_are_shown_escaped_and_copied(
    controller: ChatController, answerer: FakeAnswerer, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = "The articles differ on this: <b>one</b> says 12, the other 19."
    stream = answerer.stream

    def with_note(question: str, *args: Any) -> Iterator[str | Answer]:
        for step in stream(question, *args):
            yield step.model_copy(update={"note": note}) if isinstance(step, Answer) else step

    monkeypatch.setattr(answerer, "stream", with_note)
    conversation = Conversation()
    final = last(controller.respond(conversation, "How much?", "extractive", "<i>Herald</i>"))
    assert final.chat is not None
    reply = final.chat.messages[1]["content"]
    assert f'<div class="jrqa-answer-note">{escape_text(note)}</div>' in reply
    assert f"Only from: {escape_text('<i>Herald</i>')}" in reply
    assert "<b>" not in reply and "<i>" not in reply
    copied = controller.copy_text(conversation, reply)
    assert copied.startswith(f"{note}\n\nThe answer to How much? [1]\n\nOnly from: <i>Herald</i>")


def test_conversations_survive_gradios_deep_copy_of_the_initial_state() -> None:
    import copy

    template = Conversation()
    template.add("left over?", "extractive")
    fresh = copy.deepcopy(template)
    assert fresh.snapshot() == [] and fresh.id != template.id
