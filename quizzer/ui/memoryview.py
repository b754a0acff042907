"""`quiz memory` on a terminal: a fit's figures, the workload table and its chart, and the
retention advice, each saying what was done and what to do next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from quizzer.ui.render import heading, percent, table

if TYPE_CHECKING:  # `quiz stats DECK` uses memory_line without loading the memory model
    from quizzer.memory import Advice, Optimized
    from quizzer.stats import MemoryFigures
    from quizzer.workload import SimRow

BAR = "█"
BAR_WIDTH = 20


def show_optimized(out: Console, outcome: Optimized, *, dry_run: bool) -> None:
    """The fit's figures beside the current ones, then what was kept and why."""
    fit = outcome.fit
    out.print(
        f"Fitted on {fit.reviews:,} reviews; {fit.held_out:,} of them held out, each "
        "predicted by parameters fitted on earlier reviews only."
    )
    figures = table()
    figures.add_column("Parameters")
    figures.add_column("Log loss", justify="right")
    figures.add_column("RMSE", justify="right")
    current = "current (FSRS defaults)" if outcome.from_defaults else "current (yours)"
    for name, scores in ((current, fit.current), ("fitted", fit.fitted)):
        figures.add_row(name, f"{scores.log_loss:.4f}", f"{scores.rmse:.4f}")
    out.print(figures)
    out.print("Lower is better for both. Fitted: " + ", ".join(map(repr, fit.parameters)))
    change = f"log loss {fit.fitted.log_loss:.4f} against {fit.current.log_loss:.4f}"
    if outcome.saved:
        out.print(
            f"Saved: the fitted parameters predict your held-out reviews better ({change}), "
            "and every card was replayed with them. `quiz config get parameters` prints "
            "them; `quiz memory optimize --reset` goes back to the defaults."
        )
    elif dry_run:
        would = "would be saved" if fit.better else "would not be saved (not better)"
        out.print(f"Dry run: nothing saved; the fitted parameters {would} ({change}).")
    else:
        out.print(
            "Kept your current parameters: the fitted ones do not predict your held-out "
            f"reviews better ({change})."
        )


def show_reset(out: Console, changed: bool, *, dry_run: bool) -> None:
    """What going back to the default parameters did (or would do)."""
    if not changed:
        out.print("Your parameters are already FSRS's defaults; nothing to change.")
    elif dry_run:
        out.print("Dry run: nothing saved; your parameters would go back to FSRS's defaults.")
    else:
        out.print("Your parameters are FSRS's defaults again; every card was replayed with them.")


def _label(retention: float, marks: dict[float, str]) -> str:
    mark = marks.get(retention)
    return f"{retention:.2f}" + (f" ({mark})" if mark else "")


def workload_table(rows: Sequence[SimRow], days: int, marks: dict[float, str]) -> Table:
    """One row per retention; `marks` names some of them ("yours", "recommended")."""
    out = table()
    out.add_column("Retention", no_wrap=True)
    for name in ("Reviews a day", "Minutes a day", f"Remembered on day {days}"):
        out.add_column(name, justify="right", no_wrap=True)
    for row in rows:
        out.add_row(
            _label(row.retention, marks),
            f"{row.reviews_per_day:,.1f}",
            f"{row.minutes_per_day:,.1f}",
            f"{row.remembered:,.0f}",
        )
    return out


def bar(value: float, most: float, width: int = BAR_WIDTH) -> str:
    """A bar of plain characters, `width` long for `most` (at least one for any value)."""
    if most <= 0 or value <= 0:
        return ""
    return BAR * max(1, round(value / most * width))


def workload_chart(rows: Sequence[SimRow]) -> list[str]:
    """Minutes a day and questions remembered, one pair of bars per retention."""
    most_minutes = max(r.minutes_per_day for r in rows)
    most_kept = max(r.remembered for r in rows)
    lines = [f"{'':<6}{'minutes a day':<{BAR_WIDTH + 9}}remembered at the end"]
    for row in rows:
        minutes = bar(row.minutes_per_day, most_minutes).ljust(BAR_WIDTH)
        kept = bar(row.remembered, most_kept).ljust(BAR_WIDTH)
        minutes += f" {row.minutes_per_day:>6,.1f}"
        kept += f" {row.remembered:>7,.0f}"
        lines.append(f"{row.retention:<6.2f}{minutes}  {kept}")
    return lines


def show_simulation(out: Console, rows: Sequence[SimRow], days: int, current: float) -> None:
    """The workload table, then its chart."""
    heading(out, f"Your workload over the next {days} days")
    out.print(workload_table(rows, days, {current: "yours"}))
    for line in workload_chart(rows):
        out.print(Text(line))
    out.print(
        "Reviews a day count answers to questions already learned; minutes a day count all "
        "answering time, from your own answer times. Change your retention with `quiz config "
        "set retention VALUE`."
    )


def show_advice(out: Console, advice: Advice) -> None:
    """The recommended retention beside the learner's, with what each costs and keeps."""
    best, mine = advice.recommended, advice.current
    out.print(f"Recommended retention: {best:.2f} (yours: {mine:.2f}).")
    out.print(
        "That is fsrs-rs's optimal retention: the least answering time per question "
        f"remembered over the next {advice.days} days, searched from 0.70 to 0.95, with "
        "your memory model and your answer times."
    )
    marks = {mine: "yours"} if best == mine else {best: "recommended", mine: "yours"}
    out.print(workload_table(advice.rows, advice.days, marks))
    if best == mine:
        out.print("Your setting is the recommended one; nothing to change.")
        return
    at_best, at_mine = advice.row(best), advice.row(mine)
    out.print(
        f"At {best:.2f} you would spend {at_best.minutes_per_day:,.1f} minutes a day and "
        f"remember {at_best.remembered:,.0f} questions on day {advice.days}; at your "
        f"{mine:.2f}, {at_mine.minutes_per_day:,.1f} minutes and {at_mine.remembered:,.0f}. "
        f"A question comes due when your chance of recalling it falls to the retention, so "
        f"at {best:.2f} about {1 - best:.0%} of reviews would be forgotten."
    )
    if best <= 0.7:
        out.print(
            "0.70 is the bottom of the search, where fsrs-rs lands for most learners: it "
            "saves time, not questions. Keep your setting if remembering more is worth it."
        )
    out.print(f"To apply it: quiz config set retention {best:g}")


def memory_line(memory: MemoryFigures) -> str:
    """A deck's memory in one line: recall now, and true retention where it was counted."""
    if memory.retention is None:
        return "Recall now: no question studied yet."
    line = f"Recall now {percent(memory.retention)} on average"
    counted = memory.true_retention
    if counted is not None and counted.rate is not None:
        line += (
            f"; true retention over 30 days {percent(counted.rate)} "
            f"({counted.passed} of {counted.reviews} reviews)"
        )
    elif counted is not None:
        line += "; no reviews of learned questions in 30 days"
    return line + "."
