"""What every command shares: how errors and notices reach stderr, and opening the store."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from quizzer.progress import Progress
    from quizzer.scheduler import Scheduler
    from quizzer.store import Store


# Options that `quiz start` and `quiz review` share.
Limit = Annotated[
    int | None,
    typer.Option(
        "--limit", "-n", min=1, metavar="N", help="Ask at most N questions.", show_default=False
    ),
]
Plain = Annotated[
    bool,
    typer.Option(
        "--plain",
        help="One line of input per answer, no colour (chosen anyway when not in a terminal).",
    ),
]


def notice(message: str) -> None:
    """One line on stderr, as `quiz: ...`, after flushing stdout so the order reads right.

    Messages often quote what the learner typed or a deck held, so control characters
    are shown escaped, never sent to the terminal.
    """
    from quizzer.text import clean

    sys.stdout.flush()
    print(f"quiz: {clean(message)}", file=sys.stderr, flush=True)


def load_scheduler() -> Scheduler:
    """The FSRS scheduler with the learner's settings (`quiz config`)."""
    from quizzer import config
    from quizzer.paths import data_home
    from quizzer.scheduler import Scheduler

    return Scheduler(config.load(data_home()))


def open_store(scheduler: Scheduler | None = None) -> Store[Progress]:
    """The learner's store, folding answers into cards with `scheduler` (or the learner's).

    Waiting on another `quiz`, and anything the store had to set aside, is said on stderr.
    """
    from quizzer.progress import ProgressProjection
    from quizzer.store import Store

    return Store(projection=ProgressProjection((scheduler or load_scheduler()).fold), notify=notice)
