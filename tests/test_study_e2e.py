"""The study loop in a real pseudo-terminal, read off an emulated screen: one key per answer,
undo, "I was right", skip and retry, with the history checked after each; screens of 40x20
and 80x24 with nothing cut and the score in view at the end; review counters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, run_quiz
from terminal import CTRL_S, CTRL_Z, ENTER, Terminal, flat

TINY = str(DATA / "tiny.json")
LONG = DATA / "long-lines.json"
REVIEW = str(DATA / "review.json")

CHOICE = "or ↑↓ Enter · u undo · s skip"
TRUE_FALSE = f"t/f {CHOICE}"
SELECT_ALL = "1-4 toggle, Enter done · u undo · s skip"
REVEAL = "u undo · s skip"
RATE = f"1-4 {CHOICE}"
TEXT = "Ctrl+Z undo · Ctrl+S skip"
PAUSE = "Enter next · r I was right · u undo"
YES_NO = "Enter yes · n no"


def history() -> tuple[list[tuple[str, bool, str, int]], int]:
    """`quiz history export`: each answer as (question, correct, outcome, rating), and how
    many undo lines there are."""
    lines = [json.loads(line) for line in run_quiz("history", "export").stdout.splitlines()]
    answers = [
        (a["question"], a["correct"], a["outcome"], a["rating"]) for a in lines if "undo" not in a
    ]
    return answers, sum("undo" in line for line in lines)


def totals() -> dict[str, Any]:
    done = run_quiz("stats", "--json")
    assert done.returncode == 0, done.stderr
    figures: dict[str, Any] = json.loads(done.stdout)["totals"]
    return figures


@pytest.mark.e2e
def test_single_keys_undo_overrule_skip_and_retry_leave_the_history_they_say(home: Path) -> None:
    term = Terminal("start", TINY, "--no-shuffle", rows=24, cols=80)

    # A multiple choice answered with a number key: 1 is Lyon, wrong; the pause waits.
    term.prompt("Question 1/5 (multiple choice)", f"1-3 {CHOICE}")
    term.send("1")
    term.wait(lambda t: t.last() == PAUSE, "the pause")
    assert history() == ([("capital", False, "wrong", 1)], 0)

    # "I was right": counted as right, rated Hard, marked overruled; the wrong one undone.
    term.send("r")
    term.prompt("Question 2/5 (true or false)", TRUE_FALSE)
    assert history() == ([("capital", True, "overruled", 2)], 1)
    assert totals() == {"sessions": 1, "answered": 1, "correct": 1}

    # True or false with `t` (wrong: the sky is not green); Enter at the pause goes on.
    term.send("t")
    term.wait(lambda t: t.last() == PAUSE, "the pause")
    term.send(ENTER)
    term.prompt("Question 3/5 (short answer)", TEXT)
    assert history()[0][1:] == [("sky", False, "wrong", 1)]

    # A right short answer goes straight on, no key between it and the next question.
    term.send("victor hugo" + ENTER)
    term.prompt("Question 4/5 (select all that apply)", SELECT_ALL)
    assert history()[0][2:] == [("author", True, "right", 3)]

    # Skip: nothing recorded, the question goes to the end.
    term.send("s")
    term.prompt("Question 4/5 (flashcard)", REVEAL)
    assert len(history()[0]) == 3

    # A flashcard: any key shows the answer, 4 rates it Easy at once.
    term.send(" ")
    term.prompt("Answer: hello", RATE)
    term.send("4")
    term.prompt("Question 5/5 (select all that apply)", SELECT_ALL)
    assert history()[0][3:] == [("hola", True, "easy", 4)]

    # Undo at the next question: the rating is taken back and the flashcard asked again.
    term.send("u")
    term.wait_for("Took that answer back; its question comes again.")
    term.prompt("Question 4/5 (flashcard)", REVEAL)
    assert history() == (history()[0][:3], 2)
    assert totals() == {"sessions": 1, "answered": 3, "correct": 2}
    term.send(" ")
    term.prompt("Answer: hello", RATE)
    term.send("3")

    # The skipped select-all, toggled with number keys: 2 and 5 are choices 1 and 3.
    term.prompt("Question 5/5 (select all that apply)", SELECT_ALL)
    term.send("13" + ENTER)
    term.wait(lambda t: t.last() == YES_NO, "the retry question")
    screen = term.display()
    assert "Score: 4/5 (80%)" in screen[-3]
    assert screen[-2] == "Retry the one you missed? [Y/n]"
    assert [a[:2] for a in history()[0]] == [
        ("capital", True),
        ("sky", False),
        ("author", True),
        ("hola", True),
        ("primes", True),
    ]

    # Enter retries the missed question; its answer is recorded, the score stays.
    term.send(ENTER)
    term.prompt("Question 1/1 (true or false)", TRUE_FALSE)
    term.send("f")
    assert term.finish() == 0
    assert "Retry round: 1 of 1 right now." in term.display()
    assert history()[0][5:] == [("sky", True, "right", 3)]
    assert totals() == {"sessions": 1, "answered": 6, "correct": 5}


def wrong_answers(term: Terminal, deck: dict[str, Any]) -> list[list[str]]:
    """Answer every question of the long deck wrong with single keys; the screen as each
    prompt showed it."""
    seen = []
    for number, question in enumerate(deck["questions"], start=1):
        kind = question["type"]
        heading = f"Question {number}/{len(deck['questions'])}"
        if kind == "multiple_choice":
            term.prompt(heading, f"1-4 {CHOICE}")
            keys = "1"
        elif kind == "multi_select":
            term.prompt(heading, SELECT_ALL)
            keys = "24" + ENTER
        elif kind == "true_false":
            term.prompt(heading, TRUE_FALSE)
            keys = "t"
        elif kind == "short_answer":
            term.prompt(heading, TEXT)
            keys = "Paris" + ENTER
        else:
            term.prompt(heading, REVEAL)
            seen.append(term.display())
            term.send(" ")
            term.prompt("Answer:", RATE)
            keys = "1"
        seen.append(term.display())
        term.send(keys)
        if kind != "flashcard":
            term.wait(lambda t: t.last() == PAUSE, "the pause")
            term.send(ENTER)
    return seen


def assert_whole(text: str, lines: list[str]) -> None:
    """`text` is on the screen, wrapped between words only."""
    assert flat(text) in flat(" ".join(lines)), "\n".join(lines)


@pytest.mark.e2e
@pytest.mark.parametrize(("rows", "cols"), [(20, 40), (24, 80)])
def test_nothing_is_cut_and_the_score_is_in_view_at_the_end(
    home: Path, rows: int, cols: int
) -> None:
    deck = json.loads(LONG.read_text(encoding="utf-8"))
    term = Terminal("start", str(LONG), "--no-shuffle", rows=rows, cols=cols)

    screens = wrong_answers(term, deck)
    term.wait(lambda t: t.last() == YES_NO, "the retry question")
    term.send("n")
    assert term.finish() == 0

    for question, screen in zip(deck["questions"], screens, strict=False):
        assert all(len(line) <= cols for line in screen)
        assert_whole(question["prompt"], screen)
        for choice in question.get("choices", []):
            assert_whole(choice, screen)
    lines = term.lines()
    assert_whole(deck["questions"][-1]["answer"], lines)
    for question in deck["questions"]:
        assert_whole(question.get("explanation", ""), lines)

    # The missed questions, each wrapped line under its text, then the score, in view.
    missed = lines[
        lines.index("Missed:") + 1 : max(
            i for i, line in enumerate(lines) if line.startswith("Score:")
        )
    ]
    assert len([line for line in missed if line.startswith("  - ")]) == len(deck["questions"])
    assert all(line.startswith(("  - ", "    ")) for line in missed), "\n".join(missed)
    for question in deck["questions"]:
        assert_whole(question["prompt"], missed)
    screen = term.display()
    assert any(line.startswith("Score: 0/5 (0%)") for line in screen), "\n".join(screen)
    assert term.last() == "Retry the 5 you missed? no"


@pytest.mark.e2e
def test_review_counts_down_what_is_left(home: Path) -> None:
    assert run_quiz("config", "set", "learning_steps", "none").returncode == 0
    term = Terminal("review", REVIEW, rows=24, cols=80)
    for left in (3, 2, 1):
        term.prompt(f"Question {4 - left}, {left} left (true or false)", TRUE_FALSE)
        term.send("t")  # every statement is true: right, so nothing comes back
    assert term.finish() == 0
    assert any(line.startswith("Score: 3/3 (100%)") for line in term.display())


@pytest.mark.e2e
def test_ctrl_z_and_ctrl_s_reach_the_short_answer_box_through_a_terminal(home: Path) -> None:
    term = Terminal(
        "start", TINY, "--no-shuffle", "--type", "true_false", "--type", "short_answer",
        rows=24, cols=80,
    )  # fmt: skip
    term.prompt("Question 1/2 (true or false)", TRUE_FALSE)
    term.send("f")
    term.prompt("Question 2/2 (short answer)", TEXT)
    term.send("Hu" + CTRL_Z)  # raw mode: Ctrl+Z is a key, not a suspend
    term.prompt("Took that answer back; its question comes again.", TRUE_FALSE)
    assert history() == ([], 1)
    term.send("f")
    term.prompt("Question 2/2 (short answer)", TEXT)
    term.send(CTRL_S)  # raw mode: Ctrl+S is a key, not a flow-control stop
    term.wait(lambda t: t.lines().count("Question 2/2 (short answer)") == 3, "the skip")
    term.prompt("Question 2/2 (short answer)", TEXT)
    term.send("Hugo" + ENTER)
    assert term.finish() == 0
    assert [a[:2] for a in history()[0]] == [("sky", True), ("author", True)]
