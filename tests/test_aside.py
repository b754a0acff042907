"""quizzer.aside: work done in a forked child gives what it gives here, and a deck's check
with its deck-wide lint run aside finds exactly what it finds in one process."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import pytest
from conftest import DATA

from quizzer import aside, deckcheck
from quizzer.deckcheck import check_text


def _every_lint() -> str:
    """One deck of every lint fixture's questions, with an invalid question among them."""
    questions: list[dict[str, Any]] = []
    for file in sorted((DATA / "lint").glob("*.json")):
        for question in json.loads(file.read_text(encoding="utf-8"))["questions"]:
            questions.append({**question, "id": f"{file.stem}-{question['id']}"})
    questions.insert(5, {"id": "broken", "type": "multiple_choice", "prompt": "No answer?"})
    return json.dumps(
        {"format": 1, "id": "every-lint", "title": "Every lint", "questions": questions}
    )


def test_the_deck_wide_lint_aside_finds_what_it_finds_here(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _every_lint()
    monkeypatch.setattr(deckcheck, "ASIDE_MIN", 10**9)
    here = check_text(text, warnings=True)
    forks: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(aside, "_cores", lambda: 2)
    monkeypatch.setattr(deckcheck, "ASIDE_MIN", 0)
    assert check_text(text, warnings=True) == here
    assert forks == [1]
    deck, problems = here
    assert deck is None  # the broken question; the others are linted all the same
    messages = " ".join(p.message for p in problems)
    for deck_wide in ("nearly the same prompt", "gives that answer away"):
        assert deck_wide in messages


def test_a_child_that_fails_leaves_the_work_to_this_process() -> None:
    parent = os.getpid()

    def work() -> list[str]:
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return ["done here"]

    assert aside.aside(work)() == ["done here"]


def test_with_one_core_the_work_is_done_here_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aside, "_cores", lambda: 1)
    work: Callable[[], int] = lambda: 42  # noqa: E731
    assert aside.aside(work) is work
