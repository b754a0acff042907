"""The durable store: kills at any moment, two writers, damaged files, import/export, doctor."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import open_store, run_quiz, stats_json

from quizzer.decks import builtin_dir
from quizzer.models import Answer, new_answer_id, new_session_id
from quizzer.store import FORMAT
from quizzer.store.datadir import DataDir, Lock
from quizzer.store.tables import AtomicStorage

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)

# A child that records answers forever, printing each id once `record` has returned,
# and folds every 7 answers so kills also land inside TinyDB writes. Its argument names
# a step (after the first fold) where it announces itself and SIGKILLs itself.
CHILD = r"""
import os, signal, sys
from datetime import datetime, timedelta, timezone
import quizzer.files, quizzer.store.tables
from quizzer.models import Answer, new_answer_id, new_session_id
from quizzer.progress import ProgressProjection
from quizzer.scheduler import Scheduler
from quizzer.store import Store

fault = sys.argv[1]
recorded = [0]
def pause(step):
    if step == fault and recorded[0] >= 7:
        print("AT " + step, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
real_replace = quizzer.files.os.replace
def replace(src, dst):
    pause("replace:" + str(dst).rsplit("/", 1)[-1])
    real_replace(src, dst)
quizzer.files.os.replace = replace
real_save = quizzer.store.tables.TableFile.save
def save(file):
    real_save(file)
    pause("saved:" + file.path.name)
quizzer.store.tables.TableFile.save = save

t0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
session = new_session_id(t0)
with Store(projection=ProgressProjection(Scheduler())) as store:
    for n in range(100000):
        answer = Answer(new_answer_id(), "deck-a", f"q{n % 5}", session,
                        t0 + timedelta(seconds=n), n % 3 != 0, "x", 10)
        store.record(answer)
        print(answer.id, flush=True)
        recorded[0] += 1
        if n % 7 == 6:
            store.fold()
"""


def _answer(n: int, session: str, deck: str = "deck-a") -> Answer:
    return Answer(
        new_answer_id(),
        deck,
        f"q{n % 4}",
        session,
        T0 + timedelta(minutes=n),
        n % 2 == 0,
        n,
        1000 + n,
    )


def _kill_child(fault: str, confirmations: int) -> list[str]:
    """Run CHILD until it kills itself at `fault` (or, for "none", until it has printed
    `confirmations` ids, then SIGKILL it); return every id it printed before it died."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, fault],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert child.stdout is not None
    confirmed: list[str] = []
    if fault == "none":
        while len(confirmed) < confirmations:
            line = child.stdout.readline()
            assert line, "the child stopped by itself"
            confirmed.append(line.strip())
        child.send_signal(signal.SIGKILL)
    # Read through the same buffered reader to the end of the pipe: what `readline` read ahead
    # is in its buffer, and `communicate` would skip that, reading the pipe itself.
    with child.stdout:
        rest = child.stdout.read()
    assert child.wait(timeout=60) == -signal.SIGKILL
    if fault != "none":
        assert f"AT {fault}" in rest
    # Every id printed before the kill was confirmed, the ones printed while the signal
    # was on its way included: they are read from what the child left in the pipe.
    return confirmed + [line for line in rest.split("\n") if len(line) == 32]


def _check_everything_confirmed_is_there(home: Path, confirmed: list[str], kills: int = 1) -> None:
    with open_store(home) as store:
        ids = [a.id for a in store.answers()]
        totals = store.state().totals
    assert len(ids) == len(set(ids)), "an answer was filed twice"
    assert set(confirmed) <= set(ids)
    assert len(ids) - len(confirmed) <= kills  # at most the answer being recorded at each kill
    assert totals.decks["deck-a"].answered == len(ids)
    assert [f.ok for f in open_store(home).check()] == [True, True, True, True]


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("fault", "confirmations"),
    [
        ("none", 1),
        ("none", 13),
        ("replace:2026-W09.json", 0),  # inside the week file's atomic write
        ("replace:state.json", 0),  # inside the state file's atomic write
        ("saved:state.json", 0),  # state written, week file not yet
        ("saved:2026-W09.json", 0),  # week file written, batch not yet removed
    ],
)
def test_sigkill_at_any_point_keeps_every_confirmed_answer(
    home: Path, fault: str, confirmations: int
) -> None:
    confirmed = _kill_child(fault, confirmations)
    if fault != "none":
        assert len(confirmed) >= 7  # the fault is inside a fold, after answers were confirmed
    _check_everything_confirmed_is_there(home, confirmed)


@pytest.mark.e2e
def test_sigkill_at_random_moments(home: Path) -> None:
    confirmed: list[str] = []
    rng = random.Random(20261128)
    kills = 8
    for _ in range(kills):
        # Somewhere in the first few folds: after 1 to 30 confirmed answers.
        confirmed += _kill_child("none", rng.randint(1, 30))
    _check_everything_confirmed_is_there(home, confirmed, kills)


def test_a_torn_journal_line_is_skipped_and_the_next_answer_kept(home: Path) -> None:
    session = new_session_id(T0)
    with open_store(home) as store:
        store.record(_answer(0, session))
        with open(home / "journal.jsonl", "ab") as journal:
            journal.write(b'{"id": "half-writ')
        store.record(_answer(1, session))
    with open_store(home) as store:
        assert [a.response for a in store.answers()] == [0, 1]


WRITER = r"""
import sys
from datetime import datetime, timedelta, timezone
from quizzer.models import Answer, new_answer_id, new_session_id
from quizzer.progress import ProgressProjection
from quizzer.scheduler import Scheduler
from quizzer.store import Store

t0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
session = new_session_id(t0)
with Store(projection=ProgressProjection(Scheduler())) as store:
    print("ready", flush=True)
    sys.stdin.readline()
    for n in range(200):
        store.record(Answer(new_answer_id(), sys.argv[1], "q", session,
                            t0 + timedelta(seconds=n), True, n, 5))
        if n % 50 == 49:
            store.fold()
"""


@pytest.mark.e2e
def test_two_processes_recording_at_once_lose_nothing(home: Path) -> None:
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, deck],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        for deck in ("deck-a", "deck-b")
    ]
    for writer in writers:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "ready\n"
    for writer in writers:  # start both together
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        writer.communicate(timeout=120)
        assert writer.returncode == 0
    with open_store(home) as store:
        answers = list(store.answers())
    assert len(answers) == 400
    assert len({a.id for a in answers}) == 400
    stats = stats_json()
    assert stats["totals"] == {"sessions": 2, "answered": 400, "correct": 400}


def _history_with_answers(home: Path) -> None:
    with open_store(home) as store:
        session = new_session_id(T0)
        for n in range(6):
            store.record(_answer(n, session))


@pytest.mark.parametrize(
    ("name", "commands"),
    [
        ("state.json", [("stats", "--json"), ("history", "export")]),
        # Stats read the totals, not the history: a week file is read when it is exported
        # or when a new answer is filed into it.
        ("history/2026-W09.json", [("history", "export"), ("history", "import", "-")]),
    ],
)
def test_a_truncated_file_gets_a_clear_error_and_is_left_as_it_was(
    home: Path, name: str, commands: list[tuple[str, ...]]
) -> None:
    _history_with_answers(home)
    damaged = home / name
    damaged.write_bytes(damaged.read_bytes()[:40])
    before = damaged.read_bytes()
    one_more = json.dumps(_answer(9, new_session_id(T0)).to_dict()) + "\n"
    for args in commands:
        done = run_quiz(*args, stdin=one_more)
        assert done.returncode == 1
        assert done.stderr.startswith(f"quiz: error: {damaged} is damaged (not valid JSON")
        assert "left exactly as it is" in done.stderr
        assert "Traceback" not in done.stderr
    assert run_quiz("doctor").returncode == 1
    assert damaged.read_bytes() == before


def test_an_unreadable_file_and_a_future_format_are_refused(home: Path) -> None:
    _history_with_answers(home)
    state = home / "state.json"
    data = json.loads(state.read_bytes())
    data["meta"]["1"]["format"] = 99
    state.write_text(json.dumps(data), encoding="utf-8")
    before = state.read_bytes()
    done = run_quiz("stats")
    assert done.returncode == 1
    assert (
        f"was written by a newer quizzer (data format 99, this one reads {FORMAT})" in done.stderr
    )
    assert state.read_bytes() == before
    week = home / "history" / "2026-W09.json"
    week.rename(home / "aside.json")
    week.mkdir()
    state.write_text(json.dumps({**data, "meta": {"1": {"format": FORMAT}}}), encoding="utf-8")
    done = run_quiz("history", "export")
    assert done.returncode == 1
    assert f"quiz: error: {week}: cannot read" in done.stderr


def test_a_data_directory_that_is_a_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("not a directory", encoding="utf-8")
    done = run_quiz("stats", env={"QUIZZER_HOME": str(home)})
    assert done.returncode == 1
    assert done.stderr == (
        f"quiz: error: {home} is a file, not a directory; move it aside or "
        "set QUIZZER_HOME to a directory.\n"
    )


def test_export_then_import_into_an_empty_home_gives_the_same_stats(
    home: Path, tmp_path: Path
) -> None:
    deck = json.loads((builtin_dir() / "deepseek-company.json").read_text(encoding="utf-8"))
    count = sum(q["type"] == "multiple_choice" for q in deck["questions"])
    assert count >= 2
    for seed, pick in ((1, "1\n"), (2, "2\n")):
        done = run_quiz(
            "start",
            deck["id"],
            "--type",
            "multiple_choice",
            "--seed",
            str(seed),
            stdin=pick * count,
        )
        assert done.returncode == 0, done.stderr
    exported = tmp_path / "answers.jsonl"
    assert run_quiz("history", "export", "-o", str(exported)).returncode == 0
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 * count
    assert set(json.loads(lines[0])) >= {
        "id",
        "deck",
        "question",
        "session",
        "answered_at",
        "correct",
        "response",
        "elapsed_ms",
    }
    before = stats_json()
    other = {"QUIZZER_HOME": str(tmp_path / "other")}
    done = run_quiz("history", "import", str(exported), env=other)
    assert done.stdout == f"Imported {2 * count} answers (0 already there) from {exported}.\n"
    assert stats_json(env=other) == before
    again = run_quiz("history", "import", str(exported), env=other)
    assert again.stdout == f"Imported 0 answers ({2 * count} already there) from {exported}.\n"
    assert stats_json(env=other) == before


def test_import_refuses_the_whole_file_at_its_first_bad_line(home: Path, tmp_path: Path) -> None:
    good = json.dumps(_answer(1, "s1").to_dict())
    bad_lines = {
        "not json": "not valid JSON",
        json.dumps(
            {**_answer(2, "s1").to_dict(), "answered_at": "2026-03-01T09:00:00"}
        ): '"answered_at" must be an ISO 8601 time with an offset',
        json.dumps(
            {**_answer(2, "s1").to_dict(), "correct": "yes"}
        ): '"correct" must be true or false',
        json.dumps({**_answer(2, "s1").to_dict(), "deck": "../x"}): "\"deck\" '../x' is not",
    }
    for bad, why in bad_lines.items():
        log = tmp_path / "log.jsonl"
        log.write_text(f"{good}\n\n{good}\n{bad}\n{good}\n", encoding="utf-8")
        done = run_quiz("history", "import", str(log))
        assert done.returncode == 2
        assert done.stderr.startswith(f"quiz: error: {log}:4: {why}")
        assert "nothing was imported" in done.stderr
    assert stats_json()["totals"]["answered"] == 0
    assert list((home / "pending").iterdir()) == []  # the half-written batch is gone


def test_export_filters_by_deck_and_date(home: Path) -> None:
    with open_store(home) as store:
        session = new_session_id(T0)
        for n in range(4):
            store.record(_answer(n * 600, session, deck="deck-a" if n % 2 else "deck-b"))
    lines = run_quiz("history", "export", "--deck", "deck-a").stdout.splitlines()
    assert [json.loads(x)["deck"] for x in lines] == ["deck-a", "deck-a"]
    since = run_quiz("history", "export", "--since", "2026-03-02T12:00:00+00:00").stdout
    assert [json.loads(x)["response"] for x in since.splitlines()] == [1800]


def test_older_data_is_migrated_after_a_backup(home: Path) -> None:
    from tinydb import TinyDB

    home.mkdir()
    legacy = TinyDB(home / "history.json")
    legacy.table("answers").insert_multiple(_answer(n, "old-session").to_dict() for n in range(5))
    legacy.close()
    original = (home / "history.json").read_bytes()
    stats = stats_json()
    assert stats["totals"] == {"sessions": 1, "answered": 5, "correct": 3}
    assert not (home / "history.json").exists()
    (backup,) = (home / "backups").iterdir()
    assert backup.read_bytes() == original


def test_doctor_finds_wrong_totals_and_rebuilds_them(home: Path) -> None:
    _history_with_answers(home)
    assert run_quiz("doctor").stdout.splitlines() == [
        f"ok: data directory {home}, format {FORMAT}, every saved answer filed",
        "ok: history: 6 answers in 1 week file",
        "ok: totals agree with the history",
        "ok: cards agree with the history",
    ]
    state = home / "state.json"
    data = json.loads(state.read_bytes())
    data["decks"]["1"]["answered"] = 99
    state.write_text(json.dumps(data), encoding="utf-8")
    done = run_quiz("doctor")
    assert done.returncode == 1
    assert "problem: totals disagree with the history" in done.stdout
    assert stats_json()["totals"]["answered"] == 99
    assert run_quiz("doctor", "--rebuild").returncode == 0
    assert stats_json()["totals"]["answered"] == 6
    state.unlink()
    assert stats_json()["totals"]["answered"] == 6  # a lost state file is rebuilt


@pytest.mark.e2e
def test_waiting_for_the_lock_is_announced(home: Path) -> None:
    _history_with_answers(home)
    with Lock(DataDir(home), None).held():
        child = subprocess.Popen(
            [sys.executable, "-m", "quizzer", "stats", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        assert child.stderr is not None
        # The child says it waits (after a second of waiting), and waits on: the event.
        notice = child.stderr.readline()
        assert child.poll() is None
    out, err = child.communicate(timeout=30)
    assert child.returncode == 0
    assert notice == f"quiz: waiting for another quiz using {home} to finish writing...\n"
    assert err == ""
    assert json.loads(out)["totals"]["answered"] == 6


def _state_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The reads of state.json from now on, one item each."""
    reads: list[str] = []
    real = AtomicStorage.read

    def read(storage: AtomicStorage) -> dict[str, Any] | None:
        if storage.path.name == "state.json":
            reads.append(storage.path.name)
        return real(storage)

    monkeypatch.setattr(AtomicStorage, "read", read)
    return reads


def test_a_fold_reads_state_json_twice(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(home).open()
    store.record(_answer(0, new_session_id(T0)))
    reads = _state_reads(monkeypatch)
    store.fold()  # its marks once, then the whole state to file the answer into; no read to write
    assert reads == ["state.json"] * 2
    assert not store.filing.read_marks().replay  # outside the lock: read afresh
    assert len(reads) == 3


def test_marks_kept_under_the_lock_are_dropped_with_it(home: Path) -> None:
    mine, other = open_store(home).open(), open_store(home).open()
    with mine.held():
        assert mine.filing.read_marks().recount == []
    with other.held():  # another process marks a recount while this one waits for the lock
        state = other.filing.read_state()
        state.marks.recount = ["deck-a"]
        other.filing.write_state(state)
    with mine.held():
        assert mine.filing.read_marks().recount == ["deck-a"]
        state = mine.filing.read_state()
        state.marks.recount = []
        state.marks.replay = ["deck-a/q0"]
        mine.filing.write_state(state)
        kept = mine.filing.read_marks()
        assert (kept.recount, kept.replay) == ([], ["deck-a/q0"])
        kept.replay.append("changed by the caller")  # a copy: the kept marks stay as written
        assert mine.filing.read_marks().replay == ["deck-a/q0"]
