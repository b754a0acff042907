"""`quiz review`: spaced repetition, asking what is due when it is due."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from quizzer.cli.common import Limit, Plain

if TYPE_CHECKING:
    from quizzer.models import Deck
    from quizzer.progress import Progress
    from quizzer.scheduler import Scheduler

Decks = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[DECK]...",
        help="Deck ids or files to review (all decks if none).",
        show_default=False,
    ),
]
Ahead = Annotated[
    str | None,
    typer.Option(
        "--ahead",
        metavar="TIME",
        help="Also what comes due within TIME (m, h or d), such as 3d: review ahead.",
        show_default=False,
    ),
]
AskLeeches = Annotated[
    bool,
    typer.Option(
        "--leeches",
        help="Ask leeches too (questions forgotten leech_threshold times), which are "
        "left out otherwise.",
    ),
]


def review(
    decks: Decks = None,
    limit: Limit = None,
    ahead: Ahead = None,
    leeches: AskLeeches = False,
    plain: Plain = False,
) -> None:
    """Review what is due: the most overdue questions first, then new ones.

    Examples:

      quiz review                        everything due, in every deck

      quiz review deepseek-company -n 10

      quiz review --ahead 3d             also what comes due in the next three days

      quiz review --leeches              leeches too

    Each question comes back just before you would forget it (FSRS). New questions are
    introduced up to `quiz config get new_per_day` per deck and day. A question you get
    wrong comes back in the same run once its learning step has passed. With nothing
    due, it says when the next question is due. Leeches, questions forgotten
    leech_threshold times (quiz config) since their text last changed, are left out and
    counted until you ask for them with --leeches or rewrite them (`quiz stats DECK` lists
    them). --ahead answers update the schedule as any review does. Plain mode and Ctrl-C
    work as in `quiz start`.
    """
    from quizzer.cli.common import load_scheduler
    from quizzer.config import leech_threshold
    from quizzer.decks import find_deck, load_decks
    from quizzer.review import parse_ahead

    horizon = parse_ahead(ahead) if ahead is not None else timedelta(0)
    chosen = [find_deck(ref) for ref in decks] if decks else load_decks()[0]
    scheduler = load_scheduler()
    threshold = None if leeches else leech_threshold(scheduler.settings)
    _review(chosen, scheduler, limit, horizon, ahead, threshold, plain)


def _review(
    decks: list[Deck],
    scheduler: Scheduler,
    limit: int | None,
    horizon: timedelta,
    ahead: str | None,
    threshold: int | None,
    plain: bool,
) -> None:
    """Ask what is due within `horizon` (`ahead` as the learner wrote it), leaving out
    leeches at `threshold` (None asks them), or say when something is due next."""
    from quizzer import clock
    from quizzer.cli.common import interactive, session_store, study_session
    from quizzer.review import plan
    from quizzer.ui.play import Play, make_asker, play

    with session_store(scheduler) as store:
        progress = store.state()
        queue = plan(
            decks,
            progress.cards,
            progress.totals,
            scheduler.settings,
            clock.now,
            limit,
            horizon,
            leech_threshold=threshold,
        )
        left_out = _leeches_left_out(queue.plan.leeches, threshold)
        if not queue.fresh:
            _nothing_due(decks, progress, threshold, ahead, left_out)
            return
        title = decks[0].title if len(decks) == 1 else f"{len(decks)} decks"
        player = make_asker(interactive(plain))
        session = study_session(title, player, store, progress, scheduler, decks)
        if len(decks) > 1:
            session.titles.update((deck.id, deck.title) for deck in decks)
        studied_ahead = f" ({ahead} ahead)" if ahead is not None else ""
        header = f"Review of {title}{studied_ahead}: {queue.plan.header()}"
        play(session, player, queue, Play(header, review=True, notes=left_out))


def _nothing_due(
    decks: list[Deck],
    progress: Progress,
    threshold: int | None,
    ahead: str | None,
    left_out: list[str],
) -> None:
    """Say that nothing is due, and when the next question is."""
    from quizzer import clock
    from quizzer.review import next_due, when

    coming = next_due(decks, progress.cards, threshold)
    later = (
        f"the next question is due {when(coming, clock.now())}."
        if coming
        else "new questions are introduced again tomorrow."
    )
    within = f"within {ahead}" if ahead is not None else "now"
    print(f"Nothing is due {within}; {later}")
    for line in left_out:
        print(line)


def _leeches_left_out(count: int, threshold: int | None) -> list[str]:
    """The line saying how many leeches the review leaves out, if any."""
    if not count or threshold is None:
        return []
    return [
        f"Left out: {count} leech{'es' if count > 1 else ''} (forgotten {threshold} times or "
        "more); quiz stats DECK lists them, quiz review --leeches asks them."
    ]
