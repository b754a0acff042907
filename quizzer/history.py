"""The answer log as JSON Lines: one answer per line, for the journal, export and import.

Each line is `Answer.to_dict()`: id, deck, question, session, answered_at (ISO 8601 with
an offset), correct, response, elapsed_ms, outcome, rating, day (the local date of the
answer; from answered_at's own offset when absent). Import validates every line and names
the first bad one; unknown keys are allowed and ignored.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

import orjson

from quizzer.models import Answer

_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAX_TOKEN = 200


def dumps(answer: Answer) -> bytes:
    """One log line, newline included."""
    return orjson.dumps(answer.to_dict()) + b"\n"


def parse_line(line: bytes) -> Answer:
    """Parse and check one log line; raise ValueError saying what is wrong."""
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.args[0]})") from None
    if not isinstance(data, dict):
        raise ValueError("each line must be a JSON object")
    return answer_from(data)


def _token(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value or len(value) > _MAX_TOKEN:
        raise ValueError(f'"{key}" must be a non-empty string of at most {_MAX_TOKEN} characters')
    return value


def answer_from(data: dict[str, Any]) -> Answer:
    """Check the keys of one answer and build it; times are converted to UTC."""
    for key in ("deck", "question"):
        if not _ID.match(_token(data, key)):
            raise ValueError(f'"{key}" {data[key]!r} is not a valid id')
    answer_id, session = _token(data, "id"), _token(data, "session")
    stamp = data.get("answered_at")
    try:
        moment = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValueError('"answered_at" must be an ISO 8601 time with an offset')
    correct, elapsed = data.get("correct"), data.get("elapsed_ms")
    if not isinstance(correct, bool):
        raise ValueError('"correct" must be true or false')
    if not isinstance(elapsed, int) or isinstance(elapsed, bool) or elapsed < 0:
        raise ValueError('"elapsed_ms" must be a whole number of milliseconds, 0 or more')
    if "response" not in data:
        raise ValueError('"response" is missing')
    outcome = data.get("outcome", "")
    if not isinstance(outcome, str):
        raise ValueError('"outcome" must be a string')
    rating = data.get("rating", 0)
    if rating not in (0, 1, 2, 3, 4) or isinstance(rating, bool):
        raise ValueError('"rating" must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)')
    day = data.get("day") or moment.date().isoformat()
    if not isinstance(day, str) or not _DAY.match(day):
        raise ValueError('"day" must be a date like 2026-01-31')
    return Answer(
        id=answer_id,
        deck=data["deck"],
        question=data["question"],
        session=session,
        answered_at=moment.astimezone(timezone.utc),
        correct=correct,
        response=data["response"],
        elapsed_ms=elapsed,
        outcome=outcome,
        rating=rating,
        day=day,
    )
