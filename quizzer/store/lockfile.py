"""An exclusive lock on one file, shared by every `quiz` process using a data directory.

On POSIX it is `fcntl.flock` on an open descriptor, the call `filelock` makes there too,
so a quizzer that locked with `filelock` and this one exclude each other. It is written
here rather than imported because `filelock` 4 costs about 40 ms (65 M instructions) at
start-up, a fifth of a one-question `quiz start`, for a dozen lines of work (figures in
README.md). Windows has no `flock`; there `filelock` does the job (a Windows-only
dependency).
"""

from __future__ import annotations

import os
import sys
import time

# How often a waiting process tries again: a lock is held for milliseconds at a time.
_POLL = 0.02

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import filelock

    class FileLock:
        """An exclusive, non-reentrant lock on `path`; `acquire` waits at most `timeout` s."""

        def __init__(self, path: os.PathLike[str] | str) -> None:
            self._lock = filelock.FileLock(path, thread_local=False)

        def acquire(self, timeout: float) -> bool:
            """Take the lock, waiting up to `timeout` seconds; False if it stayed taken."""
            try:
                self._lock.acquire(timeout=timeout, poll_interval=_POLL)
            except filelock.Timeout:
                return False
            return True

        def release(self) -> None:
            self._lock.release()

else:
    import fcntl

    class FileLock:
        """An exclusive, non-reentrant lock on `path`; `acquire` waits at most `timeout` s."""

        def __init__(self, path: os.PathLike[str] | str) -> None:
            self.path = os.fspath(path)
            self._fd: int | None = None

        def acquire(self, timeout: float) -> bool:
            """Take the lock, waiting up to `timeout` seconds; False if it stayed taken.

            Raises OSError when the file cannot be opened or the file system has no locks.
            """
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            deadline = time.monotonic() + timeout
            while not _try(self._fd):
                if time.monotonic() >= deadline:
                    return False
                time.sleep(_POLL)
            return True

        def release(self) -> None:
            """Let the next process in; closing the descriptor drops the lock."""
            if self._fd is not None:
                fd, self._fd = self._fd, None
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)

    def _try(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
