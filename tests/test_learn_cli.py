"""`quiz learn DECK --plain` driven line by line, each line answering the question on
screen: rounds until mastery, one read per answer and none between rounds, progress that
goes on after an interruption, undo and "I was right" followed by the progress."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, run_quiz
from learner import Answer, Asked, Run, run_with

THREE = str(DATA / "modes" / "three.json")
RIGHT = {"hola": "hello", "gato": "cat", "perro": "dog"}


@pytest.fixture
def learn(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    return lambda answer, *args: run_with(monkeypatch, answer, "learn", THREE, *args)


def right(n: int, asked: Asked) -> str:
    return RIGHT[asked.prompt]


def wrong(asked: Asked) -> str:
    """Another word's answer: one of the choices, or a typed answer, and wrong."""
    return next(word for prompt, word in RIGHT.items() if prompt != asked.prompt)


def scripted(script: list[str]) -> Answer:
    """R is the right answer, W a wrong one; any other line is typed as it is."""
    replies = {"R": lambda a: RIGHT[a.prompt], "W": wrong}
    return lambda n, asked: replies[script[n]](asked) if script[n] in replies else script[n]


def history() -> list[dict[str, Any]]:
    return [json.loads(line) for line in run_quiz("history", "export").stdout.splitlines()]


def test_right_every_time_asks_six_and_masters_three(home: Path, learn: Any) -> None:
    done = learn(right)
    assert done.code == 0, done.stderr
    assert len(done.asked) == 6
    assert done.reads == 6  # answer lines only: nothing is read between rounds
    assert [a.form for a in done.asked] == ["multiple choice"] * 3 + ["short answer"] * 3
    lines = done.screen.splitlines()
    assert lines[0] == "Learning Three words: 0 of 3 mastered"
    assert [line for line in lines if line.startswith(("Round", "Mastered"))] == [
        "Round 1: 3 questions",
        "Mastered 0 of 3",
        "Round 2: 3 questions",
        "Mastered 3 of 3",
    ]
    assert lines[-2] == "Done: all 3 questions mastered, after round 2."
    assert lines[-1].startswith("6 answers in this sitting, 6 right, in ")
    answers = history()
    assert [(a["kind"], a.get("practice", False), a["correct"]) for a in answers] == [
        ("learn", False, True)
    ] * 6
    cards = json.loads(run_quiz("stats", "--json").stdout)["decks"][0]
    assert cards["new"] == 0 and cards["learning"] + cards["review"] == 3  # cards moved on
    again = run_quiz("learn", THREE, "--plain")
    assert again.returncode == 0
    assert again.stdout == (
        f"All 3 questions of Three words are mastered; quiz learn {THREE} --restart starts over.\n"
    )


def test_one_wrong_answer_asks_more(home: Path, learn: Any) -> None:
    done = learn(lambda n, asked: wrong(asked) if n == 0 else right(n, asked))
    assert done.code == 0, done.stderr
    assert len(done.asked) == 7
    missed = done.asked[0].prompt
    assert [a.prompt for a in done.asked[3:]].count(missed) == 2  # easier form, then harder
    assert "Mastered 3 of 3" in done.screen.splitlines()


def test_interrupted_it_goes_on_where_it_was(home: Path, learn: Any) -> None:
    first = learn(lambda n, asked: right(n, asked) if n < 2 else None)
    assert first.code == 130
    assert "Mastered 0 of 3 so far; your progress is saved." in first.screen
    assert first.stderr == "quiz: interrupted after 2 answers (2 right); all 2 are saved.\n"
    assert (home / "learn" / "three.json").is_file()

    second = learn(right)
    assert second.code == 0, second.stderr
    assert second.screen.splitlines()[0] == (
        "Learning Three words: 0 of 3 mastered, going on after round 1"
    )
    # Round 2: the two answered right are typed now; the third still has its easier form.
    assert sorted(a.form for a in second.asked[:3]) == [
        "multiple choice",
        "short answer",
        "short answer",
    ]
    assert len(first.asked) - 1 + len(second.asked) == 6  # the unanswered one asked again

    fresh = learn(right, "--restart")
    assert fresh.code == 0
    assert len(fresh.asked) == 6


def test_undo_and_i_was_right_are_followed(home: Path, learn: Any) -> None:
    # Round 1: a wrong answer taken back at the next prompt, then all right; round 2: a
    # typed answer marked wrong, counted right with !right at the next prompt.
    script = ["W", "!undo", "R", "R", "R", "W", "!right", "R", "R"]
    done = learn(scripted(script))
    assert done.code == 0, done.stderr
    assert done.reads == len(script)
    assert [line for line in done.screen.splitlines() if line.startswith("Mastered")] == [
        "Mastered 0 of 3",
        "Mastered 3 of 3",
    ]
    lines = history()
    answers = [a for a in lines if "undo" not in a]
    assert [(a["correct"], a["outcome"]) for a in answers] == [
        (True, "right"),
        (True, "right"),
        (True, "right"),
        (True, "overruled"),
        (True, "right"),
        (True, "right"),
    ]
    assert sum("undo" in line for line in lines) == 2  # the wrong one, and the overruled one


def test_undo_reaches_back_into_the_round_before(home: Path, learn: Any) -> None:
    # The last answer of round 1, wrong, is taken back at round 2's first prompt and asked
    # again there, right: that counts as its first right. Round 2 had been drawn with it
    # wrong, so it offers that question's easier form again: right twice in a row, but not
    # in the harder form yet, so round 3 types it.
    script = ["R", "R", "W", "!undo", "R", "R", "R", "R", "R"]
    done = learn(scripted(script))
    assert done.code == 0, done.stderr
    assert done.reads == len(script)
    redone = done.asked[4]
    assert redone.form == "multiple choice" and redone.prompt == done.asked[2].prompt
    assert [line for line in done.screen.splitlines() if line.startswith("Mastered")] == [
        "Mastered 0 of 3",
        "Mastered 2 of 3",
        "Mastered 3 of 3",
    ]
    assert done.asked[-1].form == "short answer" and done.asked[-1].prompt == redone.prompt


def test_missed_questions_are_learnt_anew(
    home: Path, learn: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZZER_NOW", "2030-01-01T08:00:00+00:00")
    assert learn(right).code == 0  # all three mastered
    wrong_once = {
        "id": "elsewhere-1",
        "deck": "three",
        "question": "gato",
        "session": "elsewhere",
        "answered_at": "2030-01-01T09:00:00+00:00",
        "correct": False,
        "response": "dog",
        "elapsed_ms": 1500,
    }
    assert run_quiz("history", "import", "-", stdin=json.dumps(wrong_once) + "\n").returncode == 0

    monkeypatch.setenv("QUIZZER_NOW", "2030-01-01T10:00:00+00:00")
    done = learn(right, "--missed")
    assert done.code == 0, done.stderr
    assert [(a.prompt, a.form) for a in done.asked] == [
        ("gato", "multiple choice"),
        ("gato", "short answer"),
    ]
    assert done.screen.splitlines()[0].startswith("Learning Three words: 0 of 1 mastered")
    assert "Done: the one question mastered, after round 4." in done.screen.splitlines()
    assert learn(right, "--missed").code == 2  # none is missed now
