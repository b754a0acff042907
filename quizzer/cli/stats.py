"""`quiz stats`: progress per deck, as a table or as JSON."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from quizzer.cli.common import open_store


def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Show your progress: sessions, answers, accuracy and best score per deck.

    Examples:

      quiz stats

      quiz stats --json | jq '.totals'

    In --json, accuracy and best_score are fractions from 0 to 1 and last_played is
    an ISO 8601 time in UTC. Each deck also has due_now, due_forecast (questions coming
    due on each of the next 14 local days; overdue ones count today), new, learning,
    review and retention (the mean predicted chance of recalling its studied questions
    now, or null).
    """
    from quizzer import clock
    from quizzer.cli.common import memory
    from quizzer.decks import find_deck, list_decks
    from quizzer.stats import deck_rows, overall

    scheduler = memory()
    with open_store(scheduler) as store:
        state = store.state()
    now = clock.now()
    infos = list_decks()[0]
    decks = {info.id: find_deck(info.path) for info in infos if info.id in state.totals.decks}
    rows = deck_rows(
        state.totals,
        {info.id: info.title for info in infos},
        {deck_id: [q.id for q in deck.questions] for deck_id, deck in decks.items()},
        state.cards,
        lambda card: scheduler.recall(card, now),
        now,
    )
    summed = overall(rows)
    if as_json:
        print(json.dumps({"decks": rows, "totals": summed}, indent=2, ensure_ascii=False))
        return
    from quizzer.ui.render import console, stats_table

    out = console()
    if not rows:
        out.print("No answers yet. Start with: quiz start")
        return
    out.print(stats_table(rows, summed))
