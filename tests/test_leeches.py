"""Leeches: a question forgotten leech_threshold times (a `quiz config` key, default 8) is
listed by `quiz stats` and left out of `quiz review` until --leeches, or until its text
changes; `--leeches` chooses them elsewhere."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, run_quiz, stats_json

from quizzer.decks import load_file

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
LATER = {"QUIZZER_NOW": "2027-06-01T09:00:00+00:00", "TZ": "UTC", "COLUMNS": "100"}
REWRITTEN = "Statement one, said more plainly."
PROMPTS = {
    "Statement one.": "q1",
    REWRITTEN: "q1",
    "Statement two.": "q2",
    "Statement three.": "q3",
}
VERSION = {q.id: q.version for q in load_file(DATA / "review.json").questions}


@pytest.fixture
def deck(home: Path) -> Path:
    """The review test deck (three true statements), installed among the learner's decks;
    no learning steps, so a new question answered right is not asked again at once."""
    assert run_quiz("config", "set", "learning_steps", "none").returncode == 0
    (home / "decks").mkdir(parents=True)
    path = home / "decks" / "review-deck.json"
    path.write_bytes((DATA / "review.json").read_bytes())
    return path


def answer(n: int, question: str, rating: int, at: datetime) -> dict[str, Any]:
    return {
        "id": f"a{n}",
        "deck": "review-deck",
        "question": question,
        "session": f"s{n}",
        "answered_at": at.isoformat(),
        "correct": rating > 1,
        "response": rating > 1,
        "elapsed_ms": 2000,
        "rating": rating,
        "version": VERSION[question],
    }


def lapsed(times: int) -> None:
    """q1 learnt at once (Easy), then forgotten and relearnt `times` times, a day apart;
    q2 answered right once."""
    ratings = [4] + [1, 3] * times
    lines = [answer(n, "q1", r, T0 + timedelta(days=n)) for n, r in enumerate(ratings)]
    lines.append(answer(len(lines), "q2", 3, T0))
    stdin = "".join(json.dumps(line) + "\n" for line in lines)
    done = run_quiz("history", "import", "-", stdin=stdin, env=LATER)
    assert done.returncode == 0, done.stderr


def reviewed(*options: str) -> tuple[list[str], str]:
    """The questions `quiz review` asks (each answered right), and what it printed."""
    done = run_quiz("review", "review-deck", *options, stdin="t\n" * 5, env=LATER)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    asked = [
        next(PROMPTS[text] for text in lines[i + 1 :] if text in PROMPTS)
        for i, line in enumerate(lines)
        if line.startswith("Question ")
    ]
    return asked, done.stdout


def test_eight_lapses_make_a_leech_that_review_leaves_out_until_asked(deck: Path) -> None:
    lapsed(8)
    assert stats_json(env=LATER)["leeches"] == [
        {"deck": "review-deck", "question": "q1", "lapses": 8}
    ]

    asked, out = reviewed()
    assert asked == ["q2", "q3"]
    assert out.splitlines()[:2] == [
        "Review of Review test deck: 1 due · 1 new",
        "Left out: 1 leech (forgotten 8 times or more); quiz stats DECK lists them, quiz "
        "review --leeches asks them.",
    ]
    asked, _ = reviewed("--leeches")
    assert asked == ["q1"]  # the others were just answered, so only the leech is due


def test_seven_lapses_are_no_leech(deck: Path) -> None:
    lapsed(7)
    assert stats_json(env=LATER)["leeches"] == []
    assert reviewed()[0] == ["q2", "q1", "q3"]


def test_nothing_due_but_leeches_says_so(deck: Path) -> None:
    lapsed(8)
    reviewed()
    done = run_quiz("review", "review-deck", env=LATER)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Nothing is due now; the next question is due in ")
    assert lines[1].startswith("Left out: 1 leech (forgotten 8 times or more)")


def test_a_rewritten_question_is_no_leech(deck: Path) -> None:
    lapsed(8)
    data = json.loads(deck.read_text(encoding="utf-8"))
    data["questions"][0]["prompt"] = REWRITTEN
    deck.write_text(json.dumps(data), encoding="utf-8")
    assert stats_json(env=LATER)["leeches"] == []
    assert reviewed()[0] == ["q2", "q1", "q3"]  # the most overdue first


def test_the_threshold_is_a_setting(deck: Path) -> None:
    lapsed(5)
    assert stats_json(env=LATER)["leeches"] == []
    assert run_quiz("config", "set", "leech_threshold", "5").stdout == "leech_threshold = 5\n"
    assert stats_json(env=LATER)["leeches"] == [
        {"deck": "review-deck", "question": "q1", "lapses": 5}
    ]
    assert run_quiz("config", "get", "leech_threshold").stdout == "5\n"
    # Saving other settings keeps it.
    assert run_quiz("config", "set", "retention", "0.85").returncode == 0
    assert run_quiz("config", "get", "leech_threshold").stdout == "5\n"


@pytest.mark.parametrize("value", ["0", "1000", "eight", "8.5", "²"])
def test_a_threshold_out_of_bounds_is_refused(home: Path, value: str) -> None:
    done = run_quiz("config", "set", "leech_threshold", value)
    assert done.returncode == 2
    assert done.stderr == (
        f"quiz: error: leech_threshold: {value!r} is not allowed; give a whole number from 1 "
        "to 999 (the times a question is forgotten before it is a leech).\n"
    )


def test_stats_of_a_deck_lists_its_leeches_and_what_to_do(deck: Path) -> None:
    lapsed(9)
    done = run_quiz("stats", "review-deck", env=LATER)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    at = lines.index("Leeches (forgotten 8 times or more)")
    assert lines[at + 1] == "   9 x Statement one."
    assert " ".join(lines[at + 2 : at + 5]).startswith(
        "A leech costs review after review: rewrite it, split it into smaller questions, or "
        "add a mnemonic to its explanation."
    )
    overview = run_quiz("stats", env=LATER).stdout
    assert "1 leech (forgotten 8 times or more): quiz stats DECK lists them." in overview


def test_leeches_option_chooses_them(deck: Path) -> None:
    lapsed(8)
    done = run_quiz("start", "review-deck", "--leeches", stdin="t\n", env=LATER)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Review test deck: 1 question\n")
    assert "Statement one." in done.stdout
