"""What enters the history is checked, what is damaged is kept and named, totals stay exact.

Each class of problem the store met has a regression test and further cases of the same
class: damaged journal lines, imported values beyond what quizzer can handle, sessions and
answer ids that span weeks, and files in the data directory that quizzer did not write.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, invoke, open_store

from quizzer.models import Answer, new_answer_id, new_session_id

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def _line(n: int, **changes: Any) -> dict[str, Any]:
    answer = Answer(
        f"id-{n}",
        "deck-a",
        f"q{n % 3}",
        "20260301T090000Z-s",
        T0 + timedelta(minutes=n),
        n % 2 == 0,
        "x",
        1000,
    )
    return {**answer.to_dict(), **changes}


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _journal(home: Path, lines: list[bytes]) -> None:
    with open_store(home):
        pass
    (home / "journal.jsonl").write_bytes(b"".join(lines))


def _answers(home: Path) -> list[Answer]:
    with open_store(home) as store:
        return list(store.answers())


# -- damaged journal lines ------------------------------------------------------------------


def _good(n: int) -> bytes:
    return json.dumps(_line(n)).encode() + b"\n"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda line: line.replace(b'"id"', b'"id\x01', 1), id="flipped-byte"),
        pytest.param(lambda line: line.replace(b"true", b'"yes"', 1), id="wrong-value"),
        pytest.param(lambda line: line[:20] + b"\xff\xfe" + line[22:], id="not-utf8"),
    ],
)
def test_a_damaged_middle_line_of_the_journal_is_kept_and_named(
    home: Path, capsys: pytest.CaptureFixture[str], damage: Any
) -> None:
    _journal(home, [_good(0), damage(_good(2)), _good(4)])
    original = (home / "journal.jsonl").read_bytes()
    notes: list[str] = []
    from quizzer.progress import ProgressProjection
    from quizzer.scheduler import Scheduler
    from quizzer.store import Store

    with Store(home, projection=ProgressProjection(Scheduler()), notify=notes.append) as store:
        kept = [a.id for a in store.answers()]
    assert kept == ["id-0", "id-4"]
    (copy,) = (home / "backups").glob("journal-damaged-*.jsonl")
    assert copy.read_bytes() == original
    (note,) = notes
    assert note.startswith(f"warning: {home / 'journal.jsonl'} line 2 could not be read")
    assert str(copy) in note
    doctor = invoke("doctor")
    assert doctor.exit_code == 1
    assert f"problem: {copy} holds a journal with lines that could not be read" in doctor.stdout


def test_a_torn_last_line_is_cut_off_by_the_next_answer(home: Path) -> None:
    from quizzer.history import dumps

    first, last = Answer.from_dict(_line(0)), Answer.from_dict(_line(4))
    with open_store(home) as store:
        store.record(first)
        with open(home / "journal.jsonl", "ab") as journal:  # a writer killed mid-line
            journal.write(_good(2)[:25])
        store.record(last)
        assert (home / "journal.jsonl").read_bytes() == dumps(first) + dumps(last)
    assert [a.id for a in _answers(home)] == ["id-0", "id-4"]
    assert not (home / "backups").exists()


# -- imported values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"answered_at": "9999-12-31T23:59:59+00:00"}, '"answered_at" 9999-12-31T23:59:59+00:00'),
        ({"answered_at": "1969-12-31T23:59:59+00:00"}, '"answered_at" 1969-12-31T23:59:59+00:00'),
        ({"answered_at": "0001-01-01T00:00:00+14:00"}, '"answered_at" 0001-01-01T00:00:00+14:00'),
        ({"elapsed_ms": 18446744073709551615}, '"elapsed_ms" must be a whole number'),
        ({"elapsed_ms": 86_400_001}, '"elapsed_ms" must be a whole number'),
        ({"day": "2026-99-99"}, '"day" must be a date'),
        ({"day": "2026-02-30"}, '"day" must be a date'),
        ({"day": "2030-03-01"}, '"day" 2030-03-01 is not the date of "answered_at"'),
        ({"session": "s\x1b[2J"}, '"session" must be a non-empty string'),
        ({"id": "x" * 201}, '"id" must be a non-empty string'),
        ({"outcome": "o" * 41}, '"outcome" must be a string'),
        ({"response": "r" * 100_001}, '"response" is longer than 100,000 bytes'),
    ],
)
def test_an_import_line_beyond_a_bound_is_refused_naming_line_and_field(
    home: Path, tmp_path: Path, changes: dict[str, Any], why: str
) -> None:
    log = _jsonl(tmp_path / "log.jsonl", [_line(0), _line(1, **changes)])
    done = invoke("history", "import", str(log))
    assert done.exit_code == 2
    assert done.stderr.startswith(f"quiz: error: {log}:2: {why}"), done.stderr
    assert _answers(home) == []


def test_values_at_the_bounds_are_accepted_and_every_command_still_works(
    home: Path, tmp_path: Path
) -> None:
    rows = [
        _line(0, answered_at="1970-01-01T00:00:00+00:00", day="1970-01-01", elapsed_ms=0),
        _line(1, answered_at="2199-12-31T23:59:59+00:00", day="2200-01-01", elapsed_ms=86_400_000),
        _line(2, session="s" * 200, outcome="o" * 40, response=["a", 1, None]),
    ]
    log = _jsonl(tmp_path / "log.jsonl", rows)
    assert invoke("history", "import", str(log)).exit_code == 0
    for args in (("stats", "--json"), ("history", "export"), ("doctor", "--rebuild"), ("doctor",)):
        done = invoke(*args)
        assert done.exit_code == 0, (args, done.stderr, done.stdout)
    assert len(invoke("history", "export").stdout.splitlines()) == 3


# -- sessions and ids that span weeks -----------------------------------------------------


def test_a_session_made_elsewhere_that_spans_a_week_boundary_is_one_session(
    home: Path, tmp_path: Path
) -> None:
    sunday = datetime(2026, 3, 1, 23, 50, tzinfo=timezone.utc)  # W09; +20 min is W10
    rows = [
        _line(
            n, session="their-session", answered_at=(sunday + timedelta(minutes=10 * n)).isoformat()
        )
        for n in range(3)
    ]
    log = _jsonl(tmp_path / "log.jsonl", rows)
    assert invoke("history", "import", str(log)).exit_code == 0
    stats = json.loads(invoke("stats", "--json").stdout)
    assert stats["totals"] == {"sessions": 1, "answered": 3, "correct": 2}
    assert invoke("doctor").exit_code == 0
    sessions = {json.loads(x)["session"] for x in invoke("history", "export").stdout.splitlines()}
    assert sessions == {"20260301T235000Z-their-session"}
    # Imported again, and in two halves: still one session, nothing added.
    assert invoke("history", "import", str(log)).stdout.startswith("Imported 0 answers (3 already")
    assert (
        invoke("history", "import", str(_jsonl(tmp_path / "half.jsonl", rows[1:]))).exit_code == 0
    )
    assert json.loads(invoke("stats", "--json").stdout)["totals"]["answered"] == 3
    assert invoke("doctor").exit_code == 0


def test_an_answer_id_already_filed_in_another_week_is_skipped(home: Path, tmp_path: Path) -> None:
    first = _jsonl(tmp_path / "a.jsonl", [_line(0)])
    moved = _line(
        0,
        session=new_session_id(T0 + timedelta(days=14)),
        answered_at=(T0 + timedelta(days=14)).isoformat(),
        day="",
    )
    again = _jsonl(tmp_path / "b.jsonl", [moved, _line(5)])
    assert invoke("history", "import", str(first)).exit_code == 0
    done = invoke("history", "import", str(again))
    assert done.stdout == f"Imported 1 answers (1 already there) from {again}.\n"
    assert sorted(a.id for a in _answers(home)) == ["id-0", "id-5"]
    assert invoke("doctor").exit_code == 0


# -- files quizzer did not write ------------------------------------------------------------


def _history(home: Path) -> None:
    with open_store(home) as store:
        session = new_session_id(T0)
        for n in range(4):
            store.record(
                Answer(
                    new_answer_id(), "deck-a", "q", session, T0 + timedelta(minutes=n), True, n, 5
                )
            )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("history/2026-W09 (copy).json", b"{}"),
        ("history/2026-W09.sync-conflict-20260301-x.json", b"not json"),
        ("history/notes.txt", b"hello"),
        ("history/2026-W99.json", b"{}"),
        ("pending/garbage", b"\x00\x01"),
        ("pending/20260301T090000-abcdef12.json", b"{}"),
    ],
)
def test_a_stray_file_is_ignored_by_every_command_and_named_by_doctor(
    home: Path, name: str, content: bytes
) -> None:
    _history(home)
    stray = home / name
    stray.write_bytes(content)
    for args in (("stats", "--json"), ("history", "export")):
        done = invoke(*args)
        assert done.exit_code == 0, (args, done.stderr)
    assert len(invoke("history", "export").stdout.splitlines()) == 4
    for args in (("doctor",), ("doctor", "--rebuild")):
        doctor = invoke(*args)
        assert doctor.exit_code == 1
        assert f"problem: {stray} is not" in doctor.stdout
        assert "internal error" not in doctor.stderr
    assert "ok: totals and cards rebuilt from the history" in doctor.stdout
    assert stray.read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("history/2026-W09.json", {"answers": {"1": "not a row"}}),
        ("history/2026-W09.json", {"answers": {"1": {"no": "id"}}}),
        ("history/2026-W09.json", {"answers": {}, "sessions": {"1": {"deck": 3}}}),
        ("state.json", {"meta": {"1": {"format": "three"}}}),
        ("state.json", {"meta": {"1": {"format": 4}}, "decks": {"1": {"deck": "d", "zzz": 1}}}),
        ("state.json", {"meta": {"1": {"format": 4}}, "cards": {"1": {"no": "key"}}}),
    ],
)
def test_a_file_of_the_wrong_shape_is_a_clear_error_and_left_as_it_was(
    home: Path, tmp_path: Path, name: str, content: dict[str, Any]
) -> None:
    _history(home)
    path = home / name
    path.write_text(json.dumps(content), encoding="utf-8")
    before = path.read_bytes()
    log = _jsonl(tmp_path / "log.jsonl", [_line(7)])
    for args in (("stats", "--json"), ("history", "export"), ("history", "import", str(log))):
        done = invoke(*args)
        assert done.exit_code in (0, 1), (args, done.stderr)
        if done.exit_code:
            assert done.stderr.startswith(f"quiz: error: {path} is damaged"), done.stderr
    assert path.read_bytes() == before


def test_a_damaged_format_0_history_is_refused_without_filling_backups(home: Path) -> None:
    home.mkdir()
    legacy = home / "history.json"
    legacy.write_text(json.dumps({"answers": {"1": {"id": "x"}}}), encoding="utf-8")
    for _ in range(3):
        done = invoke("stats")
        assert done.exit_code == 1
        assert done.stderr.startswith(f"quiz: error: {legacy} is damaged")
    assert not (home / "backups").exists() or not list((home / "backups").iterdir())


@pytest.mark.parametrize("folder", ["history", "pending"])
def test_a_data_folder_that_is_a_file_is_named(home: Path, folder: str) -> None:
    home.mkdir()
    (home / folder).write_text("x", encoding="utf-8")
    done = invoke("stats")
    assert done.exit_code == 1
    assert done.stderr == (
        f"quiz: error: {home / folder} is a file, not a directory; quizzer keeps its answers "
        "there. Move the file aside and try again.\n"
    )


def test_a_fifo_where_a_data_file_should_be_does_not_block(home: Path) -> None:
    import os

    _history(home)
    for name in ("journal.jsonl", "history/2026-W10.json"):
        os.mkfifo(home / name)
        done = invoke("history", "export")
        assert done.exit_code == 1
        assert "not a regular file" in done.stderr
        (home / name).unlink()


def test_the_tiny_deck_still_starts(home: Path) -> None:
    done = invoke("start", str(DATA / "tiny.json"), "--no-shuffle", "-n", "1", stdin="2\n")
    assert done.exit_code == 0, done.stderr


@pytest.mark.parametrize(
    "now",
    [
        "9999-12-31T00:00:00+00:00",
        "2200-01-01T00:00:00+00:00",
        "0001-01-01T00:00:00",
        "1969-12-31T23:59:59+00:00",
    ],
)
@pytest.mark.parametrize(
    "args", [("stats",), ("start", "deepseek-company", "-n", "1"), ("doctor",)]
)
def test_a_clock_set_outside_the_window_is_refused_before_anything_starts(
    home: Path, monkeypatch: pytest.MonkeyPatch, now: str, args: tuple[str, ...]
) -> None:
    monkeypatch.setenv("QUIZZER_NOW", now)
    done = invoke(*args, stdin="1\n")
    assert done.exit_code == 2
    assert done.stderr.startswith("quiz: error: QUIZZER_NOW: ")
    assert "is outside the times quizzer handles (1970 to 2199)" in done.stderr
    assert not home.exists()
