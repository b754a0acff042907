"""Settings are bounded to what the scheduler handles, and a config.json quizzer cannot use
is named in one line (exit 1), never an internal error; `quiz doctor` reports it as a finding."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import DATA, run_process
from inproc import quiz

from quizzer import config

TINY = str(DATA / "tiny.json")
LONG = "9" * 5000  # int() refuses strings of over 4,300 digits


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("learning_steps", "3000000d", "learning_steps: '3000000d' is not a step; write durations"),
        ("learning_steps", "366d", "learning_steps: '366d' is not a step"),
        ("relearning_steps", "1m,0s", "relearning_steps: '0s' is not a step"),
        ("relearning_steps", f"{LONG}s", "relearning_steps: '9999999999"),
        ("learning_steps", ",".join(["1m"] * 21), "learning_steps: 21 steps is too many"),
        ("new_per_day", LONG, "new_per_day: '9999999999"),
        ("new_per_day", "\u00b2", "new_per_day: '\u00b2' is not allowed"),
        ("new_per_day", "10000", "new_per_day: '10000' is not allowed"),
        ("retention", "nan", "retention: 'nan' is not allowed"),
        ("retention", LONG, "retention: '9999999999"),
    ],
)
def test_out_of_bounds_settings_are_refused(home: Path, key: str, value: str, message: str) -> None:
    done = quiz("config", "set", key, value)
    assert done.exit_code == 2
    assert done.stderr.startswith(f"quiz: error: {message}"), done.stderr
    assert len(done.stderr) < 300  # the value is quoted, not echoed whole
    assert not (home / "config.json").exists()


def test_the_longest_steps_allowed_still_schedule(home: Path) -> None:
    steps = ",".join(["365d"] * 20)
    for key in ("learning_steps", "relearning_steps"):
        assert quiz("config", "set", key, steps).exit_code == 0
    done = quiz("start", TINY, "--no-shuffle", "-n", "2", input="1\nt\n")
    assert done.exit_code == 0, done.stderr
    assert "Score: 0/2" in done.stdout
    assert quiz("review", TINY, "--plain", input="").exit_code in (0, 130)
    assert quiz("doctor", "--rebuild").exit_code == 0
    assert quiz("config", "get", "learning_steps").stdout == f"{steps}\n"


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"\xff\xfe{}", "not UTF-8: byte 0 is 0xff"),
        (b"{not json", "Expecting property name enclosed in double quotes"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"learning_steps": "3000000d"}', "learning_steps: '3000000d' is not a step"),
        (b'{"new_per_day": ' + LONG.encode() + b"}", "Exceeds the limit"),
        (b'{"new_per_day": "99999"}', "new_per_day: '99999' is not allowed"),
        (b'{"retention": true}', "retention: 'True' is not allowed"),
        (b"[]", "not a JSON object"),
    ],
)
def test_a_config_file_quizzer_cannot_use_is_named(home: Path, content: bytes, why: str) -> None:
    home.mkdir(parents=True)
    path = home / "config.json"
    path.write_bytes(content)
    for args in (("config", "list"), ("stats",), ("start", TINY, "-n", "1")):
        done = quiz(*args, input="2\n")
        assert done.exit_code == 1, (args, done.stdout)
        assert done.stderr.startswith(f"quiz: error: {path} is damaged ("), done.stderr
        assert why in done.stderr
        assert done.stderr.endswith("; fix it by hand, or delete it to go back to the defaults.\n")
    assert path.read_bytes() == content


def test_doctor_reports_a_config_problem_as_a_finding(home: Path) -> None:
    assert quiz("start", TINY, "--no-shuffle", "-n", "1", input="2\n").exit_code == 0
    path = home / "config.json"
    path.write_text('{"learning_steps": "3000000d"}', encoding="utf-8")
    for args in (("doctor",), ("doctor", "--rebuild")):
        done = quiz(*args)
        assert done.exit_code == 1
        assert done.stderr == ""
        first, *rest = done.stdout.splitlines()
        assert first.startswith(f"problem: {path} is damaged (learning_steps: '3000000d'")
        assert rest and all(line.startswith("ok: ") for line in rest), rest  # checked anyway
    assert json.loads(path.read_text(encoding="utf-8")) == {"learning_steps": "3000000d"}


@pytest.mark.e2e
def test_a_config_that_is_a_fifo_or_a_folder_does_not_block(home: Path) -> None:
    home.mkdir(parents=True)
    path = home / "config.json"
    os.mkfifo(path)
    done = run_process("config", "list", timeout=20)
    assert done.returncode == 1
    assert done.stderr == (
        f"quiz: error: {path} is not a regular file (a folder, a FIFO or a device); move it "
        "aside to go back to the default settings.\n"
    )
    doctor = run_process("doctor", timeout=20)
    assert doctor.returncode == 1
    assert doctor.stdout.startswith(f"problem: {path} is not a regular file")
    path.unlink()
    path.mkdir()
    assert "is not a regular file" in quiz("stats").stderr


def test_config_set_in_a_data_directory_that_is_a_file(tmp_path: Path, home: Path) -> None:
    home.write_text("not a folder", encoding="utf-8")
    done = quiz("config", "set", "retention", "0.8")
    assert done.exit_code == 1
    assert done.stderr == (
        f"quiz: error: {home} is a file, not a directory; move it aside or set "
        "QUIZZER_HOME to a directory.\n"
    )
    assert quiz("config", "get", "retention").stdout == "0.9\n"
    assert home.read_text(encoding="utf-8") == "not a folder"


def test_bounds_are_documented_where_the_learner_looks(home: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "1s to 365d, at most 20" in readme
    assert "0-9999" in readme
    help_text = quiz("config", "set", "--help").stdout
    assert "365d" in help_text and "at most 20" in help_text
    assert config.MAX_STEPS == 20 and config.MAX_STEP.days == 365
