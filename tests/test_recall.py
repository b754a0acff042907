"""Memory figures for stats: review kinds, true retention, recall now with the learner's
parameters."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest
from conftest import open_store
from memory_history import FORGETFUL, Learner, generate
from retention_oracle import book, scanned

from quizzer import history
from quizzer.models import Answer, Undo
from quizzer.recall import (
    KEEP_DAYS,
    LEARNING,
    RELEARNING,
    REVIEW,
    TrueRetention,
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


def counted(
    answers: list[Answer], today: date, decks: list[str], days: int = 30
) -> dict[str, TrueRetention]:
    """True retention from the review states kept as answers are filed, checked against
    the whole history replayed."""
    kept = true_retention(book(answers, Settings()), decks, today, days)
    assert kept == scanned(answers, Settings(), today, decks, days)
    return kept


def retained(answers: list[Answer], today: date, days: int = 30) -> TrueRetention:
    return counted(answers, today, ["d"], days)["d"]


def test_true_retention_counts_reviews_of_learned_questions(home: Path) -> None:
    assert retained(HISTORY, DAY0 + days(8)) == TrueRetention(1, 2)
    assert retained(HISTORY, DAY0 + days(8)).rate == 0.5
    # A window that starts after the lapse sees only the recall on day 8.
    assert retained(HISTORY, DAY0 + days(8), days=4) == TrueRetention(1, 1)
    # A window of learning only has no reviews and no rate.
    nothing = retained(HISTORY, DAY0 + days(1))
    assert nothing == TrueRetention(0, 0) and nothing.rate is None
    assert nothing.to_json() == {"passed": 0, "reviews": 0, "rate": None}


def test_true_retention_is_counted_per_deck(home: Path) -> None:
    other = [a._replace(deck="e", id=f"e{a.id}") for a in HISTORY[:5]]
    found = counted([*HISTORY, *other], DAY0 + days(8), ["d", "e", "f"])
    assert found == {
        "d": TrueRetention(1, 2),
        "e": TrueRetention(0, 1),  # the lapse on day 3
        "f": TrueRetention(0, 0),  # shown, never answered
    }
    assert found["d"].to_json() == {"passed": 1, "reviews": 2, "rate": 0.5}


def test_true_retention_uses_local_days(home: Path) -> None:
    shifted = [*HISTORY[:-1], HISTORY[-1]._replace(day="2026-03-14")]
    # The last answer was on 14 March where the learner was: outside a window ending the 10th.
    assert retained(shifted, date(2026, 3, 10)) == TrueRetention(0, 1)


def test_a_review_at_the_far_edge_of_the_window_is_still_counted(home: Path) -> None:
    # Learned on day 0, recalled on day 1 and again 29 days later: a 30-day window ending
    # on the last review holds both, so the day-1 tally must still be kept.
    answers = [
        answer("a", minutes(0), 3),
        answer("a", minutes(10), 3),
        answer("a", days(1), 3),
        answer("a", days(30), 3),
    ]
    assert retained(answers, DAY0 + days(30)) == TrueRetention(2, 2)


def test_review_states_kept_in_runs_match_the_whole_history(home: Path) -> None:
    answers = generate(3000, seed=3, learner=Learner(questions=400, new_per_day=10))
    whole = book(answers, Settings(), run=10**9)
    assert book(answers, Settings(), run=1) == whole == book(answers, Settings(), run=7)
    last = max(date.fromisoformat(recall.last_day) for recall in whole.values())
    first = min(a.answered_at for a in answers).date()
    assert (last - first).days > KEEP_DAYS  # old tallies were dropped
    for after in (0, 1, 9, 29, 30, 45):  # counted() holds each to the whole history
        counted(answers, last + days(after), ["memory"], days=30)
    assert counted(answers, last, ["memory"])["memory"].reviews > 100


def fsrs_kinds(answers: list[Answer], settings: Settings) -> list[int]:
    """The state each answer found its question in, by the `fsrs` package itself."""
    scheduler = fsrs.Scheduler(
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        enable_fuzzing=False,
    )
    cards: dict[str, fsrs.Card] = {}
    kinds = []
    for answer in answers:
        card = cards.get(answer.question) or fsrs.Card(card_id=len(cards) + 1)
        kinds.append(card.state.value - 1)  # Learning 1, Review 2, Relearning 3
        cards[answer.question], _ = scheduler.review_card(
            card, fsrs.Rating(answer.rating), answer.answered_at
        )
    return kinds


@pytest.mark.parametrize(
    ("learning", "relearning"),
    [((1, 10), (10,)), ((), ()), ((1,), (1, 10, 60)), ((1, 5, 10, 60), ())],
)
def test_review_kinds_move_as_fsrs_moves_cards(
    home: Path, learning: tuple[int, ...], relearning: tuple[int, ...]
) -> None:
    settings = Settings(
        learning_steps=tuple(minutes(m) for m in learning),
        relearning_steps=tuple(minutes(m) for m in relearning),
    )
    answers = generate(4000, seed=6)
    kinds = [kind for _, kind in review_kinds(answers, settings)]
    assert kinds == fsrs_kinds(answers, settings)
    assert {LEARNING, REVIEW} <= set(kinds)


def test_recall_now_uses_the_learners_parameters(home: Path) -> None:
    card = Scheduler().fold(None, HISTORY[:2])
    mine = Scheduler(Settings(parameters=FORGETFUL))
    assert Scheduler().recall(card, T0 + minutes(12)) == 1.0
    later = Scheduler().recall(card, T0 + days(30))
    forgetful = mine.recall(card, T0 + days(30))
    assert 0 < forgetful < later < 1


def test_review_states_in_state_json_follow_late_answers_practice_and_undos(home: Path) -> None:
    drawn = generate(1600, seed=5)
    # Questions answered only in practice, among those answered on both sides of the split.
    practised = {a.question for a in drawn[800:840]} & {a.question for a in drawn[:800]}
    assert len(practised) > 5
    answers = [
        a._replace(practice=True) if n % 7 == 0 or a.question in practised else a
        for n, a in enumerate(drawn)
    ]
    newer, older = answers[800:], answers[:800]
    with open_store(home) as store:
        for entry in newer[:40]:
            store.record(entry)
        store.fold()
        log = b"".join(history.dumps(a) for a in [*newer[40:], *older])
        store.import_answers(io.BytesIO(log), "another device")
        assert store.state().recall == book(answers, Settings())
        undone = answers[790:810]
        for answer in undone:
            store.record(Undo.of(answer, answers[-1].answered_at))
        store.fold()
        kept = [a for a in answers if a not in undone]
        assert store.state().recall == book(kept, Settings())
        assert [f for f in store.check() if not f.ok] == []
