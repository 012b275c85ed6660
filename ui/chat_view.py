"""The chat's messages as the page shows them, rebuilt from the conversation."""

from __future__ import annotations

from dataclasses import dataclass

from ui.conversation import Conversation, Turn, Verdict
from ui.render import render_answer, render_error, render_user_message

Message = dict[str, str]


@dataclass(frozen=True)
class ChatView:
    """The chat's messages and the vote shown on each answer ("Like", "Dislike" or None).

    The votes are sent with every change of the messages: a chat whose messages change
    redraws its thumbs from them, and would otherwise forget which one was pressed.
    """

    messages: list[Message]
    votes: list[str | None]


_THUMBS: dict[Verdict | None, str | None] = {"up": "Like", "down": "Dislike", None: None}


def chat_view(conversation: Conversation) -> ChatView:
    """The chat: each question, and each finished turn's answer or error, with its vote."""
    messages: list[Message] = []
    votes: list[str | None] = []
    for turn in conversation.snapshot():
        messages.append({"role": "user", "content": render_user_message(turn.question)})
        if turn.finished:
            messages.append({"role": "assistant", "content": reply_html(turn, len(messages))})
            votes.append(_THUMBS[turn.vote])
    return ChatView(messages, votes)


def reply_html(turn: Turn, message_index: int) -> str:
    """The bubble of a finished turn."""
    if turn.answer is not None:
        return render_answer(turn.answer, message_index, turn.vote)
    return render_error(turn.error or "")
