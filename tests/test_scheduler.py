"""Ratings from verdicts, interval wording, and FSRS cards through `Memory`."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from quizzer.grading import Verdict
from quizzer.models import Answer
from quizzer.scheduler import Scheduler, Settings, rating_for, rating_of, span

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
RIGHT = Verdict(True, "right", "x")


@pytest.mark.parametrize(
    ("verdict", "elapsed", "typical", "rating"),
    [
        (Verdict(False, "wrong", "x"), 1000, None, 1),
        (Verdict(True, "close", "x"), 1000, None, 2),
        (Verdict(False, "partial", "x"), 1000, None, 2),
        (RIGHT, 1000, None, 3),
        (RIGHT, 1000, 1500.0, 3),
        (RIGHT, 1000, 2001.0, 4),
        (Verdict(True, "hard", "x"), 1, 5000.0, 2),
        (Verdict(True, "easy", "x"), 9000, None, 4),
        (Verdict(False, "again", "x"), 1, None, 1),
    ],
)
def test_rating_rule(verdict: Verdict, elapsed: int, typical: float | None, rating: int) -> None:
    assert rating_for(verdict, elapsed, typical) == rating


def _answer(**changes: object) -> Answer:
    base = {
        "id": "a",
        "deck": "d",
        "question": "q",
        "session": "s",
        "answered_at": T0,
        "correct": True,
        "response": True,
        "elapsed_ms": 10,
    }
    return Answer(**{**base, **changes})  # type: ignore[arg-type]


def test_answers_recorded_without_a_rating_get_one_from_what_happened() -> None:
    assert rating_of(_answer(rating=4)) == 4
    assert rating_of(_answer(outcome="close")) == 2
    assert rating_of(_answer(outcome="easy")) == 4
    assert rating_of(_answer(correct=False)) == 1
    assert rating_of(_answer()) == 3


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=20), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=5, seconds=30), "6m"),
        (timedelta(hours=3), "3h"),
        (timedelta(days=8), "8d"),
        (timedelta(days=75), "2.5mo"),
        (timedelta(days=400), "1.1y"),
    ],
)
def test_span(delta: timedelta, text: str) -> None:
    assert span(delta) == text


def test_replay_matches_one_review_at_a_time() -> None:
    memory = Scheduler()
    answers = [
        _answer(answered_at=T0 + timedelta(days=n), correct=n % 3 != 1, rating=0) for n in range(6)
    ]
    card = None
    for answer in answers:
        card = memory.after("d/q", card, rating_of(answer), answer.answered_at, 10)
    assert memory.fold(None, answers) == card


def test_settings_change_the_schedule() -> None:
    quick = Scheduler(Settings(learning_steps=(timedelta(minutes=2),)))
    card = quick.after("d/q", None, 1, T0)
    assert datetime.fromisoformat(card.due) == T0 + timedelta(minutes=2)
    assert Scheduler().intervals("d/q", None, T0) == {1: "1m", 2: "6m", 3: "10m", 4: "8d"}


def test_higher_retention_means_sooner_reviews() -> None:
    def graduated(memory: Scheduler) -> datetime:
        card = None
        for step in range(3):
            card = memory.after("d/q", card, 3, T0 + timedelta(days=step))
        assert card is not None
        return datetime.fromisoformat(card.due)

    strict, lenient = Scheduler(Settings(retention=0.95)), Scheduler(Settings(retention=0.8))
    assert graduated(strict) < graduated(lenient)
