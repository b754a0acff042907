"""`quiz review --ahead TIME` studies what comes due within TIME, as Anki's review ahead,
and those answers move the schedule like any review."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import DATA, open_store, run_quiz

from quizzer.errors import BadInput
from quizzer.review import parse_ahead

DECK = str(DATA / "review.json")
T0 = datetime(2026, 5, 4, 8, 0, tzinfo=timezone.utc)


def review(at: datetime, *options: str) -> str:
    done = run_quiz(
        "review", DECK, *options, stdin="t\n" * 3, env={"QUIZZER_NOW": at.isoformat(), "TZ": "UTC"}
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_review_ahead_asks_what_comes_due_soon_and_moves_it_on(home: Path) -> None:
    assert run_quiz("config", "set", "learning_steps", "none").returncode == 0
    assert "Score: 3/3" in review(T0)
    with open_store(home) as store:
        before = store.state().cards
    first_due = min(card.due_at for card in before.values())
    assert first_due > T0 + timedelta(days=1)

    later = T0 + timedelta(hours=1)
    assert review(later).startswith("Nothing is due now; the next question is due in ")
    days = (first_due - later).days
    assert review(later, "--ahead", f"{days}d").startswith(f"Nothing is due within {days}d; ")

    out = review(later, "--ahead", f"{days + 1}d")
    assert out.startswith(f"Review of Review test deck ({days + 1}d ahead): ")
    with open_store(home) as store:
        after = store.state().cards
    moved = [key for key in after if after[key] != before[key]]
    assert moved and all(after[key].last_review == later.isoformat() for key in moved)
    assert all(before[key].due_at <= later + timedelta(days=days + 1) for key in moved)


@pytest.mark.parametrize(
    ("text", "ahead"),
    [
        ("3d", timedelta(days=3)),
        (" 12H ", timedelta(hours=12)),
        ("1m", timedelta(minutes=1)),
        ("365d", timedelta(days=365)),
    ],
)
def test_how_far_ahead(text: str, ahead: timedelta) -> None:
    assert parse_ahead(text) == ahead


@pytest.mark.parametrize("text", ["", "3", "0d", "366d", "1w", "3 days", "1.5d", "9" * 50])
def test_a_bad_ahead_is_refused(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_ahead(text)
    assert caught.value.message == (
        f"--ahead {text[:40]!r} is not allowed; give a number and a unit (m, h or d) from 1m "
        "to 365d, such as 3d or 12h."
    )
