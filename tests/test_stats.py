"""`quiz stats`: every figure checked against a hand count, and the text as printed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, open_store, run_quiz

NOW = "2026-03-10T12:00:00+00:00"  # a Tuesday
UTC = {"QUIZZER_NOW": NOW, "TZ": "UTC", "COLUMNS": "80"}


def line(
    question: str,
    at: str,
    correct: bool,
    session: str = "s1",
    deck: str = "tiny",
    elapsed: int = 2000,
) -> str:
    return json.dumps(
        {
            "id": f"{session}-{question}-{at}",
            "deck": deck,
            "question": question,
            "session": session,
            "answered_at": at,
            "correct": correct,
            "response": None,
            "elapsed_ms": elapsed,
        }
    )


def load(lines: list[str], env: dict[str, str] = UTC) -> None:
    done = run_quiz("history", "import", "-", stdin="\n".join(lines) + "\n", env=env)
    assert done.returncode == 0, done.stderr


def report(*args: str, env: dict[str, str] = UTC) -> dict[str, Any]:
    done = run_quiz("stats", *args, "--json", env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def tiny(home: Path) -> Path:
    """The tiny test deck, installed as one of the learner's decks."""
    (home / "decks").mkdir(parents=True)
    path = home / "decks" / "tiny.json"
    path.write_bytes((DATA / "tiny.json").read_bytes())
    return path


def test_streaks_across_a_missed_day(home: Path) -> None:
    # Studied 1, 2, then 4, 5, 6 March; not on the 3rd.
    load([line("capital", f"2026-03-0{d}T09:00:00+00:00", True, f"s{d}") for d in (1, 2, 4, 5, 6)])
    for today, current in (("06", 3), ("07", 3), ("08", 0)):
        env = {**UTC, "QUIZZER_NOW": f"2026-03-{today}T20:00:00+00:00"}
        assert report(env=env)["streak"] == {"current": current, "longest": 3}
    # 2-6 March is Monday to Friday: Mon 2, Wed 4, Thu 5, Fri 6 are study days that week.
    env = {**UTC, "QUIZZER_NOW": "2026-03-06T20:00:00+00:00"}
    assert report(env=env)["study_days_this_week"] == 4


def test_days_are_the_learners_local_dates_across_midnight(home: Path) -> None:
    # 23:50 and 00:10 in Tokyo: the same UTC day, two local days.
    load(
        [
            line("capital", "2026-03-01T23:50:00+09:00", True, "a"),
            line("sky", "2026-03-02T00:10:00+09:00", True, "b"),
        ]
    )
    tokyo = {**UTC, "TZ": "Asia/Tokyo", "QUIZZER_NOW": "2026-03-02T12:00:00+09:00"}
    figures = report(env=tokyo)
    assert figures["streak"] == {"current": 2, "longest": 2}
    days = {d["date"]: d["answers"] for d in figures["calendar"] if d["answers"]}
    assert days == {"2026-03-01": 1, "2026-03-02": 1}


def test_a_quiz_in_a_time_zone_counts_its_local_day(home: Path) -> None:
    # 15:30 UTC is already 00:30 the next day in Tokyo.
    tokyo = {"TZ": "Asia/Tokyo", "QUIZZER_NOW": "2026-03-01T15:30:00+00:00"}
    done = run_quiz(
        "start", str(DATA / "tiny.json"), "--no-shuffle", "-n", "1", stdin="2\n", env=tokyo
    )
    assert done.returncode == 0, done.stderr
    figures = report(env=tokyo)
    assert [d["date"] for d in figures["calendar"] if d["answers"]] == ["2026-03-02"]


def test_calendar_counts_answers_and_right_ones_per_day(home: Path) -> None:
    load(
        [
            line("capital", "2026-03-09T08:00:00+00:00", True, "a"),
            line("sky", "2026-03-09T08:01:00+00:00", False, "a"),
            line("author", "2026-03-09T21:00:00+00:00", True, "b"),
            line("capital", "2026-02-02T10:00:00+00:00", False, "c"),
        ]
    )
    calendar = report()["calendar"]
    assert calendar[0]["date"] == "2025-11-24"  # a Monday, 16 whole weeks back
    assert calendar[-1]["date"] == "2026-03-10"
    assert len(calendar) == 16 * 7 - 5
    by_day = {d["date"]: (d["answers"], d["correct"]) for d in calendar}
    assert by_day["2026-03-09"] == (3, 2)
    assert by_day["2026-02-02"] == (1, 0)
    assert sum(d["answers"] for d in calendar) == 4
    ranged = report("--since", "2026-03-01", "--until", "2026-03-09")["calendar"]
    assert [d["date"] for d in ranged][::8] == ["2026-03-01", "2026-03-09"]
    assert sum(d["answers"] for d in ranged) == 3


def test_since_and_until_limit_every_figure(home: Path) -> None:
    load(
        [
            line("capital", "2026-03-01T08:00:00+00:00", True, "a"),
            line("sky", "2026-03-05T08:00:00+00:00", False, "b"),
            line("author", "2026-03-09T08:00:00+00:00", True, "c"),
        ]
    )
    figures = report("--since", "2026-03-02", "--until", "2026-03-08")
    assert figures["totals"] == {"sessions": 1, "answered": 1, "correct": 0}
    assert [q["question"] for q in figures["questions"]] == ["sky"]
    bad = run_quiz("stats", "--since", "March", env=UTC)
    assert bad.returncode == 2
    assert bad.stderr == "quiz: error: --since: 'March' is not a date; write it like 2026-01-31.\n"


WEAK = [
    # capital: 3 missed of 4 (25%); sky: 3 missed of 5 (40%); author: 1 of 1 (0%);
    # primes: 1 missed of 3, answered after author; hola: never missed.
    *(line("capital", f"2026-03-0{n}T08:00:00+00:00", n == 4, f"c{n}") for n in (1, 2, 3, 4)),
    *(line("sky", f"2026-03-0{n}T09:00:00+00:00", n in (4, 5), f"s{n}") for n in (1, 2, 3, 4, 5)),
    line("author", "2026-03-06T10:00:00+00:00", False, "a"),
    *(line("primes", f"2026-03-0{n}T11:00:00+00:00", n != 7, f"p{n}") for n in (5, 6, 7)),
    line("hola", "2026-03-08T12:00:00+00:00", True, "h"),
]


def test_weakest_questions_and_accuracy_by_type_and_tag(tiny: Path) -> None:
    load(WEAK)
    detail = report("tiny")["deck"]
    assert [
        (q["question"], q["answered"] - q["correct"], q["accuracy"]) for q in detail["weakest"]
    ] == [
        ("capital", 3, 0.25),
        ("sky", 3, 0.4),
        ("author", 1, 0.0),
        ("primes", 1, 0.6667),
    ]
    assert detail["by_type"] == [
        {"type": "flashcard", "answered": 1, "correct": 1, "accuracy": 1.0},
        {"type": "multi_select", "answered": 3, "correct": 2, "accuracy": 0.6667},
        {"type": "multiple_choice", "answered": 4, "correct": 1, "accuracy": 0.25},
        {"type": "short_answer", "answered": 1, "correct": 0, "accuracy": 0.0},
        {"type": "true_false", "answered": 5, "correct": 2, "accuracy": 0.4},
    ]
    assert {t["tag"]: t["answered"] for t in detail["by_tag"]} == {
        "books": 1,
        "geo": 4,
        "math": 3,
        "nature": 5,
        "words": 1,
    }
    # Sessions by start: c1 s1 c2 s2 c3 s3 c4 s4 s5 p5 a p6 p7 h.
    assert detail["session_scores"] == [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1]


def test_json_holds_the_documented_keys(tiny: Path) -> None:
    load(WEAK)
    figures = report()
    assert set(figures) >= {"decks", "totals", "streak", "calendar", "questions"}
    (deck,) = figures["decks"]
    assert set(deck) >= {
        "deck",
        "sessions",
        "answered",
        "correct",
        "accuracy",
        "best_score",
        "last_played",
        "due_now",
        "due_forecast",
        "new",
        "learning",
        "review",
        "retention",
    }
    assert set(figures["questions"][0]) >= {
        "deck",
        "question",
        "answered",
        "correct",
        "last_answered",
    }
    assert figures["totals"] == {"sessions": 14, "answered": 14, "correct": 6}
    assert figures["time_spent_ms"] == 14 * 2000


def test_csv_is_the_per_question_table(tiny: Path) -> None:
    load(WEAK)
    rows = list(csv.DictReader(io.StringIO(run_quiz("stats", "tiny", "--csv", env=UTC).stdout)))
    assert [(r["question"], r["answered"], r["correct"]) for r in rows] == [
        ("author", "1", "0"),
        ("capital", "4", "1"),
        ("hola", "1", "1"),
        ("primes", "3", "2"),
        ("sky", "5", "2"),
    ]
    assert rows[1]["prompt"] == "Which city is the capital of France?"


OVERVIEW = """\
Progress by deck
Deck  Sessions  Answers  Accuracy  Best  Due  Last played
─────────────────────────────────────────────────────────
tiny        14       14       43%  100%    5  2026-03-08
Study days this week: 0 of 7. Streak: 0 days (longest 8 days). Time spent: 28s.
"""


def printed(*args: str) -> str:
    """What `quiz stats` prints with colour off, trailing spaces of table cells removed."""
    out = run_quiz("stats", *args, env={**UTC, "NO_COLOR": "1"}).stdout
    assert "\x1b" not in out
    assert max(len(x) for x in out.splitlines()) <= 80
    return "".join(f"{x.rstrip()}\n" for x in out.splitlines())


def test_overview_as_printed_at_80_columns(tiny: Path) -> None:
    load(WEAK)
    assert printed() == OVERVIEW


DETAIL = """\
Tiny test deck (tiny)
Sessions 14, answers 14, accuracy 43%, best 100%, due now 5, time spent 28s.
Recall now 75% on average; true retention over 30 days 0% (0 of 1 reviews).
Accuracy by session, oldest to newest: ▁▁▁▁▁▁████▁█▁█ (last 100%)
Weakest questions
Question                              Missed  Accuracy  Last answer
─────────────────────────────────────────────────────────────────────────
Which city is the capital of France?       3       25%  right, 2026-03-04
The sky is green.                          3       40%  right, 2026-03-05
Who wrote Les Misérables?                  1        0%  wrong, 2026-03-06
Select all the prime numbers.              1       67%  wrong, 2026-03-07
Accuracy by type
Type                   Answers  Accuracy
────────────────────────────────────────
flashcard                    1      100%
select all that apply        3       67%
multiple choice              4       25%
short answer                 1        0%
true or false                5       40%
Accuracy by tag
Tag     Answers  Accuracy
─────────────────────────
books         1        0%
geo           4       25%
math          3       67%
nature        5       40%
words         1      100%
Answers per day
"""


def test_deck_detail_as_printed_at_80_columns(tiny: Path) -> None:
    load(WEAK)
    out = printed("tiny")
    assert out.startswith(DETAIL)
    lines = out.splitlines()
    calendar = lines[lines.index("Answers per day") + 1 :]
    assert calendar[0] == "      Dec       Jan     Feb     Mar"
    # Mondays 2 March (capital and sky: 2 answers, the busiest) and 9 March (none).
    assert calendar[1] == "Mon " + "··" * 14 + "██··"
    assert calendar[-1] == "    less · ░ ▒ ▓ █ more (busiest day: 2 answers)"


def test_deck_text_is_shown_as_typed_never_as_markup(tiny: Path) -> None:
    deck = json.loads(tiny.read_text(encoding="utf-8"))
    deck["title"] = "Tiny [red]deck[/]"
    deck["questions"][0]["prompt"] = "Pick [bold red]one[/] :smile:"
    deck["questions"][0]["tags"] = ["[link=x]geo[/link]"]
    tiny.write_text(json.dumps(deck), encoding="utf-8")
    load([line("capital", "2026-03-09T08:00:00+00:00", False)])
    out = run_quiz("stats", "tiny", env={**UTC, "NO_COLOR": "1"})
    assert out.returncode == 0, out.stderr
    for text in ("Tiny [red]deck[/] (tiny)", "Pick [bold red]one[/] :smile:", "[link=x]geo[/link]"):
        assert text in out.stdout
    assert "\x1b" not in out.stdout


def test_recent_sessions(tiny: Path) -> None:
    load(
        [
            line("capital", "2026-03-09T08:00:00+00:00", True, "a", elapsed=61000),
            line("sky", "2026-03-09T08:01:01+00:00", False, "a", elapsed=4000),
            line("author", "2026-03-10T07:00:00+00:00", True, "b"),
        ]
    )
    rows = report("--sessions")["recent_sessions"]
    # A session id made elsewhere is kept, with the time of its first answer in front.
    assert [(r["session"], r["answered"], r["correct"], r["duration_ms"]) for r in rows] == [
        ("20260310T070000Z-b", 1, 1, 2000),
        ("20260309T080000Z-a", 2, 1, 65000),
    ]
    assert printed("--sessions").splitlines()[3:] == [
        "2026-03-10 07:00  tiny  1/1 (100%)      2s",
        "2026-03-09 08:00  tiny   1/2 (50%)  1m 05s",
    ]


def test_reset_keeps_a_backup_that_brings_everything_back(tiny: Path, home: Path) -> None:
    load([*WEAK, line("q9", "2026-03-09T08:00:00+00:00", True, "o", deck="other")])
    before = report()
    refused = run_quiz("reset", "tiny", env=UTC)
    assert refused.returncode == 2
    assert "add --yes to confirm without a terminal" in refused.stderr
    done = run_quiz("reset", "tiny", "--yes", env=UTC)
    assert done.returncode == 0, done.stderr
    backup = done.stdout.splitlines()[-1].removeprefix("To bring them back: quiz history import ")
    assert done.stdout.startswith("Cleared 14 answers from the history of deck 'tiny'.")
    assert [d["deck"] for d in report()["decks"]] == ["other"]
    with open_store(home) as store:
        assert {a.deck for a in store.answers()} == {"other"}
    assert run_quiz("history", "import", backup, env=UTC).returncode == 0
    assert report() == before
