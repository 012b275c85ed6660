"""Which of the client's settings a server must share for its answer to be the client's.

``jrqa ask --index-dir other/`` must not be answered from the server's own index. The
client pins every answer-affecting setting its user chose (by flag or ``JRQA_*``
variable), the server compares them with its own and refuses with 409 when they differ,
and the client then answers in-process. Settings the user left at their defaults are
the server's to choose.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jrqa.settings import Settings

# Settings that shape how a process runs or talks, not what an answer says. The mode is
# sent with each request, and secrets are never sent anywhere.
_NOT_ANSWER_SETTINGS = frozenset(
    {
        "mode",
        "seeds_dir",
        "host",
        "port",
        "auth_user",
        "auth_password",
        "feedback_path",
        "openai_api_key",
        "api_key",
        "server_url",
        "server_connect_timeout_s",
        "server_timeout_s",
        "serve_threads",
        "llm_timeout_s",
        "llm_threads",
    }
)


def pinned_settings(settings: Settings) -> dict[str, Any]:
    """The answer settings the user set explicitly, as JSON values (paths made absolute)."""
    chosen = settings.model_fields_set - _NOT_ANSWER_SETTINGS
    return {name: _comparable(getattr(settings, name)) for name in sorted(chosen)}


def differing_settings(pins: dict[str, Any], settings: Settings) -> list[str]:
    """The pinned names whose value is not this process's (unknown names differ too)."""
    fields = type(settings).model_fields
    return [
        name
        for name, value in sorted(pins.items())
        if name not in fields
        or name in _NOT_ANSWER_SETTINGS
        or _comparable(getattr(settings, name)) != value
    ]


def _comparable(value: object) -> Any:
    """A JSON value, equal for equal settings.

    Paths are resolved, since client and server may run in different folders.
    """
    if isinstance(value, Path):
        return str(value.expanduser().resolve())
    return value
