"""A question that asks two things, split into the two questions it asks.

"How many meetings had Abe held with Putin, and over which years was he prime minister?"
asks two facts that often stand in two sentences, or two articles: searched as one, the
sentences closest to the first part crowd out the second's. Each part is searched and
judged on its own; the second may lean on the first ("that post", "he").
"""

from __future__ import annotations

import re

# ", and which …", "and in what capacity …": a second question, opened by its own
# question word (possibly after a preposition).
_SECOND_QUESTION = re.compile(
    r",\s*and\s+(?=(?:(?:in|on|at|over|for|by|since|until|from|with|to)\s+)?"
    r"(?:when|where|who|whom|whose|what|which|how|why)\b)",
    re.I,
)
# Fewer words than this are no question of their own ("and why?", "and by how much?"):
# the whole question is read as one.
_MIN_PART_WORDS = 4


def question_parts(question: str) -> tuple[str, str] | None:
    """The two questions of "<question>, and <wh-question>?", or None for one question."""
    pieces = _SECOND_QUESTION.split(question.strip(), maxsplit=1)
    if len(pieces) != 2:
        return None
    first, second = (piece.strip().rstrip("?").strip() for piece in pieces)
    if min(len(first.split()), len(second.split())) < _MIN_PART_WORDS:
        return None
    return f"{first}?", f"{second[:1].upper()}{second[1:]}?"
