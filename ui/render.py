"""HTML for the chat: questions, answers with linked [n] markers, errors, status, corpus.

Every piece of article, model or user text goes through ``escape_text`` before it is
placed in markup: articles are data, and a ``<script>`` inside one must show as text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jrqa.index.corpus import ArticleSummary
from jrqa.models import Answer, IngestReport
from ui.conversation import Verdict

_MARKER = re.compile(r"\[(\d+)\]")
# HTML's own specials plus every character the chat's Markdown renderer would interpret
# (emphasis, links, lists, headings, autolinks, maths): as numeric entities they show literally.
_ENTITIES = {char: f"&#{ord(char)};" for char in "&<>\"'\\`*_{}[]()#+-.!|~$:=@"}


def escape_text(text: str) -> str:
    """Text safe to place in HTML and in Markdown: tags and Markdown syntax show literally."""
    return "".join(_ENTITIES.get(char, char) for char in text)


def one_line(question: str) -> str:
    """The question as it is searched: white space runs collapsed to single spaces."""
    return " ".join(question.split())


def source_anchor(turn: int, n: int) -> str:
    """The element id of citation ``n`` of answer ``turn`` in the sources panel."""
    return f"jrqa-src-{turn}-{n}"


def render_user_message(question: str) -> str:
    """The user's question as it appears in the chat: its own text, nothing around it.

    The chat reads a message's raw content to screen readers; the page's script relabels
    each message with its shown text, so the entities never reach a listener.
    """
    return escape_text(one_line(question))


def render_answer_text(text: str, turn: int, citation_numbers: Sequence[int]) -> str:
    """Answer text with each known [n] marker turned into a link to its source card."""
    known = set(citation_numbers)
    parts: list[str] = []
    position = 0
    for match in _MARKER.finditer(text):
        parts.append(escape_text(text[position : match.start()]))
        number = int(match.group(1))
        if number in known:
            parts.append(
                f'<a class="jrqa-cite" href="#{source_anchor(turn, number)}" '
                f'title="Show source {number}">&#91;{number}&#93;</a>'
            )
        else:
            parts.append(escape_text(match.group(0)))
        position = match.end()
    parts.append(escape_text(text[position:]))
    return "".join(parts)


_VOTE_NOTES: dict[Verdict, str] = {
    "up": "Thanks: saved as a good answer.",
    "down": "Thanks: saved as a bad answer.",
}


def draft_note(answer: Answer) -> str:
    """One line on what verification did to a generative draft ("" when nothing)."""
    if answer.fell_back:
        return (
            "The model's draft was not supported by the articles, so this answer quotes "
            "them instead."
        )
    if answer.removed:
        count = len(answer.removed)
        sentences = "sentence was" if count == 1 else "sentences were"
        return f"{count} drafted {sentences} left out: the articles do not support them."
    return ""


def searched_line(answer: Answer) -> str:
    """What was searched, when it is not just the question: the query, the one source.

    The query is one line, cut short on the page with the whole of it on hover: a
    follow-up searched with the turns it leans on would otherwise push the answer's own
    notes out of sight. Escaped, "" when the question alone was searched in every article.
    """
    lines = []
    if answer.searched_query and answer.searched_query != answer.question:
        query = escape_text(one_line(answer.searched_query))
        lines.append(
            f'<div class="jrqa-searched jrqa-searched-as" title="{query}">'
            f"Searched as: {query}</div>"
        )
    if answer.restricted_to:
        lines.append(
            '<div class="jrqa-searched"><span class="jrqa-restricted">'
            f"Only from: {escape_text(answer.restricted_to)}</span></div>"
        )
    return "".join(lines)


def render_answer(answer: Answer, turn: int, vote: Verdict | None = None) -> str:
    """The chat bubble of an answer, with its note and the searched, draft and vote lines."""
    numbers = [citation.n for citation in answer.citations]
    body = render_answer_text(answer.text, turn, numbers)
    notes = searched_line(answer)
    if answer.note:  # about the answer as a whole (its sources differ): read before the rest
        body = f'<div class="jrqa-answer-note">{escape_text(answer.note)}</div>{body}'
    if draft := draft_note(answer):
        notes += f'<div class="jrqa-draft-note">{escape_text(draft)}</div>'
    if vote is not None:
        notes += f'<div class="jrqa-voted">{escape_text(_VOTE_NOTES[vote])}</div>'
    if answer.abstained:
        return (
            '<div class="jrqa-answer jrqa-abstained">'
            '<div class="jrqa-badge">Not in the articles</div>'
            f"<div>{body}</div>{notes}</div>"
        )
    return f'<div class="jrqa-answer">{body}{notes}</div>'


def render_error(message: str) -> str:
    """A failure, as a readable note in the chat."""
    return (
        '<div class="jrqa-answer jrqa-error"><div class="jrqa-badge">Could not answer</div>'
        f"<div>{escape_text(message)}</div></div>"
    )


def render_status(activity: str, waiting: int = 0, draft: str = "") -> str:
    """The line under the chat while answers are on their way ("" when idle)."""
    if not activity:
        return ""
    queued = ""
    if waiting:
        more = "question is" if waiting == 1 else "questions are"
        queued = f'<span class="jrqa-queued">{waiting} more {more} waiting.</span>'
    shown_draft = f'<div class="jrqa-draft">{escape_text(draft)}</div>' if draft else ""
    return (
        '<div class="jrqa-progress" role="status">'
        f'<span class="jrqa-spinner" aria-hidden="true"></span>'
        f"<span>{escape_text(activity)}</span> {queued}{shown_draft}</div>"
    )


def render_problem(message: str) -> str:
    """Why a question was not sent, on the status line."""
    return f'<div class="jrqa-problem" role="alert">{escape_text(message)}</div>'


def render_corpus(articles: Sequence[ArticleSummary]) -> str:
    """The indexed articles as a table: title, outlet, file, chunks."""
    if not articles:
        return '<p class="jrqa-empty">The index is empty.</p>'
    rows = "".join(
        "<tr>"
        f"<td>{escape_text(article.title)}</td>"
        f"<td>{escape_text(article.outlet or '—')}</td>"
        f'<td class="jrqa-file">{escape_text(article.source)}</td>'
        f'<td class="jrqa-chunks">{article.chunks}</td>'
        "</tr>"
        for article in articles
    )
    total = sum(article.chunks for article in articles)
    return (
        '<table class="jrqa-corpus"><thead><tr><th>Title</th><th>Outlet</th><th>File</th>'
        f"<th>Chunks</th></tr></thead><tbody>{rows}</tbody></table>"
        f'<p class="jrqa-note">{len(articles)} articles, {total} chunks.</p>'
    )


def render_upload_report(report: IngestReport, refused: str = "") -> str:
    """What an upload did, file by file: added, updated, unchanged, not added and why."""
    if refused:
        return render_problem(refused)
    groups = [
        ("Added", report.added),
        ("Updated", report.updated),
        ("Already in the index, unchanged", report.skipped),
    ]
    items = "".join(
        f"<li><strong>{label}:</strong> {escape_text(', '.join(names))}</li>"
        for label, names in groups
        if names
    )
    failed = "".join(
        f"<li>{escape_text(problem.path)}: {escape_text(problem.message)}</li>"
        for problem in report.failed
    )
    if failed:
        items += f'<li class="jrqa-failed"><strong>Not added:</strong><ul>{failed}</ul></li>'
    if not items:
        return '<p class="jrqa-note">Nothing was uploaded.</p>'
    return f'<ul class="jrqa-upload-report">{items}</ul>'
