"""The interactive asker: one key per answer (quizzer.ui.keys), undo, skip and "I was right".

Choice lists, the flashcard reveal and the pause after a wrong answer are quizzer's own
prompt_toolkit prompts (quizzer.ui.keys); the deck wizard keeps questionary, the only
other module importing it. Ctrl-C raises KeyboardInterrupt and end of input EOFError;
the engine and the command line turn them into a clean exit that keeps every answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import questionary
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from quizzer.grading import Verdict
from quizzer.models import RATINGS, DeckInfo, QuestionType
from quizzer.session import Action, Prompt
from quizzer.text import surrogate_at
from quizzer.ui import keys
from quizzer.ui.feedback import context_lines, heading, rating_choices
from quizzer.ui.render import show_verdict

# At every prompt of a question (README, "Keys"): letters, or control keys where letters
# are text. Ctrl+Z is undo almost everywhere; raw mode delivers Ctrl+S (no flow control).
CHOICE_KEYS = {"u": Action.UNDO, "s": Action.SKIP}
TEXT_KEYS = {"c-z": Action.UNDO, "c-s": Action.SKIP}
TRUE_FALSE_KEYS = {"t": 0, "y": 0, "f": 1, "n": 1}
PAUSE_KEYS = {"enter": Action.NEXT, "space": Action.NEXT, "r": Action.RIGHT, "u": Action.UNDO}
UNDO_SKIP = "u undo · s skip"
PAUSE_HINT = "Enter next · r I was right · u undo"
TEXT_HINT = "Ctrl+Z undo · Ctrl+S skip"

# What the learner sees once the engine has done what a key asked (it records first).
DONE = {
    Action.UNDO: "Took that answer back; its question comes again.",
    Action.SKIP: "Skipped.",
    Action.RIGHT: "Counted as right, as you said (rated Hard).",
}


def numbers(count: int) -> str:
    """`1-4`: the number keys that pick one of `count` choices."""
    return f"1-{min(count, keys.NUMBERED)}"


class PromptAsker:
    """Asks with one-key prompts and prints questions and verdicts through rich."""

    def __init__(self, console: Console, deadline: float | None = None) -> None:
        self.console = console
        self.done = ""  # said before the next output, once the engine acted on a key
        self.deadline = deadline  # a timed test's end (clock.monotonic()), if any

    def ask(self, prompt: Prompt) -> Any:
        """The response; under a deadline, the prompt shows the time left after its hint
        and raises sitting.TimeUp when it runs out."""
        if self.deadline is None:
            return self._ask(prompt)
        from quizzer.sitting import TimeUp, time_left_label

        with keys.until(keys.Deadline(self.deadline, TimeUp, time_left_label)):
            return self._ask(prompt)

    def _ask(self, prompt: Prompt) -> Any:
        self._settle()
        question = prompt.question
        # The prompt goes through rich, which wraps it between words.
        self.console.print(Text(heading(prompt), style="bold"))
        for line in context_lines(prompt):
            self.console.print(Text(line, style="dim"))
        self.console.print(Text(question.prompt))
        qtype = question.type
        if qtype is QuestionType.MULTIPLE_CHOICE:
            count = len(question.choices)
            hint = f"{numbers(count)} or ↑↓ Enter · {UNDO_SKIP}"
            return self._picked(
                question.choices,
                keys.choose("Your answer:", question.choices, hint, keys=CHOICE_KEYS),
            )
        if qtype is QuestionType.TRUE_FALSE:
            return self._true_false()
        if qtype is QuestionType.MULTI_SELECT:
            hint = f"{numbers(len(question.choices))} toggle, Enter done · {UNDO_SKIP}"
            picked = keys.toggle("Select all that apply:", question.choices, hint, keys=CHOICE_KEYS)
            return self._remember(
                picked if isinstance(picked, Action) else [question.choices[i] for i in picked]
            )
        if qtype is QuestionType.SHORT_ANSWER:
            return self._remember(
                keys.type_text("Your answer:", TEXT_HINT, keys=TEXT_KEYS, check=_not_text)
            )
        if qtype is QuestionType.CLOZE:
            return self._blanks(len(question.blanks))
        return self._flashcard(prompt)

    def _blanks(self, count: int) -> Any:
        """One text box per blank, in order; undo or skip at any of them."""
        typed: list[str] = []
        for number in range(1, count + 1):
            label = f"Blank {number} of {count}:" if count > 1 else "The blank:"
            answer = keys.type_text(label, TEXT_HINT, keys=TEXT_KEYS, check=_not_text)
            if isinstance(answer, Action):
                return self._remember(answer)
            typed.append(answer)
        return typed

    def _true_false(self) -> Any:
        hint = f"t/f or ↑↓ Enter · {UNDO_SKIP}"
        picked = keys.choose(
            "True or false?", ["True", "False"], hint, letters=TRUE_FALSE_KEYS, keys=CHOICE_KEYS
        )
        return self._remember(picked if isinstance(picked, Action) else picked == 0)

    def _flashcard(self, prompt: Prompt) -> Any:
        """Any key shows the answer, then 1-4 rate it."""
        question = prompt.question
        shown = keys.press(
            "Press any key to show the answer.", UNDO_SKIP, CHOICE_KEYS, other=Action.NEXT
        )
        if shown is not Action.NEXT:
            return self._remember(shown)
        self.console.print(Text(f"Answer: {question.answer}", style="bold"))
        # "Good (10m)": the number is the key, shown once, before it.
        ratings = [text.partition(" ")[2] for text in rating_choices(prompt.intervals)]
        hint = f"1-4 or ↑↓ Enter · {UNDO_SKIP}"
        good = list(RATINGS).index(3)
        picked = keys.choose(
            "How well did you know it?", ratings, hint, default=good, keys=CHOICE_KEYS
        )
        return self._remember(picked if isinstance(picked, Action) else list(RATINGS)[picked])

    def _picked(self, choices: Sequence[str], picked: int | Action) -> Any:
        return self._remember(picked if isinstance(picked, Action) else choices[picked])

    def _remember(self, response: Any) -> Any:
        """The response, noting what to say once the engine has acted on an action."""
        if isinstance(response, Action):
            self.done = DONE.get(response, "")
        return response

    def _settle(self) -> None:
        """Say what the last action did: the engine has recorded it by now."""
        if self.done:
            self.console.print(Text(self.done, style="dim"))
            self.console.print()
            self.done = ""

    def tell(self, prompt: Prompt, verdict: Verdict, *, can_overrule: bool) -> Action:
        """The verdict; after an answer marked wrong, a pause: Enter, I was right, or undo.

        A right answer goes straight on: the common path costs no key.
        """
        show_verdict(self.console, prompt.question, verdict, prompt.deck_source)
        if not can_overrule:
            return Action.NEXT
        action = keys.press("", PAUSE_HINT, PAUSE_KEYS)
        self._remember(action)
        return action

    def say(self, message: str) -> None:
        self.done = ""  # the action could not be done: this says why instead
        self.console.print(Text(message, style="dim"))

    def show(self, lines: list[str], *, bold_first: bool = False) -> None:
        """Lines of text, each as it is when it fits (a test report's columns stay
        aligned); a wrapped `  - item` line keeps its indent."""
        self._settle()
        width = self.console.width
        for n, line in enumerate(lines):
            style = "bold" if bold_first and n == 0 else ""
            fits = cell_len(line) <= width
            for part in [line] if fits else keys.wrap(line, width, _hanging(line)):
                self.console.print(Text(part, style=style), no_wrap=True, crop=False)

    def confirm(self, question: str) -> bool:
        """One key: Enter or y is yes, n is no; end of input is no."""
        self._settle()
        yes_no = {"enter": True, "y": True, "n": False}
        try:
            answer = keys.press(f"{question} [Y/n]", "Enter yes · n no", yes_no)
        except EOFError:
            answer = False
        self.console.print(Text(f"{question} {'yes' if answer else 'no'}"))
        self.console.print()
        return answer


def _hanging(line: str) -> int:
    """Where a wrapped line's continuation starts: under the text after `  - `."""
    text = line.lstrip(" ")
    return len(line) - len(text) + (2 if text.startswith("- ") else 0)


def _not_text(value: str) -> str | None:
    """Why an answer cannot be saved: the terminal may pass bytes that are not UTF-8
    through as lone surrogates, which the journal cannot hold."""
    return None if surrogate_at(value) is None else "That is not UTF-8 text; type it again."


def pick_deck(decks: Sequence[DeckInfo]) -> str:
    """Let the learner choose a deck by title (its number, or arrows and Enter); its id."""
    labels = [f"{d.title} ({d.questions} questions)" for d in decks]
    return decks[keys.choose("Which deck?", labels, f"{numbers(len(decks))} or ↑↓ Enter")].id


def confirm(message: str, *, default: bool = False) -> bool:
    """A yes/no question; Enter takes `default`."""
    return bool(questionary.confirm(message, default=default).unsafe_ask())


class WizardPrompts:
    """The deck wizard's questions as arrow-key prompts (quizzer.authoring decides what to ask).

    `check` functions return an error message or None; the prompt shows the message
    and waits for a better answer.
    """

    def text(
        self, message: str, *, default: str = "", check: Callable[[str], str | None] | None = None
    ) -> str:
        def validate(value: str) -> bool | str:
            return True if check is None else check(value) or True

        return str(questionary.text(message, default=default, validate=validate).unsafe_ask())

    def select(self, message: str, choices: Sequence[tuple[str, str]]) -> str:
        options = [questionary.Choice(label, value) for label, value in choices]
        return str(questionary.select(message, choices=options).unsafe_ask())

    def checkbox(
        self,
        message: str,
        choices: Sequence[str],
        *,
        check: Callable[[list[str]], str | None] | None = None,
    ) -> list[str]:
        def validate(picked: list[str]) -> bool | str:
            return True if check is None else check(picked) or True

        return list(
            questionary.checkbox(
                message,
                choices=list(choices),
                validate=validate,
                instruction="(space to pick, enter when done)",
            ).unsafe_ask()
        )

    def show(self, lines: Sequence[str]) -> None:
        """Plain lines on stdout: deck text is never read as markup."""
        for line in lines:
            print(line, flush=True)
