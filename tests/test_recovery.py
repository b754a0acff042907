"""Kills at every filing step of a reset and of an import, with a quiz going on beside them.

A forked child (`dying.run_dying`) runs the operation and SIGKILLs itself just before its
k-th change to the data directory (a rename, an unlink or a removed folder), for every k until
it finishes. Then a quiz that was open all along answers, and the next run must end with:
every answer given after the reset was confirmed, no answer twice, and totals and cards
equal to a rebuild from the history.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import open_store
from dying import run_dying

from quizzer.models import Answer, new_answer_id, new_session_id
from quizzer.store import batches

pytestmark = pytest.mark.e2e

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)  # a Sunday: sessions cross into W10


def _answers(deck: str, session: str, start: datetime, count: int) -> list[Answer]:
    return [
        Answer(
            new_answer_id(),
            deck,
            f"q{n % 3}",
            session,
            start + timedelta(hours=n * 7),
            n % 2 == 0,
            "x",
            900 + n,
        )
        for n in range(count)
    ]


def _seed(home: Path) -> dict[str, set[str]]:
    with open_store(home) as store:
        mine = {
            "deck-a": _answers("deck-a", new_session_id(T0), T0, 6),
            "deck-b": _answers("deck-b", new_session_id(T0), T0 + timedelta(minutes=5), 3),
        }
        for answers in mine.values():
            for answer in answers:
                store.record(answer)
    return {deck: {a.id for a in answers} for deck, answers in mine.items()}


def _reset(home: Path, deck: str) -> Callable[[Callable[[str], None]], None]:
    def operation(_say: Callable[[str], None]) -> None:
        with open_store(home) as store:
            store.forget(deck)

    return operation


def _import(home: Path, log: Path) -> Callable[[Callable[[str], None]], None]:
    def operation(_say: Callable[[str], None]) -> None:
        batches.uuid = uuid  # the import's batches get their own names, as in a new process
        with open_store(home) as store, log.open("rb") as lines:
            store.import_answers(lines, str(log))

    return operation


def _ids(home: Path) -> list[str]:
    with open_store(home) as store:
        return [a.id for a in store.answers()]


def _consistent(home: Path) -> None:
    findings = open_store(home).check()
    assert all(f.ok for f in findings), [f.message for f in findings]


def _each_step(run: object) -> int:
    """Call run(k) for k = 1, 2, ... until the child finishes; return the steps tried."""
    k = 1
    while not run(k):  # type: ignore[operator]
        k += 1
    return k


@pytest.mark.parametrize("frozen", [False, True])
def test_a_reset_killed_at_any_step_removes_exactly_what_it_was_confirmed_for(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frozen: bool
) -> None:
    if frozen:
        monkeypatch.setenv("QUIZZER_NOW", "2026-03-09T10:00:00+00:00")

    def run(k: int) -> bool:
        case = tmp_path / f"case{k}"
        monkeypatch.setenv("QUIZZER_HOME", str(case))
        before = _seed(case)
        quiz = open_store(case).open()  # a quiz already running when the reset starts
        finished = run_dying(k, _reset(case, "deck-a")).finished
        later = _answers(
            "deck-a", new_session_id(T0 + timedelta(days=8)), T0 + timedelta(days=8), 4
        )
        for answer in later:
            quiz.record(answer)
        quiz.close()
        ids = _ids(case)
        assert len(ids) == len(set(ids)), "an answer was filed twice"
        assert {a.id for a in later} <= set(ids), "an answer given after the reset was lost"
        assert before["deck-b"] <= set(ids)
        old = before["deck-a"] & set(ids)
        assert old in (set(), before["deck-a"]), "a reset was half done"
        backups = list((case / "backups").glob("reset-deck-a-*.jsonl")) if not old else []
        for backup in backups:  # a finished reset kept exactly the answers it removed
            kept = {json.loads(line)["id"] for line in backup.read_text().splitlines()}
            assert kept == before["deck-a"]
        _consistent(case)
        return finished

    assert _each_step(run) > 3


class _FirstBatch:
    """Stands in for `uuid` in quizzer.store.batches: this process's batches sort first."""

    @staticmethod
    def uuid4() -> object:
        return type("Id", (), {"hex": "0" * 32})()


@pytest.mark.parametrize("frozen", [False, True])
def test_an_import_killed_at_any_step_files_each_answer_once(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frozen: bool
) -> None:
    if frozen:
        # Under a frozen clock batch names tie on time; the quiz's batch then sorts before
        # the import's half-filed one, which must still be finished first.
        monkeypatch.setenv("QUIZZER_NOW", "2026-03-09T10:00:00+00:00")
        monkeypatch.setattr("quizzer.store.batches.uuid", _FirstBatch)
    log = tmp_path / "log.jsonl"
    imported = [
        *_answers("deck-a", new_session_id(T0 - timedelta(days=7)), T0 - timedelta(days=7), 5),
        *_answers("deck-c", "made-elsewhere", T0 + timedelta(days=6), 4),  # spans two weeks
    ]
    log.write_text("".join(json.dumps(a.to_dict()) + "\n" for a in imported), encoding="utf-8")

    def run(k: int) -> bool:
        case = tmp_path / f"case{k}"
        monkeypatch.setenv("QUIZZER_HOME", str(case))
        before = _seed(case)
        quiz = open_store(case).open()
        finished = run_dying(k, _import(case, log)).finished
        later = _answers(
            "deck-a", new_session_id(T0 + timedelta(days=8)), T0 + timedelta(days=8), 4
        )
        for answer in later:
            quiz.record(answer)
        quiz.close()
        ids = _ids(case)
        assert len(ids) == len(set(ids)), "an answer was filed twice"
        assert before["deck-a"] | before["deck-b"] | {a.id for a in later} <= set(ids)
        _consistent(case)
        with open_store(case) as store, log.open("rb") as again:
            store.import_answers(again, str(log))
        assert sorted(_ids(case)) == sorted(
            before["deck-a"] | before["deck-b"] | {a.id for a in [*later, *imported]}
        )
        _consistent(case)
        with open_store(case) as store:
            assert store.state().totals.decks["deck-c"].sessions == 1
        return finished

    assert _each_step(run) > 3
