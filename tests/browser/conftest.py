"""A real Chromium and real chat pages (seed index, scratch index, slow answers, hostile)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.differing_reports import write_differing_reports
from tests.robustness.conftest import copy_index

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"  # git-ignored
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SLOW_ANSWER_S = 2.0

HOSTILE_ARTICLE = """Crab quota talks stall <img src=x onerror="window.__pwned=1">

Harbour Gazette

Negotiators from Japan and Russia failed to agree on the crab fishing quota near the \
Kuril islands during talks in Sapporo on Tuesday. The delegation chief said the crab quota \
talks would resume in March. <script>window.__pwned=1</script> Fishermen in Nemuro said \
the delay to the crab quota hurts their income this winter.

The crab quota covers snow crab and king crab caught in waters both countries claim. \
<img src=x onerror="window.__pwned=1"> Officials expect a smaller quota than last year.
"""


@dataclass
class ChatPage:
    """A running chat page and where its votes go."""

    url: str
    feedback_path: Path
    index_dir: Path


class SlowAnswerer:
    """The real answerer, made to think for a while first: long enough to ask again."""

    def __init__(self, inner: Any, delay_s: float) -> None:
        self.inner = inner
        self.delay_s = delay_s

    @property
    def engine(self) -> Any:
        return self.inner.engine

    def stream(
        self, question: str, history: Any = None, mode: Any = None, outlet: Any = None
    ) -> Iterator[Any]:
        time.sleep(self.delay_s)
        yield from self.inner.stream(question, history, mode, outlet)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("JRQA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is missing")


@pytest.fixture(scope="module")  # Playwright's sync API holds the thread's event loop
def browser(chromium_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _serve(settings: Any, factory: Any = None) -> Iterator[str]:
    from jrqa.api import get_answerer
    from ui.app import create_app

    app = create_app(factory or get_answerer, settings)
    url = app.launch("127.0.0.1", 0)
    try:
        yield url
    finally:
        app.close()


def _scratch_settings(seed_index_dir: Path, folder: Path) -> Any:
    from jrqa.settings import Settings

    index_dir = copy_index(seed_index_dir, folder / "index")
    return Settings(
        index_dir=index_dir, seeds_dir=ROOT / "seeds", feedback_path=folder / "feedback.jsonl"
    )


@pytest.fixture(scope="module")
def seed_page(seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatPage]:
    """The page over a private copy of the seed index."""
    settings = _scratch_settings(seed_index_dir, tmp_path_factory.mktemp("seed-page"))
    for url in _serve(settings):
        yield ChatPage(url, settings.feedback_path, settings.index_dir)


@pytest.fixture(scope="module")
def upload_page(
    seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ChatPage]:
    """The page over its own copy of the seed index, for articles added from the page."""
    settings = _scratch_settings(seed_index_dir, tmp_path_factory.mktemp("upload-page"))
    for url in _serve(settings):
        yield ChatPage(url, settings.feedback_path, settings.index_dir)


@pytest.fixture(scope="module")
def slow_page(seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatPage]:
    """The page with answers that take ``SLOW_ANSWER_S`` seconds each."""
    from jrqa.api import get_answerer

    settings = _scratch_settings(seed_index_dir, tmp_path_factory.mktemp("slow-page"))
    for url in _serve(settings, lambda chosen: SlowAnswerer(get_answerer(chosen), SLOW_ANSWER_S)):
        yield ChatPage(url, settings.feedback_path, settings.index_dir)


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatPage]:
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
    for url in _serve(settings):
        yield ChatPage(url, settings.feedback_path, index_dir)


@pytest.fixture(scope="module")
def differing_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatPage]:
    """The page over two dated reports from two outlets that disagree on a figure."""
    from jrqa.api import ingest
    from jrqa.settings import Settings

    articles = tmp_path_factory.mktemp("differing-articles")
    write_differing_reports(articles)
    index_dir = tmp_path_factory.mktemp("differing-index")
    settings = Settings(
        index_dir=index_dir, seeds_dir=articles, feedback_path=index_dir / "fb.jsonl"
    )
    report = ingest([articles], settings=settings, show_progress=False)
    assert sorted(report.added) == ["newer.txt", "older.txt"], report
    for url in _serve(settings):
        yield ChatPage(url, settings.feedback_path, index_dir)


def _context(browser: Any, viewport: dict[str, int], scheme: str) -> Iterator[Any]:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A desktop tab in the light theme."""
    yield from _context(browser, DESKTOP, "light")


@pytest.fixture()
def dark_page(browser: Any) -> Iterator[Any]:
    """A desktop tab on a system set to dark mode."""
    yield from _context(browser, DESKTOP, "dark")


@pytest.fixture()
def phone(browser: Any) -> Iterator[Any]:
    """A phone-sized tab."""
    yield from _context(browser, PHONE, "light")
