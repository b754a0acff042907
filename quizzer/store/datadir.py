"""The data directory: where each file lives, its shape checked, and the lock around changes."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from quizzer.errors import DataError
from quizzer.files import remove_leftovers

LOCK_NOTICE_AFTER = 1.0
LOCK_GIVE_UP_AFTER = 600.0

Notify = Callable[[str], None]


class DataDir(NamedTuple):
    """The paths of a data directory (format 3; see ARCHITECTURE.md)."""

    home: Path

    @property
    def state(self) -> Path:
        return self.home / "state.json"

    @property
    def journal(self) -> Path:
        return self.home / "journal.jsonl"

    @property
    def history(self) -> Path:
        return self.home / "history"

    @property
    def pending(self) -> Path:
        return self.home / "pending"

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def legacy(self) -> Path:
        """Format 0 kept every answer in this one TinyDB file."""
        return self.home / "history.json"

    @property
    def outbox(self) -> Path:
        """Entries filed here that `quiz sync` has yet to send; present once this
        directory has synced, and only then written (quizzer.sync)."""
        return self.home / "outbox.jsonl"

    @property
    def lock(self) -> Path:
        return self.home / ".lock"

    def create(self) -> None:
        """Make the directory and its folders, or say exactly which one is in the way."""
        if self.home.exists() and not self.home.is_dir():
            raise DataError(
                f"{self.home} is a file, not a directory; move it aside or set "
                "QUIZZER_HOME to a directory."
            )
        for folder in (self.history, self.pending):
            if folder.exists() and not folder.is_dir():
                raise DataError(
                    f"{folder} is a file, not a directory; quizzer keeps its answers there. "
                    "Move the file aside and try again."
                )
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            self.history.mkdir(exist_ok=True)
            self.pending.mkdir(exist_ok=True)
        except OSError as exc:
            raise DataError(
                f"{self.home}: cannot create the data directory "
                f"({exc.strerror}); check its permissions or set QUIZZER_HOME."
            ) from None

    def refuse_links_out(self) -> None:
        """Refuse files that link outside the directory: quizzer writes only inside it."""
        home = self.home.resolve()
        for folder in (self.home, self.history, self.pending):
            with os.scandir(folder) as entries:
                links = [Path(entry.path) for entry in entries if entry.is_symlink()]
            for link in links:
                target = link.resolve()
                if not target.is_relative_to(home):
                    raise DataError(
                        f"{link} links to {target}, outside the data directory; "
                        "quizzer does not follow links out of it. Replace the link "
                        "with the file itself."
                    )

    def clean_leftovers(self) -> None:
        """Remove the temporary files and half-made batches a killed run left (lock held)."""
        remove_leftovers(self.home)
        remove_leftovers(self.history)
        for tmp in self.pending.glob("*.tmp"):
            if tmp.is_dir() and not tmp.is_symlink():
                shutil.rmtree(tmp, ignore_errors=True)


class Lock:
    """The data directory's lock, held around every read-modify-write; the store's methods
    may hold it inside one another (`Store.held`), so it counts how deep it is held."""

    def __init__(self, folder: DataDir, notify: Notify | None) -> None:
        from quizzer.store.lockfile import FileLock

        self.folder = folder
        self.notify = notify
        self._lock = FileLock(folder.lock)
        self._depth = 0

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock; say so through `notify` when waiting more than a second."""
        if self._depth == 0:
            self._acquire()
        self._depth += 1
        try:
            yield
        except OSError as exc:
            # Whatever the file (disk full, read-only, permissions), it is named; atomic
            # writes and the journal mean nothing already saved is lost.
            raise DataError(
                f"{exc.filename or self.folder.home}: {exc.strerror or exc}; nothing already "
                "saved was lost. Check free disk space and the data directory's permissions."
            ) from None
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._lock.release()

    def _acquire(self) -> None:
        try:
            if self._lock.acquire(timeout=LOCK_NOTICE_AFTER):
                return
            if self.notify:
                self.notify(
                    f"waiting for another quiz using {self.folder.home} to finish writing..."
                )
            if self._lock.acquire(timeout=LOCK_GIVE_UP_AFTER):
                return
        except OSError as exc:
            self._lock.release()
            raise DataError(
                f"{self.folder.lock}: cannot lock ({exc.strerror}); check the "
                "permissions of the data directory."
            ) from None
        self._lock.release()
        raise DataError(
            f"{self.folder.lock} stayed locked by another quiz for "
            f"{LOCK_GIVE_UP_AFTER:.0f} s; finish or stop that quiz and try again."
        )
