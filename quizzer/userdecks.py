"""The learner's own decks: add them after validation, replace them on purpose, remove them.

A built-in deck id can never be taken by a user deck (the built-in one would win and
the user's would be hidden), and an existing user deck is replaced only when asked.
Deck files are written whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quizzer import deckcache
from quizzer.deckcheck import check_text
from quizzer.deckfile import ERROR, Problem, invalid_deck, read_text
from quizzer.decks import checked_deck_id, is_builtin, load_file, user_deck_file
from quizzer.errors import DeckError
from quizzer.files import atomic_write
from quizzer.models import Deck
from quizzer.paths import make_dir


@dataclass(frozen=True)
class Added:
    """A deck now among the learner's, and what validation warned about."""

    deck: Deck
    file: Path
    replaced: bool
    warnings: list[Problem]


def check_new_id(deck_id: str, *, force: bool) -> Path:
    """The file a new user deck with this id goes to; raise DeckError if it may not."""
    if is_builtin(deck_id):
        raise DeckError(
            f"{deck_id!r} is the id of a built-in deck, which cannot be replaced; "
            f'give your deck another "id" (such as "{deck_id}-mine") and try again.'
        )
    file = user_deck_file(deck_id)
    if file.exists() and not force:
        raise DeckError(
            f"you already have a deck with id {deck_id!r} ({file}); pass --force to replace "
            'it, or give this deck another "id".'
        )
    return file


def add_text(text: str, name: str, *, force: bool = False) -> Added:
    """Validate a deck's JSON text (from file `name`) and keep it as a user deck."""
    deck, problems = check_text(text, origin="user", warnings=True)
    if deck is None:
        raise invalid_deck(name, [p for p in problems if p.severity == ERROR])
    file = check_new_id(deck.id, force=force)
    replaced = file.exists()
    make_dir(file.parent)
    atomic_write(file, text.encode("utf-8"))
    deckcache.write(file, file.stat(), deck)
    return Added(deck, file, replaced, problems)


def add_file(source: Path, *, force: bool = False) -> Added:
    """Validate a deck file and copy it among the learner's decks."""
    text, problems = read_text(source)
    if text is None:
        raise invalid_deck(str(source), problems)
    return add_text(text, str(source), force=force)


def user_deck(deck_id: str) -> Path:
    """The file of the learner's deck with this id; raise DeckError if there is none."""
    checked_deck_id(deck_id)
    if is_builtin(deck_id):
        raise DeckError(f"{deck_id!r} is a built-in deck; built-in decks cannot be removed.")
    file = user_deck_file(deck_id)
    if not file.is_file():
        raise DeckError(f"you have no deck with id {deck_id!r}; `quiz deck list` shows them.")
    return file


def describe(file: Path) -> str:
    """A few words about a user deck file for a question such as "Remove it?"."""
    try:
        deck = load_file(file, origin="user")
    except DeckError:
        return f"{file.stem} (a broken deck file)"
    count = len(deck.questions)
    return f"{deck.title!r} ({count:,} question{'' if count == 1 else 's'})"


def remove(deck_id: str) -> Path:
    """Delete the learner's deck file; its answers stay in the history."""
    file = user_deck(deck_id)
    deckcache.forget(file)
    file.unlink()
    return file
