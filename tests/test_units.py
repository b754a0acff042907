"""Pure parts tested on their own: the review queue, running totals, local days across
daylight-saving changes, state migrations, and the store's logic on memory storage."""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import open_store

from quizzer.models import (
    Answer,
    Blank,
    Card,
    CardState,
    Question,
    QuestionType,
    new_answer_id,
    new_session_id,
)
from quizzer.progress import ProgressProjection
from quizzer.review import STEP_NOTE, ReviewQueue
from quizzer.scheduler import LEARN_AHEAD, Scheduler
from quizzer.session import Item
from quizzer.stats import streaks, study_days
from quizzer.store import FORMAT, Store
from quizzer.store.tables import MemoryStorage
from quizzer.totals import RECENT_SESSIONS, Totals

T0 = datetime(2026, 5, 4, 8, 0, tzinfo=timezone.utc)


def _question(n: int) -> Question:
    return Question(f"q{n}", QuestionType.TRUE_FALSE, f"Statement {n}.", True)


def _learning(due: datetime) -> Card:
    return Card(1, CardState.LEARNING, 1, 2.3, 5.0, due.isoformat(), T0.isoformat())


class _Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


# -- the review queue ----------------------------------------------------------------------


def _item(n: int) -> Item:
    return Item("d", _question(n))


def _queue(*numbers: int, clock: _Clock, limit: int | None = None) -> ReviewQueue:
    return ReviewQueue(fresh=deque(_item(n) for n in numbers), now=clock, limit=limit)


def test_a_learning_step_comes_back_when_due_and_early_only_when_nothing_else_is_left() -> None:
    queue = _queue(2, clock=_Clock(T0))
    queue.answered(_item(1), _learning(T0 + timedelta(minutes=10)))
    assert queue.next() == _item(2)  # the step is not due: fresh first
    back = queue.next()  # nothing else: up to 20 minutes early, and it says why
    assert back is not None and back.question == _question(1) and back.note == STEP_NOTE
    assert queue.next() is None


def test_a_learning_step_beyond_the_learn_ahead_window_ends_the_run() -> None:
    queue = _queue(clock=_Clock(T0))
    queue.answered(_item(1), _learning(T0 + LEARN_AHEAD + timedelta(seconds=1)))
    assert queue.left() == 0
    assert queue.next() is None


def test_a_due_learning_step_comes_before_fresh_questions() -> None:
    clock = _Clock(T0)
    queue = _queue(2, 3, clock=clock)
    queue.answered(_item(1), _learning(T0 + timedelta(minutes=1)))
    clock.at = T0 + timedelta(minutes=1)
    back = queue.next()
    assert back is not None and back.question == _question(1)


def test_what_is_left_counts_down_with_steps_within_reach() -> None:
    clock = _Clock(T0)
    queue = _queue(0, 1, 2, clock=clock, limit=10)
    assert queue.left() == 3
    queue.next()
    queue.answered(_item(0), _learning(T0 + timedelta(minutes=10)))
    assert queue.left() == 3  # two left, one step within 20 minutes
    queue.answered(_item(1), _learning(T0 + timedelta(hours=3)))
    assert queue.left() == 3  # a step hours away is not counted
    capped = _queue(0, 1, 2, clock=clock, limit=2)
    assert capped.left() == 2
    capped.next()
    assert capped.left() == 1


def test_a_step_due_tomorrow_does_not_come_back_in_this_run() -> None:
    queue = _queue(clock=_Clock(T0))
    queue.answered(_item(1), _learning(T0 + timedelta(days=1)))
    assert queue.learning == []


def test_an_undone_answer_takes_its_step_back_and_is_asked_next() -> None:
    queue = _queue(2, clock=_Clock(T0))
    first = queue.next()
    assert first is not None
    queue.answered(first, _learning(T0 + timedelta(minutes=1)))
    queue.retract(first)
    queue.again(first)
    assert queue.learning == []
    assert queue.next() == first


# -- running totals ------------------------------------------------------------------------


def _answer(session: str, at: datetime, correct: bool = True, deck: str = "d") -> Answer:
    return Answer(new_answer_id(), deck, "q1", session, at, correct, "x", 100)


def test_recent_sessions_keep_the_latest_by_start() -> None:
    totals = Totals()
    sessions = [new_session_id(T0 + timedelta(hours=n)) for n in range(RECENT_SESSIONS + 5)]
    for n, session in enumerate(sessions):
        totals.tally(_answer(session, T0 + timedelta(hours=n)))
    recent = totals.decks["d"].recent
    assert len(recent) == RECENT_SESSIONS
    assert set(recent) == set(sessions[5:])
    assert totals.decks["d"].sessions == RECENT_SESSIONS + 5


def test_a_session_evicted_then_answered_again_comes_back_with_its_own_totals() -> None:
    totals = Totals()
    old = new_session_id(T0)
    totals.tally(_answer(old, T0))
    for n in range(1, RECENT_SESSIONS + 1):
        totals.tally(_answer(new_session_id(T0 + timedelta(hours=n)), T0 + timedelta(hours=n)))
    assert old not in totals.decks["d"].recent
    totals.tally(_answer(old, T0 + timedelta(minutes=5), correct=False))
    deck = totals.decks["d"]
    assert deck.sessions == RECENT_SESSIONS + 1  # the late answer adds no session
    assert deck.answered == RECENT_SESSIONS + 2
    assert old not in deck.recent  # it is still the oldest session, so it stays out
    assert len(deck.recent) == RECENT_SESSIONS
    assert deck.scores == {"1.0000": RECENT_SESSIONS, "0.5000": 1}


def test_best_score_follows_a_session_whose_score_changes() -> None:
    totals = Totals()
    session = new_session_id(T0)
    totals.tally(_answer(session, T0))
    assert totals.decks["d"].best_score == 1.0
    totals.tally(_answer(session, T0 + timedelta(minutes=1), correct=False))
    assert totals.decks["d"].best_score == 0.5
    assert totals.decks["d"].scores == {"0.5000": 1}


# -- local days across daylight-saving changes ----------------------------------------------


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_local_days_follow_the_clock_change_in_spring(berlin: None) -> None:
    # Berlin moves from +01:00 to +02:00 at 01:00 UTC on 29 March 2026.
    before = Answer(
        "a", "d", "q", "s", datetime(2026, 3, 28, 22, 59, tzinfo=timezone.utc), True, 1, 1
    )
    after = Answer(
        "b", "d", "q", "s", datetime(2026, 3, 29, 22, 30, tzinfo=timezone.utc), True, 1, 1
    )
    assert before.local_day == "2026-03-28"  # 23:59 CET
    assert after.local_day == "2026-03-30"  # 00:30 CEST


def test_a_streak_runs_across_the_autumn_clock_change(berlin: None) -> None:
    totals = Totals()
    # 25 October 2026 has 25 hours in Berlin; answers just before midnight each evening.
    for day in (24, 25, 26):
        totals.tally(
            _answer(new_session_id(T0), datetime(2026, 10, day, 21, 30, tzinfo=timezone.utc))
        )
    days = study_days(totals)
    assert sorted(d.isoformat() for d in days) == ["2026-10-24", "2026-10-25", "2026-10-26"]
    assert streaks(days, datetime(2026, 10, 26, 12).date()).current == 3


# -- state migrations -------------------------------------------------------------------------


@pytest.mark.parametrize("old", [1, 2, 3])
def test_an_older_state_is_backed_up_then_rebuilt_from_the_history(home: Path, old: int) -> None:
    with open_store(home) as store:
        session = new_session_id(T0)
        for n in range(3):
            store.record(_answer(session, T0 + timedelta(minutes=n), correct=n != 1))
    state = home / "state.json"
    data = json.loads(state.read_bytes())
    data["meta"] = {"1": {"format": old}}
    data.pop("recall")  # review states came with format 4
    if old == 1:
        data.pop("cards")  # format 1 had none
    if old == 1:
        for row in data["decks"].values():
            row.pop("days", None)  # study days came with format 2
    state.write_text(json.dumps(data), encoding="utf-8")
    original = state.read_bytes()
    with open_store(home) as store:
        progress = store.state()
    assert progress.totals.decks["d"].answered == 3
    assert set(progress.cards) == {"d/q1"}
    assert set(progress.recall) == {"d/q1"}
    (backup,) = (home / "backups").glob(f"state-format{old}-*.json")
    assert backup.read_bytes() == original
    assert json.loads(state.read_bytes())["meta"]["1"]["format"] == FORMAT
    assert all(f.ok for f in open_store(home).check())


# -- the store on memory storage --------------------------------------------------------------


def test_the_store_files_answers_the_same_on_memory_storage(home: Path) -> None:
    MemoryStorage.files.clear()
    memory = Store(home, projection=ProgressProjection(Scheduler()), storage=MemoryStorage)
    session = new_session_id(T0)
    with memory:
        for n in range(5):
            memory.record(_answer(session, T0 + timedelta(minutes=n), correct=n % 2 == 0))
    assert not list((home / "history").iterdir())  # the TinyDB files never touched the disk
    assert not (home / "state.json").exists()
    assert {path.name for path in MemoryStorage.files} == {"state.json", "2026-W19.json"}
    with memory:
        progress = memory.state()
        assert progress.totals.decks["d"].answered == 5
        assert [a.response for a in memory.answers()] == ["x"] * 5
        count, _ = memory.forget("d")
        assert count == 5
        assert memory.state().totals.decks == {}
    assert all(f.ok for f in memory.check())
    MemoryStorage.files.clear()


def test_a_questions_version_is_the_fingerprint_its_answers_were_stored_with() -> None:
    # Stored answers carry these: a change of the value types must not change them.
    cloze = Question(
        "t",
        QuestionType.CLOZE,
        "The [1] flows through [2].",
        ("Danube", "Vienna"),
        text="The {{Danube}} flows",
        blanks=(Blank(("Danube",)), Blank(("Vienna", "Wien"), "a capital")),
    )
    choice = Question("m", QuestionType.MULTIPLE_CHOICE, "Pick", "b", choices=("a", "b"))
    assert (cloze.version, choice.version) == ("a5ae8b9b", "bdb85478")
    assert cloze._replace(prompt="Another [1] and [2].").version != cloze.version
