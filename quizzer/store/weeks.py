"""The history's week files: which files they are, and their answers read back in time order.

A week file `YYYY-Www.json` holds the answers of the sessions that started in that ISO
week (UTC) and each session's totals. Anything else in `history/` (a copy a file manager
or a sync tool made, say) is not history: it is left alone and named by `quiz doctor`.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from quizzer.store.tables import Rows, StorageClass, TableFile, damaged

_WEEK = re.compile(r"^(\d{4})-W(\d{2})\.json$")
ANSWERS = "answers"
SESSIONS = "sessions"


def week_start(path: Path) -> str | None:
    """The first moment of a week file's ISO week, as UTC ISO text; None if it is no week."""
    found = _WEEK.match(path.name)
    if not found:
        return None
    try:
        start = date.fromisocalendar(int(found[1]), int(found[2]), 1)
    except ValueError:
        return None
    return datetime(start.year, start.month, start.day, tzinfo=timezone.utc).isoformat()


def week_files(history: Path, storage: StorageClass) -> list[Path]:
    """The week files, oldest week first."""
    return sorted(history / name for name in storage.names(history) if week_start(history / name))


def strays(history: Path, storage: StorageClass, *, known: tuple[str, ...] = ()) -> list[Path]:
    """Files in history/ that are neither week files nor `known` ones (ignored, and
    reported by doctor)."""
    return sorted(
        history / name
        for name in storage.names(history)
        if week_start(history / name) is None and not name.startswith(".") and name not in known
    )


def answer_rows(file: TableFile) -> Rows:
    """A week file's answer rows, by doc id, each checked to be an answer row."""
    rows = file.rows(ANSWERS)
    for row in rows.values():
        if not (isinstance(row.get("id"), str) and isinstance(row.get("answered_at"), str)):
            raise damaged(file.path, "an answer row without an id or a time")
    return rows


def in_time_order(history: Path, storage: StorageClass) -> Iterator[dict[str, Any]]:
    """Every stored answer row, oldest first, holding about two weeks in memory.

    A week's file holds the sessions that started that week, so its answers are never
    older than the week's start: rows older than the next file's week can go.
    """
    heap: list[tuple[str, int, dict[str, Any]]] = []
    count = 0
    for week in week_files(history, storage):
        start = week_start(week) or ""
        while heap and heap[0][0] < start:
            yield heapq.heappop(heap)[2]
        for row in answer_rows(TableFile(week, storage)).values():
            heapq.heappush(heap, (row["answered_at"], count, row))
            count += 1
    while heap:
        yield heapq.heappop(heap)[2]
