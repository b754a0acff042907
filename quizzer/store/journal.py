"""The journal: each answer (or undo) appended as one fsynced JSON line before the learner
goes on.

An answer is saved once its line is on disk. A writer killed mid-line leaves a torn last
line with no newline: it was never confirmed, so the next append cuts it off and reading
skips it. Any other line that cannot be read is damage, not a kill: the journal is copied
into backups/ before anything is filed, and the learner is told (ARCHITECTURE.md).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from quizzer import history
from quizzer.files import fsync_dir, read_error, read_regular, write_error
from quizzer.models import Answer, Undo


def append(journal: Path, line: bytes) -> None:
    """Append one line (ending in a newline) and fsync it; call with the lock held."""
    _append(journal, lambda out: out.write(line))


def append_files(path: Path, sources: list[Path]) -> None:
    """Append the whole lines these files hold, fsynced once (the outbox takes a batch's
    spools this way); a torn last line is cut off first, as for the journal."""

    def copy(out: IO[bytes]) -> None:
        for source in sources:
            with open(source, "rb") as spool:
                shutil.copyfileobj(spool, out)

    _append(path, copy)


def _append(journal: Path, write: Callable[[IO[bytes]], object]) -> None:
    try:
        with open(journal, "a+b") as out:
            size = out.seek(0, os.SEEK_END)
            if size and os.pread(out.fileno(), 1, size - 1) != b"\n":
                out.truncate(_whole_lines(out.fileno(), size))
            write(out)
            out.flush()
            os.fsync(out.fileno())
        if not size:
            fsync_dir(journal.parent)
    except OSError as exc:
        raise write_error(journal, exc) from None


def _whole_lines(fd: int, size: int) -> int:
    """Where the torn last line starts: the length of the file's whole lines."""
    step = 1 << 16
    end = size
    while end > 0:
        start = max(0, end - step)
        found = os.pread(fd, end - start, start).rfind(b"\n")
        if found >= 0:
            return start + found + 1
        end = start
    return 0


@dataclass
class Read:
    """What a journal holds: answers and undos in order, and the lines that could not be read."""

    entries: list[Answer | Undo] = field(default_factory=list)
    damaged: list[tuple[int, str]] = field(default_factory=list)


def read(journal: Path) -> Read:
    """The journal's answers; a torn last line is skipped, other bad lines are listed."""
    try:
        raw = read_regular(journal)
    except FileNotFoundError:
        return Read()
    except OSError as exc:
        raise read_error(journal, exc) from None
    lines = raw.split(b"\n")
    lines.pop()  # after the last newline: empty, or a line torn by a kill
    out = Read()
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                out.entries.append(history.parse_entry(line))
            except ValueError as exc:
                out.damaged.append((number, str(exc)))
    return out
