"""Grading of every question type, typo tolerance included."""

from __future__ import annotations

import pytest

from quizzer.grading import judge, normalize
from quizzer.models import Question, QuestionType

MC = Question("mc", QuestionType.MULTIPLE_CHOICE, "Capital?", "Paris", choices=("Lyon", "Paris"))
TF = Question("tf", QuestionType.TRUE_FALSE, "Green sky?", False)
SA = Question("sa", QuestionType.SHORT_ANSWER, "Author?", "Victor Hugo", accept=("Hugo",))
YEAR = Question("year", QuestionType.SHORT_ANSWER, "Year?", "2014")
SHORT = Question("ibm", QuestionType.SHORT_ANSWER, "Who?", "IBM")
MS = Question("ms", QuestionType.MULTI_SELECT, "Primes?", ("2", "5"), choices=("2", "4", "5", "9"))
FC = Question("fc", QuestionType.FLASHCARD, "hola", "hello")


def test_multiple_choice() -> None:
    assert judge(MC, "Paris").correct
    wrong = judge(MC, "Lyon")
    assert not wrong.correct
    assert wrong.expected == "Paris"


def test_true_false() -> None:
    assert judge(TF, False).correct
    assert judge(TF, True).outcome == "wrong"
    assert judge(TF, True).expected == "False"


@pytest.mark.parametrize(
    "typed",
    ["Victor Hugo", "victor hugo", "  VICTOR   HUGO ", "Victor-Hugo.", "hugo", "Vîctor Hügo"],
)
def test_short_answer_normalises_case_space_punctuation_accents(typed: str) -> None:
    verdict = judge(SA, typed)
    assert verdict.correct
    assert verdict.outcome == "right"


def test_short_answer_forgives_a_close_typo_and_shows_the_spelling() -> None:
    verdict = judge(SA, "Victr Hugo")
    assert verdict.correct
    assert verdict.outcome == "close"
    assert verdict.note == "Close enough; it is spelled: Victor Hugo"


@pytest.mark.parametrize("typed", ["Emile Zola", "", "Vic", "Victor Hugoooooo"])
def test_short_answer_wrong(typed: str) -> None:
    assert not judge(SA, typed).correct


def test_numbers_must_match_exactly() -> None:
    assert judge(YEAR, "2014").correct
    assert not judge(YEAR, "2015").correct
    assert not judge(YEAR, "2104").correct


def test_short_answers_of_three_letters_allow_no_typo() -> None:
    assert judge(SHORT, "ibm").correct
    assert not judge(SHORT, "ibn").correct


def test_multi_select_exact_set_only() -> None:
    assert judge(MS, ["5", "2"]).correct
    partial = judge(MS, ["2", "4"])
    assert not partial.correct
    assert partial.outcome == "partial"
    assert partial.missed == ("5",)
    assert partial.extra == ("4",)
    assert partial.note == "Missed: 5; not right: 4"
    none_right = judge(MS, ["9"])
    assert none_right.outcome == "wrong"
    assert not judge(MS, ["2"]).correct
    assert judge(MS, []).note == "Missed: 2, 5"


@pytest.mark.parametrize(
    ("rating", "correct", "outcome"),
    [(1, False, "again"), (2, True, "hard"), (3, True, "good"), (4, True, "easy")],
)
def test_flashcard_self_rating(rating: int, correct: bool, outcome: str) -> None:
    verdict = judge(FC, rating)
    assert (verdict.correct, verdict.outcome, verdict.expected) == (correct, outcome, "hello")


def test_normalize() -> None:
    assert normalize("  Ça  va, Zoë! ") == "cavazoe"
    assert normalize("The Moon") == normalize("moon") == normalize("a moon") == "moon"
    assert normalize("Theory") == "theory"
    assert normalize("The") == "the"
