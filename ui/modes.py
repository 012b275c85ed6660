"""Which answer modes the page offers, and how many answers it computes at once."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from jrqa.settings import AnswerMode, Settings

MODE_LABELS: dict[AnswerMode, str] = {
    "extractive": "Quotes (extractive)",
    "local": "Local model (local)",
    "openai": "Model server (openai)",
}


@dataclass(frozen=True)
class OfferedModes:
    """The modes a reader can pick, and a plain sentence about the ones left out."""

    modes: list[AnswerMode]
    note: str


def llama_cpp_installed() -> bool:
    """True when llama-cpp-python (the ``local`` extra) can be imported."""
    return importlib.util.find_spec("llama_cpp") is not None


def offered_modes(
    settings: Settings, local_available: Callable[[], bool] = llama_cpp_installed
) -> OfferedModes:
    """Extractive always; ``local`` with llama.cpp installed; ``openai`` with a server set."""
    modes: list[AnswerMode] = ["extractive"]
    missing = []
    if local_available():
        modes.append("local")
    else:
        missing.append("a local model needs the `local` extra (pip install 'jrqa[local]')")
    if settings.openai_base_url and settings.openai_model:
        modes.append("openai")
    else:
        missing.append(
            "a model server needs JRQA_OPENAI_BASE_URL and JRQA_OPENAI_MODEL to be set "
            "when the page starts"
        )
    note = ""
    if missing:
        note = "Not available here: " + "; ".join(missing) + "."
    return OfferedModes(modes, note)


def answer_concurrency(cpu_count: int | None) -> int:
    """How many questions the page answers at once (model drafts excepted).

    An extractive answer is tens of milliseconds of CPU work, much of it in native code
    that releases the GIL, so a couple of answers per core keep the cores busy without
    making each one wait behind a long queue of threads.
    """
    return max(2, 2 * (cpu_count or 1))


# llama.cpp decodes one prompt at a time in one context; more at once only queue up
# inside it, holding page workers that extractive answers could use.
LOCAL_MODEL_CONCURRENCY = 1
