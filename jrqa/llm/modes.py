"""The language model a generative mode drafts with."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from jrqa.errors import LLMUnavailableError
from jrqa.llm.base import DraftLLM
from jrqa.settings import AnswerMode, Settings

# Makes the language model of a generative mode: (settings, mode, stop sequences).
LLMForMode = Callable[[Settings, AnswerMode, Sequence[str]], DraftLLM]


def draft_llm(settings: Settings, mode: AnswerMode, stop: Sequence[str]) -> DraftLLM:
    """The model for a generative mode.

    Args:
        settings: model path, server URL, token budget, threads, timeout.
        mode: ``local`` or ``openai``.
        stop: sequences that end a draft (the start of a new prompt block).

    Raises:
        LLMUnavailableError: the model cannot be loaded or the server is not configured.
    """
    if mode == "local":
        from jrqa.llm.local import local_llm

        return local_llm(settings, stop)
    if mode == "openai":
        from jrqa.llm.openai_compatible import openai_llm

        return openai_llm(settings, stop)
    raise LLMUnavailableError(f"The {mode} mode does not use a language model.")
