"""Cloze questions: a sentence with blanks in double braces, each blank graded like a short answer.

`{{Hangzhou}}` is a blank; `|` separates further accepted answers (`{{100|one hundred}}`);
`::` gives a hint shown in the blank (`{{100|one hundred::a number}}`). Braces, `|` and
`::` cannot be written inside a blank. The learner sees the sentence with each blank
numbered, `[1]` or `[2: a number]`, and types one answer per blank.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quizzer.models import Blank, Question

if TYPE_CHECKING:
    from quizzer.grading import Verdict

_BLANK = re.compile(r"\{\{(.*?)\}\}", re.S)


class ClozeError(ValueError):
    """What is wrong with a cloze text, and at which character."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def parse(text: str) -> tuple[str, tuple[Blank, ...]]:
    """The sentence as the learner sees it (`[1]`, `[2: hint]`) and its blanks.

    Raises ClozeError naming the first problem and where it is.
    """
    blanks: list[Blank] = []
    shown: list[str] = []
    end = 0
    for found in _BLANK.finditer(text):
        shown.append(_outside(text, end, found.start()))
        blank = _blank(found.group(1), len(blanks) + 1, found.start())
        blanks.append(blank)
        shown.append(f"[{len(blanks)}: {blank.hint}]" if blank.hint else f"[{len(blanks)}]")
        end = found.end()
    shown.append(_outside(text, end, len(text)))
    if not blanks:
        raise ClozeError(
            "has no blank; mark each answer in double braces, e.g. "
            '"DeepSeek is based in {{Hangzhou}}."',
            0,
        )
    return "".join(shown), tuple(blanks)


def _outside(text: str, start: int, end: int) -> str:
    part = text[start:end]
    for mark in ("{{", "}}"):
        at = part.find(mark)
        if at >= 0:
            raise ClozeError(
                f"has {mark!r} that does not open or close a blank; write blanks as "
                "{{answer}} and no braces elsewhere.",
                start + at,
            )
    return part


def _blank(inside: str, number: int, offset: int) -> Blank:
    answers_text, _, hint = inside.partition("::")
    if "::" in hint or "{" in inside or "}" in inside:
        raise ClozeError(
            f"blank {number} holds braces or a second '::'; "
            "write it as {{answer|other::hint}}.",
            offset,
        )
    answers = tuple(a.strip() for a in answers_text.split("|"))
    if not all(answers):
        raise ClozeError(
            f"blank {number} has an empty answer; write at least one answer between "
            "the braces, alternatives separated by '|'.",
            offset,
        )
    hint = hint.strip()
    if "::" in inside and not hint:
        raise ClozeError(
            f"blank {number} has '::' but no hint after it; add one or drop '::'.", offset
        )
    return Blank(answers, hint)


def filled(text: str) -> str:
    """A cloze's deck text with each blank's first answer in place, for an answer key."""
    return _BLANK.sub(lambda found: found.group(1).partition("::")[0].split("|")[0].strip(), text)


def answers_text(blanks: tuple[Blank, ...]) -> str:
    """Each blank's answer as the learner should read it: `Hangzhou` or `1: Hangzhou; 2: 100`."""
    if len(blanks) == 1:
        return blanks[0].answers[0]
    return "; ".join(f"{n}: {b.answers[0]}" for n, b in enumerate(blanks, start=1))


def judge(question: Question, responses: list[str]) -> Verdict:
    """Grade each blank like a short answer; the question is right when every blank is."""
    from quizzer.grading import DEFAULT_RULES, Verdict, grade_typed

    rules = question.grading or DEFAULT_RULES
    verdicts = [
        grade_typed(str(response), blank.answers, rules)
        for response, blank in zip(responses, question.blanks, strict=True)
    ]
    notes = []
    for number, (response, verdict) in enumerate(zip(responses, verdicts, strict=True), start=1):
        label = f"Blank {number}" if len(verdicts) > 1 else "The blank"
        if not verdict.correct:
            typed = f"you wrote {response!r}" if response else "left empty"
            notes.append(f"{label}: {typed}, it is {verdict.expected}")
        elif verdict.outcome == "close":
            notes.append(f"{label}: {verdict.note}")
    right = all(v.correct for v in verdicts)
    if right:
        outcome = "close" if any(v.outcome == "close" for v in verdicts) else "right"
    else:
        outcome = "partial" if any(v.correct for v in verdicts) else "wrong"
    return Verdict(right, outcome, answers_text(question.blanks), ". ".join(notes))
