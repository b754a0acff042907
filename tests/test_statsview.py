"""`quiz stats` fits the terminal: a table where it fits whole, one block per row below the
width it needs, nothing dropped or cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_quiz

AT = {"QUIZZER_NOW": "2026-03-01T09:00:00+00:00", "TZ": "UTC"}
LONG_PROMPT = "According to the article, in what year did DeepSeek's journey begin?"


def played() -> None:
    """Two decks with answers, one of them wrong (a weak question)."""
    for deck, answers in (("deepseek-company", "4\n1\nf\n"), ("deepseek-strategy", "1999\n")):
        done = run_quiz(
            "start", deck, "--no-shuffle", "-n", "3", "--no-retry", stdin=answers, env=AT
        )
        assert done.returncode in (0, 130), done.stderr


def stats(*args: str, columns: int) -> list[str]:
    env = {"COLUMNS": str(columns), **AT}
    done = run_quiz("stats", *args, env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.rstrip("\n").splitlines()
    assert all(len(line.rstrip()) <= columns for line in lines), done.stdout
    assert columns > 40 or "…" not in done.stdout  # at 80, the weak table cuts long prompts
    return [line.rstrip() for line in lines]


def test_the_deck_table_stacks_below_the_width_it_needs(home: Path) -> None:
    played()
    wide = stats(columns=80)
    assert wide[1].split() == [
        "Deck",
        "Sessions",
        "Answers",
        "Accuracy",
        "Best",
        "Due",
        "Last",
        "played",
    ]

    narrow = stats(columns=40)

    assert narrow[:12] == [
        "Progress by deck",
        "deepseek-company",
        "  Sessions 1 · Answers 3 · Accuracy 100%",
        "  Best 100% · Due 0",
        "  Last played 2026-03-01",
        "deepseek-strategy",
        "  Sessions 1 · Answers 1 · Accuracy 0%",
        "  Best 0% · Due 0",
        "  Last played 2026-03-01",
        "All decks",
        "  Sessions 2 · Answers 4 · Accuracy 75%",
        "  Due 0",
    ]


@pytest.mark.parametrize("columns", [40, 80])
def test_sessions_and_weak_questions_are_whole_at_any_width(home: Path, columns: int) -> None:
    played()
    sessions = "\n".join(stats("--sessions", columns=columns))
    assert "deepseek-strategy" in sessions and "deepseek-company" in sessions
    assert "0/1 (0%)" in sessions and "3/3 (100%)" in sessions

    detail = stats("deepseek-strategy", columns=columns)
    weakest = detail.index("Weakest questions")
    if columns == 40:
        assert " ".join(detail[weakest + 1 : weakest + 3]) == LONG_PROMPT
        assert detail[weakest + 3 : weakest + 5] == [
            "  Missed 1 · Accuracy 0%",
            "  Last answer wrong, 2026-03-01",
        ]
    else:  # the table, each prompt up to 38 characters
        assert detail[weakest + 3].startswith(LONG_PROMPT[:30])
