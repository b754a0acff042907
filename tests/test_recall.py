"""Memory figures for stats: review kinds, true retention, average recall."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import fsrs_rs_python as rs
from memory_history import FORGETFUL

from quizzer.models import Answer
from quizzer.recall import (
    LEARNING,
    RELEARNING,
    REVIEW,
    TrueRetention,
    average_recall,
    review_kinds,
    true_retention,
)
from quizzer.scheduler import Scheduler, Settings

T0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
DAY0 = T0.date()


def answer(question: str, after: timedelta, rating: int) -> Answer:
    at = T0 + after
    return Answer(
        id=f"{question}{after}",
        deck="d",
        question=question,
        session="s",
        answered_at=at,
        correct=rating > 1,
        response=rating,
        elapsed_ms=3000,
        rating=rating,
        day=at.date().isoformat(),
    )


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def days(n: float) -> timedelta:
    return timedelta(days=n)


# Learned on day 0 (Good, then Good at the 10-minute step), lapsed on day 3 and relearned
# ten minutes later, recalled on day 8. Question b is never learned: Again on every day.
HISTORY = [
    answer("a", minutes(0), 3),
    answer("a", minutes(10), 3),
    answer("b", minutes(12), 1),
    answer("a", days(3), 1),
    answer("a", days(3) + minutes(10), 3),
    answer("b", days(4), 1),
    answer("a", days(8), 3),
]


def test_review_kinds_replay_the_learning_steps(home: Path) -> None:
    kinds = [(a.question, kind) for a, kind in review_kinds(HISTORY, Settings())]
    assert kinds == [
        ("a", LEARNING),
        ("a", LEARNING),
        ("b", LEARNING),
        ("a", REVIEW),
        ("a", RELEARNING),
        ("b", LEARNING),
        ("a", REVIEW),
    ]


def test_without_learning_steps_a_first_good_answer_graduates(home: Path) -> None:
    kinds = [kind for _, kind in review_kinds(HISTORY[:2], Settings(learning_steps=()))]
    assert kinds == [LEARNING, REVIEW]


def test_true_retention_counts_reviews_of_learned_questions(home: Path) -> None:
    settings = Settings()
    assert true_retention(HISTORY, settings, DAY0 + days(8)) == TrueRetention(1, 2)
    assert true_retention(HISTORY, settings, DAY0 + days(8)).rate == 0.5
    # A window that starts after the lapse sees only the recall on day 8.
    assert true_retention(HISTORY, settings, DAY0 + days(8), days=4) == TrueRetention(1, 1)
    # A window of learning only has no reviews and no rate.
    nothing = true_retention(HISTORY, settings, DAY0 + days(1))
    assert nothing == TrueRetention(0, 0) and nothing.rate is None


def test_true_retention_uses_local_days(home: Path) -> None:
    shifted = [*HISTORY[:-1], replace(HISTORY[-1], day="2026-03-14")]
    # The last answer was on 14 March where the learner was: outside a window ending the 10th.
    assert true_retention(shifted, Settings(), date(2026, 3, 10)) == TrueRetention(0, 1)


def test_average_recall(home: Path) -> None:
    memory = Scheduler()
    card = memory.fold(None, HISTORY[:2])
    just_now = average_recall([card], T0 + minutes(12), list(rs.DEFAULT_PARAMETERS))
    assert just_now == 1.0
    later = average_recall([card], T0 + days(30), list(rs.DEFAULT_PARAMETERS))
    forgetful = average_recall([card], T0 + days(30), FORGETFUL)
    assert later is not None and forgetful is not None
    assert 0 < forgetful < later < 1
    unseen = dataclasses.replace(card, last_review=None, stability=None)
    assert average_recall([unseen], T0, list(rs.DEFAULT_PARAMETERS)) is None
