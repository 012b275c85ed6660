"""``jrqa chat``: build the index if needed, then serve the chat page on loopback."""

from __future__ import annotations

import argparse
import sys
import time

from jrqa.settings import Settings
from ui.exposure import is_loopback

__all__ = ["add_arguments", "exposure_warnings", "is_loopback", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of ``jrqa chat``."""
    parser.add_argument(
        "--host", help="address to bind (default 127.0.0.1; anything else exposes the page)"
    )
    parser.add_argument("--port", type=int, help="port to listen on (default 7860; 0 = any free)")


def exposure_warnings(settings: Settings) -> list[str]:
    """What the person starting the page should know about who can reach it."""
    warnings = []
    password = settings.auth_password.get_secret_value() if settings.auth_password else ""
    has_user, has_password = bool(settings.auth_user), bool(password)
    if has_user != has_password:
        warnings.append(
            "JRQA_AUTH_USER and JRQA_AUTH_PASSWORD work only together; "
            "the page is served without a password."
        )
    if not is_loopback(settings.host) and not (has_user and has_password):
        warnings.append(
            f"serving on {settings.host} without a password; anyone who can reach this "
            "address can use the page. Set JRQA_AUTH_USER and JRQA_AUTH_PASSWORD, or bind "
            "127.0.0.1."
        )
    return warnings


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the page until interrupted; returns the exit code."""
    from jrqa.api import get_answerer, open_index
    from ui.app import create_app

    auth = None
    if settings.auth_user and settings.auth_password:
        auth = (settings.auth_user, settings.auth_password.get_secret_value())
    for warning in exposure_warnings(settings):
        print(f"jrqa: warning: {warning}", file=sys.stderr)
    for line in open_index(get_answerer(settings)):
        print(line, file=sys.stderr)
    app = create_app(get_answerer, settings)
    url = app.launch(settings.host, settings.port, auth)
    print(f"jrqa chat is running at {url}  (Ctrl+C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        app.close()
