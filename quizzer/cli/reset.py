"""`quiz reset`: clear history, of one deck or all, keeping a backup that can be imported."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from quizzer.errors import BadInput


def reset(
    deck: Annotated[
        str | None,
        typer.Argument(
            metavar="[DECK]",
            help="Only this deck's history (all when left out).",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
) -> None:
    """Clear your answer history, after saving it to a backup you can import again.

    Examples:

      quiz reset deepseek-company

      quiz reset --yes

    The backup is a JSON Lines file in the data directory's backups/ folder; `quiz history
    import FILE` brings the answers back. Cards and totals are recomputed from what is left.
    """
    from quizzer.cli.common import open_store

    what = f"the history of deck {deck!r}" if deck else "all your history"
    if not yes:
        if not sys.stdin.isatty():
            raise BadInput(f"this would clear {what}; add --yes to confirm without a terminal.")
        if not typer.confirm(f"Clear {what}? A backup is kept.", default=False):
            print("Nothing was changed.")
            return
    with open_store() as store:
        count, backup = store.forget(deck)
    print(f"Cleared {count:,} answers from {what}. A copy is in {backup}")
    print(f"To bring them back: quiz history import {backup}")
