"""The errors quizzer raises, each carrying the exit code the command line ends with.

Library code raises these; only the command line prints them (one error boundary).
Exit codes: 0 ok, 1 failure (data, files), 2 bad usage or bad input, 130 interrupted.
"""

from __future__ import annotations

OK = 0
FAILURE = 1
BAD_INPUT = 2
INTERRUPTED = 130


class QuizzerError(Exception):
    """A problem the learner can act on: the message says what, where and what to do."""

    exit_code = FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(QuizzerError):
    """Something the learner gave us (an argument, a deck file, a setting) is wrong."""

    exit_code = BAD_INPUT


class DeckError(BadInput):
    """A deck cannot be found or breaks the deck format."""


class DataError(QuizzerError):
    """The data directory or one of its files cannot be read or written."""


class Interrupted(QuizzerError):
    """The learner stopped a quiz (Ctrl-C or end of input); what was answered is kept."""

    exit_code = INTERRUPTED

    def __init__(self, saved: int, right: int = 0) -> None:
        if saved:
            noun = "answer" if saved == 1 else "answers"
            every = "it is" if saved == 1 else f"all {saved} are"
            message = f"interrupted after {saved} {noun} ({right} right); {every} saved."
        else:
            message = "interrupted before any answer; nothing to save."
        super().__init__(message)
        self.saved = saved
        self.right = right
