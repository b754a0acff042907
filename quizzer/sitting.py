"""Sitting a test: its questions asked in order against the clock, and what was answered
handed in for grading.

Decisions: a time limit is checked between answers (`ExamQueue.next`), so plain mode,
which waits for a line, never hangs past it: an answer typed after the time ran out still
counts, and the test is handed in before the next question. The interactive asker also
ends the prompt itself when the time runs out, raising `TimeUp`. A question skipped twice,
or not reached, is handed in unanswered.
"""

from __future__ import annotations

from quizzer import clock
from quizzer.exam import Exam, ExamReport, grade, time_left_text
from quizzer.queues import FixedQueue, Item
from quizzer.session import Result


class TimeUp(Exception):
    """The test's time ran out while a question was asked."""


def time_left_label(seconds: float) -> str:
    """`12:34 left`, as the interactive asker shows it after its hint."""
    return f"{time_left_text(seconds)} left"


class ExamQueue(FixedQueue):
    """A test's questions in order; under a time limit (a `clock.monotonic()` deadline),
    each says the time left, and none comes once it has run out."""

    def __init__(self, exam: Exam, deadline: float | None = None) -> None:
        super().__init__([Item(exam.deck, asked.question) for asked in exam.questions])
        self.deadline = deadline
        self.timed_out = False

    def next(self) -> Item | None:
        if self.deadline is None:
            return super().next()
        left = self.deadline - clock.monotonic()
        if left <= 0:
            self.timed_out = bool(self.left())
            return None
        item = super().next()
        if item is None:
            return None
        return item._replace(note=f"time left {time_left_text(left)}")


def hand_in(exam: Exam, result: Result) -> ExamReport:
    """The test graded on the last answer given to each of its questions (undone ones
    are gone from `result`)."""
    responses = {graded.item.question.id: graded.answer.response for graded in result.graded}
    return grade(exam, [responses.get(asked.question_id) for asked in exam.questions])
