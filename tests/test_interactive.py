"""End-to-end tests of the installed `quiz` in a real pseudo-terminal, driven by real keys."""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pexpect
import pytest
from conftest import QUIZ, stats_json

DECKS = Path(__file__).resolve().parent.parent / "decks"

DOWN, UP, ENTER, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\r", " ", "\x03"

# The words of each question heading, as the learner reads them: "Question 1/3 (short answer)".
KINDS = {
    "multiple_choice": "multiple choice",
    "true_false": "true or false",
    "short_answer": "short answer",
    "multi_select": "select all that apply",
    "flashcard": "flashcard",
}
NOT_FLASHCARD = ["multiple_choice", "true_false", "multi_select", "short_answer"]
# A question never answered before comes back after 1 minute (Again), 5.5 minutes (Hard),
# 10 minutes (Good, the second learning step) or 8 days (Easy), with the default settings.
NEW_CARD_RATINGS = ["Again (1m)", "Hard (6m)", "Good (10m)", "Easy (8d)"]

# Styling that rich and prompt_toolkit put between words (colour is off, bold is not).
_STYLE = r"\x1b\[[0-9;]*m"
HEADLINE = r"Right \(with a typo\)\.|Right\.|Wrong\. The answer is: |Rated [A-Z][a-z]+\."
Deck = dict[str, Any]
Question = dict[str, Any]


def load_deck(deck_id: str) -> Deck:
    """A built-in deck as its JSON file says, questions in file order."""
    deck: Deck = json.loads((DECKS / f"{deck_id}.json").read_text(encoding="utf-8"))
    return deck


def builtin_decks() -> list[Deck]:
    return [load_deck(file.stem) for file in sorted(DECKS.glob("*.json"))]


def deck_with(kind: str, count: int) -> Deck:
    """The first built-in deck with at least `count` questions of type `kind`."""
    kinds = [(d, [q["type"] for q in d["questions"]]) for d in builtin_decks()]
    return next(d for d, types in kinds if types.count(kind) >= count)


def loose(text: str) -> str:
    """A pattern for text printed by rich: it may wrap between words, with styling around."""
    return rf"(?:\s|{_STYLE})+".join(re.escape(word) for word in text.split())


def spawn_quiz(*args: str) -> pexpect.spawn:
    """The installed `quiz` in a 120x40 terminal, with its whole output kept in `logfile_read`."""
    # A real terminal answers prompt_toolkit's cursor-position queries at once; pexpect never
    # does, and each unanswered query costs a second, so the prompts are told not to ask.
    env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        QUIZ, list(args), env=env, encoding="utf-8", dimensions=(40, 120), timeout=20
    )
    child.logfile_read = io.StringIO()
    return child


def transcript(child: pexpect.spawn) -> str:
    log = child.logfile_read
    assert isinstance(log, io.StringIO)
    return log.getvalue()


def finish(child: pexpect.spawn) -> int:
    """Wait for `quiz` to end; its exit status."""
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus is None, transcript(child)
    status: int = child.exitstatus
    return status


def assert_no_crash(child: pexpect.spawn) -> None:
    out = transcript(child)
    assert "Traceback" not in out, out
    assert "internal error" not in out, out


def read_choices(child: pexpect.spawn, choices: list[str]) -> tuple[list[str], int]:
    """The choices in the order the prompt shows them, and where its pointer (») starts."""
    remaining, shown, pointer = list(choices), [], -1
    while remaining:
        found = child.expect(
            [
                rf"([»\s]) (?:{_STYLE})*(?:\d\. |   )(?:[○●] )?(?:{_STYLE})*{re.escape(choice)}"
                r"(?=\x1b|\r)"
                for choice in remaining
            ]
        )
        if child.match.group(1) == "»":
            pointer = len(shown)
        shown.append(remaining.pop(found))
    assert pointer >= 0, f"no pointer on the choices {shown}"
    return shown, pointer


def move(start: int, end: int) -> str:
    """Arrow keys that take the pointer from one line of a list to another."""
    return DOWN * (end - start) if end >= start else UP * (start - end)


PAUSE = "Enter next · r I was right · u undo"
PROMPTS = {
    "multiple_choice": "Your answer:",
    "true_false": "True or false?",
    "short_answer": "Your answer:",
    "multi_select": "Select all that apply:",
    "flashcard": "Press any key to show the answer.",
}


def read_question(child: pexpect.spawn, questions: list[Question]) -> tuple[int, int, Question]:
    """Wait for the next question; its number, the total, and which deck question it is."""
    child.expect(r"Question (\d+)/(\d+) \(([a-z ]+)\)")
    number, total, kind = int(child.match.group(1)), int(child.match.group(2)), child.match.group(3)
    candidates = [q for q in questions if KINDS.get(q["type"]) == kind]
    # Only the start of a prompt: prompt_toolkit wraps long lines with cursor moves.
    starts = [q["prompt"][:80] for q in candidates]
    assert candidates and len(set(starts)) == len(starts), f"cannot tell apart {starts}"
    question = candidates[child.expect([re.escape(s) for s in starts])]
    child.expect(re.escape(PROMPTS[question["type"]]))  # the prompt is up and reading keys
    return number, total, question


@dataclass
class Asked:
    """One question as the test answered it."""

    number: int
    total: int
    question: Question
    right: bool
    arrows: int = 0


def answer(child: pexpect.spawn, questions: list[Question], wrong: Collection[str] = ()) -> Asked:
    """Answer the next question with real keys: right, unless its id is in `wrong`.

    Checks the verdict the quiz prints; choice order and pointer are read off the screen.
    """
    number, total, question = read_question(child, questions)
    asked = Asked(number, total, question, right=question["id"] not in wrong)
    kind, right_answer = question["type"], question["answer"]
    headline = "Right." if asked.right else "Wrong. The answer is: "
    expected = str(right_answer)
    if kind in ("multiple_choice", "true_false", "flashcard"):
        if kind == "multiple_choice":
            shown, pointer = read_choices(child, question["choices"])
            after = (shown.index(right_answer) + 1) % len(shown)
            pick = right_answer if asked.right else shown[after]
        elif kind == "true_false":
            shown, pointer = read_choices(child, ["True", "False"])
            expected = "True" if right_answer else "False"
            pick = "True" if right_answer == asked.right else "False"
        else:
            child.send(SPACE)
            found = child.expect([loose(f"Answer: {right_answer}"), "internal error"])
            assert found == 0, transcript(child)
            child.expect(re.escape("How well did you know it?"))
            shown, pointer = read_choices(child, NEW_CARD_RATINGS)
            pick = NEW_CARD_RATINGS[1] if asked.right else NEW_CARD_RATINGS[0]
            headline = f"Rated {pick.split()[0]}."
        keys = move(pointer, shown.index(pick))
    elif kind == "multi_select":
        shown, pointer = read_choices(child, question["choices"])
        # Wrong on purpose: every choice that is not an answer.
        picks = [i for i, c in enumerate(shown) if (c in right_answer) == asked.right]
        keys = ""
        for index in picks:
            keys += move(pointer, index) + SPACE
            pointer = index
        expected = ", ".join(c for c in shown if c in right_answer)
    else:
        keys = right_answer if asked.right else "xylophone"
    asked.arrows = keys.count("\x1b[")
    child.send(keys)
    child.send(ENTER)
    child.expect(HEADLINE)
    assert child.after == headline, f"expected {headline!r}: {transcript(child)}"
    if headline.startswith("Wrong"):
        child.expect(loose(expected))
        assert re.fullmatch(rf"(?:\s|{_STYLE})*", child.before), transcript(child)
        child.expect(re.escape(PAUSE))  # a pause to read why, then Enter goes on
        child.send(ENTER)
    return asked


def deck_row(deck_id: str) -> dict[str, Any]:
    """The one deck `quiz stats --json` reports, checked to be `deck_id`."""
    figures = stats_json()
    assert [row["deck"] for row in figures["decks"]] == [deck_id], figures
    row: dict[str, Any] = figures["decks"][0]
    assert figures["totals"] == {key: row[key] for key in ("sessions", "answered", "correct")}
    return row


def first_of_each(questions: list[Question], types: list[str]) -> int:
    """How many questions, from the start, it takes to meet every one of `types`."""
    for count in range(1, len(questions) + 1):
        if {q["type"] for q in questions[:count]} >= set(types):
            return count
    raise AssertionError(f"the deck lacks some of {types}")


@pytest.mark.e2e
def test_quiz_with_every_kind_of_prompt_saves_what_was_answered(home: Path) -> None:
    deck = load_deck("deepseek-strategy")
    in_order = [q for q in deck["questions"] if q["type"] in NOT_FLASHCARD]
    limit = first_of_each(in_order, NOT_FLASHCARD)
    firsts = {kind: next(q["id"] for q in in_order if q["type"] == kind) for kind in NOT_FLASHCARD}
    wrong = {firsts["multiple_choice"], firsts["true_false"]}
    types = [arg for kind in NOT_FLASHCARD for arg in ("--type", kind)]
    child = spawn_quiz(
        "start", deck["id"], "--no-shuffle", "--limit", str(limit), *types, "--no-retry"
    )
    child.expect(re.escape(f"{deck['title']}: {limit} questions"))

    asked = [answer(child, in_order, wrong) for _ in range(limit)]

    assert [(a.number, a.total) for a in asked] == [(n, limit) for n in range(1, limit + 1)]
    assert [a.question["id"] for a in asked] == [q["id"] for q in in_order[:limit]]
    assert sum(a.arrows for a in asked) > 0
    correct = sum(a.right for a in asked)
    child.expect("Missed:")  # the missed questions, then the score as the last lines
    for missed in (a.question for a in asked if not a.right):
        child.expect(re.escape(missed["prompt"][:80]))
    child.expect(re.escape(f"Score: {correct}/{limit} ({round(100 * correct / limit)}%)"))
    assert finish(child) == 0
    assert_no_crash(child)
    row = deck_row(deck["id"])
    assert (row["sessions"], row["answered"], row["correct"]) == (1, limit, correct)
    assert row["title"] == deck["title"]


@pytest.mark.e2e
def test_shuffled_choices_are_answered_where_the_screen_shows_them(home: Path) -> None:
    kinds = ["multiple_choice", "multi_select"]
    deck = max(builtin_decks(), key=lambda d: sum(q["type"] in kinds for q in d["questions"]))
    questions = [q for q in deck["questions"] if q["type"] in kinds]
    count = len(questions)
    types = [arg for kind in kinds for arg in ("--type", kind)]
    child = spawn_quiz("start", deck["id"], "--seed", "5", *types, "-n", str(count), "--no-retry")

    asked = [answer(child, questions) for _ in range(count)]

    # A select-all with two right choices needs an arrow key wherever the shuffle puts them.
    assert any(len(q["answer"]) >= 2 for q in questions if q["type"] == "multi_select")
    assert sum(a.arrows for a in asked) > 0
    child.expect(re.escape(f"Score: {count}/{count} (100%)"))
    assert finish(child) == 0
    assert_no_crash(child)
    row = deck_row(deck["id"])
    assert (row["sessions"], row["answered"], row["correct"]) == (1, count, count)


@pytest.mark.e2e
def test_flashcard_reveals_the_answer_then_takes_a_rating(home: Path) -> None:
    deck = deck_with("flashcard", 2)
    cards = [q for q in deck["questions"] if q["type"] == "flashcard"]
    child = spawn_quiz(
        "start", deck["id"], "--no-shuffle", "--type", "flashcard", "-n", "2", "--no-retry"
    )

    asked = [answer(child, cards, wrong={cards[1]["id"]}) for _ in range(2)]

    assert [a.question["id"] for a in asked] == [q["id"] for q in cards[:2]]
    child.expect(re.escape("Score: 1/2 (50%)"))
    assert finish(child) == 0
    assert_no_crash(child)
    row = deck_row(deck["id"])
    assert (row["sessions"], row["answered"], row["correct"]) == (1, 2, 1)


@pytest.mark.e2e
def test_deck_picker_starts_the_deck_chosen_with_the_arrow_keys(home: Path) -> None:
    decks = {f"{d['title']} ({len(d['questions'])} questions)": d for d in builtin_decks()}
    child = spawn_quiz("start", "--no-shuffle", "--limit", "1")
    child.expect(re.escape("Which deck?"))
    shown, pointer = read_choices(child, list(decks))
    target = len(shown) - 1
    assert target != pointer, "pick a deck the pointer is not already on"
    deck = decks[shown[target]]

    child.send(move(pointer, target) + ENTER)
    started = child.expect([re.escape(f"{d['title']}: 1 question") for d in decks.values()])
    assert list(decks.values())[started] is deck, transcript(child)
    asked = answer(child, deck["questions"])

    assert asked.question["id"] == deck["questions"][0]["id"]
    child.expect(re.escape("Score: 1/1 (100%)"))
    assert finish(child) == 0
    assert_no_crash(child)
    row = deck_row(deck["id"])
    assert (row["sessions"], row["answered"], row["correct"]) == (1, 1, 1)


@pytest.mark.e2e
@pytest.mark.parametrize("kind", NOT_FLASHCARD)
def test_ctrl_c_at_the_second_question_keeps_the_first_answer(home: Path, kind: str) -> None:
    deck = deck_with(kind, 2)
    questions = [q for q in deck["questions"] if q["type"] == kind]
    child = spawn_quiz("start", deck["id"], "--no-shuffle", "--type", kind, "-n", "2", "--no-retry")
    answer(child, questions)
    number, _, _ = read_question(child, questions)
    assert number == 2

    child.send(CTRL_C)

    assert finish(child) == 130
    assert "interrupted after 1 answer (1 right); it is saved." in transcript(child)
    assert "Score:" not in transcript(child)
    assert_no_crash(child)
    row = deck_row(deck["id"])
    assert (row["sessions"], row["answered"], row["correct"]) == (1, 1, 1)


@pytest.mark.e2e
def test_ctrl_c_at_the_deck_picker_saves_nothing(home: Path) -> None:
    child = spawn_quiz("start")
    child.expect(re.escape("Which deck?"))

    child.send(CTRL_C)

    assert finish(child) == 130
    assert "quiz: interrupted." in transcript(child)
    assert_no_crash(child)
    assert stats_json()["totals"] == {"sessions": 0, "answered": 0, "correct": 0}
