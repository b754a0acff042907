"""A question removed from an installed deck keeps its history, but `quiz stats` lists it
no more (per-question table, weakest, overruled, leeches) while the deck's own counts
still count its answers; a deck that is not installed shows all of its history."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, open_store, run_quiz

from quizzer.decks import load_file
from quizzer.models import OVERRULED, Deck
from quizzer.report import build

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
NOW = datetime(2027, 6, 1, 9, 0, tzinfo=timezone.utc)
LATER = {"QUIZZER_NOW": NOW.isoformat(), "TZ": "UTC", "COLUMNS": "100"}
DECK = "review-deck"
# Each question: learnt (Easy), forgotten, relearnt, forgotten, then overruled right.
RATINGS = [(4, ""), (1, ""), (3, ""), (1, ""), (3, OVERRULED)]


def answers() -> list[dict[str, Any]]:
    """Five answers to each of q1, q2, q3, a day apart: every question twice missed,
    twice lapsed (a leech at threshold 2) and once overruled."""
    lines = []
    for q, question in enumerate(("q1", "q2", "q3")):
        for n, (rating, outcome) in enumerate(RATINGS):
            lines.append(
                {
                    "id": f"{question}-{n}",
                    "deck": DECK,
                    "question": question,
                    "session": f"{question}-s{n}",
                    "answered_at": (T0 + timedelta(days=n, hours=q)).isoformat(),
                    "correct": rating > 1,
                    "response": rating > 1,
                    "elapsed_ms": 2000,
                    "rating": rating,
                    "outcome": outcome,
                }
            )
    return lines


def log() -> bytes:
    return b"".join(json.dumps(line).encode() + b"\n" for line in answers())


@pytest.fixture
def studied(home: Path) -> None:
    """The review deck added, its three questions answered, leeches from 2 lapses on."""
    for key, value in (("learning_steps", "none"), ("leech_threshold", "2")):
        assert run_quiz("config", "set", key, value).returncode == 0
    assert run_quiz("deck", "add", str(DATA / "review.json")).returncode == 0
    done = run_quiz("history", "import", "-", stdin=log().decode(), env=LATER)
    assert done.returncode == 0, done.stderr


def without_q2(tmp_path: Path) -> Path:
    data = json.loads((DATA / "review.json").read_text(encoding="utf-8"))
    data["questions"] = [q for q in data["questions"] if q["id"] != "q2"]
    path = tmp_path / "review.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def stats(*args: str) -> dict[str, Any]:
    """`quiz stats ARGS --json`, parsed."""
    done = run_quiz("stats", *args, "--json", env=LATER)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def listed() -> dict[str, list[str]]:
    """The questions in each per-question list of `quiz stats --json` and of the deck."""
    overview, detail = stats(), stats(DECK)
    return {
        "questions": [row["question"] for row in overview["questions"]],
        "leeches": [row["question"] for row in overview["leeches"]],
        "weakest": sorted(row["question"] for row in detail["deck"]["weakest"]),
        "overruled": sorted(row["question"] for row in detail["deck"]["overruled"]),
        "deck leeches": [row["question"] for row in detail["leeches"]],
        "csv": run_quiz("stats", DECK, "--csv", env=LATER).stdout.split("\n")[1:-1],
    }


def deck_counts() -> dict[str, Any]:
    (row,) = stats()["decks"]
    return {key: row[key] for key in ("sessions", "answered", "correct", "time_spent_ms")}


def printed() -> str:
    done = run_quiz("stats", DECK, env=LATER)
    assert done.returncode == 0, done.stderr
    return done.stdout


ALL = ["q1", "q2", "q3"]


def test_a_removed_question_leaves_stats_but_keeps_its_history(
    studied: None, tmp_path: Path
) -> None:
    before, counts = listed(), deck_counts()
    for key in ("questions", "leeches", "weakest", "overruled", "deck leeches"):
        assert before[key] == ALL, key
    assert [row.split(",")[1] for row in before["csv"]] == ALL
    assert "Statement two." in printed()
    assert counts == {"sessions": 15, "answered": 15, "correct": 9, "time_spent_ms": 30_000}

    assert run_quiz("deck", "add", str(without_q2(tmp_path)), "--force").returncode == 0
    after = listed()
    for key in ("questions", "leeches", "weakest", "overruled", "deck leeches"):
        assert after[key] == ["q1", "q3"], key
    assert [row.split(",")[1] for row in after["csv"]] == ["q1", "q3"]
    shown = printed()
    assert "q2" not in shown and "Statement two." not in shown
    assert deck_counts() == counts  # those sessions happened
    exported = [json.loads(x) for x in run_quiz("history", "export").stdout.splitlines()]
    assert sum(1 for a in exported if a["question"] == "q2") == len(RATINGS)

    assert run_quiz("deck", "add", str(DATA / "review.json"), "--force").returncode == 0
    assert listed() == before
    assert "Statement two." in printed()


def test_a_deck_no_longer_installed_shows_all_its_history(studied: None, tmp_path: Path) -> None:
    assert run_quiz("deck", "add", str(without_q2(tmp_path)), "--force").returncode == 0
    assert run_quiz("deck", "remove", DECK, "--yes").returncode == 0
    overview = stats()
    assert [row["question"] for row in overview["questions"]] == ALL
    detail = stats(DECK)["deck"]
    assert sorted(row["question"] for row in detail["weakest"]) == ALL


def test_build_lists_what_the_installed_deck_holds(home: Path) -> None:
    with open_store(home) as store:
        store.import_answers(io.BytesIO(log()), "answers.jsonl")
        progress = store.state()
    deck = load_file(DATA / "review.json")
    smaller = deck._replace(questions=tuple(q for q in deck.questions if q.id != "q2"))

    def listed_by(installed: dict[str, Deck]) -> tuple[list[str], list[str], list[str]]:
        report = build(
            progress,
            progress.totals,
            installed,
            lambda card: 0.9,
            NOW,
            deck=DECK,
            leech_threshold=2,
        )
        assert report.deck is not None
        return (
            [q.question for q in report.questions],
            sorted(q.question for q in report.deck.weakest),
            sorted(q.question for q in report.deck.overruled),
        )

    assert listed_by({DECK: deck}) == (ALL, ALL, ALL)
    assert listed_by({DECK: smaller}) == (["q1", "q3"], ["q1", "q3"], ["q1", "q3"])
    assert listed_by({}) == (ALL, ALL, ALL)  # history only: nothing to compare with
