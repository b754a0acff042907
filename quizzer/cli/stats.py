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
    an ISO 8601 time in UTC.
    """
    from quizzer.decks import list_decks
    from quizzer.stats import deck_rows, overall

    with open_store() as store:
        totals = store.totals()
    titles = {info.id: info.title for info in list_decks()[0]}
    rows = deck_rows(totals, titles)
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
