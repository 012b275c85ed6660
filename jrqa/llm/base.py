"""The language model behind a generative mode, and streaming a draft out of it.

``local`` runs a GGUF model in this process (``jrqa.llm.local``); ``openai`` talks to
any OpenAI-compatible server (``jrqa.llm.openai_compatible``); ``jrqa.llm.modes`` picks
one by mode. Both are llama-index LLMs, so
tests can swap in any other one. Whatever goes wrong while drafting surfaces as
``LLMUnavailableError`` with a message a person can act on, never a traceback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jrqa.errors import LLMUnavailableError

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

Describe = Callable[[Exception], str]


@dataclass
class DraftLLM:
    """A llama-index LLM and what it takes to draft with it.

    Attributes:
        llm: the model.
        describe: turns a failure of the model into a message for the user.
        lock: serialises calls when the model lives in this process.
    """

    llm: LLM
    describe: Describe
    lock: threading.Lock | None = None

    def stream(self, prompt: str) -> Generator[str, None, None]:
        """Yield the completion of ``prompt`` piece by piece.

        Raises:
            LLMUnavailableError: the model failed or its server could not be used.
        """
        guard: AbstractContextManager[object] = self.lock or nullcontext()
        with guard:
            try:
                for response in self.llm.stream_complete(prompt, formatted=True):
                    if response.delta:
                        yield response.delta
            except LLMUnavailableError:
                raise
            except Exception as error:  # any failure of the model or its server
                raise LLMUnavailableError(self.describe(error)) from None


def failure_message(error: Exception, what: str) -> str:
    """A generic message for a model that failed while drafting."""
    return (
        f"{what} failed while drafting an answer ({shorten(str(error) or type(error).__name__)})."
        " Try again, or use --mode extractive."
    )


def shorten(text: str, limit: int = 200) -> str:
    """Text on one line, cut to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
