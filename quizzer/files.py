"""Durable file writes: a kill at any moment leaves either the old file or the new one.

Each write goes to a temporary file beside the target, is flushed and fsynced, then
replaces the target with `os.replace`; the directory is fsynced so the rename survives
a power cut. Temporary files left by a killed writer end in `.tmp` and are removed
(under the store's lock) the next time the store opens.
"""

from __future__ import annotations

import os
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from quizzer.errors import DataError

TMP_SUFFIX = ".tmp"


class NotRegular(OSError):
    """A path that should hold a file holds a FIFO, a device or a directory instead."""


def open_regular(path: Path) -> int:
    """Open `path` for reading without blocking, and only if it is a regular file.

    A FIFO or a device where a data file or deck should be would block `open()` (or a
    read) forever; opening with O_NONBLOCK and checking with fstat refuses it at once.
    Returns a file descriptor in blocking mode; raise NotRegular for anything else.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(0, "not a regular file", str(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file (see `open_regular`); OSError if it cannot be read."""
    with os.fdopen(open_regular(path), "rb") as handle:
        return handle.read()


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """A file to write; on success it replaces `path` whole, on failure `path` is untouched."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}{TMP_SUFFIX}")
    try:
        with open(tmp, "xb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise write_error(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, all or nothing."""
    with atomic_output(path) as out:
        out.write(data)


def write_error(path: Path, exc: OSError) -> DataError:
    """The learner-facing error for a failed write; earlier data is untouched."""
    return DataError(
        f"{path}: cannot write ({exc.strerror or exc}); nothing already saved was lost. "
        "Check free disk space and the permissions of the data directory."
    )


def read_error(path: Path, exc: OSError) -> DataError:
    """The learner-facing error for a file that cannot be read."""
    return DataError(
        f"{path}: cannot read ({exc.strerror or exc}); check its permissions "
        "(it was left as it is)."
    )


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files a killed writer left behind (call with the lock held)."""
    for tmp in folder.glob(f".*{TMP_SUFFIX}"):
        tmp.unlink(missing_ok=True)
