"""`quiz review` with QUIZZER_NOW moved forward: what is due, when, in which order."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, open_store, run_quiz, stats_json

DECK = str(DATA / "review.json")
T0 = datetime(2026, 5, 4, 8, 0, tzinfo=timezone.utc)
PROMPTS = {"Statement one.": "q1", "Statement two.": "q2", "Statement three.": "q3"}


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Local days are UTC days here, so day boundaries in these tests are fixed."""
    monkeypatch.setenv("TZ", "UTC")


def review(
    at: datetime, answers: str, *args: str
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """`quiz review` on the test deck at `at`; the ids of the questions it asked, in order."""
    done = run_quiz("review", DECK, *args, stdin=answers, env={"QUIZZER_NOW": at.isoformat()})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    asked = [
        next(PROMPTS[text] for text in lines[i + 1 :] if text in PROMPTS)
        for i, line in enumerate(lines)
        if line.startswith("Question ")
    ]
    return done, asked


def card(home: Path, question: str) -> dict[str, Any]:
    with open_store(home) as store:
        return store.state().cards[f"review-deck/{question}"]


def due(home: Path, question: str) -> datetime:
    return datetime.fromisoformat(card(home, question).due)


def set_new_per_day(count: int) -> None:
    assert run_quiz("config", "set", "new_per_day", str(count)).returncode == 0


def test_a_question_is_due_exactly_when_its_card_says(home: Path) -> None:
    set_new_per_day(1)
    _, asked = review(T0, "t\n", "--limit", "1")
    assert asked == ["q1"]
    assert due(home, "q1") == T0 + timedelta(minutes=10)  # Good: the second learning step
    early, asked = review(T0 + timedelta(minutes=10) - timedelta(seconds=1), "t\n")
    assert asked == []
    assert (
        early.stdout == "Nothing is due now; the next question is due in under a minute (08:10).\n"
    )
    _, asked = review(T0 + timedelta(minutes=10), "t\n")
    assert asked == ["q1"]


def test_a_wrong_answer_comes_back_sooner_than_a_right_one(home: Path) -> None:
    set_new_per_day(2)
    _, asked = review(T0, "t\nf\n", "--limit", "2")
    assert asked == ["q1", "q2"]
    assert due(home, "q2") == T0 + timedelta(minutes=1)  # Again
    assert due(home, "q1") == T0 + timedelta(minutes=10)  # Good
    assert card(home, "q2").state == card(home, "q1").state == 1  # both still learning


def test_right_answers_graduate_to_days_and_intervals_then_grow(home: Path) -> None:
    set_new_per_day(1)
    at = T0
    intervals = []
    for _ in range(5):
        _, asked = review(at, "t\n", "--limit", "1")
        assert asked == ["q1"]
        now_due = due(home, "q1")
        intervals.append(now_due - at)
        at = now_due
    assert intervals[0] == timedelta(minutes=10)
    assert card(home, "q1").state == 2  # Review
    assert intervals[1] >= timedelta(days=1)
    assert intervals[1] < intervals[2] < intervals[3] < intervals[4]


def test_review_asks_the_most_overdue_first_then_new_then_what_was_just_learned(
    home: Path,
) -> None:
    set_new_per_day(3)
    _, asked = review(T0, "t\nf\n", "--limit", "2")
    assert asked == ["q1", "q2"]  # q1 due at +10m, q2 (wrong) at +1m
    later = T0 + timedelta(hours=1)
    done, asked = review(later, "t\n" * 6)
    # q2 is the most overdue, then q1, then q3 (new); q2 and q3 are in their learning
    # steps (due in 10 minutes) and come back within the run's 20-minute look-ahead.
    assert asked == ["q2", "q1", "q3", "q2", "q3"]
    # The counter counts down what is left, steps within reach included; it never grows.
    lefts = [int(x) for x in re.findall(r"^Question \d+, (\d+) left", done.stdout, re.M)]
    assert lefts[0] == 3 and lefts[-1] == 1
    assert all(a >= b for a, b in itertools.pairwise(lefts))
    assert done.stdout.startswith("Review of Review test deck: 2 learning · 1 new\n")
    assert done.stdout.endswith("5 answers to 3 questions, 5 right.\n")
    assert {q: card(home, q).state for q in ("q1", "q2", "q3")} == {"q1": 2, "q2": 2, "q3": 2}


def test_the_daily_new_limit_holds_across_runs_and_resets_the_next_day(home: Path) -> None:
    set_new_per_day(2)
    _, first = review(T0, "t\n", "--limit", "1")
    _, second = review(T0 + timedelta(hours=2), "t\n" * 5)
    assert first == ["q1"]
    assert second == ["q1", "q2", "q2"]  # q1 due again, one more new, q2's next step
    third, asked = review(T0 + timedelta(hours=3), "t\n" * 5)
    assert asked == []
    assert third.stdout.startswith("Nothing is due now; the next question is due in 2 days (")
    _, next_day = review(T0 + timedelta(days=1), "t\n" * 5)
    assert "q3" in next_day


def test_replaying_the_history_reproduces_every_card(home: Path) -> None:
    set_new_per_day(3)
    for hours, answers in ((0, "t\nf\nt\n" * 3), (5, "f\nt\n" * 4), (30, "t\n" * 8)):
        # Input runs out while forgotten questions keep coming back: that ends the run.
        done = run_quiz(
            "review",
            DECK,
            stdin=answers,
            env={"QUIZZER_NOW": (T0 + timedelta(hours=hours)).isoformat()},
        )
        assert done.returncode in (0, 130)
    with open_store(home) as store:
        before = store.state().cards
    assert len(before) == 3
    assert run_quiz("doctor").stdout.splitlines()[-1] == "ok: cards agree with the history"
    assert run_quiz("doctor", "--rebuild").returncode == 0
    with open_store(home) as store:
        assert store.state().cards == before


def test_flashcard_ratings_show_when_the_card_comes_back(home: Path) -> None:
    done = run_quiz(
        "start",
        str(DATA / "tiny.json"),
        "--type",
        "flashcard",
        stdin="\n3\n",
        env={"QUIZZER_NOW": T0.isoformat()},
    )
    assert "How well did you know it? 1 Again (1m), 2 Hard (6m), 3 Good (10m), 4 Easy (8d)" in (
        done.stdout
    )


def test_quiz_start_updates_memory_too(home: Path) -> None:
    run_quiz(
        "start", DECK, "--no-shuffle", "-n", "1", stdin="t\n", env={"QUIZZER_NOW": T0.isoformat()}
    )
    assert due(home, "q1") == T0 + timedelta(minutes=10)


def test_nothing_studied_and_no_new_left_today(home: Path) -> None:
    set_new_per_day(0)
    done, asked = review(T0, "")
    assert asked == []
    assert done.stdout == "Nothing is due now; new questions are introduced again tomorrow.\n"


def test_stats_show_what_is_due(home: Path) -> None:
    (home / "decks").mkdir(parents=True)  # installed, so stats know its unseen questions
    (home / "decks" / "review-deck.json").write_bytes(Path(DECK).read_bytes())
    set_new_per_day(3)
    review(T0, "t\nf\n", "--limit", "2")
    stats = json.loads(
        run_quiz(
            "stats", "--json", env={"QUIZZER_NOW": (T0 + timedelta(minutes=5)).isoformat()}
        ).stdout
    )
    (row,) = stats["decks"]
    assert row["due_now"] == 1  # q2, wrong, came due after a minute
    assert (row["new"], row["learning"], row["review"]) == (1, 2, 0)
    assert len(row["due_forecast"]) == 14
    assert row["due_forecast"][0] == {"date": "2026-05-04", "count": 2}
    assert row["due_forecast"][1] == {"date": "2026-05-05", "count": 0}
    assert 0.9 < row["retention"] <= 1.0
    assert stats_json()["decks"][0]["due_now"] == 2  # real time: long after May 2026


def test_settings_are_checked(home: Path) -> None:
    assert run_quiz("config", "get", "retention").stdout == "0.9\n"
    for key, value, message in (
        ("retention", "1.5", "retention: '1.5' is not allowed; give a number from 0.7 to 0.99"),
        ("new_per_day", "many", "new_per_day: 'many' is not allowed; give a whole number"),
        ("learning_steps", "1m,soon", "learning_steps: 'soon' is not a step"),
        ("colour", "red", "'colour' is not a setting; the settings are retention, new_per_day"),
    ):
        done = run_quiz("config", "set", key, value)
        assert done.returncode == 2
        assert done.stderr.startswith(f"quiz: error: {message}")
    assert run_quiz("config", "set", "learning_steps", "30s,5m,1h").stdout == (
        "learning_steps = 30s,5m,1h\n"
    )
    assert json.loads(run_quiz("config", "list", "--json").stdout) == {
        "retention": "0.9",
        "new_per_day": "20",
        "learning_steps": "30s,5m,1h",
        "relearning_steps": "10m",
        "parameters": "default",
        "leech_threshold": "8",
    }
    (home / "config.json").write_text('{"retention": "lots"}', encoding="utf-8")
    broken = run_quiz("config", "list")
    assert broken.returncode == 1
    assert "config.json is damaged (retention: 'lots' is not allowed" in broken.stderr


def test_answers_merged_from_the_past_replay_the_question(home: Path) -> None:
    set_new_per_day(1)
    review(T0 + timedelta(days=2), "t\n", "--limit", "1")
    later = card(home, "q1")
    older = {
        "id": "other-machine-1",
        "deck": "review-deck",
        "question": "q1",
        "session": "elsewhere",
        "answered_at": T0.isoformat(),
        "correct": False,
        "response": False,
        "elapsed_ms": 900,
    }
    done = run_quiz("history", "import", "-", stdin=json.dumps(older) + "\n")
    assert done.returncode == 0, done.stderr
    merged = card(home, "q1")
    assert merged != later  # the wrong answer two days earlier changes the memory state
    assert merged.last_review == later.last_review
    assert run_quiz("doctor").stdout.splitlines()[-1] == "ok: cards agree with the history"
