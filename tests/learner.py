"""A learner at the plain protocol, in this process: each line read answers the question
on screen, so a test can answer questions whose order or form it cannot know in advance."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from conftest import run_quiz

from quizzer.ui.plain import PlainAsker


@dataclass
class Asked:
    """One question as the screen showed it."""

    heading: str
    lines: list[str]  # what follows the heading, up to the prompt for an answer

    @property
    def prompt(self) -> str:
        return self.lines[0]

    @property
    def form(self) -> str:
        return self.heading.partition("(")[2].rstrip(")")


# What the learner types at the n-th line read (from 0): the line, or None for end of input.
Answer = Callable[[int, Asked], "str | None"]


@dataclass
class Learner:
    """Stands in for stdin: reads the screen so far and answers the question on it."""

    screen: io.StringIO
    answer: Answer
    asked: list[Asked] = field(default_factory=list)
    reads: int = 0
    _heading_at: int = -1

    def readline(self, size: int | None = -1) -> str:
        lines = self.screen.getvalue().splitlines()
        at = max(i for i, line in enumerate(lines) if line.startswith("Question "))
        shown = Asked(lines[at], [line for line in lines[at + 1 :] if "> " not in line])
        if at != self._heading_at:
            self.asked.append(shown)
            self._heading_at = at
        reply = self.answer(self.reads, shown)
        self.reads += 1
        return "" if reply is None else reply + "\n"

    def isatty(self) -> bool:
        return False


@dataclass
class Run:
    """A command run by the learner: its exit code, what the asker printed (`screen`),
    stdout and stderr besides, and the questions asked."""

    code: int
    screen: str
    stdout: str
    stderr: str
    asked: list[Asked]
    reads: int


def run_with(monkeypatch: pytest.MonkeyPatch, answer: Answer, *args: str) -> Run:
    """`quiz ARGS --plain`, the learner answering with `answer`."""
    screen = io.StringIO()
    learner = Learner(screen, answer)
    monkeypatch.setattr("quizzer.ui.play.make_asker", lambda *_: PlainAsker(learner, screen))
    done = run_quiz(*args, "--plain")
    return Run(
        done.returncode, screen.getvalue(), done.stdout, done.stderr, learner.asked, learner.reads
    )
