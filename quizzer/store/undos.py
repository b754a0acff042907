"""Undone answers: kept as tombstones in `history/undos.json`, and taken out of everything.

An undo is history like an answer: appended to the journal before the screen changes,
then filed. An answer undone in the same batch it arrived in is never filed. One already
filed is marked (`recount` and `replay` in state.json), its id written to the tombstones,
then removed from its week file with its session's totals redone, and its deck's totals
and its card recomputed from what is left; a killed run is finished from the marks
(ARCHITECTURE.md). A tombstone also keeps an answer that arrives after its undo (from
another device) out of the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from quizzer.models import Undo
from quizzer.store import weeks
from quizzer.store.snapshot import D, Projection
from quizzer.store.tables import StorageClass, TableFile, damaged

FILE = "undos.json"
TABLE = "undos"


class Tombstones:
    """The undos kept in the history folder."""

    def __init__(self, history: Path, storage: StorageClass) -> None:
        self.path = history / FILE
        self.storage = storage

    def read(self) -> dict[str, Undo]:
        """Every undo, by the id of the answer it took back."""
        out = {}
        for row in TableFile(self.path, self.storage).rows(TABLE).values():
            try:
                undo = Undo(
                    row["answer"],
                    datetime.fromisoformat(row["undone_at"]),
                    row.get("deck", ""),
                    row.get("question", ""),
                )
            except (KeyError, TypeError, ValueError):
                raise damaged(self.path, "an undo row of the wrong shape") from None
            out[undo.answer] = undo
        return out

    def add(self, undos: Iterable[Undo]) -> None:
        """Keep these undos (their answers' ids must not be kept yet)."""
        file = TableFile(self.path, self.storage)
        file.insert(
            TABLE,
            (
                {
                    "answer": u.answer,
                    "undone_at": u.undone_at.isoformat(),
                    "deck": u.deck,
                    "question": u.question,
                }
                for u in undos
            ),
        )
        file.save()


def locate(history: Path, storage: StorageClass, undos: list[Undo]) -> dict[str, tuple[str, str]]:
    """Where the answers these undos name are filed: answer id -> (deck, question).

    An undo that says its week is looked for there; others in every week file.
    """
    wanted = {u.answer for u in undos}
    hinted = {u.week for u in undos if u.week}
    unhinted = any(not u.week for u in undos)
    found: dict[str, tuple[str, str]] = {}
    for week in weeks.week_files(history, storage):
        if not unhinted and week.stem not in hinted:
            continue
        for row in weeks.answer_rows(TableFile(week, storage)).values():
            if row["id"] in wanted:
                found[row["id"]] = (str(row.get("deck", "")), str(row.get("question", "")))
    return found


def purge(
    history: Path,
    storage: StorageClass,
    projection: Projection[D],
    dead: set[str],
    decks: set[str],
) -> None:
    """Remove tombstoned answers of `decks` from the week files, redoing their sessions'
    totals there from the answers that stay (idempotent)."""
    from quizzer import history as log

    for week in weeks.week_files(history, storage):
        file = TableFile(week, storage)
        rows = weeks.answer_rows(file)
        drop = {k for k, row in rows.items() if row["id"] in dead and row.get("deck") in decks}
        if not drop:
            continue
        touched = {(rows[k].get("session"), rows[k].get("deck")) for k in drop}
        file.remove(weeks.ANSWERS, drop)
        left = sorted(
            (
                row
                for k, row in rows.items()
                if k not in drop and (row.get("session"), row.get("deck")) in touched
            ),
            key=lambda row: row["answered_at"],
        )
        redone = projection.session_rows([log.stored(row) for row in left], {})
        sessions = file.rows(weeks.SESSIONS)
        file.remove(
            weeks.SESSIONS,
            [k for k, r in sessions.items() if (r.get("session"), r.get("deck")) in touched],
        )
        file.insert(weeks.SESSIONS, ({"session": key[0], **row} for key, row in redone.items()))
        file.save()
