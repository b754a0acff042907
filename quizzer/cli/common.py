"""What every command shares: how errors and notices reach stderr, and opening the store."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizzer.store import Store


def notice(message: str) -> None:
    """One line on stderr, as `quiz: ...`, after flushing stdout so the order reads right."""
    sys.stdout.flush()
    print(f"quiz: {message}", file=sys.stderr, flush=True)


def open_store() -> Store:
    """The learner's store; waiting on another `quiz` is announced on stderr."""
    from quizzer.store import Store

    return Store(on_wait=notice)
