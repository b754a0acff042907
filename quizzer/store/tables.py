"""TinyDB files written whole and atomically, with a fold's changes batched; the only tinydb user.

Every change to a file is collected in memory and reaches disk in one `save()`: the file
is written to a temporary file, fsynced and renamed over the old one (quizzer.files), so
a kill leaves the old file or the new one. The storage class is a parameter, the one
seam where tests put `MemoryStorage` instead of the disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from quizzer.errors import DataError
from quizzer.files import atomic_write, read_error, read_regular

Rows = dict[str, dict[str, Any]]


def damaged(path: Path, why: str) -> DataError:
    """The error for a data file quizzer cannot use; it is never rewritten."""
    return DataError(
        f"{path} is damaged ({why}); it was left exactly as it is. Restore it from a "
        f"backup, or move it aside and run `quiz doctor` to see what can be rebuilt."
    )


class FileStorage(Storage):
    """A TinyDB storage that also lists and removes the files of a folder."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def names(cls, folder: Path) -> list[str]:
        """The names of the files in `folder`."""
        raise NotImplementedError

    @classmethod
    def delete(cls, path: Path) -> None:
        """Remove a file (when a reset clears a whole week)."""
        raise NotImplementedError


class AtomicStorage(FileStorage):
    """orjson on disk, the whole file replaced atomically; a bad file is a clear error."""

    @classmethod
    def names(cls, folder: Path) -> list[str]:
        return [entry.name for entry in os.scandir(folder)]

    @classmethod
    def delete(cls, path: Path) -> None:
        path.unlink(missing_ok=True)

    def read(self) -> dict[str, Rows] | None:
        try:
            raw = read_regular(self.path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise read_error(self.path, exc) from None
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise damaged(self.path, f"not valid JSON: {exc.args[0]}") from None
        if not isinstance(data, dict) or not all(
            isinstance(table, dict) and all(isinstance(row, dict) for row in table.values())
            for table in data.values()
        ):
            raise damaged(self.path, "not a TinyDB file")
        return data

    def write(self, data: dict[str, Rows]) -> None:
        atomic_write(self.path, orjson.dumps(data))


class MemoryStorage(FileStorage):
    """Files kept in a dict by path: the store's logic without a disk, for tests."""

    files: ClassVar[dict[Path, dict[str, Rows]]] = {}

    @classmethod
    def names(cls, folder: Path) -> list[str]:
        return [path.name for path in cls.files if path.parent == folder]

    @classmethod
    def delete(cls, path: Path) -> None:
        cls.files.pop(path, None)

    def read(self) -> dict[str, Rows] | None:
        return self.files.get(self.path)

    def write(self, data: dict[str, Rows]) -> None:
        self.files[self.path] = orjson.loads(orjson.dumps(data))


StorageClass = type[FileStorage]


class _Batched(Storage):
    """Holds every change in memory until `flush()`: a fold that fails leaves the file as it was.

    (TinyDB's CachingMiddleware does the same, but flushes on its own after a thousand
    writes, which would break a fold into several writes.)
    """

    def __init__(self, inner: FileStorage) -> None:
        self.inner = inner
        self.data: dict[str, Rows] | None = None
        self.changed = False

    def read(self) -> dict[str, Rows] | None:
        if self.data is None:
            self.data = self.inner.read()
        return self.data

    def write(self, data: dict[str, Rows]) -> None:
        self.data = data
        self.changed = True

    def flush(self) -> None:
        if self.changed and self.data is not None:
            self.inner.write(self.data)
            self.changed = False


class TableFile:
    """One TinyDB file: scan its tables, change them, then `save()` them all at once."""

    def __init__(
        self, path: Path, storage: StorageClass = AtomicStorage, *, new: bool = False
    ) -> None:
        """`new`: start from no tables, to replace the file whole without reading it."""
        self.path = path
        self._batched = _Batched(storage(path))
        if new:
            self._batched.data = {}
        self._db = TinyDB(storage=lambda: self._batched)

    def rows(self, table: str) -> Rows:
        """A table's documents by doc id, as stored (read-only; no copies are made).

        Iterating a TinyDB Table copies every document, and a fold scans a whole week of
        answers, so scans read the storage's data directly.
        """
        return (self._batched.read() or {}).get(table, {})

    def insert(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        self._db.table(table).insert_multiple(rows)

    def remove(self, table: str, doc_ids: Iterable[str]) -> None:
        ids = [int(doc_id) for doc_id in doc_ids]
        if ids:
            self._db.table(table).remove(doc_ids=ids)

    def replace(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        self._db.table(table).truncate()
        self.insert(table, rows)

    def save(self) -> None:
        self._batched.flush()
