"""Work done on another core while this process goes on: a forked child computes it and
hands the result back through a pipe.

Checking a 100,000-question deck is pure Python on one core; its deck-wide lint (1.3 s)
needs nothing the rest of the check makes, so it runs beside it. Where there is no fork,
or one core, or the child fails, the work is simply done here when its result is asked
for: the result never depends on where it was computed.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable
from typing import Any


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def aside(work: Callable[[], Any]) -> Callable[[], Any]:
    """Start `work` (whose result marshal can carry) and return what waits for its result."""
    if not hasattr(os, "fork") or _cores() < 2:
        return work
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into the caller
        code = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(marshal.dumps(work()))
            code = 0
        finally:
            os._exit(code)
    os.close(write)

    def result() -> Any:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()  # read to the end before waiting: a full pipe blocks the child
        _, status = os.waitpid(pid, 0)
        if status != 0:
            return work()
        return marshal.loads(data)

    return result
