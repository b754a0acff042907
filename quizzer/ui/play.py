"""Running a session in the terminal: the right asker, the summary and retry rounds of a
quiz, the rounds of learning to mastery, a test handed in and graded."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from quizzer.errors import Interrupted
from quizzer.session import Action, Asker, FixedQueue, Queue, Session

if TYPE_CHECKING:
    from quizzer.exam import Exam
    from quizzer.learn import Course
    from quizzer.sitting import ExamQueue


class Player(Asker, Protocol):
    """An asker that can also show lines and ask a yes/no question."""

    def show(self, lines: list[str], *, bold_first: bool = False) -> None:
        """Print lines of text (the header, the summary)."""

    def confirm(self, question: str) -> bool | Action:
        """A yes/no question whose default is yes; end of input is no. A plain asker may
        answer UNDO or RIGHT instead (for the last answer, which had no next prompt)."""


def make_asker(interactive: bool, deadline: float | None = None) -> Player:
    """Arrow-key prompts in a terminal (ended at `deadline`, a timed test's end, if any),
    plain lines otherwise."""
    if interactive:
        from quizzer.ui.prompts import PromptAsker
        from quizzer.ui.render import console

        return PromptAsker(console(), deadline)
    from quizzer.ui.plain import PlainAsker

    return PlainAsker(sys.stdin, sys.stdout)


@dataclass
class Play:
    """How a session is played: its header, and whether missed questions are offered again."""

    header: str
    retry: bool = False
    review: bool = False
    notes: Sequence[str] = ()  # said under the header


def play(session: Session, player: Player, queue: Queue, how: Play) -> None:
    """Ask the queue, print the summary (the score last), then offer retry rounds.

    A retry round asks the questions still missed, in the session's order, until each is
    right or the learner says no; end of input or Ctrl-C at the question or during a round
    ends the session normally, since the quiz itself was finished.
    """
    from quizzer.ui.feedback import summary_lines

    player.show([how.header, *how.notes, ""], bold_first=True)
    result = session.run(queue)
    player.show(summary_lines(result, review=how.review))
    if not how.retry:
        return
    while missed := result.still_missed():
        count = len(missed)
        try:
            reply = player.confirm(
                f"Retry the {count} you missed?" if count > 1 else "Retry the one you missed?"
            )
        except KeyboardInterrupt:  # Ctrl-C at the question is a no: the quiz was finished
            return
        if isinstance(reply, Action):
            if not _last_answer(session, reply):
                return
            player.show(summary_lines(result, review=how.review))
            continue
        if not reply:
            return
        try:
            session.run(FixedQueue(missed), retry=True)
        except Interrupted:
            return
        left = len(result.still_missed())
        player.show([f"Retry round: {count - left} of {count} right now."])


def _last_answer(session: Session, action: Action) -> bool:
    """Undo or overrule the last answer from the retry question; False when the learner
    stopped while the question was asked again."""
    if action is Action.RIGHT:
        session.overrule_last()
        return True
    graded = session.take_back() if action is Action.UNDO else None
    if graded is not None:
        try:
            session.ask_again(graded)
        except Interrupted:
            return False
    return True


def play_rounds(session: Session, player: Player, course: Course, header: str) -> None:
    """Ask round after round until every question is mastered: after each round the
    progress (`Mastered 12 of 45`), at the end a finish screen. No key is asked for
    between rounds. The progress is followed after each round and when the learner
    stops (Ctrl-C, end of input), which is then said and raised on."""
    player.show([header, ""], bold_first=True)
    try:
        while items := course.next_round():
            count = f"{len(items)} question{'s' * (len(items) != 1)}"
            player.show([f"Round {course.state.round}: {count}"])
            try:
                session.run(FixedQueue(items))
            finally:
                course.follow(session.result.graded)
            player.show([_mastered(course), ""])
    except Interrupted:
        player.show([f"{_mastered(course)} so far; your progress is saved."])
        raise
    player.show(finish_lines(session, course))


def _mastered(course: Course) -> str:
    mastered, total = course.progress()
    return f"Mastered {mastered} of {total}"


def finish_lines(session: Session, course: Course) -> list[str]:
    """The finish screen: everything mastered, in how many rounds, answers and time."""
    from quizzer.ui.feedback import duration

    result = session.result
    total = course.progress()[1]
    every = "the one question" if total == 1 else f"all {total} questions"
    return [
        f"Done: {every} mastered, after round {course.state.round}.",
        f"{result.answered} answer{'s' * (result.answered != 1)} in this sitting, "
        f"{result.right} right, in {duration(result.seconds)}.",
    ]


def play_test(session: Session, player: Player, exam: Exam, queue: ExamQueue, how: Play) -> None:
    """Ask the test's questions, telling no verdicts (`session.feedback` is off), until
    they are done or the time is up; then hand it in and show the graded report."""
    from quizzer.sitting import TimeUp, hand_in

    player.show([how.header, *how.notes, ""], bold_first=True)
    try:
        session.run(queue)
    except TimeUp:
        queue.timed_out = True
    if queue.timed_out:
        player.show(["", "Time is up: the test is handed in."])
    player.show(["", *hand_in(exam, session.result).lines()])
