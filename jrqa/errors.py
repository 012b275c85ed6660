"""Errors jrqa raises on purpose; each message tells the user what to do next."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jrqa.settings import Settings


class JrqaError(Exception):
    """Base class: the CLI and the chat page show these messages as they are."""


class InvalidQuestionError(JrqaError, ValueError):
    """The question is empty, too long or otherwise unusable."""


class UnknownOutletError(JrqaError, ValueError):
    """An outlet filter names no outlet of the indexed articles (the message lists them)."""


class IndexUnavailableError(JrqaError):
    """The index is missing, corrupt or its server cannot be reached."""


class LLMUnavailableError(JrqaError):
    """The configured language model cannot be loaded or reached."""


def redact(text: str, settings: Settings | None) -> str:
    """``text`` with the settings' secret values masked.

    Messages can quote what a server said, and a server may echo the API key it was
    given; nothing jrqa prints, shows or logs may carry a secret.
    """
    if settings is None:
        return text
    for secret in (settings.openai_api_key, settings.auth_password, settings.api_key):
        value = secret.get_secret_value() if secret is not None else ""
        if len(value) >= 4:  # masking a one-letter "secret" would garble every message
            text = text.replace(value, "**********")
    return text
