"""Finds decks (built-in, the learner's own, or any file) and loads them, refusing broken ones.

Validation reports every problem with its JSON path and the line and column it points
at in the file, so a deck author can fix them all in one go; `quiz deck validate`
adds warnings about likely mistakes (quizzer.lint) that do not stop a deck loading.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from quizzer.deckcheck import check_file, quiet_collector
from quizzer.deckfile import invalid_deck, unreadable
from quizzer.errors import DeckError
from quizzer.models import Deck, DeckInfo, is_id
from quizzer.paths import user_decks_dir


def builtin_dir() -> Path:
    """The built-in decks: inside the installed package, or `decks/` in a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "decks"
    return packaged if packaged.is_dir() else here.parent / "decks"


def user_deck_file(deck_id: str) -> Path:
    """Where the learner's deck with this id is kept (the id is checked first)."""
    return user_decks_dir() / f"{checked_deck_id(deck_id)}.json"


def is_builtin(deck_id: str) -> bool:
    """Whether a built-in deck has this id (those can never be replaced or removed)."""
    return is_deck_id(deck_id) and (builtin_dir() / f"{deck_id}.json").is_file()


def is_deck_id(text: str) -> bool:
    """Whether `text` is a valid deck or question id: the one id rule of quizzer."""
    return is_id(text)


def checked_deck_id(text: str) -> str:
    """`text` if it is a valid deck id, else DeckError; every path built from an id the
    learner typed goes through here, so `../x` or `/etc/x` never reaches the file system."""
    if is_deck_id(text):
        return text
    raise DeckError(
        f"{text!r} is not a deck id; ids use 1-64 lowercase letters, digits, '-', '_' "
        "or '.', starting with a letter or digit. `quiz deck list` shows your decks."
    )


def _links_out(file: Path) -> bool:
    """Whether a file in the data directory is a link to somewhere outside it."""
    home = user_decks_dir().parent.resolve()
    return file.is_symlink() and not file.resolve().is_relative_to(home)


def _linked_out(file: Path) -> DeckError:
    return DeckError(
        f"{file} links to {file.resolve()}, outside the data directory; quizzer does not "
        "follow links out of it. Add the deck with `quiz deck add` instead."
    )


def _deck_files(folder: Path, broken: list[str]) -> list[Path]:
    """The deck files in `folder`; one it cannot read is a warning in `broken`, so the
    learner's decks are never hidden without a word."""
    try:
        names = [e.name for e in os.scandir(folder) if e.name.endswith(".json")]
    except FileNotFoundError:
        return []
    except OSError as exc:
        broken.append(
            f"cannot read the folder {folder} ({exc.strerror or exc}), so the decks in it are "
            "not listed; check that it is a folder you can read."
        )
        return []
    return sorted(folder / name for name in names if not name.startswith("."))


def _deck_sources(broken: list[str]) -> Iterator[tuple[str, Path]]:
    """Every built-in and user deck file with its origin; a user file that links out of
    the data directory is left out, with a warning in `broken`."""
    for origin, folder in (("builtin", builtin_dir()), ("user", user_decks_dir())):
        for file in _deck_files(folder, broken):
            if origin == "user" and _links_out(file):
                broken.append(f"skipped a broken deck: {_linked_out(file).message}")
            else:
                yield origin, file


def list_decks() -> tuple[list[DeckInfo], list[str]]:
    """Every built-in and user deck, plus a warning for each user deck file that is broken
    (and for a decks folder that cannot be read).

    Big cached decks are listed from their cache entry, without reading their questions.
    """
    from quizzer import deckcache

    infos: list[DeckInfo] = []
    broken: list[str] = []
    for origin, file in _deck_sources(broken):
        known = deckcache.read_info(file)
        if known is None:
            try:
                deck = load_file(file, origin=origin)
            except DeckError as exc:
                broken.append(f"skipped a broken deck: {exc.message}")
                continue
            known = (deck.id, deck.title, len(deck.questions))
        infos.append(DeckInfo(*known, origin, str(file)))
    return infos, broken


def load_decks() -> tuple[list[Deck], list[str]]:
    """Every built-in and user deck, loaded, plus a warning for each one that is broken."""
    decks: list[Deck] = []
    broken: list[str] = []
    for origin, file in _deck_sources(broken):
        try:
            decks.append(load_file(file, origin=origin))
        except DeckError as exc:
            broken.append(f"skipped a broken deck: {exc.message}")
    return decks, broken


def find_deck(ref: str) -> Deck:
    """Load a deck by id (built-in first, then the learner's) or by path to a deck file."""
    candidate = Path(ref).expanduser()
    if ref.endswith(".json") or "/" in ref or candidate.is_file():
        if not candidate.exists():
            raise DeckError(f"{ref}: no such deck file; check the path.")
        return load_file(candidate, origin="file")
    if not is_deck_id(ref):
        raise DeckError(
            f"{ref!r} is not a deck id or a deck file; ids use 1-64 lowercase letters, "
            "digits, '-', '_' or '.', starting with a letter or digit. See `quiz deck list`."
        )
    for origin, folder in (("builtin", builtin_dir()), ("user", user_decks_dir())):
        file = folder / f"{ref}.json"
        if origin == "user" and _links_out(file):
            raise _linked_out(file)
        if file.is_file():
            return load_file(file, origin=origin)
    known = ", ".join(info.id for info in list_decks()[0]) or "none"
    raise DeckError(f"no deck with id {ref!r}; decks you have: {known}. See `quiz deck list`.")


def load_file(file: Path, *, origin: str = "file") -> Deck:
    """Read, parse and validate one deck file; raise DeckError listing every problem.

    Big decks that passed once are read back from quizzer.deckcache while unchanged.
    """
    from quizzer import deckcache

    name = str(file)
    stat = _stat(file)
    with quiet_collector():
        cached = deckcache.read_deck(file, stat, origin=origin)
        if cached is not None:
            return cached
        deck, problems = check_file(file, origin=origin)
        if deck is not None:
            deckcache.write(file, stat, deck)
            return deck
    raise invalid_deck(name, problems)


def _stat(file: Path) -> os.stat_result:
    try:
        return file.stat()
    except OSError as exc:
        raise unreadable(file, exc) from None
