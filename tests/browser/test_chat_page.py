"""The chat page driven in a real Chromium: answers, sources, abstention, follow-ups, safety."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = ROOT / "evals" / "reports" / "chat.png"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ANSWER_TIMEOUT_MS = 60_000

HOSTILE_ARTICLE = """Crab quota talks stall <img src=x onerror="window.__pwned=1">

Harbour Gazette

Negotiators from Japan and Russia failed to agree on the crab fishing quota near the \
Kuril islands during talks in Sapporo on Tuesday. The delegation chief said the crab quota \
talks would resume in March. <script>window.__pwned=1</script> Fishermen in Nemuro said \
the delay to the crab quota hurts their income this winter.

The crab quota covers snow crab and king crab caught in waters both countries claim. \
<img src=x onerror="window.__pwned=1"> Officials expect a smaller quota than last year.
"""


def eval_question(question_id: str) -> dict[str, Any]:
    """One entry of the eval question set, so expectations come from the gold data."""
    dev = ROOT / "evals" / "questions" / "dev.jsonl"
    for line in dev.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["id"] == question_id:
            return dict(entry)
    raise LookupError(question_id)


@pytest.fixture(scope="module")
def chromium_path() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("JRQA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is missing")


@pytest.fixture(scope="module")
def browser(chromium_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _serve(settings: Any) -> Iterator[tuple[str, Any]]:
    from jrqa.api import get_answerer
    from ui.app import create_app

    app = create_app(get_answerer, settings)
    url = app.launch("127.0.0.1", 0)
    try:
        yield url, app
    finally:
        app.close()


@pytest.fixture(scope="module")
def feedback_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("feedback") / "feedback.jsonl"


@pytest.fixture(scope="module")
def seed_server(seed_settings: Any, feedback_path: Path) -> Iterator[str]:
    settings = seed_settings.model_copy(update={"feedback_path": feedback_path})
    for url, _ in _serve(settings):
        yield url


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from jrqa.api import ingest
    from jrqa.settings import Settings

    articles = tmp_path_factory.mktemp("hostile-articles")
    (articles / "900_hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("hostile-index")
    settings = Settings(
        index_dir=index_dir, seeds_dir=articles, feedback_path=index_dir / "fb.jsonl"
    )
    report = ingest([articles], settings=settings, show_progress=False)
    assert report.added == ["900_hostile.txt"], report
    for url, _ in _serve(settings):
        yield url


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def ask(page: Any, question: str) -> Any:
    """Type a question, send it, and return the locator of the finished answer bubble."""
    answers_before = page.locator("#jrqa-chat .jrqa-answer:not(.jrqa-streaming)").count()
    page.locator("#jrqa-question textarea").fill(question)
    page.locator("#jrqa-send").click()
    finished = page.locator("#jrqa-chat .jrqa-answer:not(.jrqa-streaming)")
    finished.nth(answers_before).wait_for(timeout=ANSWER_TIMEOUT_MS)
    # Streaming replaces the bubble a few times; wait until the sources panel has caught up.
    page.wait_for_function(
        "n => document.querySelectorAll('#jrqa-sources-panel .jrqa-turn').length >= n "
        "|| document.querySelector('#jrqa-chat .jrqa-error')",
        arg=answers_before + 1,
        timeout=ANSWER_TIMEOUT_MS,
    )
    return finished.nth(answers_before)


def test_answer_shows_markers_and_the_gold_article(seed_server: str, page: Any) -> None:
    entry = eval_question("tokyo-declaration-signers")
    page.goto(seed_server)
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
    assert page.locator("#jrqa-chat").inner_text().count("Traceback") == 0

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_unanswerable_question_is_styled_as_abstention(seed_server: str, page: Any) -> None:
    entry = eval_question("vladivostok-population")
    page.goto(seed_server)
    answer = ask(page, entry["question"])
    assert "jrqa-abstained" in (answer.get_attribute("class") or "")
    assert "not in the articles" in answer.inner_text().lower()  # the badge is uppercased by CSS
    assert answer.locator("a.jrqa-cite").count() == 0
    assert "do not answer the question" in page.locator("#jrqa-sources-panel").inner_text()


def test_follow_up_question_is_resolved_from_the_history(seed_server: str, page: Any) -> None:
    entry = eval_question("followup-nato-announce-date")
    first_question = entry["history"][0]["content"]
    page.goto(seed_server)
    ask(page, first_question)
    follow_up = ask(page, entry["question"])
    text = follow_up.inner_text()
    assert "Searched:" in text and first_question in text
    facts = [variant for group in entry["key_facts"] for variant in group]
    assert any(fact.lower() in text.lower() for fact in facts), text


def test_thumbs_up_appends_feedback(seed_server: str, page: Any, feedback_path: Path) -> None:
    lines_before = len(feedback_path.read_text().splitlines()) if feedback_path.exists() else 0
    page.goto(seed_server)
    question = eval_question("tokyo-declaration-signers")["question"]
    ask(page, question)
    page.locator("#jrqa-chat button[aria-label='Like']").last.click()
    page.locator("#jrqa-status", has_text="feedback was saved").wait_for(timeout=10_000)
    records = [json.loads(line) for line in feedback_path.read_text().splitlines()]
    assert len(records) == lines_before + 1
    assert records[-1]["question"] == question
    assert records[-1]["verdict"] == "up"
    assert records[-1]["citations"]


def test_new_chat_clears_conversation_and_sources(seed_server: str, page: Any) -> None:
    page.goto(seed_server)
    ask(page, eval_question("tokyo-declaration-signers")["question"])
    page.locator("#jrqa-new-chat").click()
    page.wait_for_function(
        "() => !document.querySelector('#jrqa-chat .jrqa-answer') && "
        "!document.querySelector('#jrqa-sources-panel .jrqa-card')",
        timeout=10_000,
    )


def test_bad_input_shows_a_readable_error(seed_server: str, page: Any) -> None:
    page.goto(seed_server)
    answer = ask(page, "Kishida? " * 300)
    assert "jrqa-error" in (answer.get_attribute("class") or "")
    assert "limit is 2,000" in answer.inner_text()
    assert "Traceback" not in page.content()


def test_corpus_panel_lists_the_seed_articles(seed_server: str, page: Any) -> None:
    page.goto(seed_server)
    page.get_by_text("Articles in the index").click()
    corpus = page.locator("#jrqa-corpus table")
    corpus.wait_for(timeout=10_000)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        assert seed.name in corpus.inner_text()


def test_injected_markup_in_articles_and_questions_stays_text(
    hostile_server: str, page: Any
) -> None:
    page.goto(hostile_server)
    question = 'When will the crab quota talks resume? <img src=x onerror="window.__pwned=1">'
    answer = ask(page, question)
    assert answer.locator("a.jrqa-cite").count() >= 1
    page.get_by_text("Articles in the index").click()
    page.locator("#jrqa-corpus table").wait_for(timeout=10_000)
    page.wait_for_timeout(500)  # give any injected handler a chance to run
    assert page.evaluate("() => window.__pwned") is None
    assert "<script>window.__pwned=1</script>" in page.locator("#jrqa-sources-panel").inner_text()
    assert '<img src=x onerror="window.__pwned=1">' in page.locator("#jrqa-chat").inner_text()
    assert page.locator("#jrqa-sources-panel img, #jrqa-chat .jrqa-user img").count() == 0
