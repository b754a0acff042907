"""Running `quiz` in this process (typer's CliRunner), and calls that must not block."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from typer.testing import CliRunner, Result

from quizzer.cli import app


def quiz(*args: str, input: str | bytes | None = None) -> Result:
    """`quiz ARGS...` in-process, stdin from `input`, stdout and stderr kept apart."""
    return CliRunner().invoke(app, list(args), input=input)


def finishes(call: Callable[[], Any], timeout: float = 10) -> Any:
    """What `call()` returns or raises, failing the test if it blocks (on a FIFO, say).

    The call runs in a daemon thread, so a regression fails the test instead of hanging it.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"blocked for {timeout} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
