"""`quiz deck import|export|validate`: options parsed here, the work done by quizzer.deckio.

These commands belong to the `quiz deck` group; quizzer.cli.deck registers them.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quizzer.cli.common import notice

if TYPE_CHECKING:
    from quizzer.deckio import Output
    from quizzer.formats import ImportOptions


class ImportFormat(str, Enum):
    """What `quiz deck import` reads."""

    csv = "csv"
    tsv = "tsv"
    opentdb = "opentdb"
    json = "json"
    md = "md"
    apkg = "apkg"


class ExportFormat(str, Enum):
    """What `quiz deck export` writes."""

    json = "json"
    csv = "csv"
    md = "md"
    apkg = "apkg"


class RowType(str, Enum):
    """What an imported csv row becomes."""

    flashcard = "flashcard"
    short_answer = "short_answer"


def emit(output: Output) -> None:
    """Print what a deck command made, in order, and end with its exit code."""
    from quizzer.deckio import NOTE

    for stream, text in output.parts:
        if stream == NOTE:
            notice(text)
        else:
            sys.stdout.write(text)
    if output.exit_code:
        raise typer.Exit(output.exit_code)


def validate(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Deck files to check.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the problems as a JSON list.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings too (exit code 2), for CI.")
    ] = False,
) -> None:
    """Check deck files and report every problem, each with its line and column.

    Examples:

      quiz deck validate my-deck.json

      quiz deck validate decks/*.json --strict      fail on warnings too

      quiz deck validate decks/*.json --json

    Each problem reads FILE:LINE:COL: JSON.PATH: what is wrong, and how to fix it.
    Warnings point at likely mistakes and at questions a learner can answer by
    guessing (the right choice much the longest, near-duplicate prompts, a prompt
    that gives another question's answer away...) and do not make a deck invalid.
    Exit code 0 when every file is a valid deck, 2 when one is not, or with --strict
    when one has warnings. With --json, each problem is an object with file, line,
    column, path, message and severity.
    """
    from quizzer.deckio import validate_files

    emit(validate_files(paths, as_json=as_json, strict=strict))


# The options of `quiz deck import`.
FormatOption = Annotated[
    ImportFormat | None,
    typer.Option("--format", "-f", help="Leave out to guess it from the content."),
]
SeparatorOption = Annotated[
    str | None,
    typer.Option(
        metavar="SEP",
        help="What separates fields: tab, comma, semicolon, pipe, colon, space or any "
        "text such as ' - '.",
        show_default=False,
    ),
]
MapOption = Annotated[
    str | None,
    typer.Option(
        "--map",
        metavar="KEY=PATH,...",
        help="JSON: where each question's fields are, e.g. "
        "prompt=questions[*].q,answer=questions[*].a (keys: prompt, answer, choices, "
        "explanation, tags, id, title, type).",
        show_default=False,
    ),
]
IdOption = Annotated[str | None, typer.Option("--id", metavar="ID", help="The new deck's id.")]
TitleOption = Annotated[
    str | None, typer.Option("--title", metavar="TITLE", help="The new deck's title.")
]
AsOption = Annotated[RowType, typer.Option("--as", help="What csv/tsv rows become.")]
IntoOption = Annotated[
    str | None,
    typer.Option(
        "--into",
        metavar="ID",
        help="Anki: merge every deck of the package into one deck with this id.",
        show_default=False,
    ),
]
WithHistoryOption = Annotated[
    bool, typer.Option("--with-history", help="Anki, with --add: bring the review log along.")
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write the deck to FILE.")
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="With --add: replace your deck with the same id.")
]
SkipBadOption = Annotated[
    bool, typer.Option("--skip-bad", help="Import the good rows when some cannot be.")
]


def import_(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The file to import.")],
    format_: FormatOption = None,
    separator: SeparatorOption = None,
    mapping: MapOption = None,
    deck_id: IdOption = None,
    title: TitleOption = None,
    as_: AsOption = RowType.flashcard,
    into: IntoOption = None,
    with_history: WithHistoryOption = False,
    dry_run: DryRunOption = False,
    output: OutputOption = None,
    add_it: Annotated[bool, typer.Option("--add", help="Add the deck to your decks.")] = False,
    force: ForceOption = False,
    skip_bad: SkipBadOption = False,
) -> None:
    """Turn a file from Anki, Quizlet, Open Trivia DB, a spreadsheet, JSON or Markdown into a deck.

    Examples:

      quiz deck import spanish.apkg --dry-run

      quiz deck import spanish.apkg --add --with-history

      quiz deck import collection.colpkg --into anki --add

      quiz deck import notes.txt --dry-run

      quiz deck import quizlet.txt --separator ' - ' --title 'Phrasal verbs' --add

      quiz deck import trivia.json --format opentdb -o trivia-deck.json

      quiz deck import cards.json --map 'prompt=cards[*].front,answer=cards[*].back' --add

      quiz deck import words.csv --as short_answer --id words --add

      quiz deck import geography.md --add

    apkg/colpkg: an Anki package, every layout; each Anki deck with cards becomes a
    deck (Parent::Child as parent-child), or one with --into ID; cards that need a
    picture or a sound, or that Anki cannot render, are skipped and counted. --force
    replaces decks imported before, keeping their history (ids come from the cards).
    csv/tsv: Anki's "Notes in Plain Text" export (its #separator, #html, #columns,
    #deck and #... column lines are honoured, HTML becomes plain text), Quizlet's
    export, or two columns with an optional header row `prompt,answer`. A quoted field
    may span lines. Without a header, column 1 is the prompt, 2 the answer, further
    ones the explanation. opentdb: an Open Trivia DB API response. json: any JSON,
    with --map saying which paths hold what. md: hashcards' Q:/A: and C: cards.

    Rows that cannot be converted are listed with their line numbers and nothing is
    written, unless --skip-bad. Without -o or --add, the deck is printed as JSON.
    """
    from quizzer.cli.common import open_store
    from quizzer.deckio import ImportRequest, import_deck

    options = _options(format_, separator, deck_id, title, as_, mapping)
    request = ImportRequest(
        options, dry_run, output, add_it, force, skip_bad, into=into, with_history=with_history
    )
    emit(import_deck(path, request, history=open_store))


def _options(
    format_: ImportFormat | None,
    separator: str | None,
    deck_id: str | None,
    title: str | None,
    as_: RowType,
    mapping: str | None,
) -> ImportOptions:
    """How to read the file, as the options said (None: guess it)."""
    from quizzer.formats import ImportOptions
    from quizzer.models import QuestionType

    return ImportOptions(
        format=format_.value if format_ else None,
        separator=separator,
        deck_id=deck_id,
        title=title,
        as_type=QuestionType(as_.value),
        mapping=mapping,
    )


def export(
    deck: Annotated[str, typer.Argument(metavar="DECK", help="Deck id or path to a deck file.")],
    format_: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format", "-f", help="Leave out to take it from -o's extension (else json)."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (json, csv and md: else stdout).",
        ),
    ] = None,
) -> None:
    """Write a deck as JSON, csv or Markdown (which `quiz deck import` reads back) or Anki package.

    Examples:

      quiz deck export deepseek-company --format apkg -o deepseek-company.apkg

      quiz deck export my-deck --format csv -o my-deck.csv

      quiz deck export my-deck --format md -o my-deck.md

      quiz deck export my-deck > my-deck.json
    """
    from quizzer.deckio import export_deck

    emit(export_deck(deck, format_.value if format_ else None, output))
