"""Errors jrqa raises on purpose; each message tells the user what to do next."""


class JrqaError(Exception):
    """Base class: the CLI and the chat page show these messages as they are."""


class InvalidQuestionError(JrqaError, ValueError):
    """The question is empty, too long or otherwise unusable."""


class IndexUnavailableError(JrqaError):
    """The index is missing, corrupt or its server cannot be reached."""


class LLMUnavailableError(JrqaError):
    """The configured language model cannot be loaded or reached."""
