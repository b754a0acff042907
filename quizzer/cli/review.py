"""`quiz review`: spaced repetition, asking what is due when it is due."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Annotated

import typer

from quizzer.cli.common import Limit, Plain


def review(
    decks: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[DECK]...",
            help="Deck ids or files to review (all decks if none).",
            show_default=False,
        ),
    ] = None,
    limit: Limit = None,
    ahead: Annotated[
        str | None,
        typer.Option(
            "--ahead",
            metavar="TIME",
            help="Also what comes due within TIME (m, h or d), such as 3d: review ahead.",
            show_default=False,
        ),
    ] = None,
    leeches: Annotated[
        bool,
        typer.Option(
            "--leeches",
            help="Ask leeches too (questions forgotten leech_threshold times), which are "
            "left out otherwise.",
        ),
    ] = False,
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
    from quizzer import clock
    from quizzer.cli.common import load_scheduler, session_store
    from quizzer.config import leech_threshold
    from quizzer.decks import find_deck, load_decks
    from quizzer.review import next_due, parse_ahead, plan, when
    from quizzer.session import Session, SessionCards
    from quizzer.ui.play import Play, make_asker, play

    horizon = parse_ahead(ahead) if ahead is not None else timedelta(0)
    chosen = [find_deck(ref) for ref in decks] if decks else load_decks()[0]
    scheduler = load_scheduler()
    threshold = None if leeches else leech_threshold(scheduler.settings)
    with session_store(scheduler) as store:
        progress = store.state()
        queue = plan(
            chosen,
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
            coming = next_due(chosen, progress.cards, threshold)
            later = (
                f"the next question is due {when(coming, clock.now())}."
                if coming
                else "new questions are introduced again tomorrow."
            )
            within = f"within {ahead}" if ahead is not None else "now"
            print(f"Nothing is due {within}; {later}")
            for line in left_out:
                print(line)
            return
        title = chosen[0].title if len(chosen) == 1 else f"{len(chosen)} decks"
        interactive = not plain and sys.stdin.isatty() and sys.stdout.isatty()
        player = make_asker(interactive)
        cards = SessionCards(scheduler, progress.cards, progress.totals)
        session = Session(title, player, store, cards)
        for deck in chosen:
            if len(chosen) > 1:
                session.titles[deck.id] = deck.title
            session.sources[deck.id] = deck.source if isinstance(deck.source, str) else ""
        studied_ahead = f" ({ahead} ahead)" if ahead is not None else ""
        header = f"Review of {title}{studied_ahead}: {queue.plan.header()}"
        play(session, player, queue, Play(header, review=True, notes=left_out))


def _leeches_left_out(count: int, threshold: int | None) -> list[str]:
    """The line saying how many leeches the review leaves out, if any."""
    if not count or threshold is None:
        return []
    return [
        f"Left out: {count} leech{'es' if count > 1 else ''} (forgotten {threshold} times or "
        "more); quiz stats DECK lists them, quiz review --leeches asks them."
    ]
