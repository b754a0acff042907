"""What every command shares: how errors and notices reach stderr, opening the store, and
setting up a study session."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from quizzer.models import Deck
    from quizzer.progress import Progress
    from quizzer.scheduler import Scheduler
    from quizzer.session import Asker, Session
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
    notices([message])


def notices(messages: Iterable[str]) -> None:
    """Lines on stderr as `notice` writes them, in one write: a big deck's 20,000
    warnings cost 0.04 s instead of 0.18 s."""
    from quizzer.text import clean

    sys.stdout.flush()
    sys.stderr.write("".join(f"quiz: {clean(message)}\n" for message in messages))
    sys.stderr.flush()


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

    return Store(projection=ProgressProjection(scheduler or load_scheduler()), notify=notice)


@contextmanager
def session_store(scheduler: Scheduler | None = None) -> Iterator[Store[Progress]]:
    """The store for a study session, synced with the `sync_dir` folder (when set) at the
    start and again at the end, even after Ctrl-C.

    A sync never blocks a session: one that fails (an unreachable or half-synced folder)
    is one line on stderr, and the session goes on with the answers on this device.
    """
    from quizzer import config
    from quizzer.paths import data_home

    folder = config.sync_dir(data_home())
    with open_store(scheduler) as store:
        if folder is not None:
            _sync_quietly(store, folder, "this session goes on with the answers on this device")
        try:
            yield store
        finally:
            if folder is not None:
                _sync_quietly(store, folder, "this session's answers are sent at the next sync")


def interactive(plain: bool) -> bool:
    """Whether to ask with arrow keys: not with `--plain`, and only in a terminal."""
    return not plain and sys.stdin.isatty() and sys.stdout.isatty()


def study_session(
    title: str,
    asker: Asker,
    store: Store[Progress],
    progress: Progress,
    scheduler: Scheduler,
    decks: Sequence[Deck] = (),
) -> Session:
    """A session that records into `store`, scheduling from `progress` (the store's cards
    and totals), and knows the source of each of `decks`."""
    from quizzer.session import Session, SessionCards

    session = Session(title, asker, store, SessionCards(scheduler, progress.cards, progress.totals))
    for deck in decks:
        session.sources[deck.id] = deck.source if isinstance(deck.source, str) else ""
    return session


def _sync_quietly(store: Store[Progress], folder: Path, then: str) -> None:
    """Sync, saying only what arrived (`Synced: 34 answers from laptop`) and what failed."""
    from quizzer.errors import QuizzerError
    from quizzer.paths import user_decks_dir
    from quizzer.sync import engine
    from quizzer.text import clean

    try:
        store.fold()  # the session's answers into the outbox
        if engine.up_to_date(store.home, store.folder.outbox, user_decks_dir(), folder):
            return
        report = engine.run(store, folder, user_decks_dir())
    except QuizzerError as exc:
        notice(f"sync: {exc.message.rstrip('.')}; {then}.")
        return
    except OSError as exc:
        notice(f"sync: {folder}: {exc.strerror or exc}; {then}.")
        return
    for line in [*report.warnings, *(f"warning: {line}" for line in report.stuck)]:
        notice(line)
    if report.arrived():
        sys.stdout.flush()
        print(clean(report.arrived()), file=sys.stderr, flush=True)
