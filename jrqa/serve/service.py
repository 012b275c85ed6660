"""What the endpoints ask of jrqa: answers, the corpus, the answer modes on offer.

Answers are computed in the mode's thread pool. Failures leave here as ``JrqaError``
with a message a person can act on; anything unexpected is logged (secrets masked) and
reported plainly.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import AsyncGenerator, Awaitable, Iterator
from typing import TYPE_CHECKING, Protocol, TypeVar

from jrqa.answer.answerer import validate_question
from jrqa.errors import JrqaError, LLMUnavailableError, redact
from jrqa.index.corpus import ArticleSummary, list_articles
from jrqa.models import Answer
from jrqa.serve.threads import ModePools
from jrqa.settings import AnswerMode, Settings
from ui.modes import offered_modes

if TYPE_CHECKING:
    from jrqa.answer.followup import History
    from jrqa.index.engine import Engine

logger = logging.getLogger(__name__)

T = TypeVar("T")


class ServiceAnswerer(Protocol):
    """What the service needs from ``jrqa.answer.answerer.Answerer``."""

    @property
    def settings(self) -> Settings:
        """The settings answers are made with."""
        ...

    @property
    def engine(self) -> Engine:
        """The index answers come from."""
        ...

    def ask(
        self,
        question: str,
        history: History | None = None,
        mode: AnswerMode | None = None,
        outlet: str | None = None,
    ) -> Answer:
        """Answer from the articles (only ``outlet``'s, when given), or abstain."""
        ...

    def stream(
        self,
        question: str,
        history: History | None = None,
        mode: AnswerMode | None = None,
        outlet: str | None = None,
    ) -> Iterator[str | Answer]:
        """A generative draft as it grows, then the ``Answer``."""
        ...


class AnswerFailedError(JrqaError):
    """Answering failed for a reason the server log explains."""


class AnswerService:
    """Answers over one answerer, in thread pools sized per mode.

    Args:
        answerer: the warm answerer (shared with the chat page).
        pools: the thread pools answers run in.
    """

    def __init__(self, answerer: ServiceAnswerer, pools: ModePools) -> None:
        self.answerer = answerer
        self.pools = pools

    @property
    def settings(self) -> Settings:
        """The settings answers are made with."""
        return self.answerer.settings

    def mode_for(self, requested: AnswerMode | None) -> AnswerMode:
        """The mode a request gets: its own, or the server's default."""
        return requested or self.settings.mode

    def offered_modes(self) -> list[AnswerMode]:
        """The modes this installation can answer in (the page offers the same)."""
        return offered_modes(self.settings).modes

    @staticmethod
    def validate(question: str) -> str:
        """The question tidied, or ``InvalidQuestionError`` with the reason (e.g. too long)."""
        return validate_question(question)

    async def ask(
        self, question: str, history: History, mode: AnswerMode | None, outlet: str | None = None
    ) -> Answer:
        """The answer, computed off the event loop."""
        chosen = self.mode_for(mode)
        return await self._guarded(
            chosen,
            self.pools.run(chosen, lambda: self.answerer.ask(question, history, chosen, outlet)),
        )

    async def stream(
        self, question: str, history: History, mode: AnswerMode | None, outlet: str | None = None
    ) -> AsyncGenerator[str | Answer, None]:
        """A generative draft's text as it grows, then the ``Answer`` (see ``Answerer.stream``)."""
        chosen = self.mode_for(mode)
        items = self.pools.iterate(
            chosen, lambda: self.answerer.stream(question, history, chosen, outlet)
        )
        try:
            while True:
                try:
                    item = await self._guarded(chosen, anext(items))
                except StopAsyncIteration:
                    return
                yield item
        finally:
            await items.aclose()  # a client that left stops the answer at its next step

    async def check_outlet(self, outlet: str | None) -> None:
        """``UnknownOutletError`` for an outlet the index does not hold, before any answer.

        A streamed reply has sent its status when the answer starts, so the outlet is
        checked first: an unknown one is a 400, not an error event.
        """
        if outlet is None:
            return

        def check() -> None:
            self.answerer.engine.keyword_index().sources.outlet(outlet)

        await self._guarded("extractive", self.pools.run("extractive", check))

    async def articles(self) -> list[ArticleSummary]:
        """The indexed articles (a store lookup, so off the loop too)."""
        # A short lookup: the extractive pool, never one a local model may be holding.
        return await self._guarded("extractive", self.pools.run("extractive", self._articles))

    def _articles(self) -> list[ArticleSummary]:
        return list_articles(self.answerer.engine)

    def article_count(self) -> int:
        """How many articles the index holds (from the manifest, no store access)."""
        return len(self.answerer.engine.manifest().entries)

    async def _guarded(self, mode: AnswerMode, work: Awaitable[T]) -> T:
        try:
            return await work
        except (JrqaError, StopAsyncIteration):
            raise
        except ImportError as error:
            raise LLMUnavailableError(
                f"The {mode} answer mode is not available in this installation "
                f"({error.name or 'a module'} is missing)."
            ) from None
        except Exception as error:
            details = redact("".join(traceback.format_exception(error)), self.settings)
            logger.error("answering failed:\n%s", details)
            raise AnswerFailedError(
                "Something went wrong while answering; the details are in the server log."
            ) from None
