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
from quizzer.models import Question, QuestionType
from quizzer.session import Result
from quizzer.ui import charts
from quizzer.ui.feedback import TYPE_NAMES, summary_lines, verdict_lines


def console() -> Console:
    """A console with highlighting, markup and emoji off: deck text is shown as typed."""
    return Console(highlight=False, markup=False, emoji=False)


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


def _table() -> Table:
    """A borderless table with a rule under its header and no padding at its edges."""
    return Table(box=box.SIMPLE_HEAD, show_edge=False, collapse_padding=True, pad_edge=False)


def heading(out: Console, text: str) -> None:
    """A section title, printed as text (a table title would be padded to its width)."""
    out.print(Text(text, style="bold"))


def stats_table(rows: Sequence[dict[str, Any]], totals: dict[str, int]) -> Table:
    """One row per deck, then a total row; fits 80 columns with a 25-character deck id.

    How many answers were right is in --json (`correct`); here accuracy says it.
    """
    table = _table()
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
    table = _table()
    table.add_column("Id", overflow="fold")
    table.add_column("Title")
    table.add_column("Questions", justify="right")
    table.add_column("Origin")
    for deck in decks:
        table.add_row(Text(deck.id), Text(deck.title), str(deck.questions), deck.origin)
    return table


def _clock(ms: int) -> str:
    """`2h 05m`, `4m 09s` or `12s`."""
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def show_overview(out: Console, report: dict[str, Any]) -> None:
    """The deck table, then this week's study days, streaks and time spent."""
    heading(out, "Progress by deck")
    out.print(stats_table(report["decks"], report["totals"]))
    streak = report["streak"]
    out.print(
        f"Study days this week: {report['study_days_this_week']} of 7. "
        f"Streak: {_days(streak['current'])} (longest {_days(streak['longest'])}). "
        f"Time spent: {_clock(report['time_spent_ms'])}."
    )


def _question(prompts: dict[str, str], question: str, width: int) -> Text:
    text = prompts.get(question, question).replace("\n", " ")
    return Text(text if len(text) <= width else text[: width - 1] + "…")


def show_deck(out: Console, report: dict[str, Any], prompts: dict[str, str]) -> None:
    """One deck: figures, scores by session, weakest questions, types, tags, calendar."""
    (row,) = report["decks"]
    detail = report["deck"]
    title = detail["title"] or row["deck"]
    out.print(Text(f"{title} ({row['deck']})", style="bold"))
    out.print(
        f"Sessions {row['sessions']}, answers {row['answered']}, accuracy "
        f"{_percent(row['accuracy'])}, best {_percent(row['best_score'])}, due now "
        f"{row['due_now']}, time spent {_clock(row['time_spent_ms'])}."
    )
    scores = detail["session_scores"]
    if scores:
        out.print(
            f"Accuracy by session, oldest to newest: {charts.sparkline(scores)} "
            f"(last {_percent(scores[-1])})"
        )
    if detail["weakest"]:
        heading(out, "Weakest questions")
        table = _table()
        table.add_column("Question", no_wrap=True)
        table.add_column("Missed", justify="right")
        table.add_column("Accuracy", justify="right")
        table.add_column("Last answer", no_wrap=True)
        for q in detail["weakest"]:
            last = "right" if q["last_correct"] else "wrong"
            table.add_row(
                _question(prompts, q["question"], 38),
                str(q["answered"] - q["correct"]),
                _percent(q["accuracy"]),
                f"{last}, {local_time(q['last_answered'])}",
            )
        out.print(table)
    for facet, name in (("by_type", "type"), ("by_tag", "tag")):
        if detail[facet]:
            heading(out, f"Accuracy by {name}")
            table = _table()
            table.add_column(name.capitalize())
            table.add_column("Answers", justify="right")
            table.add_column("Accuracy", justify="right")
            for group in detail[facet]:
                label = group[name]
                if name == "type":  # as the quiz names it: "select all that apply"
                    label = TYPE_NAMES[QuestionType(label)]
                table.add_row(Text(label), str(group["answered"]), _percent(group["accuracy"]))
            out.print(table)
    heading(out, "Answers per day")
    for line in charts.heatmap(report["calendar"]):
        out.print(Text(line))


def sessions_table(rows: Sequence[dict[str, Any]]) -> Table:
    """Recent sessions, newest first."""
    table = _table()
    table.add_column("Started", no_wrap=True)
    table.add_column("Deck", overflow="fold")
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Time", justify="right", no_wrap=True)
    for row in rows:
        started = datetime.fromisoformat(row["started"]).astimezone()
        table.add_row(
            f"{started:%Y-%m-%d %H:%M}",
            Text(row["deck"]),
            f"{row['correct']}/{row['answered']} ({_percent(row['score'])})",
            _clock(row["duration_ms"]),
        )
    return table
