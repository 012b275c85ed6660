"""What goes over the wire: requests and replies of ``/v1/ask`` and the OpenAI endpoints.

The OpenAI-compatible replies carry jrqa's citations in the documented extra field
``jrqa``.
"""

from __future__ import annotations

import time
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from jrqa.index.corpus import ArticleSummary
from jrqa.models import Answer, Citation
from jrqa.settings import AnswerMode

# Generous bounds on what a conversation may carry; the question itself is bounded by
# validate_question (MAX_QUESTION_CHARS), which explains its limit.
MAX_TURNS = 200
MAX_TURN_CHARS = 50_000
MAX_OUTLET_CHARS = 200


class HistoryTurn(BaseModel):
    """One earlier turn of the conversation."""

    role: Literal["user", "assistant"]
    content: str = Field(max_length=MAX_TURN_CHARS)


class AskRequest(BaseModel):
    """``POST /v1/ask``: a question, the conversation so far and the answer mode."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(description="The question (at most MAX_QUESTION_CHARS characters).")
    history: list[HistoryTurn] = Field(
        default_factory=list,
        max_length=MAX_TURNS,
        description="Earlier turns, oldest first; a follow-up is read against them.",
    )
    mode: AnswerMode | None = Field(None, description="Answer mode; unset: the server's.")
    outlet: str | None = Field(
        None,
        max_length=MAX_OUTLET_CHARS,
        description="Answer from this outlet's articles only (case and a leading 'the' do "
        "not matter); an unknown outlet is a 400 whose message lists the known ones.",
    )
    stream: bool = Field(
        False,
        description="Reply with server-sent events: 'draft' events ({'text': ...}) while a "
        "generative draft grows, then one 'answer' event holding the Answer.",
    )
    require_settings: dict[str, Any] = Field(
        default_factory=dict,
        description="Answer only if the server's settings have these values (names as in "
        "jrqa.Settings, paths absolute); 409 otherwise. `jrqa ask` pins those its user set.",
    )


class ErrorDetail(BaseModel):
    """An error in the OpenAI shape, so OpenAI clients show its message."""

    message: str
    type: str
    code: str | None = None


class ErrorResponse(BaseModel):
    """The body of every error reply."""

    error: ErrorDetail


class Health(BaseModel):
    """``GET /healthz``."""

    status: Literal["ok"] = "ok"
    articles: int = Field(description="Articles in the index.")


class ArticleList(BaseModel):
    """``GET /v1/articles``: the indexed articles, sorted by file name."""

    object: Literal["list"] = "list"
    data: list[ArticleSummary]


def _is_none(value: object) -> bool:
    """Stream chunks leave out what they don't carry, as OpenAI's do."""
    return value is None


# --- OpenAI-compatible chat ---------------------------------------------------------------


class ModelCard(BaseModel):
    """One answer mode, offered as a model named ``jrqa-<mode>``."""

    id: str
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "jrqa"


class ModelList(BaseModel):
    """``GET /v1/models``."""

    object: Literal["list"] = "list"
    data: list[ModelCard]


class ContentPart(BaseModel):
    """A part of a message's content; only text parts mean anything to jrqa."""

    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    """A message of an OpenAI chat request."""

    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        """The message's text, its text parts joined."""
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "\n".join(part.text for part in self.content if part.text)


class JrqaOptions(BaseModel):
    """The extra request field ``jrqa``: what an OpenAI request has no field for.

    OpenAI clients send it as an extra body field (``extra_body={"jrqa": {...}}`` in the
    official Python client).
    """

    model_config = ConfigDict(extra="forbid")

    outlet: str | None = Field(
        None,
        max_length=MAX_OUTLET_CHARS,
        description="Answer from this outlet's articles only, as ``outlet`` of /v1/ask.",
    )


class ChatCompletionRequest(BaseModel):
    """``POST /v1/chat/completions``.

    Sampling options are accepted and ignored: answers are quoted or verified, never
    sampled. jrqa's own options go in the extra field ``jrqa``, as its citations do in
    the reply.
    """

    model_config = ConfigDict(extra="ignore")

    model: str = Field(description="jrqa-extractive, jrqa-local, jrqa-openai, or jrqa.")
    messages: list[ChatMessage] = Field(min_length=1, max_length=MAX_TURNS)
    stream: bool = False
    jrqa: JrqaOptions = Field(default_factory=JrqaOptions)


class JrqaExtra(BaseModel):
    """The extra field ``jrqa`` of a completion and of a stream's final chunk."""

    citations: list[Citation] = Field(
        description="What each [n] marker of the answer refers to: source, title, outlet, "
        "quote (exactly cleaned_article[start:end]), start, end, and any provenance."
    )
    abstained: bool = Field(description="True when the articles don't answer the question.")
    mode: str
    searched_query: str = Field(description="The question as searched (follow-ups rewritten).")
    fell_back: bool = Field(description="A generative draft failed verification entirely.")
    note: str = Field(
        "", description="A remark on the answer as a whole, such as that its sources differ."
    )
    restricted_to: str | None = Field(
        None, description="The one source whose passages were searched (None: all)."
    )

    @classmethod
    def of(cls, answer: Answer) -> JrqaExtra:
        """The extra field for ``answer``."""
        return cls(
            citations=answer.citations,
            abstained=answer.abstained,
            mode=answer.mode,
            searched_query=answer.searched_query,
            fell_back=answer.fell_back,
            note=answer.note,
            restricted_to=answer.restricted_to,
        )


class AssistantMessage(BaseModel):
    """The reply of a non-streamed completion."""

    role: Literal["assistant"] = "assistant"
    content: str


class CompletionChoice(BaseModel):
    """The single choice of a completion."""

    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"


class ChatCompletion(BaseModel):
    """A non-streamed reply of ``/v1/chat/completions``."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[CompletionChoice]
    jrqa: JrqaExtra


class ChunkDelta(BaseModel):
    """What a stream chunk adds.

    ``reasoning_content`` carries a generative draft while it is verified (chat front
    ends show it as the model's thinking); ``content`` carries only the verified answer.
    """

    role: Literal["assistant"] | None = Field(None, exclude_if=_is_none)
    content: str | None = Field(None, exclude_if=_is_none)
    reasoning_content: str | None = Field(None, exclude_if=_is_none)


class ChunkChoice(BaseModel):
    """The single choice of a stream chunk."""

    index: int = 0
    delta: ChunkDelta
    finish_reason: Literal["stop"] | None = None


class ChatCompletionChunk(BaseModel):
    """One event of a streamed reply; the last one carries ``jrqa``."""

    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]
    jrqa: JrqaExtra | None = Field(None, exclude_if=_is_none)


def completion_id() -> str:
    """A fresh id for a completion and all its chunks."""
    return f"chatcmpl-{uuid.uuid4().hex}"


def now() -> int:
    """Seconds since the epoch, as OpenAI's ``created``."""
    return int(time.time())
