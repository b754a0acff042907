"""`quiz review`: spaced repetition, asking what is due when it is due."""

from __future__ import annotations

import sys
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
    plain: Plain = False,
) -> None:
    """Review what is due: the most overdue questions first, then new ones.

    Examples:

      quiz review                        everything due, in every deck

      quiz review deepseek-company -n 10

    Each question comes back just before you would forget it (FSRS). New questions are
    introduced up to `quiz config get new_per_day` per deck and day. A question you get
    wrong comes back in the same run once its learning step has passed. With nothing
    due, it says when the next question is due. Plain mode and Ctrl-C work as in
    `quiz start`.
    """
    from quizzer import clock
    from quizzer.cli.common import load_scheduler, session_store
    from quizzer.decks import find_deck, load_decks
    from quizzer.review import next_due, plan, when
    from quizzer.session import Session, SessionCards
    from quizzer.ui.play import Play, make_asker, play

    chosen = [find_deck(ref) for ref in decks] if decks else load_decks()[0]
    scheduler = load_scheduler()
    with session_store(scheduler) as store:
        progress = store.state()
        queue = plan(chosen, progress.cards, progress.totals, scheduler.settings, clock.now, limit)
        if not queue.fresh:
            coming = next_due(chosen, progress.cards)
            later = (
                f"the next question is due {when(coming, clock.now())}."
                if coming
                else "new questions are introduced again tomorrow."
            )
            print(f"Nothing is due now; {later}")
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
        header = f"Review of {title}: {queue.plan.header()}"
        play(session, player, queue, Play(header, review=True))
