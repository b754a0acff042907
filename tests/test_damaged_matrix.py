"""Every command against a data directory holding each kind of damaged or foreign file.

Whatever the file, a command ends with exit code 0 or 1 and a clear message, never an
internal error; it never blocks; and it leaves the file exactly as it was.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from inproc import finishes, quiz

DECK = {
    "format": 1,
    "id": "mine",
    "title": "Mine",
    "questions": [
        {"id": "q1", "type": "short_answer", "prompt": "Capital of Peru?", "answer": "Lima"},
        {"id": "q2", "type": "true_false", "prompt": "Lima is in Peru.", "answer": True},
    ],
}


def _healthy(home: Path, tmp_path: Path) -> None:
    """A history on two decks, a user deck and a setting, all filed."""
    deck = tmp_path / "mine.json"
    deck.write_text(json.dumps(DECK), encoding="utf-8")
    assert quiz("deck", "add", str(deck)).exit_code == 0
    assert quiz("start", "mine", "--no-shuffle", input="Lima\nt\n").exit_code == 0
    done = quiz("start", "deepseek-company", "--no-shuffle", "-n", "2", input="1\n1\n")
    assert done.exit_code == 0, done.stderr
    assert quiz("config", "set", "new_per_day", "5").exit_code == 0


def _week(home: Path) -> Path:
    return sorted((home / "history").glob("*-W*.json"))[0]


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _fifo(path: Path) -> Path:
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    return path


# Each kind damages the data directory and returns the path that must stay as it is.
KINDS: dict[str, Callable[[Path], Path]] = {
    "state-truncated": lambda h: _write(h / "state.json", (h / "state.json").read_bytes()[:30]),
    "state-not-tinydb": lambda h: _write(h / "state.json", b"[1, 2, 3]"),
    "state-wrong-shape": lambda h: _write(
        h / "state.json", b'{"meta": {"1": {"format": 4}}, "cards": {"1": {"key": 5}}}'
    ),
    "state-future-format": lambda h: _write(h / "state.json", b'{"meta": {"1": {"format": 99}}}'),
    "state-fifo": lambda h: _fifo(h / "state.json"),
    "week-truncated": lambda h: _write(_week(h), _week(h).read_bytes()[:50]),
    "week-wrong-shape": lambda h: _write(_week(h), b'{"answers": {"1": [1]}}'),
    "week-fifo": lambda h: _fifo(_week(h)),
    "week-copy": lambda h: _write(h / "history" / "2026-W09 (copy).json", b"{}"),
    "week-conflict": lambda h: _write(h / "history" / "x.sync-conflict-1.json", b"\xff"),
    "pending-garbage": lambda h: _write(h / "pending" / "garbage", b"\x00\x01\x02"),
    "pending-bad-spool": lambda h: _write(
        h / "pending" / "20260301T090000-0123abcd" / "2026-W09.jsonl", b"not json\n"
    ),
    "journal-damaged": lambda h: _write(h / "journal.jsonl", b'{"id": 1}\nxx\n{"a"\n'),
    "journal-fifo": lambda h: _fifo(h / "journal.jsonl"),
    "config-not-utf8": lambda h: _write(h / "config.json", b'{"retention": "\xff"}'),
    "config-not-json": lambda h: _write(h / "config.json", b"retention = 0.9"),
    "config-out-of-range": lambda h: _write(h / "config.json", b'{"learning_steps": "3000000d"}'),
    "config-fifo": lambda h: _fifo(h / "config.json"),
    "legacy-damaged": lambda h: _write(h / "history.json", b'{"answers": {"1": {"x": 1}}}'),
    "user-deck-broken": lambda h: _write(h / "decks" / "broken.json", b'{"format": 1,'),
    "user-deck-surrogate": lambda h: _write(
        h / "decks" / "odd.json", json.dumps({**DECK, "id": "odd", "title": "\ud800"}).encode()
    ),
    "user-deck-fifo": lambda h: _fifo(h / "decks" / "pipe.json"),
    "deck-cache-garbage": lambda h: _write(
        h / "cache" / "decks" / ("0" * 32 + ".marshal"), b"\x00"
    ),
    "backups-file": lambda h: _write(h / "backups" / "reset-x.jsonl", b"\xff\xfe"),
}

COMMANDS: list[tuple[str, ...]] = [
    ("stats",),
    ("stats", "--json"),
    ("stats", "mine"),
    ("stats", "--sessions"),
    ("stats", "--csv"),
    ("stats", "--since", "2020-01-01"),
    ("start", "mine", "--plain", "-n", "1"),
    ("review", "--plain", "-n", "1"),
    ("history", "export"),
    ("history", "export", "--deck", "mine"),
    ("doctor",),
    ("doctor", "--rebuild"),
    ("reset", "deepseek-company", "--yes"),
    ("deck", "list"),
    ("deck", "list", "--json"),
    ("deck", "show", "mine", "--answers"),
    ("deck", "export", "mine", "--format", "csv"),
    ("config", "list"),
    ("config", "get", "retention"),
    ("config", "set", "retention", "0.85"),
]


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_command_survives_a_damaged_or_foreign_file(
    home: Path, tmp_path: Path, kind: str
) -> None:
    _healthy(home, tmp_path)
    path = KINDS[kind](home)
    fifo = not path.is_file()
    before = None if fifo else path.read_bytes()
    for args in COMMANDS:
        # "1", "t", "1" answers any type of question, whichever comes first.
        done = finishes(lambda args=args: quiz(*args, input="1\nt\n1\n"))
        where = f"{kind}: quiz {' '.join(args)}"
        assert done.exit_code in (0, 1), (where, done.exit_code, done.stderr, done.exception)
        assert "internal error" not in done.stderr, (where, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout, where
        if done.exit_code == 1:
            assert done.stderr.startswith("quiz: error: ") or "problem: " in done.stdout, (
                where,
                done.stderr,
            )
        if fifo:
            assert path.exists() and not path.is_file(), where
        elif kind == "journal-damaged":
            # The journal is filed, and kept whole in backups/ with its damaged lines.
            (kept,) = (home / "backups").glob("journal-damaged-*.jsonl")
            assert kept.read_bytes() == before, where
        else:
            assert path.read_bytes() == before, where
