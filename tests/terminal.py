"""The installed `quiz` in a pseudo-terminal of a chosen size, its output played into a
terminal emulator (pyte), so tests read the screen a learner sees, not the escape codes."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable

import pexpect
import pyte
from conftest import QUIZ

ENTER, CTRL_C, CTRL_S, CTRL_Z = "\r", "\x03", "\x13", "\x1a"
WAIT = 20.0  # seconds a test waits for the screen it expects before it fails


class Terminal:
    """A `quiz` process and the screen it draws: `rows` by `cols`, with the lines that
    scrolled off the top kept."""

    def __init__(self, *args: str, rows: int, cols: int) -> None:
        self.rows, self.cols = rows, cols
        self.screen = pyte.HistoryScreen(cols, rows, history=10_000)
        self.stream = pyte.Stream(self.screen)
        self.raw = io.StringIO()
        # A real terminal answers prompt_toolkit's cursor-position queries; pexpect never
        # does, and each unanswered query costs a second, so the prompts are told not to ask.
        env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
        self.child = pexpect.spawn(
            QUIZ, list(args), env=env, encoding="utf-8", dimensions=(rows, cols), timeout=WAIT
        )
        self.child.logfile_read = self

    def write(self, data: str) -> None:
        """What the process prints (pexpect's log): onto the screen."""
        self.raw.write(data)
        self.stream.feed(data)

    def flush(self) -> None:
        """pexpect flushes its log; the screen has nothing to flush."""

    def display(self) -> list[str]:
        """The screen as it is now, one string per row, trailing spaces removed."""
        return [line.rstrip() for line in self.screen.display]

    def lines(self) -> list[str]:
        """Every line shown so far: those scrolled off the top, then the screen."""
        top = [
            "".join(line[x].data for x in range(self.cols)).rstrip()
            for line in self.screen.history.top
        ]
        return top + self.display()

    def last(self) -> str:
        """The last line with anything on it (where a prompt's hint is)."""
        return next((line for line in reversed(self.display()) if line.strip()), "")

    def wait(self, ready: Callable[[Terminal], bool], what: str) -> None:
        """Read output until `ready(self)` holds; fail, showing the screen, after WAIT s."""
        deadline = time.monotonic() + WAIT
        while not ready(self):
            left = deadline - time.monotonic()
            patterns = [r"(?s).+", pexpect.EOF, pexpect.TIMEOUT]
            ended = left <= 0 or self.child.expect(patterns, timeout=left) != 0
            if ended and not ready(self):
                raise AssertionError(f"never saw {what}:\n" + "\n".join(self.display()))

    def wait_for(self, text: str) -> None:
        self.wait(lambda t: any(text in line for line in t.display()), repr(text))

    def prompt(self, heading: str, hint: str) -> None:
        """Wait until the question `heading` is up and its prompt reads keys (its hint last)."""
        self.wait(
            lambda t: t.last().strip() == hint and any(heading in line for line in t.display()),
            f"{heading!r} with the hint {hint!r}",
        )

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def finish(self) -> int:
        """Wait for the process to end; its exit status."""
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert self.child.signalstatus is None, self.raw.getvalue()
        status: int = self.child.exitstatus
        return status


def flat(text: str) -> str:
    """Text with every run of white space made one space: how wrapped lines read."""
    return " ".join(text.split())
