"""A llama-index LLM that writes whatever a test tells it to, and counts its calls."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from llama_index.core.base.llms.types import (
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
)
from llama_index.core.bridge.pydantic import PrivateAttr
from llama_index.core.llms import CustomLLM
from llama_index.core.llms.callbacks import llm_completion_callback

Reply = Callable[[str], str]


class CannedLLM(CustomLLM):
    """Answers every prompt with ``reply(prompt)``, streamed word by word."""

    calls: int = 0
    prompts: list[str] = []
    _reply: Reply = PrivateAttr()

    def __init__(self, reply: Reply | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._reply = reply if callable(reply) else (lambda _prompt: reply)
        self.prompts = []

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(model_name="canned")

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        self.calls += 1
        self.prompts.append(prompt)
        return CompletionResponse(text=self._reply(prompt))

    @llm_completion_callback()
    def stream_complete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponseGen:
        self.calls += 1
        self.prompts.append(prompt)
        text = self._reply(prompt)

        def pieces() -> CompletionResponseGen:
            so_far = ""
            for piece in re.findall(r"\S+\s*|\s+", text):
                so_far += piece
                yield CompletionResponse(text=so_far, delta=piece)

        return pieces()


def shown_passages(prompt: str) -> dict[int, str]:
    """The numbered passages of the last block of a drafting prompt."""
    block = prompt.rsplit("Passages:", 1)[1].split("\nQuestion:", 1)[0]
    return {
        int(match.group(1)): match.group(2)
        for match in re.finditer(r"^\[(\d+)\] (.*)$", block, re.M)
    }


def passage_with(prompt: str, needle: str) -> tuple[int, str]:
    """The number and text of the first shown passage containing ``needle``."""
    for number, text in shown_passages(prompt).items():
        if needle in text:
            return number, text
    raise AssertionError(f"no passage shown contains {needle!r}: {shown_passages(prompt)}")
