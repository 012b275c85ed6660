"""The chat page driven in a real Chromium, as people use it: on a desktop in light and
dark, on a phone; answers and sources, copying, queueing, votes, clearing, uploads, the
whole-article view, and hostile text staying text."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    ROOT,
    SCREENSHOTS,
    SLOW_ANSWER_S,
    ChatPage,
)

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT_MS = 60_000
TOKYO = "Who signed the Tokyo Declaration?"
TOKYO_SOURCE = "001_68ffb54545db6918.txt"
ANSWERS = "#jrqa-chat .jrqa-answer"

# WCAG contrast of the first <mark> under ``root``: its text colour against its background,
# the background's alpha composited over the first opaque ancestor, as the reader sees it.
CONTRAST_JS = """
(selector) => {
  const mark = document.querySelector(selector);
  if (!mark) return null;
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const opaque = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const rgba = parse(getComputedStyle(node).backgroundColor);
      if (rgba.length === 3 || (rgba.length === 4 && rgba[3] === 1)) return rgba.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const over = (top, below) => {
    const a = top.length === 4 ? top[3] : 1;
    return top.slice(0, 3).map((v, i) => v * a + below[i] * (1 - a));
  };
  const style = getComputedStyle(mark);
  const background = over(parse(style.backgroundColor), opaque(mark.parentElement));
  const text = over(parse(style.color), background);
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(background), luminance(text)].sort((x, y) => y - x);
  return {ratio: (hi + 0.05) / (lo + 0.05), background, text};
}
"""


def eval_question(question_id: str) -> dict[str, Any]:
    """One entry of the eval question set, so expectations come from the gold data."""
    dev = ROOT / "evals" / "questions" / "dev.jsonl"
    for line in dev.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["id"] == question_id:
            return dict(entry)
    raise LookupError(question_id)


def send(page: Any, question: str) -> None:
    page.locator("#jrqa-question textarea").fill(question)
    page.locator("#jrqa-send").click()


def ask(page: Any, question: str) -> Any:
    """Type a question, send it, and return the locator of its finished answer bubble."""
    before = page.locator(ANSWERS).count()
    send(page, question)
    page.locator(ANSWERS).nth(before).wait_for(timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_function(
        "n => document.querySelectorAll('#jrqa-sources-panel .jrqa-turn').length >= n "
        "|| document.querySelector('#jrqa-chat .jrqa-error')",
        arg=before + 1,
        timeout=ANSWER_TIMEOUT_MS,
    )
    return page.locator(ANSWERS).nth(before)


def clipboard_after(page: Any, action: Any) -> str:
    """What the clipboard holds once ``action`` has put plain text (no markup) on it.

    The chat's own button writes the message's markup first; the page replaces it with
    plain text a moment later, so the clipboard is read until it settles on text.
    """
    page.evaluate("navigator.clipboard.writeText('')")
    action()
    deadline = time.monotonic() + 10
    text = ""
    while time.monotonic() < deadline:
        text = str(page.evaluate("navigator.clipboard.readText()"))
        if text and "<" not in text:
            page.wait_for_timeout(200)  # nothing overwrites it afterwards
            return str(page.evaluate("navigator.clipboard.readText()"))
        page.wait_for_timeout(50)
    raise AssertionError(f"the clipboard never held plain text: {text[:200]!r}")


def in_viewport(page: Any, locator: Any) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def records(feedback_path: Path) -> list[dict[str, Any]]:
    if not feedback_path.exists():
        return []
    return [json.loads(line) for line in feedback_path.read_text().splitlines()]


# --- the first screen -----------------------------------------------------------------------


@pytest.mark.parametrize("view", ["light", "dark", "phone"])
def test_first_screen_shows_the_question_box_examples_and_tools(
    seed_page: ChatPage, browser: Any, view: str
) -> None:
    size = PHONE if view == "phone" else DESKTOP
    context = browser.new_context(viewport=size, color_scheme="dark" if view == "dark" else "light")
    page = context.new_page()
    try:
        page.goto(seed_page.url)
        page.locator("#jrqa-chat .example").first.wait_for(timeout=10_000)
        page.wait_for_timeout(300)  # web fonts
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"first-screen-{view}.png"))
        visible = ["#jrqa-question textarea", "#jrqa-send", "#jrqa-chat .example"]
        if view != "phone":  # on a phone they follow right after the question box
            visible += ["#jrqa-new-chat", "#jrqa-mode"]
        for selector in visible:
            assert in_viewport(page, page.locator(selector).first), selector
        assert page.locator("#jrqa-chat .example").count() == 4
        dark = page.evaluate("document.body.classList.contains('dark')")
        assert dark == (view == "dark")
    finally:
        context.close()


def test_an_example_from_the_empty_chat_is_asked_and_answered(
    seed_page: ChatPage, page: Any
) -> None:
    page.goto(seed_page.url)
    example = page.locator("#jrqa-chat .example").first
    asked = example.inner_text().strip()
    example.click()
    page.locator(ANSWERS).first.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert page.locator("#jrqa-chat [data-testid='user']").all_inner_texts() == [asked]
    assert page.locator(ANSWERS).first.locator("a.jrqa-cite").count() >= 1


def test_a_phone_reaches_the_sources_and_comes_back_to_the_answer(
    seed_page: ChatPage, phone: Any
) -> None:
    phone.goto(seed_page.url)
    answer = ask(phone, TOKYO)
    marker = answer.locator("a.jrqa-cite").first
    marker.click()
    card = phone.locator("#jrqa-sources-panel .jrqa-card.jrqa-focus")
    card.wait_for(timeout=5_000)
    phone.wait_for_timeout(800)  # the smooth scroll
    assert in_viewport(phone, card.locator(".jrqa-card-head"))
    assert not in_viewport(phone, marker)
    card.locator("button.jrqa-back").click()
    phone.wait_for_timeout(800)
    assert in_viewport(phone, marker)


# --- answers and sources --------------------------------------------------------------------


def test_answer_shows_markers_and_the_gold_article(seed_page: ChatPage, page: Any) -> None:
    entry = eval_question("tokyo-declaration-signers")
    page.goto(seed_page.url)
    answer = ask(page, entry["question"])
    markers = answer.locator("a.jrqa-cite")
    assert markers.count() >= 1
    assert markers.first.inner_text() == "[1]"
    panel = page.locator("#jrqa-sources-panel")
    assert entry["gold_sources"][0] in panel.inner_text()
    assert panel.locator(".jrqa-card mark").count() >= 1

    markers.first.click()
    card = panel.locator(".jrqa-card.jrqa-focus")
    card.wait_for(timeout=5_000)
    assert card.get_attribute("id", timeout=1_000).endswith("-1")
    page.wait_for_timeout(600)  # the smooth scroll
    assert card.is_visible()
    assert "Traceback" not in page.locator("#jrqa-chat").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "answer-light.png"), full_page=True)


def test_one_card_per_passage_lists_every_number_citing_it(seed_page: ChatPage, page: Any) -> None:
    page.goto(seed_page.url)
    answer = ask(page, TOKYO)
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.inner_text())]
    cards = page.locator("#jrqa-sources-panel .jrqa-turn").first.locator(".jrqa-card")
    listed = [[int(n) for n in card.locator(".jrqa-num").all_inner_texts()] for card in cards.all()]
    assert sorted(n for card in listed for n in card) == sorted(set(numbers))
    passages = [card.locator(".jrqa-passage").inner_text() for card in cards.all()]
    assert len(passages) == len(set(passages)), "a passage is shown twice"
    for card, card_numbers in zip(cards.all(), listed, strict=True):
        assert card.locator("mark").count() >= 1
        for n in card_numbers:  # every [n] of the answer lands on the card quoting it
            anchor = page.locator(f"#jrqa-src-{1}-{n}")
            assert anchor.count() == 1
            assert anchor.evaluate("el => el.closest('.jrqa-card').id") == card.get_attribute("id")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_highlighted_quotes_read_at_4_5_to_1_in_both_themes(
    seed_page: ChatPage, browser: Any, scheme: str
) -> None:
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(seed_page.url)
        ask(page, TOKYO)
        measured = page.evaluate(CONTRAST_JS, "#jrqa-sources-panel .jrqa-passage mark")
        assert measured is not None
        assert measured["ratio"] >= 4.5, measured
        page.locator("#jrqa-sources-panel button.jrqa-read").first.click()
        page.locator("#jrqa-article mark").first.wait_for(timeout=10_000)
        in_article = page.evaluate(CONTRAST_JS, "#jrqa-article mark")
        assert in_article["ratio"] >= 4.5, in_article
        if scheme == "dark":
            page.screenshot(path=str(SCREENSHOTS / "article-dark.png"))
    finally:
        context.close()


def test_the_whole_article_opens_with_the_quote_highlighted_in_view(
    seed_page: ChatPage, page: Any
) -> None:
    page.goto(seed_page.url)
    ask(page, TOKYO)
    card = page.locator("#jrqa-sources-panel .jrqa-card").first
    quotes = card.locator("mark").all_inner_texts()
    card.locator("button.jrqa-read").click()
    article = page.locator("#jrqa-article")
    article.locator("mark").first.wait_for(timeout=10_000)
    assert not page.locator("#jrqa-sources-panel").is_visible()
    assert TOKYO_SOURCE in article.inner_text()
    marked = article.locator("mark").all_inner_texts()
    assert all(quote in marked for quote in quotes), (quotes, marked)
    # The article is longer than its box, and opens scrolled to the quote.
    assert article.evaluate("el => el.scrollHeight > el.clientHeight")
    page.wait_for_timeout(500)
    box, quote = article.bounding_box(), article.locator("mark").first.bounding_box()
    assert box["y"] <= quote["y"] and quote["y"] + quote["height"] <= box["y"] + box["height"]
    assert in_viewport(page, article.locator("mark").first)
    page.locator("#jrqa-article-back").click()
    page.locator("#jrqa-sources-panel").wait_for(timeout=5_000)


def test_unanswerable_question_is_styled_as_abstention(seed_page: ChatPage, page: Any) -> None:
    entry = eval_question("vladivostok-population")
    page.goto(seed_page.url)
    answer = ask(page, entry["question"])
    assert "jrqa-abstained" in (answer.get_attribute("class") or "")
    assert "not in the articles" in answer.inner_text().lower()  # the badge is uppercased by CSS
    assert answer.locator("a.jrqa-cite").count() == 0
    assert "do not answer the question" in page.locator("#jrqa-sources-panel").inner_text()


def test_follow_up_question_is_resolved_from_the_history(seed_page: ChatPage, page: Any) -> None:
    entry = eval_question("followup-nato-announce-date")
    first_question = entry["history"][0]["content"]
    page.goto(seed_page.url)
    ask(page, first_question)
    follow_up = ask(page, entry["question"])
    text = follow_up.inner_text()
    assert "Searched as:" in text and first_question in text
    # One line on the page, the whole of it on hover.
    searched = follow_up.locator(".jrqa-searched-as")
    assert first_question in (searched.get_attribute("title") or "")
    assert searched.evaluate("element => getComputedStyle(element).whiteSpace") == "nowrap"
    facts = [variant for group in entry["key_facts"] for variant in group]
    assert any(fact.lower() in text.lower() for fact in facts), text


# --- provenance and the outlet filter ------------------------------------------------------

OUTLET_FILTER = "#jrqa-outlet"
VELSK = "How much cargo went through the Velsk harbour?"


def outlet_options(page: Any) -> list[str]:
    """What the outlet filter offers, as its open list shows it (closed again after)."""
    page.locator(f"{OUTLET_FILTER} input").click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=5_000)
    shown = [text.removeprefix("✓").strip() for text in options.all_inner_texts()]  # ✓: chosen
    page.keyboard.press("Escape")
    return shown


def choose_outlet(page: Any, outlet: str) -> None:
    """Pick ``outlet`` in the filter, as a reader does: open the list, click it."""
    page.locator(f"{OUTLET_FILTER} input").click()
    page.get_by_role("option", name=outlet, exact=True).click()
    page.wait_for_function(
        "([selector, name]) => document.querySelector(selector + ' input').value === name",
        arg=[OUTLET_FILTER, outlet],
        timeout=5_000,
    )


def card_publishers(page: Any) -> list[str]:
    """Who published each card of the newest answer: its outlet, or "forum reply" and more."""
    cards = page.locator("#jrqa-sources-panel .jrqa-turn").first.locator(".jrqa-card")
    return [
        card.locator(".jrqa-meta .jrqa-outlet, .jrqa-meta .jrqa-reply").first.inner_text()
        for card in cards.all()
    ]


def test_cards_show_who_published_each_passage(seed_page: ChatPage, page: Any) -> None:
    page.goto(seed_page.url)
    ask(page, "What do readers reply in the forum thread about the islands?")
    replies = page.locator("#jrqa-sources-panel .jrqa-turn").first.locator(".jrqa-meta")
    assert replies.count() >= 1
    for meta in replies.all():  # a reader's reply, never the reposted paper's name
        assert meta.locator(".jrqa-reply").inner_text().startswith("forum reply")
        assert "ISN" not in meta.inner_text()
        assert meta.locator(".jrqa-kind").inner_text().lower() == "forum"

    ask(page, "Why won't Russia return the islands?")
    metas = page.locator("#jrqa-sources-panel .jrqa-turn").first.locator(".jrqa-meta")
    texts = metas.all_inner_texts()
    news = [text for text in texts if "The Japan News" in text]
    assert news and "by Yoshio Hanada" in news[0] and "news" in news[0].lower()
    opening = [text for text in texts if text.startswith("ISN")]
    assert opening and "posted by Aepsilons" in opening[0]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#jrqa-sources-panel").screenshot(path=str(SCREENSHOTS / "provenance.png"))


def test_the_outlet_filter_answers_from_the_chosen_outlet_only(
    seed_page: ChatPage, page: Any
) -> None:
    page.goto(seed_page.url)
    assert page.get_by_label("Answer from").input_value() == "All articles"  # named for readers
    offered = outlet_options(page)
    outlets = ["Global Research", "ISN", "The Japan News", "Modern Tokyo Times"]
    assert offered == ["All articles", *outlets]

    question = "Why won't Russia return the islands?"
    everywhere = ask(page, question)
    assert "Only from" not in everywhere.inner_text()
    assert set(card_publishers(page)) - {"Global Research"}  # other outlets answer too

    choose_outlet(page, "Global Research")
    restricted = ask(page, question)
    assert restricted.locator(".jrqa-restricted").inner_text() == "Only from: Global Research"
    publishers = card_publishers(page)
    assert publishers and set(publishers) == {"Global Research"}, publishers
    newest = page.locator("#jrqa-sources-panel .jrqa-turn").first
    assert "004_4e4046bfc52f2e80.txt" in newest.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "outlet-filter-light.png"), full_page=True)

    choose_outlet(page, "All articles")
    again = ask(page, question)
    assert "Only from" not in again.inner_text()


def test_sources_that_differ_are_noted_dated_and_can_be_filtered(
    differing_page: ChatPage, page: Any
) -> None:
    page.goto(differing_page.url)
    answer = ask(page, VELSK)
    assert (
        answer.locator(".jrqa-answer-note").inner_text().startswith("The articles differ on this")
    )
    turn = page.locator("#jrqa-sources-panel .jrqa-turn").first
    assert card_publishers(page) == ["Ostland Herald", "Maravia Daily"]  # newest first
    assert turn.locator(".jrqa-date").all_inner_texts() == ["2024-02-03", "2016-01-10"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "sources-differ-light.png"), full_page=True)

    choose_outlet(page, "Maravia Daily")
    restricted = ask(page, VELSK)
    assert restricted.locator(".jrqa-restricted").inner_text() == "Only from: Maravia Daily"
    assert "12 million" in restricted.inner_text() and "19 million" not in restricted.inner_text()
    assert set(card_publishers(page)) == {"Maravia Daily"}


# --- copying --------------------------------------------------------------------------------


def test_copy_gives_plain_text_with_the_sources(seed_page: ChatPage, page: Any) -> None:
    page.goto(seed_page.url)
    ask(page, TOKYO)
    copy_buttons = page.locator("#jrqa-chat button[aria-label='Copy message']")
    answer_copy = clipboard_after(page, lambda: copy_buttons.last.click())
    assert "Yeltsin" in answer_copy and "[1]" in answer_copy
    assert "Sources:" in answer_copy and TOKYO_SOURCE in answer_copy
    assert "&#" not in answer_copy and "jrqa-" not in answer_copy
    first_quote = page.locator("#jrqa-sources-panel mark").first.inner_text()
    assert f'"{first_quote}"' in answer_copy

    question_copy = clipboard_after(page, lambda: copy_buttons.first.click())
    assert question_copy == TOKYO

    conversation = clipboard_after(
        page, lambda: page.locator("#jrqa-chat button[aria-label='Copy conversation']").click()
    )
    assert conversation.startswith(f"You: {TOKYO}\n\njrqa: ")
    assert answer_copy in conversation


def test_screen_readers_hear_the_text_not_the_markup(seed_page: ChatPage, page: Any) -> None:
    page.goto(seed_page.url)
    ask(page, TOKYO)
    page.wait_for_timeout(300)
    labels = page.locator('#jrqa-chat [aria-label*="\'s message: "]')
    texts = [labels.nth(i).get_attribute("aria-label") or "" for i in range(labels.count())]
    assert texts[0] == f"user's message: {TOKYO}"
    assert "Yeltsin" in texts[1]
    assert not any("<" in text or "&#" in text for text in texts), texts


# --- while an answer is on its way ----------------------------------------------------------


def test_a_second_question_during_an_answer_is_queued_then_answered(
    slow_page: ChatPage, page: Any
) -> None:
    page.goto(slow_page.url)
    send(page, TOKYO)
    page.locator("#jrqa-status", has_text="Searching").wait_for(timeout=5_000)
    assert page.locator("#jrqa-chat button[aria-label='Like']").count() == 0
    second = "How many bilateral meetings had Abe held with Putin?"
    send(page, second)
    page.locator("#jrqa-status", has_text="1 more question is waiting").wait_for(timeout=5_000)
    page.screenshot(path=str(SCREENSHOTS / "queued-light.png"))
    assert page.locator("#jrqa-question textarea").input_value() == ""
    users = page.locator("#jrqa-chat [data-testid='user']")
    assert users.all_inner_texts() == [TOKYO, second]
    assert page.locator(ANSWERS).count() == 0  # no bubble (and so no thumbs) before the answer

    page.locator(ANSWERS).nth(1).wait_for(timeout=int(4 * SLOW_ANSWER_S * 1000 + 10_000))
    first_answer, second_answer = page.locator(ANSWERS).all_inner_texts()
    assert "Yeltsin" in first_answer and "20 bilateral meetings" in second_answer
    page.locator("#jrqa-status", has_text="Searching").wait_for(state="detached", timeout=5_000)
    assert page.locator("#jrqa-chat button[aria-label='Like']").count() == 2


@pytest.mark.llm
def test_local_mode_says_when_it_loads_the_model_and_answers(
    seed_page: ChatPage, page: Any
) -> None:
    pytest.importorskip("llama_cpp")
    from jrqa.llm.local import is_loaded

    loading = not is_loaded()  # the page runs in this process: same model cache
    page.goto(seed_page.url)
    page.locator("#jrqa-mode").get_by_text("local", exact=False).last.click()
    send(page, TOKYO)
    expected = "loading the local model" if loading else "Searching the articles"
    page.locator("#jrqa-status", has_text=expected).wait_for(timeout=10_000)
    answer = page.locator(ANSWERS).first
    answer.wait_for(timeout=180_000)
    assert answer.locator("a.jrqa-cite").count() >= 1
    assert "jrqa-error" not in (answer.get_attribute("class") or "")
    page.locator("#jrqa-status .jrqa-progress").wait_for(state="detached", timeout=10_000)


def test_a_too_long_question_keeps_its_text_and_says_why(seed_page: ChatPage, page: Any) -> None:
    page.goto(seed_page.url)
    question = "Kishida? " * 600
    send(page, question)
    page.get_by_text("the limit is 2,000").first.wait_for(timeout=10_000)
    assert page.locator("#jrqa-question textarea").input_value() == question
    assert page.locator("#jrqa-chat [data-testid='user']").count() == 0
    assert "Traceback" not in page.content()


# --- votes ----------------------------------------------------------------------------------


def test_a_vote_is_one_record_changed_and_withdrawn_in_place(
    seed_page: ChatPage, page: Any
) -> None:
    page.goto(seed_page.url)
    ask(page, TOKYO)
    before = records(seed_page.feedback_path)
    answer = page.locator(ANSWERS).last
    page.locator("#jrqa-chat button[aria-label='Like']").last.click()
    answer.locator(".jrqa-voted", has_text="good answer").wait_for(timeout=10_000)
    page.locator("#jrqa-chat button[aria-label='Liked']").wait_for(timeout=5_000)
    (liked,) = [r for r in records(seed_page.feedback_path) if r not in before]
    assert liked["verdict"] == "up" and liked["question"] == TOKYO and liked["citations"]

    page.locator("#jrqa-chat button[aria-label='Dislike']").last.click()
    answer.locator(".jrqa-voted", has_text="bad answer").wait_for(timeout=10_000)
    assert page.locator("#jrqa-chat button[aria-label='Liked']").count() == 0
    page.locator("#jrqa-chat button[aria-label='Disliked']").last.click()  # taken back
    answer.locator(".jrqa-voted").wait_for(state="detached", timeout=10_000)
    after = [r for r in records(seed_page.feedback_path) if r["id"] == liked["id"]]
    assert len(after) == 1 and after[0]["verdict"] is None
    assert after[0]["conversation"] == liked["conversation"]
    footer = page.locator("#jrqa-footer").inner_text()
    assert str(seed_page.feedback_path) in footer


def test_a_vote_stays_shown_while_later_questions_are_answered(
    seed_page: ChatPage, page: Any
) -> None:
    page.goto(seed_page.url)
    ask(page, TOKYO)
    page.locator("#jrqa-chat button[aria-label='Like']").last.click()
    page.locator("#jrqa-chat button[aria-label='Liked']").wait_for(timeout=5_000)
    ask(page, "How many bilateral meetings had Abe held with Putin?")
    ask(page, "Where does Abe plan to visit in May?")
    answers = page.locator(ANSWERS)
    assert answers.first.locator(".jrqa-voted", has_text="good answer").count() == 1
    # Only the first answer's thumb is pressed; the new answers show theirs unpressed.
    assert page.locator("#jrqa-chat button[aria-label='Liked']").count() == 1
    assert page.locator("#jrqa-chat button[aria-label='Like']").count() == 2

    page.locator("#jrqa-new-chat").click()
    page.locator(ANSWERS).first.wait_for(state="detached", timeout=10_000)
    ask(page, TOKYO)
    assert page.locator("#jrqa-chat button[aria-label='Liked']").count() == 0


# --- clearing -------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["bin", "new chat"])
def test_clearing_leaves_no_history_behind(seed_page: ChatPage, page: Any, how: str) -> None:
    page.goto(seed_page.url)
    ask(page, "Where does Abe plan to visit in May?")
    if how == "bin":
        page.locator("#jrqa-chat button[aria-label='Clear']").click()
    else:
        page.locator("#jrqa-new-chat").click()
    page.wait_for_function(
        "() => !document.querySelector('#jrqa-chat .jrqa-answer') && "
        "!document.querySelector('#jrqa-sources-panel .jrqa-card')",
        timeout=10_000,
    )
    follow_up = ask(page, "And where is he going in September?")
    assert "Searched as:" not in follow_up.inner_text()  # searched alone, not with the old turn
    turns = page.locator("#jrqa-sources-panel .jrqa-turn-q").all_inner_texts()
    assert turns == ["And where is he going in September?"]
    assert page.locator("#jrqa-chat [data-testid='user']").count() == 1


# --- modes, the corpus, uploads -------------------------------------------------------------


def test_only_usable_modes_are_offered(seed_page: ChatPage, page: Any) -> None:
    import importlib.util

    page.goto(seed_page.url)
    page.locator("#jrqa-footer").wait_for()
    offered = page.locator("#jrqa-mode label").all_inner_texts()
    assert not any("openai" in label for label in offered)  # no server configured
    assert any("local" in label for label in offered) == bool(importlib.util.find_spec("llama_cpp"))
    assert "JRQA_OPENAI_BASE_URL" in page.locator("#jrqa-footer").inner_text()


def test_corpus_panel_lists_the_seed_articles(seed_page: ChatPage, page: Any) -> None:
    page.goto(seed_page.url)
    page.get_by_text("Articles in the index").click()
    corpus = page.locator("#jrqa-corpus table")
    corpus.wait_for(timeout=10_000)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        assert seed.name in corpus.inner_text()


UPLOADED = """Sakhalin ferry resumes

Harbour Gazette

The summer ferry between Wakkanai and Korsakov will resume in July after a pause of three \
years, the operator Hokuto Kisen said on Monday. The first crossing is planned for July 14, \
and the ferry Penguin 33 will make twelve round trips before the end of September.
"""


def test_uploaded_articles_answer_at_once_and_a_binary_file_is_refused(
    upload_page: ChatPage, page: Any, tmp_path: Path
) -> None:
    article = tmp_path / "950_ferry.txt"
    article.write_text(UPLOADED, encoding="utf-8")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    page.goto(upload_page.url)
    assert "Harbour Gazette" not in outlet_options(page)
    page.get_by_text("Add articles").click()
    page.locator("#jrqa-upload-files input[type=file]").set_input_files([str(binary), str(article)])
    report = page.locator("#jrqa-upload-report")
    report.get_by_text("Added:", exact=True).wait_for(timeout=60_000)
    assert "950_ferry.txt" in report.inner_text()
    assert "scan.txt: binary data, not text" in report.inner_text()
    page.get_by_text("Articles in the index").click()
    assert "950_ferry.txt" in page.locator("#jrqa-corpus").inner_text()
    assert "Harbour Gazette" in outlet_options(page)  # the filter follows the corpus

    answer = ask(page, "When will the ferry between Wakkanai and Korsakov resume?")
    assert "July" in answer.inner_text()
    assert "950_ferry.txt" in page.locator("#jrqa-sources-panel .jrqa-turn").first.inner_text()
    assert (upload_page.index_dir / "uploads" / "950_ferry.txt").is_file()
    assert not (upload_page.index_dir / "uploads" / "scan.txt").exists()


def test_a_folder_of_articles_can_be_added(
    upload_page: ChatPage, page: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "gazette"
    (folder / "2019").mkdir(parents=True)
    (folder / "2019" / "951_crab.txt").write_text(
        "Crab quota agreed\n\nHarbour Gazette\n\nJapan and Russia agreed a crab quota of "
        "4,500 tonnes for the waters off the Kuril islands, the fisheries agency said.\n",
        encoding="utf-8",
    )
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not an article")
    page.goto(upload_page.url)
    page.get_by_text("Add articles").click()
    page.locator("#jrqa-upload-folder input[type=file]").set_input_files(str(folder))
    report = page.locator("#jrqa-upload-report")
    report.get_by_text("Added:", exact=True).wait_for(timeout=60_000)
    assert "951_crab.txt" in report.inner_text()
    assert "notes.docx: only .md and .txt files are read as articles" in report.inner_text()
    answer = ask(page, "How large was the crab quota off the Kuril islands?")
    assert "4,500 tonnes" in answer.inner_text()


# --- hostile text ---------------------------------------------------------------------------


def test_injected_markup_in_articles_and_questions_stays_text(
    hostile_page: ChatPage, page: Any
) -> None:
    page.goto(hostile_page.url)
    question = 'When will the crab quota talks resume? <img src=x onerror="window.__pwned=1">'
    answer = ask(page, question)
    assert answer.locator("a.jrqa-cite").count() >= 1
    page.get_by_text("Articles in the index").click()
    page.locator("#jrqa-corpus table").wait_for(timeout=10_000)
    page.locator("#jrqa-sources-panel button.jrqa-read").first.click()
    page.locator("#jrqa-article mark").first.wait_for(timeout=10_000)
    page.wait_for_timeout(500)  # give any injected handler a chance to run
    assert page.evaluate("() => window.__pwned") is None
    assert "<script>window.__pwned=1</script>" in page.locator("#jrqa-article").inner_text()
    page.locator("#jrqa-article-back").click()
    assert "<script>window.__pwned=1</script>" in page.locator("#jrqa-sources-panel").inner_text()
    assert '<img src=x onerror="window.__pwned=1">' in page.locator("#jrqa-chat").inner_text()
    assert page.locator("#jrqa-sources-panel img, #jrqa-chat img, #jrqa-article img").count() == 0
