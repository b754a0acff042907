"""`quiz stats` on a terminal: the deck table, one deck in detail, recent sessions.

Takes the typed Report (quizzer.report) and prints it through rich; deck text is always
passed as `Text`, never as markup. A table that does not fit the terminal whole is told
as one block per row instead (render.stacked): nothing is dropped or cut at 40 columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import Console
from rich.table import Table
from rich.text import Text

from quizzer.models import TYPE_NAMES, QuestionType
from quizzer.report import DeckDetail, Report
from quizzer.stats import QUIZ_KIND, DeckRow, GroupRow, Overall, QuestionRow, SessionRow
from quizzer.ui import charts, memoryview
from quizzer.ui.render import (
    Block,
    console,
    fits,
    heading,
    local_time,
    percent,
    stacked,
    table,
)


def show(report: Report, prompts: dict[str, str], *, sessions: bool) -> None:
    """Print the report: sessions if asked, else one deck in detail or every deck."""
    out = console()
    if sessions:
        heading(out, "Recent sessions")
        rows = report.recent_sessions
        _table_or_blocks(out, sessions_table(rows), [_session_block(row) for row in rows])
    elif not report.decks:
        out.print("No answers yet. Start with: quiz start")
    elif report.deck is None:
        show_overview(out, report)
    else:
        show_deck(out, report, report.deck, prompts)


DECK_COLUMNS = ("Sessions", "Answers", "Accuracy", "Best", "Due", "Last played")


def _table_or_blocks(out: Console, shown: Table, blocks: Sequence[Block]) -> None:
    """The table when it fits the terminal whole, else a block per row."""
    if fits(out, shown):
        out.print(shown)
    else:
        stacked(out, blocks)


def _deck_cells(row: DeckRow) -> list[str]:
    return [
        str(row.sessions),
        str(row.answered),
        percent(row.accuracy),
        percent(row.best_score),
        str(row.memory.due_now),
        local_time(row.last_played),
    ]


def _total_cells(rows: Sequence[DeckRow], totals: Overall) -> list[str]:
    accuracy = totals.correct / totals.answered if totals.answered else 0.0
    due = str(sum(row.memory.due_now for row in rows))
    return [str(totals.sessions), str(totals.answered), percent(accuracy), "", due, ""]


def stats_table(rows: Sequence[DeckRow], totals: Overall) -> Table:
    """One row per deck, then a total row; fits 80 columns with a 25-character deck id.

    How many answers were right is in --json (`correct`); here accuracy says it.
    """
    out = table()
    out.add_column("Deck", overflow="fold")
    for name in DECK_COLUMNS[:-1]:
        out.add_column(name, justify="right", no_wrap=True)
    out.add_column(DECK_COLUMNS[-1], no_wrap=True)
    for row in rows:
        out.add_row(Text(row.deck), *_deck_cells(row))
    if len(rows) > 1:
        out.add_section()
        out.add_row("All decks", *_total_cells(rows, totals))
    return out


def deck_blocks(rows: Sequence[DeckRow], totals: Overall) -> list[Block]:
    """The deck table's rows as blocks, for a narrow terminal."""

    def items(cells: list[str]) -> list[str]:
        return [f"{name} {cell}" for name, cell in zip(DECK_COLUMNS, cells, strict=True) if cell]

    blocks = [Block(row.deck, items(_deck_cells(row))) for row in rows]
    if len(rows) > 1:
        blocks.append(Block("All decks", items(_total_cells(rows, totals))))
    return blocks


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
    rows, totals = report.decks, report.totals
    _table_or_blocks(out, stats_table(rows, totals), deck_blocks(rows, totals))
    streak = report.streak
    out.print(
        f"Study days this week: {report.study_days_this_week} of 7. "
        f"Streak: {_days(streak.current)} (longest {_days(streak.longest)}). "
        f"Time spent: {clock_time(report.time_spent_ms)}."
    )
    if report.leeches:
        count = len(report.leeches)
        out.print(
            f"{count} leech{'es' if count > 1 else ''} (forgotten {report.leech_threshold} "
            "times or more): quiz stats DECK lists them."
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
        _table_or_blocks(out, _weakest_table(detail, prompts), _weakest_blocks(detail, prompts))
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
    if report.leeches:
        show_leeches(out, report, prompts)
    heading(out, "Answers per day")
    for line in charts.heatmap(report.calendar):
        out.print(Text(line))


LEECH_HINT = (
    "A leech costs review after review: rewrite it, split it into smaller questions, or "
    "add a mnemonic to its explanation. quiz review leaves it out until its text changes "
    "(quiz review --leeches asks it anyway)."
)


def show_leeches(out: Console, report: Report, prompts: dict[str, str]) -> None:
    """Each leech with its lapses, then what to do about them."""
    heading(out, f"Leeches (forgotten {report.leech_threshold} times or more)")
    for row in report.leeches:
        key = f"{row.deck}/{row.question}"
        out.print(Text(f"{row.lapses:>4} x ") + _question(prompts, key, row.question, 60))
    out.print(Text(LEECH_HINT))


def _weakest_cells(q: QuestionRow) -> list[str]:
    last = "right" if q.last_correct else "wrong"
    return [
        str(q.answered - q.correct),
        percent(q.accuracy),
        f"{last}, {local_time(q.last_answered)}",
    ]


def _weakest_table(detail: DeckDetail, prompts: dict[str, str]) -> Table:
    weak = table()
    weak.add_column("Question", no_wrap=True)
    weak.add_column("Missed", justify="right")
    weak.add_column("Accuracy", justify="right")
    weak.add_column("Last answer", no_wrap=True)
    for q in detail.weakest:
        key = f"{q.deck}/{q.question}"
        weak.add_row(_question(prompts, key, q.question, 38), *_weakest_cells(q))
    return weak


def _weakest_blocks(detail: DeckDetail, prompts: dict[str, str]) -> list[Block]:
    """Each weak question whole, for a narrow terminal."""
    return [
        Block(
            prompts.get(f"{q.deck}/{q.question}", q.question).replace("\n", " "),
            [
                f"{name} {cell}"
                for name, cell in zip(
                    ("Missed", "Accuracy", "Last answer"), _weakest_cells(q), strict=True
                )
            ],
        )
        for q in detail.weakest
    ]


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


def _started(row: SessionRow) -> str:
    return f"{datetime.fromisoformat(row.started).astimezone():%Y-%m-%d %H:%M}"


def _session_block(row: SessionRow) -> Block:
    score = f"{row.correct}/{row.answered} ({percent(row.score)})"
    kind = [] if row.kind == QUIZ_KIND else [f"Kind {row.kind}"]
    return Block(
        row.deck,
        [_started(row), *kind, f"Score {score}", f"Time {clock_time(row.duration_ms)}"],
    )


def sessions_table(rows: Sequence[SessionRow]) -> Table:
    """Recent sessions, newest first; a Kind column (quiz, practice, learn, test) when
    they are not all quizzes."""
    kinds = any(row.kind != QUIZ_KIND for row in rows)
    out = table()
    out.add_column("Started", no_wrap=True)
    out.add_column("Deck", overflow="fold")
    if kinds:
        out.add_column("Kind", no_wrap=True)
    out.add_column("Score", justify="right", no_wrap=True)
    out.add_column("Time", justify="right", no_wrap=True)
    for row in rows:
        out.add_row(
            _started(row),
            Text(row.deck),
            *([row.kind] if kinds else []),
            f"{row.correct}/{row.answered} ({percent(row.score)})",
            clock_time(row.duration_ms),
        )
    return out
