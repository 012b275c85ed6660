"""Who can reach the page, and so what it may let them do."""

from __future__ import annotations

import ipaddress

from jrqa.settings import Settings

_LOOPBACK_NAMES = {"localhost"}


def is_loopback(host: str) -> bool:
    """True when only this machine can reach ``host``."""
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def has_login(settings: Settings) -> bool:
    """True when the page asks for a user name and password."""
    password = settings.auth_password.get_secret_value() if settings.auth_password else ""
    return bool(settings.auth_user) and bool(password)


def uploads_allowed(host: str, settings: Settings) -> bool:
    """Adding articles changes what everyone's answers say: on loopback, or behind a login."""
    return is_loopback(host) or has_login(settings)
