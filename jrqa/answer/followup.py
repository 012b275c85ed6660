"""Turn a follow-up question into one that can be searched on its own, without an LLM."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from jrqa.text.markers import strip_markers

History = Sequence[Mapping[str, str]]

# Words that point back into the conversation instead of naming what they mean.
_REFERRING = re.compile(
    r"\b(he|she|it|they|him|her|his|hers|its|them|their|this|that|these|those|there|then|"
    r"the same|the former|the latter|what else|and)\b",
    re.I,
)
_PERSONAL = frozenset("he she him her his hers they them their".split())
_MAX_CARRIED_CHARS = 300
# An abstention or error carries no topic worth searching for.
_NO_ANSWER_PREFIXES = ("The articles don't", "Sorry", "Error")


def last_user_question(history: History | None) -> str | None:
    """The most recent question the user asked before this one."""
    for turn in reversed(list(history or [])):
        if turn.get("role") == "user" and turn.get("content", "").strip():
            return turn["content"].strip()
    return None


def last_answer(history: History | None) -> str | None:
    """The most recent answer, without its [n] markers."""
    for turn in reversed(list(history or [])):
        if turn.get("role") == "assistant" and turn.get("content", "").strip():
            return strip_markers(turn["content"])
    return None


def said_before(history: History | None) -> frozenset[str]:
    """Every earlier answer's text, for not quoting the same sentence twice in a row."""
    return frozenset(
        strip_markers(turn.get("content", ""))
        for turn in history or []
        if turn.get("role") == "assistant"
    )


def needs_context(question: str) -> bool:
    """True for questions that lean on earlier turns ("What did he say about it?").

    A personal pronoun next to a name of the question's own ("Did Lavrov say he would
    come back?") points at that name, not back into the conversation.
    """
    words = re.findall(r"\w+", question)
    if len(words) <= 4:
        return True
    referring = {match.lower() for match in _REFERRING.findall(question)}
    if not referring:
        return False
    names_its_own = any(word[:1].isupper() for word in words[1:])
    return not (names_its_own and referring <= _PERSONAL)


def rewrite_question(question: str, history: History | None) -> str:
    """The question to search: the follow-up plus the exchange it follows.

    Appending the previous question and answer brings back the names and topic the
    pronouns stand for ("he", "it"); retrieval and the support gate then see them, and
    the passage the last answer came from, where a follow-up is usually answered.
    """
    previous = last_user_question(history)
    if not previous or not needs_context(question):
        return question
    carried = previous[:_MAX_CARRIED_CHARS]
    answer = last_answer(history)
    if answer and not answer.startswith(_NO_ANSWER_PREFIXES):
        carried += " " + answer[:_MAX_CARRIED_CHARS]
    return f"{question} ({carried})"
