"""``jrqa serve``: the API and the chat page in one process, on loopback by default."""

from __future__ import annotations

import argparse
import socket
import sys

from jrqa.errors import JrqaError
from jrqa.serve.exposure import check_exposure
from jrqa.settings import Settings

_WARM_UP_QUESTION = "Japan and Russia"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of ``jrqa serve``."""
    parser.add_argument(
        "--host",
        help="address to bind (default 127.0.0.1; any other needs JRQA_API_KEY and, with "
        "the page, JRQA_AUTH_USER and JRQA_AUTH_PASSWORD)",
    )
    parser.add_argument("--port", type=int, help="port to listen on (default 7860; 0 = any free)")
    parser.add_argument(
        "--no-page", action="store_true", help="serve only the API, not the chat page"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve until interrupted; returns the exit code."""
    with_page = not args.no_page
    # Before anything slow: an exposed address without credentials never starts.
    for warning in check_exposure(settings, with_page):
        print(f"jrqa: warning: {warning}", file=sys.stderr)
    listener = listen(settings.host, settings.port)

    import uvicorn

    from jrqa.api import get_answerer, open_index
    from jrqa.serve.app import create_service_app

    answerer = get_answerer(settings)
    for line in open_index(answerer):
        print(line, file=sys.stderr)
    # Load the model, the store and the keyword index now, not on the first user's time.
    answerer.ask(_WARM_UP_QUESTION)
    app = create_service_app(answerer, get_answerer if with_page else None)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,  # a line per request costs more than an extractive answer's routing
        timeout_graceful_shutdown=5,
    )
    url = base_url(settings.host, listener.getsockname()[1])
    print(
        f"jrqa serve is running at {url}  (API: {url}v1, Ctrl+C to stop)",
        flush=True,
    )
    uvicorn.Server(config).run(sockets=[listener])
    return 0


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (0: any free port), or a message saying why not."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family)
    except OSError as error:
        raise JrqaError(
            f"Cannot listen on {host}:{port}: {error.strerror or error}. Is another jrqa "
            "(or something else) using that port? Pass --port (0 picks a free one)."
        ) from None


def base_url(host: str, port: int) -> str:
    """The address people open, with the trailing slash."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
