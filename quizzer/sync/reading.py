"""Reading a device's segments from where this device left off: a cursor per file.

Only whole lines are taken: a last line without its newline is a file a sync tool is still
bringing (or a writer killed mid-line), and is read at a later sync, once whole. A cursor
holds hashes of the file's first bytes and of the bytes just before it; a file shrunk or
replaced since (a sync tool's conflict resolution, a device restored from a backup) is read
again from its start, which adds nothing already here, since answers have ids.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from quizzer.files import open_regular
from quizzer.sync.state import Cursor

SPAN = 4096  # bytes hashed at the start of a file and before a cursor


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def _marks(fd: int, offset: int) -> tuple[str, str]:
    span = min(offset, SPAN)
    return _digest(os.pread(fd, span, 0)), _digest(os.pread(fd, span, offset - span))


def _holds(fd: int, size: int, cursor: Cursor) -> bool:
    """Whether the file still starts with what the cursor read."""
    return cursor.offset <= size and _marks(fd, cursor.offset) == (cursor.head, cursor.tail)


def cursor_at(path: Path, offset: int, lines: int) -> Cursor:
    """A cursor after the first `offset` bytes (`lines` whole lines) of a file."""
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        head, tail = _marks(fd, offset)
    finally:
        os.close(fd)
    return Cursor(offset, lines, size, head, tail)


def unchanged(path: Path, cursor: Cursor) -> bool:
    """Whether a file is as the cursor last saw it: nothing new to read (a cheap check)."""
    try:
        fd = open_regular(path)
    except OSError:
        return False
    try:
        size = os.fstat(fd).st_size
        return size == cursor.size and _holds(fd, size, cursor)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Taken:
    """The whole lines of a segment after its cursor, and the cursor after them."""

    path: Path
    data: bytes
    start: Cursor
    cursor: Cursor


def take(path: Path, cursor: Cursor | None) -> Taken:
    """What a segment holds after `cursor` (from its start if it changed under it)."""
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        start = cursor if cursor is not None and _holds(fd, size, cursor) else Cursor()
        rest = os.pread(fd, size - start.offset, start.offset)
        data = rest[: rest.rfind(b"\n") + 1]
        offset = start.offset + len(data)
        head, tail = _marks(fd, offset)
    finally:
        os.close(fd)
    lines = start.lines + data.count(b"\n")
    return Taken(path, data, start, Cursor(offset, lines, size, head, tail))


def good_part(taken: Taken) -> tuple[Taken, str]:
    """`taken` up to its first line that is not an answer or an undo, and what is wrong
    with that line ("" when every line is good); the cursor stays before it."""
    from quizzer.history import parse_entry

    offset = 0
    for number, line in enumerate(taken.data.splitlines(keepends=True), start=1):
        if line.strip():
            try:
                parse_entry(line)
            except ValueError as exc:
                where = taken.start.lines + number
                cursor = cursor_at(taken.path, taken.start.offset + offset, where - 1)
                return Taken(taken.path, taken.data[:offset], taken.start, cursor), (
                    f"{taken.path} line {where}: {exc}"
                )
        offset += len(line)
    return taken, ""


def waiting(path: Path, cursor: Cursor | None) -> int:
    """How many whole lines of a segment this device has not read yet."""
    try:
        return take(path, cursor).data.count(b"\n")
    except OSError:
        return 0
