"""Older data directories brought to the current format, after a copy into backups/.

Format 0 kept every answer in one TinyDB file, `history.json`; formats 1 to 3 had a
state.json without cards, study days or review states, which is derived and simply rebuilt.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from quizzer import clock, history
from quizzer.errors import DataError
from quizzer.files import fsync_dir, write_error
from quizzer.store import batches, snapshot
from quizzer.store.filing import Filing
from quizzer.store.snapshot import D
from quizzer.store.tables import TableFile, damaged


def bring_up_to_date(filing: Filing[D]) -> None:
    """Make state.json current (new, lost or older: rebuilt) and refile a format-0 history."""
    folder = filing.folder
    found = snapshot.read_format(folder.state, filing.storage)
    if found is None:
        # state.json is derived: a new directory starts empty, a lost file is rebuilt.
        filing.write_state(filing.rebuilt())
    elif found > snapshot.FORMAT:
        raise DataError(
            f"{folder.state} was written by a newer quizzer (data format "
            f"{found}, this one reads {snapshot.FORMAT}); upgrade quizzer to open it."
        )
    elif found < snapshot.FORMAT:
        backup(folder.backups, folder.state, f"state-format{found}")
        filing.write_state(filing.rebuilt())
    _refile_legacy(filing)


def _refile_legacy(filing: Filing[D]) -> None:
    """Refile format 0's `history.json`; it is checked before anything is copied or changed."""
    legacy = filing.folder.legacy
    if not legacy.exists():
        return
    rows = TableFile(legacy).rows("answers")
    try:
        answers = [history.answer_from(dict(doc)) for doc in rows.values()]
    except ValueError as exc:
        raise damaged(legacy, str(exc)) from None
    backup(filing.folder.backups, legacy, "history-format0")
    if answers:
        batches.stage(filing.folder.pending, answers)
    filing.fold()
    legacy.unlink()
    fsync_dir(filing.folder.home)


def backup(backups: Path, path: Path, name: str) -> None:
    """Copy a file into backups/ before a migration changes it."""
    copy = backups / f"{name}-{clock.now():%Y%m%dT%H%M%S}.json"
    try:
        backups.mkdir(exist_ok=True)
        shutil.copy2(path, copy)
        fsync_dir(backups)
    except OSError as exc:
        raise write_error(copy, exc) from None
