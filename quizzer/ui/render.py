"""Rich output for terminals: verdicts, summaries and tables.

Deck text is always passed as `Text` (never as markup) and was cleaned of control
characters when the deck was loaded. rich honours NO_COLOR and drops styling when
stdout is not a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from quizzer.grading import Verdict
from quizzer.models import DeckInfo, Question
from quizzer.ui.feedback import verdict_lines


def console() -> Console:
    """A console with highlighting, markup and emoji off: deck text is shown as typed."""
    return Console(highlight=False, markup=False, emoji=False)


def show_verdict(out: Console, question: Question, verdict: Verdict, deck_source: str = "") -> None:
    headline, details = verdict_lines(question, verdict, deck_source)
    style = "bold green" if verdict.correct else "bold red"
    out.print(Text(headline, style=style))
    for line in details:
        out.print(Text(line, style="dim"))
    out.print()


def percent(value: float) -> str:
    """`85%`."""
    return f"{value:.0%}"


def local_time(stamp: str) -> str:
    """A stored UTC timestamp as a local date, `YYYY-MM-DD`."""
    return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d") if stamp else ""


def table() -> Table:
    """A borderless table with a rule under its header and no padding at its edges."""
    return Table(box=box.SIMPLE_HEAD, show_edge=False, collapse_padding=True, pad_edge=False)


def heading(out: Console, text: str) -> None:
    """A section title, printed as text (a table title would be padded to its width)."""
    out.print(Text(text, style="bold"))


def deck_table(decks: Sequence[DeckInfo]) -> Table:
    out = table()
    out.add_column("Id", overflow="fold")
    out.add_column("Title")
    out.add_column("Questions", justify="right")
    out.add_column("Origin")
    for deck in decks:
        out.add_row(Text(deck.id), Text(deck.title), str(deck.questions), deck.origin)
    return out


def fits(out: Console, shown: Table) -> bool:
    """Whether the table shows every cell whole, unfolded, at the console's width."""
    # Measured without the console's limit, which would clamp the answer to its width.
    unbounded = out.options.update(max_width=10_000)
    return Measurement.get(out, unbounded, shown).maximum <= out.width


@dataclass(frozen=True)
class Block:
    """One row of a table told as a block: a title line, then `Label value` items."""

    title: str
    items: list[str]


def stacked(out: Console, blocks: Sequence[Block]) -> None:
    """Rows as blocks, for a terminal narrower than their table: the title whole (wrapped
    between words), then the items joined by ` · ` on indented lines, none cut."""
    for block in blocks:
        out.print(Text(block.title, style="bold"))
        for line in joined(block.items, out.width - 2):
            out.print(Text("  " + line))


def joined(items: Sequence[str], width: int) -> list[str]:
    """Items joined by ` · ` into lines of at most `width` cells where they fit; an item
    is never split between lines."""
    lines: list[str] = []
    for item in items:
        if lines and cell_len(f"{lines[-1]} · {item}") <= width:
            lines[-1] += f" · {item}"
        else:
            lines.append(item)
    return lines
