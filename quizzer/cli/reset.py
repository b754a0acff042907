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
    everywhere: Annotated[
        bool,
        typer.Option(
            "--everywhere", help="Also clear it on every device this one syncs with (quiz sync)."
        ),
    ] = False,
) -> None:
    """Clear your answer history, after saving it to a backup you can import again.

    Examples:

      quiz reset deepseek-company

      quiz reset --yes

      quiz reset deepseek-company --everywhere

    The backup is a JSON Lines file in the data directory's backups/ folder; `quiz history
    import FILE` brings the answers back. Cards and totals are recomputed from what is left.

    A reset is this device's alone: your other devices keep these answers, and the sync
    folder does not bring them back here. With --everywhere, each answer cleared is also
    taken back (as an undo) on every device at its next sync, and for good: the backup is
    then a record, and importing it adds nothing.
    """
    from quizzer import config
    from quizzer.cli.common import open_store
    from quizzer.decks import checked_deck_id, is_builtin, user_deck_file
    from quizzer.paths import data_home

    what = f"the history of deck {deck!r}" if deck else "all your history"
    if everywhere:
        what += " on every device"
    with open_store() as store:
        if everywhere and config.sync_dir(data_home()) is None and not store.folder.outbox.exists():
            raise BadInput(
                "--everywhere is for a device that syncs (`quiz sync --help`), and this one "
                "never has; without it, the reset clears this device's history alone."
            )
        if deck is not None and not (
            is_builtin(checked_deck_id(deck))
            or user_deck_file(deck).is_file()
            or deck in store.state().totals.decks
        ):
            raise BadInput(
                f"no deck {deck!r} and no history for it, so nothing was cleared; "
                "`quiz stats` lists the decks you have studied."
            )
        if not yes:
            if not sys.stdin.isatty():
                raise BadInput(f"this would clear {what}; add --yes to confirm without a terminal.")
            if not typer.confirm(f"Clear {what}? A backup is kept.", default=False):
                print("Nothing was changed.")
                return
        count, backup = store.forget(deck, everywhere=everywhere)
    print(f"Cleared {count:,} answers from {what}. A copy is in {backup}")
    if everywhere:
        print("Your other devices clear them at their next sync; they cannot be imported again.")
    else:
        print(f"To bring them back: quiz history import {backup}")
