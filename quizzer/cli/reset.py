"""`quiz reset`: clear history, of one deck or all, keeping a backup that can be imported."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from quizzer.errors import BadInput

if TYPE_CHECKING:
    from quizzer.progress import Progress
    from quizzer.store import Store


# The argument and options of `quiz reset`.
DeckArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[DECK]",
        help="Only this deck's history (all when left out).",
        show_default=False,
    ),
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")]
EverywhereOption = Annotated[
    bool,
    typer.Option(
        "--everywhere", help="Also clear it on every device this one syncs with (quiz sync)."
    ),
]


def reset(
    deck: DeckArgument = None, yes: YesOption = False, everywhere: EverywhereOption = False
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
    from quizzer.cli.common import open_store

    what = f"the history of deck {deck!r}" if deck else "all your history"
    if everywhere:
        what += " on every device"
    with open_store() as store:
        _check(store, deck, everywhere=everywhere)
        if not yes and not _confirmed(what):
            print("Nothing was changed.")
            return
        count, backup = store.forget(deck, everywhere=everywhere)
    print(f"Cleared {count:,} answers from {what}. A copy is in {backup}")
    if everywhere:
        print("Your other devices clear them at their next sync; they cannot be imported again.")
    else:
        print(f"To bring them back: quiz history import {backup}")


def _check(store: Store[Progress], deck: str | None, *, everywhere: bool) -> None:
    """Refuse a reset that could not do what was asked: --everywhere on a device that has
    never synced, or a deck that is neither installed nor studied (likely a typo)."""
    from quizzer import config
    from quizzer.decks import checked_deck_id, is_builtin, user_deck_file
    from quizzer.paths import data_home

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


def _confirmed(what: str) -> bool:
    """Whether the learner agrees to clear `what`; without a terminal, --yes must say so."""
    if not sys.stdin.isatty():
        raise BadInput(f"this would clear {what}; add --yes to confirm without a terminal.")
    return typer.confirm(f"Clear {what}? A backup is kept.", default=False)
