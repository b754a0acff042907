"""Durable file writes: a kill at any moment leaves either the old file or the new one.

Each write goes to a temporary file beside the target, is flushed and fsynced, then
replaces the target with `os.replace`; the directory is fsynced so the rename survives
a power cut. Temporary files left by a killed writer end in `.tmp` and are removed
(under the store's lock) the next time the store opens.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from quizzer.errors import DataError

TMP_SUFFIX = ".tmp"


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
