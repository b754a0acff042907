"""`quiz learn` and a timed `quiz test` in a real pseudo-terminal, read off an emulated
screen: one key per answer through rounds to mastery; the time left in the hint line and
a test handed in by its timer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA
from terminal import ENTER, Terminal

THREE = str(DATA / "modes" / "three.json")
MIXED = str(DATA / "modes" / "mixed.json")
RIGHT = {"hola": "hello", "gato": "cat", "perro": "dog"}
CHOICE_HINT = "1-3 or ↑↓ Enter · u undo · s skip"
TEXT_HINT = "Ctrl+Z undo · Ctrl+S skip"


def question_on_screen(term: Terminal, heading: str) -> tuple[str, list[str]]:
    """The prompt under the last `heading` on screen, and the choices listed after it."""
    lines = term.display()
    at = max(i for i, line in enumerate(lines) if line.startswith(heading))
    choices = [m[1] for line in lines[at:] if (m := re.match(r"^[» ] \d\.\s+(.+)$", line))]
    return lines[at + 1], choices


@pytest.mark.e2e
def test_learn_goes_round_by_round_to_mastery(home: Path) -> None:
    term = Terminal("learn", THREE, rows=24, cols=80)
    for number in (1, 2, 3):
        heading = f"Question {number}/3 (multiple choice)"
        term.prompt(heading, CHOICE_HINT)
        prompt, choices = question_on_screen(term, heading)
        term.send(str(choices.index(RIGHT[prompt]) + 1))
    term.wait_for("Mastered 0 of 3")
    for number in (1, 2, 3):
        heading = f"Question {number}/3 (short answer)"
        term.prompt(heading, TEXT_HINT)
        prompt, _ = question_on_screen(term, heading)
        term.send(RIGHT[prompt] + ENTER)
    assert term.finish() == 0
    lines = term.lines()
    assert "Mastered 3 of 3" in lines
    assert "Done: all 3 questions mastered, after round 2." in lines


@pytest.mark.e2e
def test_a_timed_test_shows_the_time_left_and_is_handed_in(home: Path) -> None:
    term = Terminal("test", MIXED, "-n", "5", "--seed", "1", "--time", "2s", rows=24, cols=80)
    left = re.compile(r"^t/f or ↑↓ Enter · u undo · s skip · 0:0[12] left$")
    term.wait(lambda t: bool(left.match(t.last())), "the time left in the hint")
    term.send("t")  # question 1 is true; then no key until the timer hands the test in
    term.wait_for("Question 2/5")
    assert term.finish() == 0
    lines = term.lines()
    assert "Time is up: the test is handed in." in lines
    assert " 1. right  Capital of Germany?" in lines  # the report's columns kept
    assert "           your answer: (no answer)" in lines
    assert term.last() == "Score: 1/5 (20%)"
