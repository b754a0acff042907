"""Plain mode: one line of input per answer, no colour, every question flushed before reading.

The input protocol is part of the interface (README, "Plain mode"): another program
can drive a quiz line by line, and a screen reader reads it as it comes.
"""

from __future__ import annotations

import io
import re
from typing import Any, TextIO

from quizzer.grading import Verdict
from quizzer.models import QuestionType
from quizzer.session import Action, Prompt
from quizzer.text import clean, surrogate_at
from quizzer.ui.feedback import context_lines, heading, rating_choices, verdict_lines

# Lines that are commands, not answers (README, "Plain mode").
COMMANDS = {"!undo": Action.UNDO, "!skip": Action.SKIP, "!right": Action.RIGHT}

TRUE_WORDS = {"true", "t", "yes", "y"}
FALSE_WORDS = {"false", "f", "no", "n"}
# A choice number: ASCII digits, few of them (int() refuses over 4,300 digits, and "²" is a
# digit to str.isdigit() but not to int()).
_NUMBER = re.compile(r"[0-9]{1,6}")


class PlainAsker:
    """Asks through text streams (stdin and stdout unless told otherwise)."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        if isinstance(stdin, io.TextIOWrapper):
            # Bytes that are not UTF-8 arrive as lone surrogates instead of raising: `read`
            # explains such a line and asks again, and no later line is lost.
            stdin.reconfigure(errors="surrogateescape")
        self.stdin = stdin
        self.stdout = stdout
        # A terminal echoes what is typed; from a pipe, echo it so the transcript reads well.
        self.echo = not stdin.isatty()

    def say(self, text: str = "") -> None:
        print(text, file=self.stdout, flush=True)

    def show(self, lines: list[str], *, bold_first: bool = False) -> None:
        for line in lines:
            self.say(line)

    def read(self, label: str) -> str:
        """Print `label> ` and read one line of text; end of input raises EOFError.

        A line that is not UTF-8 is explained and read again: it could not be saved.
        """
        while True:
            self.stdout.write(f"{label}> ")
            self.stdout.flush()
            line = self.stdin.readline()
            if not line:
                self.say()
                raise EOFError
            if self.echo:
                self.say(clean(line.rstrip("\r\n")))
            if surrogate_at(line) is None:
                return line.strip()
            self.say("That line is not UTF-8 text; type it again.")

    def ask(self, prompt: Prompt) -> Any:
        question = prompt.question
        self.say(heading(prompt))
        for line in context_lines(prompt):
            self.say(line)
        self.say(question.prompt)
        qtype = question.type
        if qtype is QuestionType.FLASHCARD:
            self.say("Press Enter to show the answer.")
            if (command := COMMANDS.get(self.read("reveal"))) is not None:
                return command
            self.say(f"Answer: {question.answer}")
            self.say(f"How well did you know it? {', '.join(rating_choices(prompt.intervals))}")
            return self._until("rating", _rating, "Type a number from 1 to 4.")
        if qtype is QuestionType.SHORT_ANSWER:
            line = self.read("answer")
            return COMMANDS.get(line, line)
        if qtype is QuestionType.CLOZE:
            return self._blanks(len(question.blanks))
        if qtype is QuestionType.TRUE_FALSE:
            self.say("True or false? (t/f)")
            return self._until("answer", _true_false, "Type true or false (or t, f, yes, no).")
        for i, choice in enumerate(question.choices, start=1):
            self.say(f"  {i}. {choice}")
        if qtype is QuestionType.MULTI_SELECT:
            self.say("Select all that apply: numbers separated by commas, e.g. 1,3")
            return self._until(
                "answer",
                lambda text: _numbers(text, question.choices),
                f"Type choice numbers from 1 to {len(question.choices)}, separated by commas.",
            )
        return self._until(
            "answer",
            lambda text: _choice(text, question.choices),
            f"Type a number from 1 to {len(question.choices)} or the text of a choice.",
        )

    def _blanks(self, count: int) -> Any:
        """One line per blank, in order (a command at any of them is a command)."""
        self.say("Fill in the blanks, one line each." if count > 1 else "Fill in the blank.")
        typed = []
        for number in range(1, count + 1):
            line = self.read(f"blank {number}")
            if line in COMMANDS:
                return COMMANDS[line]
            typed.append(line)
        return typed

    def _until(self, label: str, parse: Any, hint: str) -> Any:
        """Read lines until one parses or is a command; a line that does neither is
        explained, not counted."""
        while True:
            line = self.read(label)
            if line in COMMANDS:
                return COMMANDS[line]
            value = parse(line)
            if value is not None:
                return value
            self.say(hint)

    def tell(self, prompt: Prompt, verdict: Verdict, *, can_overrule: bool) -> Action:
        headline, details = verdict_lines(prompt.question, verdict, prompt.deck_source)
        self.say(headline)
        for line in details:
            self.say(line)
        if can_overrule:
            self.say("(Were you right? Type !right next; !undo takes the answer back.)")
        self.say()
        return Action.NEXT

    def confirm(self, question: str) -> bool | Action:
        """A yes/no question on one line (`[Y/n]`); end of input is no. `!undo` and
        `!right` work here too, on the last answer."""
        while True:
            try:
                line = self.read(f"{question} [Y/n]").casefold()
            except EOFError:
                return False
            if line in ("!undo", "!right"):
                return COMMANDS[line]
            if line in ("", "y", "yes"):
                return True
            if line in ("n", "no"):
                return False
            self.say("Type y or n.")


def _rating(text: str) -> int | None:
    return int(text) if text in {"1", "2", "3", "4"} else None


def _true_false(text: str) -> bool | None:
    word = text.casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _number(text: str, most: int) -> int | None:
    """A choice number from 1 to `most` as typed, or None."""
    number = int(text) if _NUMBER.fullmatch(text) else 0
    return number if 1 <= number <= most else None


def _choice(text: str, choices: tuple[str, ...]) -> str | None:
    number = _number(text, len(choices))
    if number is not None:
        return choices[number - 1]
    folded = text.casefold()
    return next((c for c in choices if c.casefold() == folded), None)


def _numbers(text: str, choices: tuple[str, ...]) -> list[str] | None:
    parts = [p.strip() for p in text.replace(" ", ",").split(",") if p.strip()]
    numbers = [_number(p, len(choices)) for p in parts]
    if not numbers or None in numbers:
        return None
    picked = {n - 1 for n in numbers if n is not None}
    return [c for i, c in enumerate(choices) if i in picked]
