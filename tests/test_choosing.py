"""Choosing what to study by its history (--missed, --weakest N, --new), from a history made
with `quiz history import`, and practice that leaves every card as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, open_store, run_quiz, stats_json

TINY = str(DATA / "tiny.json")
NOW = {"QUIZZER_NOW": "2026-03-10T12:00:00+00:00", "TZ": "UTC"}
PROMPTS = {
    q["prompt"]: q["id"]
    for q in json.loads((DATA / "tiny.json").read_text(encoding="utf-8"))["questions"]
}
# capital: right then wrong (missed; 1 of 2); sky: wrong, wrong, right (1 of 3); author:
# right twice (2 of 2); primes: wrong once (missed, too few answers to be weakest); hola:
# never answered (new).
HISTORY = {
    "capital": [True, False],
    "sky": [False, False, True],
    "author": [True, True],
    "primes": [False],
}


def imported(history: dict[str, list[bool]]) -> None:
    lines = []
    for question, verdicts in history.items():
        for n, correct in enumerate(verdicts):
            at = f"2026-03-0{n + 1}T08:00:00+00:00"
            lines.append(
                {
                    "id": f"{question}-{n}",
                    "deck": "tiny",
                    "question": question,
                    "session": f"s{n}",
                    "answered_at": at,
                    "correct": correct,
                    "response": None,
                    "elapsed_ms": 3000,
                }
            )
    stdin = "".join(json.dumps(line) + "\n" for line in lines)
    done = run_quiz("history", "import", "-", stdin=stdin, env=NOW)
    assert done.returncode == 0, done.stderr


def asked(*options: str) -> list[str]:
    """The questions `quiz start` asks with these options: each skipped twice, so the
    summary names them all, in deck order."""
    done = run_quiz("start", TINY, "--no-shuffle", *options, stdin="!skip\n" * 20, env=NOW)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    skipped = lines[lines.index("Skipped, not answered:") + 1 :]
    return [PROMPTS[line.removeprefix("  - ")] for line in skipped if line.startswith("  - ")]


@pytest.mark.parametrize(
    ("options", "questions"),
    [
        (["--missed"], ["capital", "primes"]),
        (["--weakest", "1"], ["sky"]),
        (["--weakest", "2"], ["capital", "sky"]),
        (["--weakest", "9"], ["capital", "sky", "author"]),
        (["--new"], ["hola"]),
        (["--missed", "--new"], ["capital", "primes", "hola"]),
        (["--missed", "--tag", "geo"], ["capital"]),
        (["--weakest", "2", "--type", "true_false"], ["sky"]),
        (["--missed", "--new", "-n", "1"], ["capital"]),
    ],
)
def test_history_options_select_exactly_these_questions(
    home: Path, options: list[str], questions: list[str]
) -> None:
    imported(HISTORY)
    assert asked(*options) == questions


def test_an_empty_choice_says_why_and_what_to_try(home: Path) -> None:
    imported(HISTORY)
    done = run_quiz("start", TINY, "--new", "--type", "true_false", env=NOW)
    assert done.returncode == 2
    assert done.stderr == (
        "quiz: error: nothing to study in deck 'tiny' among the questions --tag/--type keep: "
        "every question has been answered. Leave out --new to take the whole deck, or try "
        "--missed or --weakest 10 or --leeches.\n"
    )


def test_without_history_only_new_questions_can_be_chosen(home: Path) -> None:
    done = run_quiz("start", TINY, "--missed", "--weakest", "3", "--leeches", env=NOW)
    assert done.returncode == 2
    assert done.stderr == (
        "quiz: error: nothing to study in deck 'tiny': no question's latest answer was wrong; "
        "no question has been answered 2 times yet; no question has been forgotten 8 times "
        "(quiz config set leech_threshold N changes how many). Leave out --missed and "
        "--weakest 3 and --leeches to take the whole deck, or try --new.\n"
    )


def cards(home: Path) -> dict[str, Any]:
    with open_store(home) as store:
        return {key: card.to_dict() for key, card in store.state().cards.items()}


ALL_RIGHT = "2\nf\nvictor hugo\n1,3\n\n3\n"


def test_practice_leaves_every_card_and_what_is_due_as_they_were(home: Path) -> None:
    done = run_quiz("start", TINY, "--no-shuffle", "-n", "3", stdin="1\nt\nhugo\nn\n", env=NOW)
    assert done.returncode == 0, done.stderr
    before, figures = cards(home), stats_json(env=NOW)["decks"][0]
    assert len(before) == 3

    practice = run_quiz("start", TINY, "--no-shuffle", "--practice", stdin=ALL_RIGHT, env=NOW)
    assert practice.returncode == 0, practice.stderr
    assert practice.stdout.startswith("Tiny test deck: 5 questions (practice: the schedule stays)")
    assert "Score: 5/5" in practice.stdout

    after = stats_json(env=NOW)["decks"][0]
    assert after["answered"] == figures["answered"] + 5
    assert after["correct"] == figures["correct"] + 5
    assert after["due_now"] == figures["due_now"]
    assert after["due_forecast"] == figures["due_forecast"]
    assert cards(home) == before  # the two questions never answered have no card yet
    exported = [json.loads(line) for line in run_quiz("history", "export").stdout.splitlines()]
    assert [a.get("practice", False) for a in exported] == [False] * 3 + [True] * 5
    rebuilt = run_quiz("doctor", "--rebuild", env=NOW)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert cards(home) == before
    assert stats_json(env=NOW)["decks"][0] == after
    assert run_quiz("doctor", env=NOW).stdout.splitlines()[-1] == "ok: cards agree with the history"
    sessions = stats_json(env=NOW)["recent_sessions"]
    assert sorted(s["kind"] for s in sessions) == ["practice", "quiz"]
