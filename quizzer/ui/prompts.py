"""The interactive asker: arrow-key prompts through questionary (the only module importing it).

Prompts use `unsafe_ask()` so Ctrl-C raises KeyboardInterrupt instead of returning None;
the engine and the command line turn that into a clean exit that keeps every answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import questionary
from rich.console import Console
from rich.text import Text

from quizzer.grading import Verdict
from quizzer.models import RATINGS, DeckInfo, QuestionType
from quizzer.session import Action, Prompt
from quizzer.text import surrogate_at
from quizzer.ui.feedback import context_lines, heading, rating_choices
from quizzer.ui.render import show_verdict


class PromptAsker:
    """Asks with select, checkbox and text prompts, and prints verdicts through rich."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def ask(self, prompt: Prompt) -> Any:
        question = prompt.question
        # The prompt goes through rich, which wraps it; questionary would cut a long line.
        self.console.print(Text(heading(prompt), style="bold"))
        for line in context_lines(prompt):
            self.console.print(Text(line, style="dim"))
        self.console.print(Text(question.prompt))
        qtype = question.type
        if qtype is QuestionType.MULTIPLE_CHOICE:
            return questionary.select("Your answer:", choices=list(question.choices)).unsafe_ask()
        if qtype is QuestionType.TRUE_FALSE:
            choices = [questionary.Choice("True", True), questionary.Choice("False", False)]
            return questionary.select("True or false?", choices=choices).unsafe_ask()
        if qtype is QuestionType.MULTI_SELECT:
            return questionary.checkbox(
                "Select all that apply:",
                choices=list(question.choices),
                instruction="(space to pick, enter when done)",
            ).unsafe_ask()
        if qtype is QuestionType.SHORT_ANSWER:
            return questionary.text("Your answer:", validate=_is_text).unsafe_ask()
        questionary.press_any_key_to_continue("Press any key to show the answer.").unsafe_ask()
        self.console.print(Text(f"Answer: {question.answer}", style="bold"))
        ratings = [
            questionary.Choice(text, n)
            for n, text in zip(RATINGS, rating_choices(prompt.intervals), strict=True)
        ]
        good = ratings[2]  # 3 Good
        return questionary.select(
            "How well did you know it?", choices=ratings, default=good
        ).unsafe_ask()

    def tell(self, prompt: Prompt, verdict: Verdict, *, can_overrule: bool) -> Action:
        show_verdict(self.console, prompt.question, verdict, prompt.deck_source)
        return Action.NEXT

    def say(self, message: str) -> None:
        self.console.print(Text(message, style="dim"))

    def show(self, lines: list[str], *, bold_first: bool = False) -> None:
        for n, line in enumerate(lines):
            self.console.print(Text(line, style="bold" if bold_first and n == 0 else ""))

    def confirm(self, question: str) -> bool:
        return confirm(question, default=True)


def _is_text(value: str) -> bool | str:
    """An answer that can be saved: the terminal may pass bytes that are not UTF-8 through
    as lone surrogates, which the journal cannot hold."""
    return surrogate_at(value) is None or "That is not UTF-8 text; type it again."


def pick_deck(decks: Sequence[DeckInfo]) -> str:
    """Let the learner choose a deck by title; returns its id."""
    choices = [questionary.Choice(f"{d.title} ({d.questions} questions)", d.id) for d in decks]
    return str(questionary.select("Which deck?", choices=choices).unsafe_ask())


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
