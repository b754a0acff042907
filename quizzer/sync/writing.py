"""Writing this device's segments: whole lines appended and fsynced, in files of bounded size.

Only this device writes its segments, so a last line without its newline can only be its
own append cut short by a kill: it is cut off before the next append (the outbox still holds
it). A new file is started past LIMIT bytes, so a sync tool (or a git commit) moves a small
file, not a history's worth.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from quizzer.files import fsync_dir, write_error
from quizzer.sync.device import Device
from quizzer.sync.folder import Folder

LIMIT = 4 << 20  # about 16,000 answers a file


@dataclass
class Written:
    """What an append wrote: answer and undo lines, and the lines added to each file."""

    answers: int = 0
    undos: int = 0
    files: dict[Path, int] = field(default_factory=dict)


def is_undo(line: bytes) -> bool:
    """Whether a log line is an undo (quizzer writes them starting with their key)."""
    return line.startswith(b'{"undo"')


def append(folder: Folder, device: Device, lines: Iterable[bytes], *, fresh: bool) -> Written:
    """Append whole lines to this device's last segment (or a new one when `fresh`, or
    when it is full), fsynced before this returns; lines without a newline are skipped."""
    own = folder.own_segments(device.id)
    number = own[-1][0] + fresh if own else 1
    written = Written()
    out = _open(folder.segment(device.id, number))
    try:
        for line in lines:
            if not line.endswith(b"\n") or not line.strip():
                continue
            if out.tell() >= LIMIT:
                _close(out)
                number += 1
                out = _open(folder.segment(device.id, number))
            out.write(line)
            path = Path(out.name)
            written.files[path] = written.files.get(path, 0) + 1
            if is_undo(line):
                written.undos += 1
            else:
                written.answers += 1
    finally:
        _close(out)
    fsync_dir(folder.device_dir(device.id))
    return written


def _open(path: Path) -> IO[bytes]:
    """A segment opened to append, without a torn last line."""
    try:
        out = open(path, "a+b")  # noqa: SIM115 - closed by _close
        size = out.seek(0, os.SEEK_END)
        if size and os.pread(out.fileno(), 1, size - 1) != b"\n":
            out.truncate(_whole_lines(out.fileno(), size))
            out.seek(0, os.SEEK_END)
    except OSError as exc:
        raise write_error(path, exc) from None
    return out


def _close(out: IO[bytes]) -> None:
    try:
        out.flush()
        os.fsync(out.fileno())
    except OSError as exc:
        raise write_error(Path(out.name), exc) from None
    finally:
        out.close()


def _whole_lines(fd: int, size: int) -> int:
    """The length of a file's whole lines (where its torn last line starts)."""
    end = size
    while end > 0:
        start = max(0, end - (1 << 16))
        found = os.pread(fd, end - start, start).rfind(b"\n")
        if found >= 0:
            return start + found + 1
        end = start
    return 0
