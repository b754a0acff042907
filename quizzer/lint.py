"""Warnings about likely mistakes: what the deck format allows but a learner would trip on.

They never stop a deck loading. `quiz deck validate`, `add`, `import` and the wizard
report them next to the errors, with the same paths and locations.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from quizzer.grading import normalize
from quizzer.models import Question, QuestionType

# The answer of a short question must be this long before "the prompt gives it away".
_GIVEAWAY_MIN = 4


def _quote(text: str) -> str:
    shown = json.dumps(text, ensure_ascii=False)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _loose(text: str) -> str:
    """Text as a learner reads it: case and spacing ignored."""
    return " ".join(text.split()).casefold()


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _contains_words(text: str, part: str) -> bool:
    """Whether `part` appears in `text` as whole words, ignoring case and spacing."""
    text, part = _loose(text), _loose(part)
    at = text.find(part)
    while at >= 0:
        end = at + len(part)
        if not (at and _is_word(text[at - 1])) and not (end < len(text) and _is_word(text[end])):
            return True
        at = text.find(part, at + 1)
    return False


class DeckLint:
    """Looks at each valid question in turn; `warn(path, message)` receives what it finds."""

    def __init__(self, warn: Callable[[str, str], None]) -> None:
        self.warn = warn
        self.prompts: dict[str, str] = {}

    def question(self, question: Question, path: str) -> None:
        first = self.prompts.setdefault(_loose(question.prompt), path)
        if first != path:
            self.warn(
                f"{path}.prompt",
                f"the same prompt as {first}; reword one of them or remove the duplicate.",
            )
        if question.choices:
            self._choices(question, path)
        if question.type is QuestionType.SHORT_ANSWER:
            self._short_answer(question, path)

    def _choices(self, question: Question, path: str) -> None:
        seen: dict[str, int] = {}
        for j, choice in enumerate(question.choices):
            k = seen.setdefault(_loose(choice), j)
            if k != j:
                self.warn(
                    f"{path}.choices[{j}]",
                    f"{_quote(choice)} differs from choice {k} ({_quote(question.choices[k])}) "
                    "only by case or spaces; make them clearly different or remove one.",
                )
        answer = question.answer
        if question.type is QuestionType.MULTIPLE_CHOICE:
            for j, choice in enumerate(question.choices):
                if _loose(choice) != _loose(answer) and _contains_words(answer, choice):
                    self.warn(
                        f"{path}.choices[{j}]",
                        f"{_quote(choice)} is part of the answer {_quote(answer)}, so it "
                        "reads as right too; make the wrong choices clearly different.",
                    )
        elif set(answer) == set(question.choices):
            self.warn(
                f"{path}.answer",
                "every choice is right, so there is nothing to tell apart; add a wrong choice.",
            )

    def _short_answer(self, question: Question, path: str) -> None:
        answer = question.answer
        if len(_loose(answer)) >= _GIVEAWAY_MIN and _contains_words(question.prompt, answer):
            self.warn(
                f"{path}.prompt",
                f"contains the answer {_quote(answer)}, which gives it away; reword the prompt.",
            )
        keys = {normalize(answer)}
        for j, other in enumerate(question.accept):
            key = normalize(other)
            if key in keys:
                self.warn(
                    f"{path}.accept[{j}]",
                    f"{_quote(other)} is already accepted: answers are compared without case, "
                    "accents, punctuation and spaces; remove it.",
                )
            keys.add(key)
