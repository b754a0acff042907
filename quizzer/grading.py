"""Decides whether a response answers a question, and explains the verdict to the learner.

Typed answers (a short answer, and later each blank of a cloze question) are graded by
`grade_typed` against a tuple of accepted answers with a deck's GradingRules. README's
"Grading" section states the rules with examples; in short, a response is right when it
holds an accepted answer as whole words (a typo forgiven, numbers in words or digits) and
nothing around it offers a second answer or negates it. Finding the answer among the
response's words is `quizzer.matching`'s part.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from quizzer.matching import fold, key_of, locate, objection, words_of
from quizzer.models import RATINGS, GradingRules, Question, QuestionType

_PUNCTUATION = re.compile(r"[\W_]+")
_ARTICLE = re.compile(r"^\W*(?:the|an|a)\s+(?=\w)")

DEFAULT_RULES = GradingRules()
# The values each setting may take in a deck file, the default first.
SETTINGS: dict[str, tuple[str, str] | tuple[bool, bool]] = {
    "case": ("ignore", "sensitive"),
    "accents": ("ignore", "sensitive"),
    "typos": (True, False),
    "filler": (True, False),
    "numbers": (True, False),
}


def read_rules(value: Any, base: GradingRules) -> tuple[GradingRules, list[tuple[str, str]]]:
    """A deck's or question's "grading" object applied over `base`, and its problems as
    (key, message): key "" for the object itself, else the key whose value is wrong, or
    "*KEY" for an unknown key."""
    if not isinstance(value, dict):
        return base, [("", 'must be an object such as {"typos": false}.')]
    problems: list[tuple[str, str]] = []
    changes: dict[str, Any] = {}
    for key, item in value.items():
        allowed = SETTINGS.get(key)
        if allowed is None:
            known = ", ".join(SETTINGS)
            problems.append((f"*{key}", f"unknown setting; the settings are {known}."))
        elif type(item) is not type(allowed[0]) or item not in allowed:
            shown = " or ".join(json.dumps(a) for a in allowed)
            problems.append((key, f"must be {shown}, not {json.dumps(item)[:40]}."))
        else:
            changes[key] = item
    return base._replace(**changes), problems


class Verdict(NamedTuple):
    """The outcome of one answer: right, close (a typo forgiven), or wrong, and why.

    `matched` names the accepted answer a typed response was graded as, when the response
    was not simply that answer (words around it, a number in words, a typo).
    """

    correct: bool
    outcome: str
    expected: str
    note: str = ""
    missed: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    matched: str = ""


def expected_text(question: Question) -> str:
    """The correct answer as the learner should read it."""
    answer = question.answer
    if question.type is QuestionType.TRUE_FALSE:
        return "True" if answer else "False"
    if question.type is QuestionType.MULTI_SELECT:
        return ", ".join(c for c in question.choices if c in answer)
    if question.type is QuestionType.CLOZE:
        from quizzer.cloze import answers_text

        return answers_text(question.blanks)
    return str(answer)


def normalize(text: str) -> str:
    """Case, accents, punctuation, spacing and a leading "the", "a" or "an" removed, for
    comparing typed answers ("the Moon" and "moon" are the same answer)."""
    bare = fold(text, keep_case=False, keep_accents=False)
    bare = _ARTICLE.sub("", bare, count=1)
    return _PUNCTUATION.sub("", bare)


def judge(question: Question, response: Any) -> Verdict:
    """Grade `response` (the asker's value for this question type) against the answer."""
    expected = expected_text(question)
    qtype = question.type
    if qtype is QuestionType.FLASHCARD:
        name = RATINGS[int(response)]
        return Verdict(int(response) >= 2, name.lower(), expected)
    if qtype is QuestionType.MULTI_SELECT:
        picked = set(response)
        wanted = set(question.answer)
        missed = tuple(c for c in question.choices if c in wanted - picked)
        extra = tuple(c for c in question.choices if c in picked - wanted)
        if not missed and not extra:
            return Verdict(True, "right", expected)
        notes = []
        if missed:
            notes.append("missed: " + ", ".join(missed))
        if extra:
            notes.append("not right: " + ", ".join(extra))
        note = "; ".join(notes)
        outcome = "partial" if picked & wanted else "wrong"
        return Verdict(False, outcome, expected, note[0].upper() + note[1:], missed, extra)
    if qtype is QuestionType.SHORT_ANSWER:
        accepted = (question.answer, *question.accept)
        return grade_typed(str(response), accepted, question.grading or DEFAULT_RULES)
    if qtype is QuestionType.CLOZE:
        from quizzer import cloze

        return cloze.judge(question, list(response))
    right = response == question.answer
    return Verdict(right, "right" if right else "wrong", expected)


def grade_typed(
    response: str, accepted: Sequence[str], rules: GradingRules = DEFAULT_RULES
) -> Verdict:
    """Grade one typed response against its accepted answers (the first is the one shown).

    This is the grading of a short answer, and of each blank of a cloze question.
    """
    expected = accepted[0]
    given = words_of(response, rules)
    forms = [words_of(answer, rules) for answer in dict.fromkeys(accepted)]
    key = key_of(given.strict)
    if not key:
        return Verdict(False, "wrong", expected)
    if any(key == key_of(form.strict) for form in forms):
        return Verdict(True, "right", expected)
    found = locate(given, forms, rules)
    if found is None:
        return Verdict(False, "wrong", expected)
    why = objection(found, forms)
    if why:
        return Verdict(False, "wrong", expected, why)
    answer = found.form.text
    if found.typos:
        note = f"Close enough; it is spelled: {answer}"
        return Verdict(True, "close", expected, note, matched=answer)
    return Verdict(True, "right", expected, matched=answer)
