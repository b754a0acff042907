"""`quiz deck import FILE.apkg`: an Anki package's decks among the learner's, history and all.

quizzer.formats.anki reads the package; this module decides what becomes of it. Every
deck is checked before any is written, and every id before any file is replaced, so
an import adds all of its decks or none. `--into ID` makes one deck of them all. The
review log (`--with-history`) goes through the same merge as `quiz history import`,
after the decks are in place: answers have stable ids, so importing a package twice
adds nothing, and a re-import with `--force` replaces the questions (their ids come
from Anki's card ids) while their history stays.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, Protocol

from quizzer.deckcheck import check_deck
from quizzer.deckfile import ERROR, WARNING
from quizzer.deckio import ImportRequest, Output
from quizzer.decks import is_deck_id
from quizzer.errors import BadInput, DeckError
from quizzer.formats.anki import AnkiDeck, AnkiImport, read_package
from quizzer.models import Deck

# Problems of an invalid deck named in the error before "... and N more".
_SHOWN = 5


class Merged(Protocol):
    """What merging answers into the history reports (the store's ImportReport)."""

    added: int

    @property
    def skipped(self) -> int: ...


class AnswerLog(Protocol):
    """Where answers go: the learner's store, opened by the command line."""

    def import_answers(self, source: IO[bytes], name: str) -> Merged: ...


HistoryOpener = Callable[[], AbstractContextManager[AnswerLog]]


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'s' * (count != 1)}"


def _check_request(request: ImportRequest) -> None:
    """Refuse options that do not apply to an Anki package, or not without another."""
    options = request.options
    if options.mapping is not None:
        raise BadInput("--map reads JSON files; it does not apply to an Anki package.")
    if options.separator is not None:
        raise BadInput("--separator applies to csv and tsv files, not to an Anki package.")
    if options.deck_id is not None:
        raise BadInput(
            "each Anki deck becomes a deck with an id made from its name; to make one "
            "deck of them all with the id you choose, pass --into ID instead of --id."
        )
    if options.title is not None and request.into is None:
        raise BadInput(
            "--title names the one deck --into ID makes; without --into each Anki deck "
            "keeps its own name as its title."
        )
    if request.into is not None and not is_deck_id(request.into):
        raise BadInput(
            f"--into {request.into!r} is not a valid deck id; use 1-64 lowercase letters, "
            "digits, '-', '_' or '.', starting with a letter or digit."
        )
    if request.with_history and not request.add and not request.dry_run:
        raise BadInput(
            "--with-history puts the review log in your history, for the decks it adds: "
            "pass --add too."
        )


def import_package(path: Path, request: ImportRequest, history: HistoryOpener) -> Output:
    """Show, print, write or add the decks of the Anki package at `path` (see the module)."""
    _check_request(request)
    name = str(path)
    result = read_package(path, into=request.into, title=request.options.title)
    out = Output()
    if request.dry_run:
        for line in result.summary(name):
            out.say(line)
        return out
    result.check(name)
    if not request.add and len(result.decks) > 1:
        where = "-o writes one file" if request.output else "without -o or --add one is printed"
        raise BadInput(
            f"{name} holds {len(result.decks)} decks, and {where}: pass --into ID to merge them "
            "into one deck, or --add to add each of them to your decks."
        )
    decks = [(deck, _valid(deck, name)) for deck in result.decks]
    if request.add:
        _add(out, result, decks, name, request.force)
        if request.with_history:
            _import_history(out, result, name, history)
        out.say(f"Start one with: quiz start {decks[0][0].id}")
        return out
    _write_one(out, result, decks[0], name, request.output)
    return out


def _write_one(
    out: Output, result: AnkiImport, deck: tuple[AnkiDeck, Deck], name: str, target: Path | None
) -> None:
    """The package's one deck written to `target`, or printed."""
    text = _text(deck[1])
    what = f"{_plural(len(deck[0].questions), 'question')} from {name}"
    if target is not None:
        from quizzer.files import atomic_write

        atomic_write(target, text.encode("utf-8"))
        out.say(f"Imported {what} into {target}; add it with: quiz deck add {target}")
        out.say(result.skipped_line())
    else:
        out.write(text)
        out.note(f"imported {what}; {result.skipped_line()}.")


def _text(deck: Deck) -> str:
    return json.dumps(deck.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _valid(deck: AnkiDeck, name: str) -> Deck:
    """The deck as loaded; DeckError naming its first problems if it breaks the format."""
    loaded, problems = check_deck(deck.to_dict(), origin="user")
    if loaded is not None:
        return loaded
    errors = [p for p in problems if p.severity == ERROR]
    ids = [question.get("id", "") for question in deck.questions]
    shown = "".join(f"\n  {_where(p.path, ids)}: {p.message}" for p in errors[:_SHOWN])
    more = len(errors) - _SHOWN
    shown += f"\n  ... and {more} more" if more > 0 else ""
    raise DeckError(
        f"the deck {deck.id!r} made from {name} is not valid "
        f"({_plural(len(errors), 'problem')}); nothing was written:{shown}"
    )


def _where(path: str, ids: list[str]) -> str:
    """`$.questions[3].text` as `question anki-123 (text)`: the card the problem is in."""
    from quizzer.locate import parse_path

    steps = parse_path(path)
    if len(steps) < 2 or steps[0] != "questions" or not isinstance(steps[1], int):
        return path
    rest = ".".join(str(step) for step in steps[2:])
    return f"question {ids[steps[1]]}" + (f" ({rest})" if rest else "")


def _add(
    out: Output, result: AnkiImport, decks: list[tuple[AnkiDeck, Deck]], name: str, force: bool
) -> None:
    """Every deck among the learner's, once all their ids are known to be free (or forced)."""
    from quizzer.userdecks import add_text, check_new_id

    for deck, _ in decks:
        check_new_id(deck.id, force=force)
    out.say(
        f"Imported {_plural(result.questions, 'question')} of {_plural(result.cards, 'card')} "
        f"from {name} as {_plural(len(decks), 'deck')}:"
    )
    for deck, loaded in decks:
        added = add_text(_text(loaded), f"{name} ({deck.id})", force=force)
        replaced = ", replaced" if added.replaced else ""
        count = _plural(len(loaded.questions), "question")
        out.say(f"  {deck.id}: {count} ({added.file}{replaced})")
        warnings = sum(p.severity == WARNING for p in added.warnings)
        if warnings:
            out.note(
                f"warning: deck {deck.id!r} has {_plural(warnings, 'warning')}; "
                f"`quiz deck validate {added.file}` lists them."
            )
    out.say(result.skipped_line())


def _import_history(out: Output, result: AnkiImport, name: str, history: HistoryOpener) -> None:
    """The review log's answers merged into the history, as `quiz history import` does."""
    from quizzer.history import dumps

    log = io.BytesIO(b"".join(dumps(answer) for answer in result.answers))
    with history() as store:
        merged = store.import_answers(log, f"{name} (review log)")
    out.say(
        f"Imported {_plural(merged.added, 'answer')} from its review log "
        f"({merged.skipped:,} already there; {result.reviews.total:,} review entries)."
    )
