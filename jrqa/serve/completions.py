"""OpenAI chat completions in jrqa's terms.

Model names are answer modes, the last user message is the question, earlier turns are
its history, and the reply is the Answer's text with its [n] markers plus the citations
in the extra field ``jrqa``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from jrqa.errors import InvalidQuestionError, JrqaError
from jrqa.models import Answer
from jrqa.serve.schemas import (
    AssistantMessage,
    ChatCompletion,
    ChatCompletionChunk,
    ChatMessage,
    ChunkChoice,
    ChunkDelta,
    CompletionChoice,
    JrqaExtra,
)
from jrqa.settings import AnswerMode

MODEL_PREFIX = "jrqa"


class UnknownModelError(JrqaError):
    """The request names a model this server does not offer."""


def model_name(mode: AnswerMode) -> str:
    """The model id that answers in ``mode``."""
    return f"{MODEL_PREFIX}-{mode}"


def mode_of_model(model: str, offered: list[AnswerMode]) -> AnswerMode | None:
    """The answer mode a model id asks for; None (the server's default) for plain ``jrqa``."""
    if model == MODEL_PREFIX:
        return None
    for mode in offered:
        if model == model_name(mode):
            return mode
    names = ", ".join([MODEL_PREFIX, *(model_name(mode) for mode in offered)])
    raise UnknownModelError(f"The model {model!r} does not exist here; choose one of: {names}.")


def question_and_history(messages: list[ChatMessage]) -> tuple[str, list[dict[str, str]]]:
    """The last user message as the question, earlier user and assistant turns as history.

    System and tool messages are left out: answers come from the articles, and no
    instruction changes how they are made.
    """
    last = messages[-1]
    if last.role != "user":
        raise InvalidQuestionError(
            f"The last message must be the user's question, not a {last.role} message."
        )
    history = [
        {"role": message.role, "content": message.text()}
        for message in messages[:-1]
        if message.role in ("user", "assistant")
    ]
    return last.text(), history


def reply_text(answer: Answer) -> str:
    """The answer as a chat client shows it: its text, then any note on it as a whole."""
    return f"{answer.text}\n\n({answer.note})" if answer.note else answer.text


def completion(answer: Answer, model: str, completion_id: str, created: int) -> ChatCompletion:
    """The non-streamed reply: the answer (or refusal) text, and the citations."""
    return ChatCompletion(
        id=completion_id,
        created=created,
        model=model,
        choices=[CompletionChoice(message=AssistantMessage(content=reply_text(answer)))],
        jrqa=JrqaExtra.of(answer),
    )


async def completion_chunks(
    items: AsyncIterator[str | Answer], model: str, completion_id: str, created: int
) -> AsyncIterator[ChatCompletionChunk]:
    """The streamed reply as chunks.

    First the role, then a generative draft as ``reasoning_content`` while it is
    verified, then the verified answer as ``content``, and a last chunk with
    ``finish_reason`` and ``jrqa``.
    """

    def chunk(
        delta: ChunkDelta, finish: bool = False, extra: JrqaExtra | None = None
    ) -> ChatCompletionChunk:
        choice = ChunkChoice(delta=delta, finish_reason="stop" if finish else None)
        return ChatCompletionChunk(
            id=completion_id, created=created, model=model, choices=[choice], jrqa=extra
        )

    yield chunk(ChunkDelta(role="assistant", content=""))
    shown = ""
    async for item in items:
        if isinstance(item, Answer):
            yield chunk(ChunkDelta(content=reply_text(item)))
            yield chunk(ChunkDelta(), finish=True, extra=JrqaExtra.of(item))
            return
        # Drafts usually grow; one that was rewritten is sent again whole, on a new line.
        added = item[len(shown) :] if item.startswith(shown) else "\n" + item
        shown = item
        if added:
            yield chunk(ChunkDelta(reasoning_content=added))
    raise JrqaError("The answer stream ended without an answer; please ask again.")
