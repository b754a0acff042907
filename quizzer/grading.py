"""Decides whether a response answers a question, and explains the verdict to the learner."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import OSA

from quizzer.models import RATINGS, Question, QuestionType

_PUNCTUATION = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_ARTICLE = re.compile(r"^\W*(?:the|an|a)\s+(?=\w)")


@dataclass(frozen=True)
class Verdict:
    """The outcome of one answer: right, close (a typo forgiven), or wrong, and why."""

    correct: bool
    outcome: str
    expected: str
    note: str = ""
    missed: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()


def expected_text(question: Question) -> str:
    """The correct answer as the learner should read it."""
    answer = question.answer
    if question.type is QuestionType.TRUE_FALSE:
        return "True" if answer else "False"
    if question.type is QuestionType.MULTI_SELECT:
        return ", ".join(c for c in question.choices if c in answer)
    return str(answer)


def normalize(text: str) -> str:
    """Case, accents, punctuation, spacing and a leading "the", "a" or "an" removed, for
    comparing typed answers ("the Moon" and "moon" are the same answer)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    bare = _ARTICLE.sub("", bare, count=1)
    return _PUNCTUATION.sub("", bare)


def _typos_allowed(key: str) -> int:
    """Short answers must be exact; longer ones forgive one or two slips."""
    if len(key) <= 3:
        return 0
    return 1 if len(key) <= 6 else 2


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
        return _judge_text(question, str(response), expected)
    right = response == question.answer
    return Verdict(right, "right" if right else "wrong", expected)


def _judge_text(question: Question, response: str, expected: str) -> Verdict:
    given = normalize(response)
    candidates = (question.answer, *question.accept)
    if given and any(given == normalize(c) for c in candidates):
        return Verdict(True, "right", expected)
    for candidate in candidates:
        key = normalize(candidate)
        if (
            given
            and _DIGITS.findall(given) == _DIGITS.findall(key)
            and OSA.distance(given, key) <= _typos_allowed(key)
        ):
            return Verdict(True, "close", expected, f"Close enough; it is spelled: {candidate}")
    return Verdict(False, "wrong", expected)
