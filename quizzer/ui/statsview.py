"""`quiz stats` on a terminal: the deck table, one deck in detail, recent sessions.

Takes the typed Report (quizzer.report) and prints it through rich; deck text is always
passed as `Text`, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import Console
from rich.table import Table
from rich.text import Text

from quizzer.models import TYPE_NAMES, QuestionType
from quizzer.report import DeckDetail, Report
from quizzer.stats import DeckRow, GroupRow, Overall, SessionRow
from quizzer.ui import charts, memoryview
from quizzer.ui.render import console, heading, local_time, percent, table


def show(report: Report, prompts: dict[str, str], *, sessions: bool) -> None:
    """Print the report: sessions if asked, else one deck in detail or every deck."""
    out = console()
    if sessions:
        heading(out, "Recent sessions")
        out.print(sessions_table(report.recent_sessions))
    elif not report.decks:
        out.print("No answers yet. Start with: quiz start")
    elif report.deck is None:
        show_overview(out, report)
    else:
        show_deck(out, report, report.deck, prompts)


def stats_table(rows: Sequence[DeckRow], totals: Overall) -> Table:
    """One row per deck, then a total row; fits 80 columns with a 25-character deck id.

    How many answers were right is in --json (`correct`); here accuracy says it.
    """
    out = table()
    out.add_column("Deck", overflow="fold")
    for name in ("Sessions", "Answers", "Accuracy", "Best", "Due"):
        out.add_column(name, justify="right", no_wrap=True)
    out.add_column("Last played", no_wrap=True)
    for row in rows:
        out.add_row(
            Text(row.deck),
            str(row.sessions),
            str(row.answered),
            percent(row.accuracy),
            percent(row.best_score),
            str(row.memory.due_now),
            local_time(row.last_played),
        )
    if len(rows) > 1:
        accuracy = totals.correct / totals.answered if totals.answered else 0.0
        out.add_section()
        out.add_row(
            "All decks",
            str(totals.sessions),
            str(totals.answered),
            percent(accuracy),
            "",
            str(sum(row.memory.due_now for row in rows)),
            "",
        )
    return out


def clock_time(ms: int) -> str:
    """`2h 05m`, `4m 09s` or `12s`."""
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def show_overview(out: Console, report: Report) -> None:
    """The deck table, then this week's study days, streaks and time spent."""
    heading(out, "Progress by deck")
    out.print(stats_table(report.decks, report.totals))
    streak = report.streak
    out.print(
        f"Study days this week: {report.study_days_this_week} of 7. "
        f"Streak: {_days(streak.current)} (longest {_days(streak.longest)}). "
        f"Time spent: {clock_time(report.time_spent_ms)}."
    )


def _question(prompts: dict[str, str], key: str, question: str, width: int) -> Text:
    text = prompts.get(key, question).replace("\n", " ")
    return Text(text if len(text) <= width else text[: width - 1] + "…")


def show_deck(out: Console, report: Report, detail: DeckDetail, prompts: dict[str, str]) -> None:
    """One deck: figures, scores by session, weakest questions, types, tags, calendar."""
    (row,) = report.decks
    title = detail.title or row.deck
    out.print(Text(f"{title} ({row.deck})", style="bold"))
    out.print(
        f"Sessions {row.sessions}, answers {row.answered}, accuracy "
        f"{percent(row.accuracy)}, best {percent(row.best_score)}, due now "
        f"{row.memory.due_now}, time spent {clock_time(row.time_spent_ms)}."
        + (f" You overruled the grader {row.overruled} times." if row.overruled else "")
    )
    out.print(memoryview.memory_line(row.memory))
    scores = detail.session_scores
    if scores:
        out.print(
            f"Accuracy by session, oldest to newest: {charts.sparkline(scores)} "
            f"(last {percent(scores[-1])})"
        )
    if detail.weakest:
        heading(out, "Weakest questions")
        weak = table()
        weak.add_column("Question", no_wrap=True)
        weak.add_column("Missed", justify="right")
        weak.add_column("Accuracy", justify="right")
        weak.add_column("Last answer", no_wrap=True)
        for q in detail.weakest:
            last = "right" if q.last_correct else "wrong"
            weak.add_row(
                _question(prompts, f"{q.deck}/{q.question}", q.question, 38),
                str(q.answered - q.correct),
                percent(q.accuracy),
                f"{last}, {local_time(q.last_answered)}",
            )
        out.print(weak)
    for name, groups in (("type", detail.by_type), ("tag", detail.by_tag)):
        if groups:
            heading(out, f"Accuracy by {name}")
            out.print(_groups_table(name, groups))
    if detail.overruled:
        heading(out, "Overruled answers (its accepted answers may be too narrow)")
        for q in detail.overruled:
            out.print(
                Text(f"{q.overruled:>4} x ")
                + _question(prompts, f"{q.deck}/{q.question}", q.question, 60)
            )
    heading(out, "Answers per day")
    for line in charts.heatmap(report.calendar):
        out.print(Text(line))


def _groups_table(name: str, groups: Sequence[GroupRow]) -> Table:
    out = table()
    out.add_column(name.capitalize())
    out.add_column("Answers", justify="right")
    out.add_column("Accuracy", justify="right")
    for group in groups:
        label = group.name
        if name == "type":  # as the quiz names it: "select all that apply"
            label = TYPE_NAMES[QuestionType(label)]
        out.add_row(Text(label), str(group.answered), percent(group.accuracy))
    return out


def sessions_table(rows: Sequence[SessionRow]) -> Table:
    """Recent sessions, newest first."""
    out = table()
    out.add_column("Started", no_wrap=True)
    out.add_column("Deck", overflow="fold")
    out.add_column("Score", justify="right", no_wrap=True)
    out.add_column("Time", justify="right", no_wrap=True)
    for row in rows:
        started = datetime.fromisoformat(row.started).astimezone()
        out.add_row(
            f"{started:%Y-%m-%d %H:%M}",
            Text(row.deck),
            f"{row.correct}/{row.answered} ({percent(row.score)})",
            clock_time(row.duration_ms),
        )
    return out
