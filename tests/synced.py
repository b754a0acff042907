"""Devices for the sync tests: data directories that answer, sync through one folder, and
report their history as `quiz history export` and `quiz stats --json` do."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from conftest import open_store, run_quiz

from quizzer.models import Answer, Undo, new_answer_id, new_session_id
from quizzer.sync import device, engine

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
NOW = "2026-03-20T12:00:00+00:00"  # after every answer the tests give
DECK = "deepseek-company"
QUESTIONS = ("success-area", "headcount", "wisdom-scope", "sparked-discussion", "hq-city")


class Device:
    """One data directory, named as the learner would name the device."""

    def __init__(self, home: Path, name: str) -> None:
        self.home = home
        self.name = name
        device.rename(home, name)

    def answer(
        self,
        count: int,
        at: datetime = T0,
        *,
        deck: str = DECK,
        first: int = 0,
        practice: bool = False,
    ) -> list[Answer]:
        """`count` answers in one session starting `at`, a minute apart, filed at once."""
        session = new_session_id(at)
        given = [
            Answer(
                new_answer_id(),
                deck,
                QUESTIONS[(first + n) % len(QUESTIONS)],
                session,
                at + timedelta(minutes=n),
                (first + n) % 3 != 0,
                "x",
                1500 + n,
                rating=1 if (first + n) % 3 == 0 else 3,
                day=(at + timedelta(minutes=n)).date().isoformat(),
            )
            for n in range(count)
        ]
        if practice:
            given = [a._replace(practice=True, kind="learn") for a in given]
        self.record(*given)
        return given

    def record(self, *entries: Answer | Undo) -> None:
        """Save these answers and undos here, as a quiz would."""
        with open_store(self.home) as store:
            for entry in entries:
                store.record(entry)

    def undo(self, answer: Answer, at: datetime) -> Undo:
        taken_back = Undo.of(answer, at)
        self.record(taken_back)
        return taken_back

    def sync(self, folder: Path) -> engine.Report:
        with open_store(self.home) as store:
            return engine.run(store, folder, self.home / "decks")

    def quiz(self, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
        """`quiz ARGS` in this process, on this device, at NOW unless told otherwise."""
        env = {"QUIZZER_HOME": str(self.home), "QUIZZER_NOW": NOW, **env}
        return run_quiz(*args, stdin=stdin, env=env)

    def export(self) -> list[str]:
        """`quiz history export`, sorted: the answers, then the undos."""
        done = self.quiz("history", "export")
        assert done.returncode == 0, done.stderr
        return sorted(done.stdout.splitlines())

    def stats(self) -> dict[str, Any]:
        done = self.quiz("stats", "--json")
        assert done.returncode == 0, done.stderr
        data: dict[str, Any] = json.loads(done.stdout)
        return data

    def ids(self) -> list[str]:
        with open_store(self.home) as store:
            return [a.id for a in store.answers()]

    def own_segment(self, folder: Path) -> Path:
        """This device's last segment in `folder`."""
        own = device.load(self.home)
        assert own is not None
        return sorted((folder / own.id).glob("answers-*.jsonl"))[-1]


def same_everywhere(*devices: Device) -> None:
    """Every device holds the same answers, undos, totals and cards as the first."""
    first = devices[0]
    for other in devices[1:]:
        assert other.export() == first.export(), f"{other.name}'s history differs"
        assert other.stats() == first.stats(), f"{other.name}'s stats differ"
