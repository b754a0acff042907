"""`quiz sync` killed (SIGKILL) at every step: nothing lost, nothing counted twice.

A forked child process (`dying.run_dying`) runs `quiz sync DIR` and SIGKILLs itself just before
its k-th change to a file (an fsync, a rename, an unlink, a removed folder), for every k until
it finishes. The laptop has answers in its journal (filed, and copied to its outbox, by the
sync's opening of the store) and the desktop answers waiting in the folder; after the kill, a
whole sync on each device must leave both with every answer once, a data directory `quiz
doctor` finds in order, and the same history.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import open_store
from dying import CHANGES, run_dying
from synced import T0, Device, same_everywhere

from quizzer.cli import app

pytestmark = pytest.mark.e2e


def _sync(home: Path, folder: Path) -> Callable[[Callable[[str], None]], None]:
    """`quiz sync FOLDER` on `home`, as the operation of a dying child."""

    def operation(_say: Callable[[str], None]) -> None:
        os.environ["QUIZZER_HOME"] = str(home)
        try:
            app(["sync", str(folder)], prog_name="quiz")
        except SystemExit as end:
            assert not end.code, end.code

    return operation


# The odd steps and the even steps are two tests, so two workers share the kills.
@pytest.mark.parametrize("first", [1, 2], ids=["odd steps", "even steps"])
def test_a_sync_killed_at_any_step_loses_nothing_and_doubles_nothing(
    home: Path, tmp_path: Path, first: int
) -> None:
    # Every case starts from a copy of the same state at the same paths (a sync folder is
    # known by its path: another path would be another folder, joined afresh).
    work, start = tmp_path / "work", tmp_path / "start"
    laptop, desktop = Device(work / "laptop", "laptop"), Device(work / "desktop", "desktop")
    folder = work / "Sync"
    folder.mkdir()
    given = laptop.answer(4)
    laptop.sync(folder)
    given += desktop.answer(3, T0 + timedelta(days=1))
    desktop.sync(folder)
    later = Device(tmp_path / "elsewhere", "elsewhere").answer(3, T0 + timedelta(days=2))
    quiz = open_store(laptop.home).open()  # a quiz killed before its fold: all in the journal
    for answer in later:
        quiz.record(answer)
    every = {answer.id for answer in [*given, *later]}
    shutil.copytree(work, start)
    kill_at = first
    while True:
        shutil.rmtree(work)
        shutil.copytree(start, work)
        finished = run_dying(kill_at, _sync(laptop.home, folder), ("fsync", *CHANGES)).finished
        for _ in range(2):
            laptop.sync(folder)
            desktop.sync(folder)
        for dev in (laptop, desktop):
            ids = dev.ids()
            assert len(ids) == len(set(ids)), f"killed at {kill_at}: an answer twice"
            assert set(ids) == every, f"killed at {kill_at}: {dev.name} lacks answers"
            with open_store(dev.home) as store:
                assert all(f.ok for f in store.check()), f"killed at {kill_at}"
        same_everywhere(laptop, desktop)
        if finished:
            break
        kill_at += 2
    assert kill_at > 10
