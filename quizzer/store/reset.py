"""Resetting a deck's history (or all of it): saved first, marked, then removed.

The reset is marked in state.json before anything is removed, and a run that finds the
mark finishes it before filing anything new (ARCHITECTURE.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from quizzer import clock, history
from quizzer.files import TMP_SUFFIX, atomic_output
from quizzer.models import Undo
from quizzer.store import journal
from quizzer.store.filing import Filing
from quizzer.store.snapshot import D
from quizzer.store.weeks import in_time_order


def forget(filing: Filing[D], deck: str | None, *, everywhere: bool) -> tuple[int, Path]:
    """Remove the history of `deck` (or all) after saving it as a JSON Lines log (lock held).

    Returns how many answers were removed and the log. `everywhere` also journals an undo
    of each answer before the mark, so other devices take the answers back too.
    """
    folder = filing.folder
    filing.fold()
    backup = folder.backups / f"reset-{deck or 'all'}-{clock.now():%Y%m%dT%H%M%S}.jsonl"
    folder.backups.mkdir(exist_ok=True)
    count = 0
    undone = folder.home / f".reset-undos{TMP_SUFFIX}"  # a kill leaves it to clean_leftovers
    with atomic_output(backup) as out, open(undone, "wb") as undos:
        for row in in_time_order(folder.history, filing.storage):
            if deck is None or row.get("deck") == deck:
                out.write(orjson.dumps(row) + b"\n")
                count += 1
                if everywhere:
                    undos.write(history.dumps(_undo_of(row), where=True))
    if count and everywhere:
        journal.append_files(folder.journal, [undone])
    undone.unlink()
    state = filing.read_state()
    state.marks.forget = deck or "*"
    filing.write_state(state)
    filing.finish_reset(state)
    return count, backup


def _undo_of(row: dict[str, Any]) -> Undo:
    """The undo of a stored answer row, saying where it is kept when the row allows."""
    try:
        return Undo.of(history.stored(row), clock.now())
    except ValueError:
        return Undo(str(row["id"]), clock.now())
