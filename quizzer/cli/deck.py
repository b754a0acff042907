"""`quiz deck ...`: list the decks and print the deck format's JSON Schema."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Annotated

import typer

app = typer.Typer(help="List decks and show the deck format.", no_args_is_help=True)


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
        print(f"quiz: warning: skipped a broken deck: {message}", file=sys.stderr)
    if as_json:
        rows = [{k: v for k, v in asdict(d).items() if k != "path"} for d in decks]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from quizzer.ui.render import console, deck_table

    console().print(deck_table(decks))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the deck format (version 1).

    Examples:

      quiz deck schema > deck.schema.json
    """
    from quizzer.decks import schema_text

    sys.stdout.write(schema_text())
