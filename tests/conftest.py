"""Shared fixtures: a private data directory per test and a runner for the installed `quiz`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from quizzer.progress import Progress, ProgressProjection
from quizzer.scheduler import Scheduler
from quizzer.store import Store

DATA = Path(__file__).parent / "data"
BIN = Path(sys.executable).parent
QUIZ = str(BIN / "quiz")
RAM_DISK = Path("/dev/shm")


def pytest_configure(config: pytest.Config) -> None:
    """Temporary directories (every test's data directory) go on the RAM disk where the
    machine has one, unless told where: the test processes alone make over 15,000 fsyncs,
    each a wait on the disk, and a kill test kills the process, not the machine, so what it
    proves does not depend on them reaching the disk (the suite took 81 s on disk against
    68 s on the RAM disk, one run after the other on two cores)."""
    told = config.option.basetemp or os.environ.get("PYTEST_DEBUG_TEMPROOT")
    if not told and os.access(RAM_DISK, os.W_OK | os.X_OK):
        tempfile.tempdir = str(RAM_DISK)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty QUIZZER_HOME for every test, set for this process and inherited by
    subprocesses, so no test can touch a real data directory."""
    path = tmp_path / "home"
    monkeypatch.setenv("QUIZZER_HOME", str(path))
    monkeypatch.delenv("QUIZZER_NOW", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    # Parallel workers inherit COLUMNS/LINES from the runner; a terminal test must see the
    # size of its own pseudo-terminal, and every other test rich's default width.
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    return path


def open_store(home: Path) -> Store[Progress]:
    """The store in `home`, folding answers into cards with the default settings."""
    return Store(home, projection=ProgressProjection(Scheduler()))


def run_process(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the installed `quiz` as a whole process with `stdin` piped in (for what only a
    real process shows: signals, broken pipes, start-up)."""
    return subprocess.run(
        [QUIZ, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def run_quiz(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `quiz ARGS` in this process (typer's CliRunner), with `env` set for the call;
    the result reads like a finished process: returncode, stdout, stderr."""
    from quizzer.cli import app

    saved = {key: os.environ.get(key) for key in env or {}}
    os.environ.update(env or {})
    time.tzset()  # a TZ in `env` takes effect as it would in a new process
    try:
        done = CliRunner().invoke(app, list(args), input=stdin, prog_name="quiz")
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        time.tzset()
    if done.exception is not None and not isinstance(done.exception, SystemExit):
        raise done.exception
    return subprocess.CompletedProcess(["quiz", *args], done.exit_code, done.stdout, done.stderr)


def invoke(*args: str, stdin: str = "") -> Result:
    """Run `quiz ARGS` in this process (typer's CliRunner): stdout and stderr apart."""
    from quizzer.cli import app

    return CliRunner().invoke(app, list(args), input=stdin)


def stats_json(**kwargs: Any) -> dict[str, Any]:
    """`quiz stats --json`, parsed."""
    done = run_quiz("stats", "--json", **kwargs)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
