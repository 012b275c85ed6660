"""Who can reach ``jrqa serve``.

Loopback by default; any other address only with an API key for ``/v1/*`` and, when the
chat page is served, a page login.
"""

from __future__ import annotations

from jrqa.errors import JrqaError
from jrqa.settings import Settings
from ui.exposure import has_login, is_loopback


class ExposureError(JrqaError):
    """Binding this address would let anyone who can reach it use the service."""


def check_exposure(settings: Settings, with_page: bool) -> list[str]:
    """Warnings for the person starting the server; ``ExposureError`` if it must not start.

    Args:
        settings: the address (host) and the credentials (api_key, auth_user,
            auth_password).
        with_page: whether the chat page is served too (then it needs its login).
    """
    has_key = bool(settings.api_key and settings.api_key.get_secret_value())
    if not is_loopback(settings.host):
        missing = []
        if not has_key:
            missing.append("JRQA_API_KEY (the API's Bearer key)")
        if with_page and not has_login(settings):
            missing.append("JRQA_AUTH_USER and JRQA_AUTH_PASSWORD (the chat page's login)")
        if missing:
            raise ExposureError(
                f"Refusing to serve on {settings.host}: anyone who can reach it could use "
                f"jrqa. Set {' and '.join(missing)}, or bind 127.0.0.1 (the default)."
            )
    warnings = []
    has_password = bool(settings.auth_password and settings.auth_password.get_secret_value())
    if with_page and bool(settings.auth_user) != has_password:
        warnings.append(
            "JRQA_AUTH_USER and JRQA_AUTH_PASSWORD work only together; "
            "the page is served without a password."
        )
    return warnings
