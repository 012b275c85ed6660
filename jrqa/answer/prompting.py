"""The drafting prompt, and cleaning what a model writes back.

The prompt is completion-style with one worked example, because the bundled model is a
small *base* model: it continues a pattern far more reliably than it follows
instructions. Article text goes into numbered one-line blocks, so nothing in an article
can start a new "Question:" line or pose as an instruction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from string import Template

from jrqa.verify.excerpts import Excerpt

PROMPT_FILE = "answer.txt"

# Where a draft is over: the model has started a new prompt block of its own.
STOP_SEQUENCES = ("\n", "Question:", "Passages:")
_NEW_BLOCK = re.compile(r"\n|\b(?:Question|Passages?|Answer)\s*:", re.I)
_ANSWER_LABEL = re.compile(r"^\s*Answer\s*:\s*", re.I)


@cache
def _template() -> Template:
    prompt = resources.files("jrqa.answer").joinpath("prompts", PROMPT_FILE)
    text = prompt.read_text(encoding="utf-8")
    return Template(text)


def one_line(text: str) -> str:
    """Text with every run of white space (line breaks included) made one space."""
    return " ".join(text.split())


def build_prompt(question: str, excerpts: Sequence[Excerpt]) -> str:
    """The completion prompt: instructions, a worked example, the excerpts, the question."""
    passages = "\n".join(f"[{excerpt.n}] {one_line(excerpt.text)}" for excerpt in excerpts)
    # substitute() does not re-read the values, so "$" in an article stays literal.
    return _template().substitute(passages=passages, question=one_line(question)).rstrip()


def visible_draft(raw: str) -> tuple[str, bool]:
    """The part of a streaming draft that can be shown, and whether the draft is over.

    The draft is over once the model starts a new line or prompt block; what follows
    is discarded. Until then the last, possibly unfinished, word is held back so a
    half-written "Question:" never reaches the screen.
    """
    text = _ANSWER_LABEL.sub("", raw, count=1)
    match = _NEW_BLOCK.search(text)
    if match is not None:
        return text[: match.start()].strip(), True
    cut = max(text.rfind(" "), 0)
    return text[:cut].strip(), False


def clean_draft(raw: str) -> str:
    """The finished draft without any block the model went on to invent."""
    text, over = visible_draft(raw)
    return text if over else _ANSWER_LABEL.sub("", raw, count=1).strip()
