"""An operation run in a forked child that SIGKILLs itself just before its k-th change to a
file, for the kill tests that stop an operation at every step in turn.

A fork runs this process's quizzer without the cost of a new interpreter (about a tenth of
a second per kill). The wrappers are installed in the child only, and quizzer binds no `os`
function by name, so every call it makes is counted. What the child says before it dies
reaches the parent through a pipe, a line at a time, so nothing it confirmed is missed.
"""

from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

CHANGES = ("replace", "unlink", "rmdir")  # the changes that move a data directory on


class Ending(NamedTuple):
    finished: bool  # False: killed before it ended
    said: list[str]  # every line the child said, up to its end or its kill


def run_dying(
    kill_at: int,
    operation: Callable[[Callable[[str], None]], None],
    changes: Iterable[str] = CHANGES,
) -> Ending:
    """Run `operation(say)` in a child that dies just before change number `kill_at`."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        os.close(read)
        _child(kill_at, operation, changes, write)
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as pipe:
        said = pipe.read().splitlines()
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status):
        assert os.WEXITSTATUS(status) == 0, f"killed at {kill_at}: the operation failed"
        return Ending(True, said)
    assert os.WTERMSIG(status) == signal.SIGKILL, status
    return Ending(False, said)


def _child(
    kill_at: int,
    operation: Callable[[Callable[[str], None]], None],
    changes: Iterable[str],
    write: int,
) -> None:
    steps = [0]

    def say(line: str) -> None:
        os.write(write, f"{line}\n".encode())

    def counted(real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            steps[0] += 1
            if steps[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return wrapper

    code = 1
    try:
        for name in changes:
            setattr(os, name, counted(getattr(os, name)))
        operation(say)
        code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code)
