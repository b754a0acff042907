"""The answer log as JSON Lines: one answer or undo per line, for the journal, export and import.

An answer line is `Answer.to_dict()`: id, deck, question, session, answered_at (ISO 8601
with an offset), correct, response, elapsed_ms, outcome, rating, day (the local date of
the answer; from answered_at's own offset when absent). An undo line is
`{"undo": ANSWER_ID, "undone_at": TIME}` (the journal adds where the answer is kept).
Import validates every line and names the first bad one; unknown keys are allowed and
ignored.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

import orjson

from quizzer.clock import EARLIEST, LATEST, MAX_ELAPSED_MS, in_window
from quizzer.models import Answer, Undo, is_id

Entry = Answer | Undo

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEEK = re.compile(r"^\d{4}-W\d{2}$")
MAX_TOKEN = 200
_MAX_OUTCOME = 40
# A response is what the learner typed or picked; more than this is not an answer.
MAX_RESPONSE_BYTES = 100_000
_WINDOW = f"between {EARLIEST.year} and {LATEST.year - 1}"


def dumps(entry: Entry, *, where: bool = False) -> bytes:
    """One log line, newline included (an undo says where its answer is, if asked)."""
    data = entry.to_dict(where=where) if isinstance(entry, Undo) else entry.to_dict()
    return orjson.dumps(data) + b"\n"


def parse_entry(line: bytes) -> Entry:
    """Parse and check one log line, an answer or an undo; ValueError says what is wrong."""
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.args[0]})") from None
    if not isinstance(data, dict):
        raise ValueError("each line must be a JSON object")
    return undo_from(data) if "undo" in data else answer_from(data)


def parse_line(line: bytes) -> Answer:
    """Parse and check one answer line."""
    entry = parse_entry(line)
    if isinstance(entry, Undo):
        raise ValueError("an undo where an answer was expected")
    return entry


def undo_from(data: dict[str, Any]) -> Undo:
    """Check one undo line and build it."""
    answer = _token(data, "undo")
    stamp = data.get("undone_at")
    try:
        moment = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValueError('"undone_at" must be an ISO 8601 time with an offset')
    utc = moment.astimezone(timezone.utc) if in_window(moment) else None
    if utc is None:
        raise ValueError(f'"undone_at" {stamp} must be a time {_WINDOW}')
    hints = {}
    for key in ("deck", "question"):
        if data.get(key) is not None:
            hints[key] = _token(data, key)
            if not is_id(hints[key]):
                raise ValueError(f'"{key}" {hints[key]!r} is not a valid id')
    week = data.get("week", "")
    if not isinstance(week, str) or (week and not _WEEK.match(week)):
        raise ValueError('"week" must be a week like 2026-W09')
    return Undo(answer, utc, hints.get("deck", ""), hints.get("question", ""), week)


def _token(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value or len(value) > MAX_TOKEN or not value.isprintable():
        raise ValueError(
            f'"{key}" must be a non-empty string of at most {MAX_TOKEN} printable characters'
        )
    return value


def _moment(stamp: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValueError('"answered_at" must be an ISO 8601 time with an offset')
    try:
        utc = moment.astimezone(timezone.utc)
    except OverflowError:
        utc = LATEST
    if not in_window(utc):
        raise ValueError(f'"answered_at" {stamp} must be a time {_WINDOW}')
    return utc


def _day(data: dict[str, Any], moment: datetime, offset: timedelta | None) -> str:
    """The learner's local date: given, or the date of answered_at in its own offset;
    it can differ from the UTC date by a day at most."""
    day = data.get("day")
    if not day:
        return (moment + (offset or timedelta())).date().isoformat()
    try:
        parsed = date.fromisoformat(day) if isinstance(day, str) and _DAY.match(day) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValueError('"day" must be a date like 2026-01-31')
    if abs((parsed - moment.date()).days) > 1:
        raise ValueError(f'"day" {day} is not the date of "answered_at" in any time zone')
    return parsed.isoformat()


def _result(data: dict[str, Any]) -> tuple[bool, int]:
    """Whether the answer was right and how long it took, checked; the response must be
    there and of a size the history can hold."""
    correct, elapsed = data.get("correct"), data.get("elapsed_ms")
    if not isinstance(correct, bool):
        raise ValueError('"correct" must be true or false')
    if (
        not isinstance(elapsed, int)
        or isinstance(elapsed, bool)
        or not 0 <= elapsed <= MAX_ELAPSED_MS
    ):
        raise ValueError(
            f'"elapsed_ms" must be a whole number of milliseconds from 0 to {MAX_ELAPSED_MS:,}'
        )
    if "response" not in data:
        raise ValueError('"response" is missing')
    if len(orjson.dumps(data["response"])) > MAX_RESPONSE_BYTES:
        raise ValueError(f'"response" is longer than {MAX_RESPONSE_BYTES:,} bytes')
    return correct, elapsed


def _labels(data: dict[str, Any]) -> tuple[bool, str, str]:
    """practice, the session's kind and the question's version, checked: labels kept
    short and printable, so they never spoil what prints them later."""
    practice, kind, version = (
        data.get("practice", False),
        data.get("kind", ""),
        data.get("version", ""),
    )
    if not isinstance(practice, bool):
        raise ValueError('"practice" must be true or false')
    if not isinstance(kind, str) or len(kind) > 20 or not kind.isprintable():
        raise ValueError('"kind" must be a string of at most 20 characters')
    if not isinstance(version, str) or len(version) > 16 or (not version.isalnum() and version):
        raise ValueError('"version" must be up to 16 letters and digits')
    return practice, kind, version


def answer_from(data: dict[str, Any]) -> Answer:
    """Check the keys of one answer and build it; times are converted to UTC.

    Every value is held to what the rest of quizzer can handle (times within the clock's
    window, elapsed times of a day at most, text that prints), so one imported line can
    never stop a later command.
    """
    for key in ("deck", "question"):
        if not is_id(_token(data, key)):
            raise ValueError(f'"{key}" {data[key]!r} is not a valid id')
    answer_id, session = _token(data, "id"), _token(data, "session")
    stamp = data.get("answered_at")
    moment = _moment(stamp)
    correct, elapsed = _result(data)
    outcome = data.get("outcome", "")
    if not isinstance(outcome, str) or len(outcome) > _MAX_OUTCOME or not outcome.isprintable():
        raise ValueError(f'"outcome" must be a string of at most {_MAX_OUTCOME} characters')
    rating = data.get("rating", 0)
    if rating not in (0, 1, 2, 3, 4) or isinstance(rating, bool):
        raise ValueError('"rating" must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)')
    day = _day(data, moment, datetime.fromisoformat(str(stamp)).utcoffset())
    practice, kind, version = _labels(data)
    return Answer(
        id=answer_id,
        deck=data["deck"],
        question=data["question"],
        session=session,
        answered_at=moment,
        correct=correct,
        response=data["response"],
        elapsed_ms=elapsed,
        outcome=outcome,
        rating=rating,
        day=day,
        practice=practice,
        kind=kind,
        version=version,
    )


def stored(row: dict[str, Any]) -> Answer:
    """A row of the history files as an Answer; ValueError for one quizzer cannot use.

    Rows were checked when they entered, so this only guards what the rest of quizzer
    relies on (a time in the window, a bounded elapsed time, a rating), cheaply.
    """
    try:
        answer = Answer.from_dict(row)
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"not an answer ({type(exc).__name__}: {exc})") from None
    if not in_window(answer.answered_at):
        raise ValueError(f"its time {row['answered_at']} is not {_WINDOW}")
    if not isinstance(answer.elapsed_ms, int) or not 0 <= answer.elapsed_ms <= MAX_ELAPSED_MS:
        raise ValueError(f"its elapsed time {answer.elapsed_ms!r} is out of range")
    if answer.rating not in (0, 1, 2, 3, 4) or not isinstance(answer.correct, bool):
        raise ValueError("its rating or verdict is not one quizzer knows")
    return answer
