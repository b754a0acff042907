"""What `quiz deck import`, `export` and `validate` do, so each command only parses and prints.

Each command calls one function here and prints the `Output` it gets back: lines for
stdout and notes for stderr, in the order they arose, and the exit code to end with.
Errors are raised (QuizzerError) as everywhere else; the command line prints them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from quizzer.errors import BAD_INPUT, BadInput, DeckError
from quizzer.formats import ImportOptions

if TYPE_CHECKING:
    from quizzer.ankiimport import HistoryOpener
    from quizzer.deckfile import Problem
    from quizzer.models import Deck

OUT, NOTE = "out", "note"
# Export formats by the extension of -o's file name; JSON when it says nothing known.
EXPORT_SUFFIXES = {"json": "json", "csv": "csv", "apkg": "apkg", "md": "md", "markdown": "md"}
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Output:
    """What a deck command prints, in order: (OUT, text) for stdout, (NOTE, text) for stderr."""

    parts: list[tuple[str, str]] = field(default_factory=list)
    exit_code: int = 0

    def say(self, text: str) -> None:
        """A line of the result, on stdout."""
        self.parts.append((OUT, text + "\n"))

    def write(self, text: str) -> None:
        """Text for stdout as it is (a deck, ending in its own newline)."""
        self.parts.append((OUT, text))

    def note(self, text: str) -> None:
        """A notice for stderr (the command line writes it as `quiz: text`)."""
        self.parts.append((NOTE, text))


@dataclass(frozen=True)
class ImportRequest:
    """Everything `quiz deck import` was told, beyond how to read the file."""

    options: ImportOptions = field(default_factory=ImportOptions)
    dry_run: bool = False
    output: Path | None = None
    add: bool = False
    force: bool = False
    skip_bad: bool = False
    # Anki packages only: merge every deck into one with this id; bring the review log.
    into: str | None = None
    with_history: bool = False


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'s' * (count != 1)}"


def validate_files(paths: Sequence[Path], *, as_json: bool, strict: bool) -> Output:
    """Every problem of each deck file, a verdict per file; exit 2 for an invalid deck
    (or, when `strict`, a warning)."""
    from quizzer.deckcheck import check_file
    from quizzer.deckfile import ERROR, Problem

    out = Output()
    found: list[tuple[str, Problem]] = []
    invalid = warned = 0
    for path in paths:
        name = str(path)
        deck: Deck | None
        try:
            deck, problems = check_file(path, warnings=True)
        except DeckError as exc:  # the file cannot be read at all
            deck, problems = None, [Problem("$", exc.message.removeprefix(f"{name}: "))]
        found.extend((name, p) for p in problems)
        invalid += deck is None
        warned += any(p.severity != ERROR for p in problems)
        if not as_json:
            _verdict(out, name, deck, problems)
    if as_json:
        out.say(json.dumps([p.to_json(name) for name, p in found], indent=2, ensure_ascii=False))
    if invalid or (strict and warned):
        out.exit_code = BAD_INPUT
    return out


def _verdict(out: Output, name: str, deck: Deck | None, problems: list[Problem]) -> None:
    """A file's problems, one a line, then what it is."""
    from quizzer.deckfile import ERROR

    for problem in problems:
        out.say(problem.render(name))
    errors = sum(p.severity == ERROR for p in problems)
    tally = _plural(len(problems) - errors, "warning")
    if deck is None:
        out.say(f"{name}: not a valid deck: {_plural(errors, 'error')}, {tally}")
    else:
        count = _plural(len(deck.questions), "question")
        out.say(f"{name}: valid deck {deck.id!r}, {count}, {tally}")


def export_format(fmt: str | None, output: Path | None) -> str:
    """The format asked for, else the one -o's extension names, else json."""
    if fmt is not None:
        return fmt
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    return EXPORT_SUFFIXES.get(suffix, "json")


def export_deck(ref: str, fmt: str | None, output: Path | None) -> Output:
    """Write a deck (id or file) as json, csv, md or apkg to `output`, or return its text."""
    from quizzer.decks import find_deck
    from quizzer.files import atomic_write

    found = find_deck(ref)
    kind = export_format(fmt, output)
    out = Output()
    if kind == "apkg":
        if output is None:
            raise BadInput("an Anki package is a binary file: name it with -o FILE.apkg.")
        from quizzer.formats.apkg import write_apkg

        write_apkg(found, output)
    else:
        text = _deck_text(found, kind)
        if output is None:
            out.write(text)
            return out
        atomic_write(output, text.encode("utf-8"))
    count = _plural(len(found.questions), "question")
    out.say(f"Wrote deck {found.id!r} ({count}) to {output} as {kind}.")
    return out


def _deck_text(deck: Deck, kind: str) -> str:
    if kind == "csv":
        from quizzer.formats.csvexport import write_csv

        return write_csv(deck)
    if kind == "md":
        from quizzer.formats.markdown import write_markdown

        return write_markdown(deck)
    return json.dumps(deck.to_dict(), indent=2, ensure_ascii=False) + "\n"


def is_anki_package(path: Path, fmt: str | None) -> bool:
    """Whether to read the file as an Anki package: asked for, named so, or a zip file."""
    if fmt is not None:
        return fmt == "apkg"
    if path.suffix.lower() in (".apkg", ".colpkg"):
        return True
    from quizzer.files import open_regular

    try:
        with open(open_regular(path), "rb") as file:
            return file.read(len(_ZIP_MAGIC)) == _ZIP_MAGIC
    except OSError:  # not there, not a file: the reader of text says so
        return False


def import_deck(path: Path, request: ImportRequest, history: HistoryOpener) -> Output:
    """Turn a file made elsewhere into a deck: shown (dry run), printed, written or added.

    `history` opens the learner's answer history, for an Anki package's review log.
    """
    if request.output is not None and request.add:
        raise BadInput("choose one of -o FILE and --add.")
    if is_anki_package(path, request.options.format):
        from quizzer.ankiimport import import_package

        return import_package(path, request, history)
    if request.into is not None:
        raise BadInput(
            "--into merges the decks of an Anki package into one; for this file, "
            "name the deck with --id."
        )
    if request.with_history:
        raise BadInput(f"--with-history brings an Anki package's review log; {path} is not one.")
    return _import_text(path, request)


def _import_text(path: Path, request: ImportRequest) -> Output:
    """csv, tsv, Open Trivia DB, mapped JSON or Markdown into one deck."""
    from quizzer.formats import import_file

    imported = import_file(path, request.options)
    name = str(path)
    out = Output()
    if request.dry_run:
        for line in imported.preview(name):
            out.say(line)
        return out
    imported.check_rows(name, skip_bad=request.skip_bad)
    for row in imported.bad:
        out.note(f"skipped {row.render(name)}")
    for row in imported.warnings:
        out.note(f"warning: {row.render(name)}")
    what = f"{_plural(len(imported.lines), 'question')} from {name}"
    if request.add:
        from quizzer.userdecks import add_text

        added = add_text(imported.text(), name, force=request.force)
        out.say(
            f"Imported {what} as deck {added.deck.id!r} ({added.file}); "
            f"start it with: quiz start {added.deck.id}"
        )
    elif request.output is not None:
        from quizzer.files import atomic_write

        atomic_write(request.output, imported.text().encode("utf-8"))
        out.say(
            f"Imported {what} into {request.output}; add it with: quiz deck add {request.output}"
        )
    else:
        out.write(imported.text())
        out.note(f"imported {what}.")
    return out
