"""Pending batches: answers on their way from the journal or an import into the history.

A batch is a folder in `pending/` holding one spool file of answers per history week. It
is written under a `.tmp` name and renamed when complete, so a batch either exists whole
or not at all; filing it (quizzer.store.filing) removes each spool as its week is done.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import orjson

from quizzer import clock, history
from quizzer.files import fsync_dir, read_error, read_regular, write_error
from quizzer.models import Answer, Undo
from quizzer.store.tables import damaged

_BATCH = re.compile(r"^\d{8}T\d{6}-[0-9a-f]{8}$")
_SPOOL = re.compile(r"^\d{4}-W\d{2}\.jsonl$")
UNDOS = "undos.jsonl"
# An empty file in a batch whose entries go to the outbox before it is filed (filing.py).
PUBLISH = "publish"


def stage(pending: Path, entries: Iterable[Answer | Undo], *, publish: bool = False) -> Path:
    """Write answers as a new batch, one spool file per history week (undos in one spool
    of their own); return the batch. If writing (or `entries` itself) fails, the
    half-written batch is removed. `publish` marks the batch for the outbox: this
    device's own answers, which `quiz sync` sends to its other devices.
    """
    batch = pending / f"{clock.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.tmp"
    try:
        batch.mkdir()
    except OSError as exc:
        raise write_error(batch, exc) from None
    spools: dict[str, IO[bytes]] = {}
    try:
        for entry in entries:
            name = f"{entry.history_week}.jsonl" if isinstance(entry, Answer) else UNDOS
            if name not in spools:
                spools[name] = open(batch / name, "wb")  # noqa: SIM115
            spools[name].write(history.dumps(entry, where=True))
        if publish:
            spools[PUBLISH] = open(batch / PUBLISH, "wb")  # noqa: SIM115
        for spool in spools.values():
            spool.flush()
            os.fsync(spool.fileno())
            spool.close()
        done = batch.with_suffix("")
        fsync_dir(batch)
        os.replace(batch, done)
        fsync_dir(pending)
    except BaseException:
        for spool in spools.values():
            spool.close()
        shutil.rmtree(batch, ignore_errors=True)
        raise
    return done


def committed(pending: Path) -> list[Path]:
    """The complete batches, oldest first (anything else in pending/ is not a batch)."""
    return sorted(p for p in pending.iterdir() if _BATCH.match(p.name) and p.is_dir())


def strays(pending: Path) -> list[Path]:
    """Files in pending/ that are neither batches nor batches being written."""
    return sorted(
        p
        for p in pending.iterdir()
        if not (_BATCH.match(p.name) and p.is_dir()) and not p.name.endswith(".tmp")
    )


def spools(batch: Path) -> list[Path]:
    """A batch's answer spools, by week (its undos are read with `read_undos`); anything
    else in it means the batch is damaged."""
    found = sorted(batch.iterdir())
    for spool in found:
        if not _SPOOL.match(spool.name) and spool.name not in (UNDOS, PUBLISH):
            raise damaged(spool, "not part of a pending batch")
    return [spool for spool in found if spool.name not in (UNDOS, PUBLISH)]


def read_undos(batch: Path) -> list[Undo]:
    """The undos a batch holds (none when it has no undo spool)."""
    spool = batch / UNDOS
    if not spool.exists():
        return []
    try:
        raw = read_regular(spool)
    except OSError as exc:
        raise read_error(spool, exc) from None
    out = []
    for number, line in enumerate(raw.splitlines(), start=1):
        try:
            out.append(history.undo_from(orjson.loads(line)))
        except (ValueError, TypeError, AttributeError):
            raise damaged(spool, f"line {number} is not an undo") from None
    return out


def read_spool(spool: Path) -> list[dict[str, Any]]:
    """A spool's answer rows; `stage` wrote them whole from checked answers, so a line
    that is not an answer row means the file was damaged afterwards."""
    try:
        raw = read_regular(spool)
    except OSError as exc:
        raise read_error(spool, exc) from None
    rows = []
    for number, line in enumerate(raw.splitlines(), start=1):
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError:
            row = None
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            raise damaged(spool, f"line {number} is not an answer")
        rows.append(row)
    return rows


def remove(batch: Path) -> None:
    """Delete a batch that has been filed."""
    batch.rmdir()
    fsync_dir(batch.parent)
