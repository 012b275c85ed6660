"""The served model: any OpenAI-compatible server (Ollama, vLLM, the llama.cpp server)."""

from __future__ import annotations

from collections.abc import Sequence

from jrqa.errors import LLMUnavailableError
from jrqa.llm.base import DraftLLM, failure_message, shorten
from jrqa.settings import Settings


def openai_llm(settings: Settings, stop: Sequence[str]) -> DraftLLM:
    """A client for the configured server; no request is made until drafting.

    Raises:
        LLMUnavailableError: the URL or model name is not set, or the client library is
            not installed.
    """
    if not settings.openai_base_url or not settings.openai_model:
        raise LLMUnavailableError(
            "The openai mode needs a server URL and a model name: set JRQA_OPENAI_BASE_URL "
            "(e.g. http://127.0.0.1:8080/v1) and JRQA_OPENAI_MODEL, or pass "
            "--openai-base-url and --openai-model."
        )
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError:
        raise LLMUnavailableError(
            "The openai mode needs llama-index-llms-openai-like. Install it with: "
            "pip install 'jrqa[openai]'."
        ) from None
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    llm = OpenAILike(
        model=settings.openai_model,
        api_base=settings.openai_base_url,
        # Local servers ignore the key, but the client refuses to start without one.
        api_key=key or "unused",
        is_chat_model=settings.openai_chat,
        temperature=0.0,
        max_tokens=settings.llm_max_tokens,
        additional_kwargs={"stop": list(stop)},
        timeout=settings.llm_timeout_s,
        # Fail fast with a clear message rather than retrying a server that is down.
        max_retries=0,
    )
    url = settings.openai_base_url
    return DraftLLM(llm, lambda error: describe_failure(error, url))


def describe_failure(error: Exception, url: str) -> str:
    """What went wrong with the server, in words a user can act on."""
    import openai

    detail = shorten(str(error) or type(error).__name__)
    if isinstance(error, openai.APITimeoutError):
        return (
            f"The language model server at {url} did not answer in time. "
            "Raise JRQA_LLM_TIMEOUT_S, or use --mode extractive."
        )
    if isinstance(error, openai.APIConnectionError):
        return (
            f"The language model server at {url} cannot be reached ({detail}). Check that "
            "it is running and that JRQA_OPENAI_BASE_URL is right, or use --mode extractive."
        )
    if isinstance(error, openai.APIStatusError):
        return (
            f"The language model server at {url} refused the request "
            f"(HTTP {error.status_code}: {detail}). Check JRQA_OPENAI_MODEL and "
            "JRQA_OPENAI_API_KEY, or use --mode extractive."
        )
    return failure_message(error, f"The language model server at {url}")
