"""Imported answers at and beyond every documented bound: refused with line and field
named, or accepted, and then every command that reads the history still works."""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from inproc import quiz

from quizzer.clock import MAX_ELAPSED_MS

BASE = {
    "id": "good-1",
    "deck": "deepseek-company",
    "question": "q1",
    "session": "20260301T090000Z-abc",
    "answered_at": "2026-03-01T09:00:00+00:00",
    "correct": True,
    "response": "x",
    "elapsed_ms": 1000,
    "outcome": "right",
    "rating": 3,
}

EDGES = [
    datetime(1970, 1, 1, tzinfo=timezone.utc),
    datetime(2199, 12, 31, 23, 59, 59, tzinfo=timezone.utc),
]


def _stamp(moment: datetime, offset_hours: int) -> str:
    zone = timezone(timedelta(hours=offset_hours))
    try:
        return moment.astimezone(zone).isoformat()
    except OverflowError:
        return moment.replace(tzinfo=zone).isoformat()


times = st.builds(
    _stamp,
    st.one_of(
        st.sampled_from(EDGES),
        st.sampled_from(EDGES).map(lambda t: t - timedelta(seconds=1)),
        st.sampled_from(EDGES).map(lambda t: t + timedelta(seconds=1)),
        st.datetimes(
            min_value=datetime(1, 1, 2),
            max_value=datetime(9999, 12, 30),
            timezones=st.just(timezone.utc),
        ),
    ),
    st.integers(-14, 14),
)
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "answered_at": times,
    "elapsed_ms": st.one_of(
        st.sampled_from([0, MAX_ELAPSED_MS, MAX_ELAPSED_MS + 1, -1, 2**63, 2**64 - 1, True, 1.5]),
        st.integers(0, 2 * MAX_ELAPSED_MS),
    ),
    "day": st.one_of(
        st.none(), st.sampled_from(["2026-03-01", "2026-03-02", "2026-02-27", "2026-99-99", "x"])
    ),
    "rating": st.sampled_from([0, 1, 4, 5, -1, True, "3"]),
    "correct": st.sampled_from([True, False, "yes", 1]),
    "deck": st.sampled_from(["deepseek-company", "a" * 64, "a" * 65, "../x", "Deck", ""]),
    "id": st.one_of(
        st.sampled_from(["", "i" * 200, "i" * 201, "a\x1bb", "\u202e"]), st.text(max_size=5)
    ),
    "session": st.sampled_from(["s", "s" * 200, "s" * 201, "s\x00", "20260301T090000Z-x"]),
    "outcome": st.sampled_from(["", "o" * 40, "o" * 41, 3, "right\x1b"]),
    "response": st.one_of(
        st.sampled_from([None, [1, "a"], {"k": 1}, "r" * 99_998, "r" * 99_999]),
        st.text(max_size=20),
    ),
}
WHERE = re.compile(r'^quiz: error: (?P<file>.+):2: "(?P<field>[a-z_]+)"')


@settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.fixed_dictionaries({}, optional=VALUES))
def test_an_import_is_refused_where_it_breaks_a_bound_or_everything_still_works(
    home: Path, changes: dict[str, Any]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # A data directory per example; the `home` fixture restores QUIZZER_HOME after.
        os.environ["QUIZZER_HOME"] = str(Path(tmp) / "home")
        line = {**BASE, "id": "probe", **changes}
        if line.get("day") is None:
            line.pop("day", None)
        log = Path(tmp) / "log.jsonl"
        log.write_text(f"{json.dumps(BASE)}\n{json.dumps(line)}\n", encoding="utf-8")
        done = quiz("history", "import", str(log))
        if done.exit_code == 2:
            found = WHERE.match(done.stderr)
            assert found, done.stderr
            assert found["file"] == str(log)
            assert found["field"] in VALUES or found["field"] == "question", done.stderr
            assert "nothing was imported" in done.stderr
            event("refused")
            return
        event("accepted")
        assert done.exit_code == 0, (done.stderr, done.exception)
        for args in (
            ("stats", "--json"),
            ("stats", "deepseek-company"),
            ("history", "export"),
            ("doctor", "--rebuild"),
            ("start", "deepseek-company", "--plain", "-n", "1"),
        ):
            after = quiz(*args, input="1\nt\n1\n")
            assert after.exit_code == 0, (args, line, after.stderr, after.exception)
        assert len(quiz("history", "export").stdout.splitlines()) == 3
