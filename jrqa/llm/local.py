"""The local model: a GGUF file run in this process by llama.cpp.

Loaded once per process, on first use, and shared by every answerer; a lock lets one
question at a time use it, since a llama.cpp context decodes one prompt at a time.
"""

from __future__ import annotations

import atexit
import ctypes
import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jrqa.errors import LLMUnavailableError
from jrqa.llm.base import DraftLLM, failure_message
from jrqa.llm.model_file import resolve_model_path
from jrqa.settings import Settings

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

# Prompt plus draft must fit; the prompts jrqa writes stay well under this.
CONTEXT_TOKENS = 4096

_models: dict[tuple[str, int, int, tuple[str, ...]], DraftLLM] = {}
_models_lock = threading.Lock()
_closers: list[Callable[[], None]] = []


def local_llm(settings: Settings, stop: Sequence[str]) -> DraftLLM:
    """The local model for these settings, loaded on first use.

    Raises:
        LLMUnavailableError: llama-cpp-python or the model file is missing, or the file
            cannot be loaded.
    """
    path = resolve_model_path(settings.local_model_path)
    key = (str(path), settings.llm_threads, settings.llm_max_tokens, tuple(stop))
    with _models_lock:
        cached = _models.get(key)
        if cached is None:
            if not _models:
                atexit.register(close_local_models)
            what = f"The local model {path}"
            cached = DraftLLM(
                _load(path, settings, stop),
                lambda error: failure_message(error, what),
                threading.Lock(),
            )
            _models[key] = cached
        return cached


def is_loaded() -> bool:
    """True once a local model is loaded in this process: later drafts start at once."""
    with _models_lock:
        return bool(_models)


def close_local_models() -> None:
    """Free the loaded models.

    Registered to run at exit: left to the garbage collector during interpreter
    shutdown, llama-cpp-python's finaliser finds its C bindings gone and prints a
    traceback.
    """
    with _models_lock:
        for close in _closers:
            close()
        _closers.clear()
        _models.clear()


def _load(path: Path, settings: Settings, stop: Sequence[str]) -> LLM:
    try:
        from jrqa.llm.llama_cpp_model import ClosableLlamaCPP
    except ImportError:
        raise LLMUnavailableError(
            "Local mode needs llama-cpp-python. Install it with: pip install 'jrqa[local]'."
        ) from None
    _route_llama_cpp_logs()
    try:
        llm = ClosableLlamaCPP(
            model_path=str(path),
            model_url=None,
            # Temperature 0 makes llama.cpp decode greedily: the same draft every time.
            temperature=0.0,
            max_new_tokens=settings.llm_max_tokens,
            context_window=CONTEXT_TOKENS,
            generate_kwargs={"stop": list(stop), "repeat_penalty": 1.0},
            model_kwargs={
                "n_threads": settings.llm_threads,
                "n_threads_batch": settings.llm_threads,
            },
            verbose=False,
        )
    except (ValueError, RuntimeError, OSError) as error:
        raise LLMUnavailableError(
            f"The local model {path} could not be loaded ({error}). "
            "Check that it is a GGUF file llama.cpp supports."
        ) from None
    _closers.append(llm.close)
    return llm


_llama_log = logging.getLogger("jrqa.llama_cpp")
_GGML_LOG_ERROR = 4  # enum ggml_log_level: NONE, DEBUG, INFO, WARN, ERROR, CONT
_log_callback: object = None


def _route_llama_cpp_logs() -> None:
    """Send llama.cpp's own log lines to Python logging instead of the terminal.

    llama-cpp-python maps ggml's log levels off by one, so even with ``verbose=False``
    it prints a warning about the model's cache layout to stderr on every load.
    """
    global _log_callback
    if _log_callback is not None:
        return
    import llama_cpp

    @llama_cpp.llama_log_callback
    def forward(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        line = text.decode("utf-8", errors="replace").rstrip()
        if line:
            _llama_log.log(logging.ERROR if level == _GGML_LOG_ERROR else logging.DEBUG, line)

    _log_callback = forward  # llama.cpp keeps a raw pointer: the callback must stay alive
    llama_cpp.llama_log_set(forward, ctypes.c_void_p(0))
