"""Dates and times given on the command line lie in the window quizzer handles, or are
refused (exit 2) with the option named."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import DATA
from inproc import quiz

from quizzer import clock
from quizzer.errors import BadInput

OUTSIDE_DATES = "is outside the dates quizzer handles (1970 to 2199); give a date in that range."


@pytest.fixture
def answered(home: Path) -> None:
    done = quiz("start", str(DATA / "tiny.json"), "--no-shuffle", "-n", "1", input="2\n")
    assert done.exit_code == 0, done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "0001-01-01"), f"--since: 0001-01-01 {OUTSIDE_DATES}"),
        (("--until", "9999-12-31"), f"--until: 9999-12-31 {OUTSIDE_DATES}"),
        (("--since", "1969-12-31"), f"--since: 1969-12-31 {OUTSIDE_DATES}"),
        (("--until", "2200-01-01"), f"--until: 2200-01-01 {OUTSIDE_DATES}"),
        (("tiny", "--since", "0001-01-01", "--json"), f"--since: 0001-01-01 {OUTSIDE_DATES}"),
        (("--csv", "--until", "9999-12-31"), f"--until: 9999-12-31 {OUTSIDE_DATES}"),
        (("--since", "2026-13-01"), "--since: '2026-13-01' is not a date; write it like"),
    ],
)
def test_stats_refuses_dates_outside_the_window(
    answered: None, args: tuple[str, ...], message: str
) -> None:
    done = quiz("stats", *args)
    assert done.exit_code == 2
    assert done.stderr.startswith(f"quiz: error: {message}"), done.stderr
    assert done.stdout == ""


def test_stats_takes_the_first_and_last_dates_of_the_window(answered: None) -> None:
    done = quiz("stats", "--since", "1970-01-01", "--until", "2199-12-31", "--json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["totals"]["answered"] == 1


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("0001-01-01", "--since: '0001-01-01' is outside the times quizzer handles"),
        ("9999-12-31", "--since: 9999-12-31T00:00:00"),
        ("2300-01-01T00:00:00+00:00", "--since: 2300-01-01T00:00:00+00:00 is outside"),
        ("1969-12-31T23:59:59+00:00", "--since: 1969-12-31T23:59:59+00:00 is outside"),
    ],
)
def test_history_export_refuses_times_outside_the_window(
    answered: None, since: str, message: str
) -> None:
    done = quiz("history", "export", "--since", since)
    assert done.exit_code == 2
    assert done.stderr.startswith(f"quiz: error: {message}"), done.stderr
    assert done.stdout == ""


def test_history_export_since_a_date_in_the_window(answered: None) -> None:
    done = quiz("history", "export", "--since", "1970-01-02")
    assert done.exit_code == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1


def test_parse_date_bounds(home: Path) -> None:
    assert clock.parse_date("1970-01-01", "--x") == date(1970, 1, 1)
    assert clock.parse_date("2199-12-31", "--x") == date(2199, 12, 31)
    for text in ("1969-12-31", "2200-01-01", "0001-01-01", "9999-12-31"):
        with pytest.raises(BadInput, match=f"^--x: {text} is outside the dates"):
            clock.parse_date(text, "--x")
