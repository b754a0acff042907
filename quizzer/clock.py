"""The one place that reads the time, so tests and the scheduler can travel in time.

Set QUIZZER_NOW to an ISO 8601 timestamp to freeze the clock there. A timestamp
without an offset is read as local time. Durations use a monotonic counter,
which QUIZZER_NOW does not touch.
"""

from __future__ import annotations

import os
import time
from datetime import date, datetime, timezone

from quizzer.errors import BadInput


def now() -> datetime:
    """The current time, aware and in UTC (or QUIZZER_NOW when it is set)."""
    fixed = os.environ.get("QUIZZER_NOW")
    if not fixed:
        return datetime.now(timezone.utc)
    return parse_timestamp(fixed, "QUIZZER_NOW").astimezone(timezone.utc)


def parse_timestamp(text: str, where: str) -> datetime:
    """Read an ISO 8601 timestamp; one without an offset is local time."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadInput(
            f"{where}: {text!r} is not an ISO 8601 timestamp; "
            "write it like 2026-01-31T09:30:00+00:00."
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


def monotonic() -> float:
    """Seconds from an arbitrary start, for measuring how long something took."""
    return time.monotonic()


def local_midnight(day: date) -> datetime:
    """The first moment of a local calendar date, as an aware datetime."""
    return datetime(day.year, day.month, day.day).astimezone()
