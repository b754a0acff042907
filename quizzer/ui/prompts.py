"""The interactive asker: arrow-key prompts through questionary (the only module importing it).

Prompts use `unsafe_ask()` so Ctrl-C raises KeyboardInterrupt instead of returning None;
the engine and the command line turn that into a clean exit that keeps every answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import questionary
from rich.console import Console

from quizzer.decks import DeckInfo
from quizzer.grading import Verdict
from quizzer.models import RATINGS, Question, QuestionType
from quizzer.ui.feedback import heading
from quizzer.ui.render import show_verdict


class PromptAsker:
    """Asks with select, checkbox and text prompts, and prints verdicts through rich."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def ask(self, question: Question, number: int, total: int) -> Any:
        message = f"{heading(question, number, total)}\n  {question.prompt}\n "
        qtype = question.type
        if qtype is QuestionType.MULTIPLE_CHOICE:
            return questionary.select(message, choices=list(question.choices)).unsafe_ask()
        if qtype is QuestionType.TRUE_FALSE:
            choices = [questionary.Choice("True", True), questionary.Choice("False", False)]
            return questionary.select(message, choices=choices).unsafe_ask()
        if qtype is QuestionType.MULTI_SELECT:
            return questionary.checkbox(
                message,
                choices=list(question.choices),
                instruction="(space to pick, enter when done)",
            ).unsafe_ask()
        if qtype is QuestionType.SHORT_ANSWER:
            return questionary.text(message).unsafe_ask()
        questionary.press_any_key_to_continue(
            f"{message}(press any key to show the answer)"
        ).unsafe_ask()
        return questionary.select(
            f"Answer: {question.answer}\n  How well did you know it?",
            choices=[questionary.Choice(f"{n} {name}", n) for n, name in RATINGS.items()],
            default=3,
        ).unsafe_ask()

    def tell(self, question: Question, verdict: Verdict) -> None:
        show_verdict(self.console, question, verdict)


def pick_deck(decks: Sequence[DeckInfo]) -> str:
    """Let the learner choose a deck by title; returns its id."""
    choices = [questionary.Choice(f"{d.title} ({d.questions} questions)", d.id) for d in decks]
    return str(questionary.select("Which deck?", choices=choices).unsafe_ask())
