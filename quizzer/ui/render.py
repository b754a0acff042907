"""Rich output for terminals: verdicts, summaries and tables.

Deck text is always passed as `Text` (never as markup) and was cleaned of control
characters when the deck was loaded. rich honours NO_COLOR and drops styling when
stdout is not a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from quizzer.decks import DeckInfo
from quizzer.grading import Verdict
from quizzer.models import Question
from quizzer.session import Result
from quizzer.ui.feedback import summary_lines, verdict_lines


def console(*, stderr: bool = False) -> Console:
    """A console with highlighting, markup and emoji off: deck text is shown as typed."""
    return Console(stderr=stderr, highlight=False, markup=False, emoji=False)


def show_verdict(out: Console, question: Question, verdict: Verdict) -> None:
    headline, details = verdict_lines(question, verdict)
    style = "bold green" if verdict.correct else "bold red"
    out.print(Text(headline, style=style))
    for line in details:
        out.print(Text(line, style="dim"))
    out.print()


def show_summary(out: Console, result: Result) -> None:
    first, *rest = summary_lines(result)
    out.print(Text(first, style="bold"))
    for line in rest:
        out.print(Text(line))


def _percent(value: float) -> str:
    return f"{value:.0%}"


def local_time(stamp: str) -> str:
    """A stored UTC timestamp as a local date, `YYYY-MM-DD`."""
    return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d") if stamp else ""


def stats_table(rows: Sequence[dict[str, Any]], totals: dict[str, int]) -> Table:
    """One row per deck, then a total row; fits 80 columns with a 25-character deck id.

    How many answers were right is in --json (`correct`); here accuracy says it.
    """
    table = Table(
        title="Progress by deck",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        collapse_padding=True,
    )
    table.add_column("Deck", overflow="fold")
    for name in ("Sessions", "Answers", "Accuracy", "Best", "Due"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("Last played", no_wrap=True)
    for row in rows:
        table.add_row(
            Text(row["deck"]),
            str(row["sessions"]),
            str(row["answered"]),
            _percent(row["accuracy"]),
            _percent(row["best_score"]),
            str(row["due_now"]),
            local_time(row["last_played"]),
        )
    if len(rows) > 1:
        accuracy = totals["correct"] / totals["answered"] if totals["answered"] else 0.0
        table.add_section()
        table.add_row(
            "All decks",
            str(totals["sessions"]),
            str(totals["answered"]),
            _percent(accuracy),
            "",
            str(sum(row["due_now"] for row in rows)),
            "",
        )
    return table


def deck_table(decks: Sequence[DeckInfo]) -> Table:
    table = Table(title="Decks", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Id", overflow="fold")
    table.add_column("Title")
    table.add_column("Questions", justify="right")
    table.add_column("Origin")
    for deck in decks:
        table.add_row(Text(deck.id), Text(deck.title), str(deck.questions), deck.origin)
    return table
