"""`quiz doctor`: look the data directory over and rebuild what is derived from the history."""

from __future__ import annotations

from typing import Annotated

import typer

from quizzer.cli.common import open_store
from quizzer.errors import FAILURE, DataError


def doctor(
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Recompute the totals from the answer history."),
    ] = False,
) -> None:
    """Check your data: its format, the history files, the journal and the totals.

    Examples:

      quiz doctor

      quiz doctor --rebuild

    Exits 0 when all is well and 1 when something needs attention; it says what to do.
    Damaged files are reported, never changed.
    """
    store = open_store()
    try:
        findings = store.rebuild() if rebuild else store.check()
    except DataError as exc:
        print(f"problem: {exc.message}")
        raise typer.Exit(FAILURE) from None
    for finding in findings:
        print(f"{'ok' if finding.ok else 'problem'}: {finding.message}")
    if not all(f.ok for f in findings):
        raise typer.Exit(FAILURE)
