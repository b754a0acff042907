"""Plain mode through the installed `quiz`, as a script or a screen reader would use it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from conftest import DATA, run_quiz, stats_json

from quizzer.decks import builtin_dir

TINY = str(DATA / "tiny.json")
TINY_RIGHT = "2\nf\nVictor Hugo\n1,3\n\n3\n"
TINY_WRONG = "Lyon\nyes\nZola\n2\n\n1\n"


def answer_lines(question: dict[str, Any], right: bool) -> list[str]:
    """The plain-mode input that answers `question` (unshuffled) rightly or wrongly."""
    if question["type"] == "cloze":  # one line per blank: its first answer, or nonsense
        blanks = re.findall(r"\{\{(.*?)\}\}", question["text"])
        return [b.split("::")[0].split("|")[0] if right else "zzz qqq" for b in blanks]
    kind, answer = question["type"], question["answer"]
    if kind == "multiple_choice":
        choices = question["choices"]
        pick = answer if right else next(c for c in choices if c != answer)
        return [str(choices.index(pick) + 1)]
    if kind == "true_false":
        return ["t" if answer == right else "f"]
    if kind == "multi_select":
        picks = answer if right else [c for c in question["choices"] if c not in answer]
        return [",".join(str(question["choices"].index(c) + 1) for c in picks)]
    if kind == "short_answer":
        return [answer if right else "no idea at all"]
    return ["", "3" if right else "1"]


def test_right_answers_score_100_percent_and_show_in_stats(home: Path) -> None:
    deck_file = builtin_dir() / "deepseek-strategy.json"
    deck = json.loads(deck_file.read_text(encoding="utf-8"))
    lines = [line for q in deck["questions"] for line in answer_lines(q, right=True)]
    done = run_quiz("start", deck["id"], "--no-shuffle", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    total = len(deck["questions"])
    assert f"Score: {total}/{total} (100%)" in done.stdout
    assert "Wrong." not in done.stdout
    assert "Missed:" not in done.stdout
    stats = stats_json()
    assert stats["totals"] == {"sessions": 1, "answered": total, "correct": total}
    (row,) = stats["decks"]
    assert (row["deck"], row["answered"], row["correct"], row["accuracy"], row["best_score"]) == (
        deck["id"],
        total,
        total,
        1.0,
        1.0,
    )


def test_wrong_answers_score_0_percent(home: Path) -> None:
    deck_file = builtin_dir() / "deepseek-company.json"
    deck = json.loads(deck_file.read_text(encoding="utf-8"))
    lines = [line for q in deck["questions"] for line in answer_lines(q, right=False)]
    done = run_quiz("start", deck["id"], "--no-shuffle", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    total = len(deck["questions"])
    assert f"Score: 0/{total} (0%)" in done.stdout
    assert done.stdout.count("  - ") == total
    assert stats_json()["totals"] == {"sessions": 1, "answered": total, "correct": 0}


def test_protocol_accepts_choice_text_and_re_asks_on_nonsense(home: Path) -> None:
    stdin = "7\nParis\nmaybe\nno\nVictr Hugo\n\n5\n2,3\n\n9\n4\n"
    done = run_quiz("start", TINY, "--no-shuffle", stdin=stdin)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Type a number from 1 to 3 or the text of a choice." in out
    assert "Type true or false (or t, f, yes, no)." in out
    assert "Close enough; it is spelled: Victor Hugo" in out
    assert "Type choice numbers from 1 to 4, separated by commas." in out
    assert "Missed: 2; not right: 4" in out
    assert "Type a number from 1 to 4." in out
    assert "Score: 4/5 (80%)" in out
    assert "Missed:\n  - Select all the prime numbers.\n    answer: 2, 5" in out


def test_each_question_is_printed_before_its_answer_is_read(home: Path) -> None:
    done = run_quiz("start", TINY, "--no-shuffle", "--limit", "1", stdin="2\n")
    assert done.stdout.splitlines()[:8] == [
        "Tiny test deck: 1 question",
        "",
        "Question 1/1 (multiple choice)",
        "Which city is the capital of France?",
        "  1. Lyon",
        "  2. Paris",
        "  3. Nice",
        "answer> 2",
    ]
    assert "Right.\nWhy: Paris has been the capital for centuries." in done.stdout


def test_end_of_input_keeps_the_answers_and_exits_130(home: Path) -> None:
    done = run_quiz("start", TINY, "--no-shuffle", stdin="2\nf\n")
    assert done.returncode == 130
    assert done.stderr == "quiz: interrupted after 2 answers (2 right); all 2 are saved.\n"
    assert "Traceback" not in done.stdout + done.stderr
    assert stats_json()["totals"] == {"sessions": 1, "answered": 2, "correct": 2}


def test_wrong_answers_then_right_answers_make_two_sessions(home: Path) -> None:
    assert run_quiz("start", TINY, "--no-shuffle", stdin=TINY_WRONG).returncode == 0
    assert run_quiz("start", TINY, "--no-shuffle", stdin=TINY_RIGHT).returncode == 0
    (row,) = stats_json()["decks"]
    assert (
        row["sessions"],
        row["answered"],
        row["correct"],
        row["accuracy"],
        row["best_score"],
    ) == (2, 10, 5, 0.5, 1.0)


def test_plain_mode_needs_a_deck_name(home: Path) -> None:
    done = run_quiz("start")
    assert done.returncode == 2
    assert done.stderr.startswith("quiz: error: name a deck to start")


def test_a_broken_deck_is_refused_with_exit_2_and_nothing_written(home: Path) -> None:
    done = run_quiz("start", str(DATA / "many-problems.json"), stdin="1\n")
    assert done.returncode == 2
    assert "many-problems.json is not a valid deck (13 problems)" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert not home.exists()
