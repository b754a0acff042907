"""`quiz doctor`: look the data directory over and rebuild what is derived from the history."""

from __future__ import annotations

from typing import Annotated

import typer

from quizzer.cli.common import open_store
from quizzer.errors import FAILURE, DataError
from quizzer.text import clean


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
    Damaged files are reported, never changed. A config.json that cannot be used is
    reported too, and the rest is checked with the default settings.
    """
    from quizzer import config
    from quizzer.paths import data_home
    from quizzer.scheduler import Scheduler

    healthy = True
    try:
        settings = config.load(data_home())
    except DataError as exc:
        print(f"problem: {clean(exc.message)}")
        settings, healthy = config.DEFAULTS, False
    store = open_store(Scheduler(settings))
    try:
        findings = store.rebuild() if rebuild else store.check()
    except DataError as exc:
        print(f"problem: {clean(exc.message)}")
        raise typer.Exit(FAILURE) from None
    for finding in findings:
        print(f"{'ok' if finding.ok else 'problem'}: {clean(finding.message)}")
    if not healthy or not all(f.ok for f in findings):
        raise typer.Exit(FAILURE)
