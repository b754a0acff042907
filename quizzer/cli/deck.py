"""`quiz deck ...`: list, show, check, add, remove, write, import and export decks."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from quizzer.cli.common import notice
from quizzer.errors import BAD_INPUT

app = typer.Typer(
    help="List, show, check, add, remove, write, import and export decks.",
    no_args_is_help=True,
)


class ImportFormat(str, Enum):
    """What `quiz deck import` reads."""

    csv = "csv"
    tsv = "tsv"
    opentdb = "opentdb"


class ExportFormat(str, Enum):
    """What `quiz deck export` writes."""

    json = "json"
    csv = "csv"
    apkg = "apkg"


class RowType(str, Enum):
    """What an imported csv row becomes."""

    flashcard = "flashcard"
    short_answer = "short_answer"


def _terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


@app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="Print the decks as JSON.")] = False,
) -> None:
    """List built-in decks and your own, with their question counts.

    Examples:

      quiz deck list

      quiz deck list --json
    """
    from quizzer.decks import list_decks

    decks, broken = list_decks()
    for message in broken:
        notice(f"warning: {message}")
    if as_json:
        rows = [{k: v for k, v in asdict(d).items() if k != "path"} for d in decks]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from quizzer.ui.render import console, deck_table

    console().print(deck_table(decks))


@app.command()
def show(
    deck: Annotated[str, typer.Argument(metavar="DECK", help="Deck id or path to a deck file.")],
    answers: Annotated[
        bool, typer.Option("--answers", help="Also show the answers and explanations.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the deck as JSON.")] = False,
) -> None:
    """Show a deck: title, counts by type and tag, and its questions.

    Examples:

      quiz deck show deepseek-company

      quiz deck show my-deck.json --answers

      quiz deck show deepseek-company --json
    """
    from quizzer.decks import find_deck
    from quizzer.deckview import deck_json, deck_lines

    found = find_deck(deck)
    if as_json:
        print(json.dumps(deck_json(found, answers=answers), indent=2, ensure_ascii=False))
        return
    print("\n".join(deck_lines(found, answers=answers)))


@app.command()
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
    from quizzer.deckcheck import check_file
    from quizzer.deckfile import ERROR, Problem
    from quizzer.errors import DeckError

    found: list[tuple[str, Problem]] = []
    invalid = warned = 0
    for path in paths:
        name = str(path)
        try:
            deck, problems = check_file(path, warnings=True)
        except DeckError as exc:  # the file cannot be read at all
            deck, problems = None, [Problem("$", exc.message.removeprefix(f"{name}: "))]
        found.extend((name, p) for p in problems)
        invalid += deck is None
        warned += any(p.severity != ERROR for p in problems)
        if as_json:
            continue
        for problem in problems:
            print(problem.render(name))
        errors = sum(p.severity == ERROR for p in problems)
        warnings = len(problems) - errors
        tally = f"{warnings} warning{'s' * (warnings != 1)}"
        if deck is None:
            print(f"{name}: not a valid deck: {errors} error{'s' * (errors != 1)}, {tally}")
        else:
            count = len(deck.questions)
            print(
                f"{name}: valid deck {deck.id!r}, {count:,} question{'s' * (count != 1)}, {tally}"
            )
    if as_json:
        print(json.dumps([p.to_json(name) for name, p in found], indent=2, ensure_ascii=False))
    if invalid or (strict and warned):
        raise typer.Exit(BAD_INPUT)


@app.command()
def add(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The deck file to add.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace your deck that has the same id.")
    ] = False,
) -> None:
    """Check a deck file, then copy it into your decks so `quiz start ID` finds it.

    Examples:

      quiz deck add my-deck.json

      quiz deck add my-deck.json --force      replace your deck with the same id

    A deck whose id is taken by one of your decks is refused unless --force; a
    built-in deck's id is always refused.
    """
    from quizzer.userdecks import add_file

    added = add_file(path, force=force)
    for warning in added.warnings:
        notice(warning.render(str(path)))
    count = len(added.deck.questions)
    verb = "Replaced your deck" if added.replaced else "Added deck"
    print(
        f"{verb} {added.deck.id!r} ({count:,} question{'s' * (count != 1)}) as {added.file}; "
        f"start it with: quiz start {added.deck.id}"
    )


@app.command()
def remove(
    deck: Annotated[str, typer.Argument(metavar="ID", help="The id of one of your decks.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Remove without asking.")] = False,
    purge_history: Annotated[
        bool,
        typer.Option(
            "--purge-history",
            help="Also clear the answers you gave on it (saved first to a backup).",
        ),
    ] = False,
) -> None:
    """Remove one of your decks; the answers you gave on it stay in your history.

    Examples:

      quiz deck remove my-deck

      quiz deck remove my-deck --yes --purge-history

    With --purge-history its answers are cleared too, as `quiz reset ID` does: they are
    first written to a backup in the data directory that `quiz history import` restores.
    """
    from quizzer.errors import BadInput
    from quizzer.userdecks import describe, remove, user_deck

    file = user_deck(deck)
    kept = "and clear its history (a backup is kept)" if purge_history else "Its history is kept"
    if not yes:
        if not _terminal():
            raise BadInput(f"removing deck {deck!r} needs a yes: pass --yes.")
        from quizzer.ui.prompts import confirm

        question = (
            f"Remove your deck {describe(file)} {kept}?"
            if purge_history
            else f"Remove your deck {describe(file)}? {kept}."
        )
        if not confirm(question):
            print("Nothing removed.")
            return
    remove(deck)
    if not purge_history:
        print(f"Removed deck {deck!r}; the answers you gave on it are kept in your history.")
        return
    from quizzer.cli.common import open_store

    with open_store() as store:
        count, backup = store.forget(deck)
    print(f"Removed deck {deck!r} and cleared {count:,} answers; a copy is in {backup}")


@app.command()
def new() -> None:
    """Write a new deck question by question with arrow-key prompts, then save it.

    Examples:

      quiz deck new

    Each question asks for its kind, prompt, choices, answer (and other accepted
    answers) and explanation; a preview and a check come before saving. Stopped with
    Ctrl-C, the wizard keeps what you wrote as a draft, and the next `quiz deck new`
    offers to resume it.
    """
    from quizzer.authoring import Wizard, draft_file
    from quizzer.errors import BadInput
    from quizzer.ui.prompts import WizardPrompts

    if not _terminal():
        raise BadInput(
            "`quiz deck new` needs a terminal; write the deck as JSON instead "
            "(`quiz deck schema` prints the format) and check it with `quiz deck validate`."
        )
    path = draft_file()
    try:
        added = Wizard(WizardPrompts(), path).run()
    except (KeyboardInterrupt, EOFError):
        if path.exists():
            notice(f"your deck is kept as a draft ({path}); `quiz deck new` resumes it.")
        raise
    if added is None:
        print(f"Kept as a draft ({path}); `quiz deck new` resumes it.")
        return
    count = len(added.deck.questions)
    print(
        f"Saved deck {added.deck.id!r} ({count} question{'s' * (count != 1)}) as {added.file}; "
        f"start it with: quiz start {added.deck.id}"
    )


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The file to import.")],
    format_: Annotated[
        ImportFormat | None,
        typer.Option("--format", "-f", help="Leave out to guess it from the content."),
    ] = None,
    separator: Annotated[
        str | None,
        typer.Option(
            metavar="SEP",
            help="What separates fields: tab, comma, semicolon, pipe, colon, space or any "
            "text such as ' - '.",
            show_default=False,
        ),
    ] = None,
    deck_id: Annotated[
        str | None, typer.Option("--id", metavar="ID", help="The new deck's id.")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TITLE", help="The new deck's title.")
    ] = None,
    as_: Annotated[
        RowType, typer.Option("--as", help="What csv/tsv rows become.")
    ] = RowType.flashcard,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the deck to FILE."),
    ] = None,
    add_it: Annotated[bool, typer.Option("--add", help="Add the deck to your decks.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="With --add: replace your deck with the same id.")
    ] = False,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the good rows when some cannot be.")
    ] = False,
) -> None:
    """Turn a file from Anki, Quizlet, Open Trivia DB or a spreadsheet into a deck.

    Examples:

      quiz deck import notes.txt --dry-run

      quiz deck import quizlet.txt --separator ' - ' --title 'Phrasal verbs' --add

      quiz deck import trivia.json --format opentdb -o trivia-deck.json

      quiz deck import words.csv --as short_answer --id words --add

    csv/tsv: Anki's "Notes in Plain Text" export (its #separator, #html, #columns,
    #deck and #... column lines are honoured, HTML becomes plain text), Quizlet's
    export, or two columns with an optional header row `prompt,answer`. A quoted field
    may span lines. Without a header, column 1 is the prompt, 2 the answer, further
    ones the explanation. opentdb: an Open Trivia DB API response.

    Rows that cannot be converted are listed with their line numbers and nothing is
    written, unless --skip-bad. Without -o or --add, the deck is printed as JSON.
    """
    from quizzer.formats import ImportOptions, import_file
    from quizzer.models import QuestionType

    if output is not None and add_it:
        from quizzer.errors import BadInput

        raise BadInput("choose one of -o FILE and --add.")
    options = ImportOptions(
        format=format_.value if format_ else None,
        separator=separator,
        deck_id=deck_id,
        title=title,
        as_type=QuestionType(as_.value),
    )
    imported = import_file(path, options)
    name = str(path)
    if dry_run:
        print("\n".join(imported.preview(name)))
        return
    imported.check_rows(name, skip_bad=skip_bad)
    for note in imported.bad:
        notice(f"skipped {note.render(name)}")
    for note in imported.warnings:
        notice(f"warning: {note.render(name)}")
    count = len(imported.lines)
    what = f"{count:,} question{'s' * (count != 1)} from {name}"
    if add_it:
        from quizzer.userdecks import add_text

        added = add_text(imported.text(), name, force=force)
        print(
            f"Imported {what} as deck {added.deck.id!r} ({added.file}); "
            f"start it with: quiz start {added.deck.id}"
        )
    elif output is not None:
        from quizzer.files import atomic_write

        atomic_write(output, imported.text().encode("utf-8"))
        print(f"Imported {what} into {output}; add it with: quiz deck add {output}")
    else:
        sys.stdout.write(imported.text())
        notice(f"imported {what}.")


@app.command()
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
            "--output", "-o", metavar="FILE", help="Write to FILE (json and csv: else stdout)."
        ),
    ] = None,
) -> None:
    """Write a deck as JSON, as csv (which `quiz deck import` reads back) or as an Anki package.

    Examples:

      quiz deck export deepseek-company --format apkg -o deepseek-company.apkg

      quiz deck export my-deck --format csv -o my-deck.csv

      quiz deck export my-deck > my-deck.json
    """
    from quizzer.decks import find_deck
    from quizzer.errors import BadInput
    from quizzer.files import atomic_write

    found = find_deck(deck)
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if format_ is not None:
        fmt = format_.value
    else:
        fmt = suffix if suffix in ExportFormat.__members__ else "json"
    if fmt == "apkg":
        if output is None:
            raise BadInput("an Anki package is a binary file: name it with -o FILE.apkg.")
        from quizzer.formats.apkg import write_apkg

        write_apkg(found, output)
    else:
        if fmt == "csv":
            from quizzer.formats.delimited import write_csv

            text = write_csv(found)
        else:
            text = json.dumps(found.to_dict(), indent=2, ensure_ascii=False) + "\n"
        if output is None:
            sys.stdout.write(text)
            return
        atomic_write(output, text.encode("utf-8"))
    count = len(found.questions)
    print(f"Wrote deck {found.id!r} ({count:,} question{'s' * (count != 1)}) to {output} as {fmt}.")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the deck format (version 1).

    Examples:

      quiz deck schema > deck.schema.json
    """
    from quizzer.deckcheck import schema_text

    sys.stdout.write(schema_text())
