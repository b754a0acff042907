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

# Times quizzer accepts from outside (QUIZZER_NOW, imported answers, --since/--until):
# the scheduler adds intervals of up to a century to a time, and dates near year 9999
# overflow, so anything outside this window is refused where it enters.
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2200, 1, 1, tzinfo=timezone.utc)
# The longest time one answer may be counted as taking (a question left open overnight
# counts as a day); imported answers claiming more are refused.
MAX_ELAPSED_MS = 24 * 3600 * 1000


def now() -> datetime:
    """The current time, aware and in UTC (or QUIZZER_NOW when it is set)."""
    fixed = os.environ.get("QUIZZER_NOW")
    if not fixed:
        return datetime.now(timezone.utc)
    return in_range(parse_timestamp(fixed, "QUIZZER_NOW"), "QUIZZER_NOW").astimezone(timezone.utc)


def in_window(moment: datetime) -> bool:
    """Whether an aware time lies in the window quizzer can schedule from."""
    return EARLIEST <= moment < LATEST


def in_range(moment: datetime, where: str) -> datetime:
    """`moment`, or BadInput naming `where` when it is outside the window."""
    if not in_window(moment):
        raise BadInput(
            f"{where}: {moment.isoformat()} is outside the times quizzer handles "
            f"({EARLIEST.year} to {LATEST.year - 1}); give a time in that range."
        )
    return moment


def parse_date(text: str, where: str) -> date:
    """A calendar date (`2026-01-31`) inside the window, or BadInput naming `where`."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{where}: {text!r} is not a date; write it like 2026-01-31.") from None
    if not EARLIEST.date() <= day < LATEST.date():
        raise BadInput(
            f"{where}: {day.isoformat()} is outside the dates quizzer handles "
            f"({EARLIEST.year} to {LATEST.year - 1}); give a date in that range."
        )
    return day


def parse_timestamp(text: str, where: str) -> datetime:
    """Read an ISO 8601 timestamp; one without an offset is local time."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadInput(
            f"{where}: {text!r} is not an ISO 8601 timestamp; "
            "write it like 2026-01-31T09:30:00+00:00."
        ) from None
    try:
        return moment if moment.tzinfo else moment.astimezone()
    except (OverflowError, ValueError, OSError):
        raise BadInput(
            f"{where}: {text!r} is outside the times quizzer handles "
            f"({EARLIEST.year} to {LATEST.year - 1}); give a time in that range."
        ) from None


def monotonic() -> float:
    """Seconds from an arbitrary start, for measuring how long something took."""
    return time.monotonic()
