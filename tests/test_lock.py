"""The data directory's lock: exclusive between holders, reentrant for one, clear when stuck."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzer.errors import DataError
from quizzer.store import datadir
from quizzer.store.datadir import DataDir, Lock
from quizzer.store.lockfile import FileLock


def test_a_held_lock_keeps_out_another_holder_until_released(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / ".lock"), FileLock(tmp_path / ".lock")
    assert first.acquire(timeout=0)
    assert not second.acquire(timeout=0)
    first.release()
    assert second.acquire(timeout=0)
    second.release()


def test_the_store_lock_is_reentrant_and_released_by_the_outermost_hold(tmp_path: Path) -> None:
    lock = Lock(DataDir(tmp_path), None)
    other = FileLock(tmp_path / ".lock")
    with lock.held():
        with lock.held():
            assert not other.acquire(timeout=0)
        assert not other.acquire(timeout=0)  # still held by the outer hold
    assert other.acquire(timeout=0)
    other.release()


def test_a_lock_that_stays_taken_is_announced_then_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(datadir, "LOCK_NOTICE_AFTER", 0.0)
    monkeypatch.setattr(datadir, "LOCK_GIVE_UP_AFTER", 0.0)
    holder = FileLock(tmp_path / ".lock")
    assert holder.acquire(timeout=0)
    said: list[str] = []
    with pytest.raises(DataError) as caught, Lock(DataDir(tmp_path), said.append).held():
        pass
    assert said == [f"waiting for another quiz using {tmp_path} to finish writing..."]
    assert str(caught.value) == (
        f"{tmp_path / '.lock'} stayed locked by another quiz for 0 s; "
        "finish or stop that quiz and try again."
    )
    holder.release()


def test_a_lock_file_that_cannot_be_opened_is_named(tmp_path: Path) -> None:
    (tmp_path / ".lock").mkdir()
    lock = Lock(DataDir(tmp_path), None)
    with pytest.raises(DataError, match=r"\.lock: cannot lock \(Is a directory\)"), lock.held():
        pass


def test_an_error_inside_the_lock_names_the_file_and_releases(tmp_path: Path) -> None:
    lock = Lock(DataDir(tmp_path), None)
    gone = "missing: No such file or directory; nothing already"
    with pytest.raises(DataError, match=gone), lock.held():
        (tmp_path / "missing").read_text()
    other = FileLock(tmp_path / ".lock")
    assert other.acquire(timeout=0)
    other.release()
