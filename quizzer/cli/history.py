"""`quiz history export|import`: the answer log as JSON Lines, to back up or merge machines."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from quizzer import clock
from quizzer.cli.common import open_store
from quizzer.errors import BadInput

app = typer.Typer(help="Export and import your answer history.", no_args_is_help=True)


@app.command("export")
def export(
    deck: Annotated[
        str | None, typer.Option(metavar="ID", help="Only this deck's answers.", show_default=False)
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="Only answers from this date or time on (ISO 8601; a date is local midnight).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE instead of stdout.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write your answers as JSON Lines, one answer per line.

    Examples:

      quiz history export -o answers.jsonl

      quiz history export --deck deepseek-company --since 2026-01-01

    Each line holds id, deck, question, session, answered_at, correct, response,
    elapsed_ms, outcome, rating and day, oldest first; then a line
    {"undo": ID, "undone_at": TIME} for each answer you took back.
    """
    from quizzer.decks import checked_deck_id
    from quizzer.files import atomic_output
    from quizzer.history import dumps

    if deck is not None:
        checked_deck_id(deck)
    start = clock.in_range(clock.parse_timestamp(since, "--since"), "--since") if since else None
    with open_store() as store:
        entries = store.log(deck=deck, since=start)
        if output is None:
            out = sys.stdout.buffer
            for entry in entries:
                out.write(dumps(entry))
            out.flush()
            return
        with atomic_output(output) as out:
            for entry in entries:
                out.write(dumps(entry))


@app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A JSON Lines answer log; - reads stdin.")
    ],
) -> None:
    """Merge an answer log (from `quiz history export`, e.g. another machine) into yours.

    Examples:

      quiz history import answers.jsonl

      ssh laptop quiz history export | quiz history import -

    Every line is checked first: one bad line refuses the whole file, naming its line
    number, and nothing is imported. Answers you already have (same id) are skipped,
    so importing a file twice adds nothing.
    """
    from quizzer.files import read_error

    with open_store() as store:
        if str(file) == "-":
            report = store.import_answers(sys.stdin.buffer, "<stdin>")
        else:
            try:
                source = open(file, "rb")  # noqa: SIM115 - closed below
            except FileNotFoundError:
                raise BadInput(f"{file}: no such file; check the path.") from None
            except OSError as exc:
                raise read_error(file, exc) from None
            with source:
                report = store.import_answers(source, str(file))
    undos = f" and {report.undos:,} undo{'s' * (report.undos != 1)}" if report.undos else ""
    print(
        f"Imported {report.added:,} answers ({report.skipped:,} already there){undos} from {file}."
    )
