"""Text charts that need no colour: a sparkline of scores and a calendar heatmap.

Plain characters carry the information, so they read the same with NO_COLOR, in a
pipe, or through a screen reader's text view.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from quizzer.stats import CalendarDay

BARS = "▁▂▃▄▅▆▇█"
SHADES = "·░▒▓█"
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def sparkline(scores: Sequence[float]) -> str:
    """One bar per score from 0 to 1: `▁` is 0%, `█` is 100%."""
    return "".join(BARS[round(score * (len(BARS) - 1))] for score in scores)


def shade(answers: int, most: int) -> str:
    """`·` for no answers, then four steps up to the busiest day."""
    if not answers:
        return SHADES[0]
    return SHADES[min(len(SHADES) - 1, 1 + (len(SHADES) - 2) * answers // max(most, 1))]


def heatmap(days: Sequence[CalendarDay]) -> list[str]:
    """A calendar with weekdays as rows and weeks as two-character columns, months above.

    `days` is `stats.calendar` output: consecutive dates with their answer counts.
    """
    if not days:
        return []
    first = date.fromisoformat(days[0].date)
    start = first - timedelta(days=first.weekday())
    counts = {d.date: d.answers for d in days}
    most = max(counts.values())
    weeks = (date.fromisoformat(days[-1].date) - start).days // 7 + 1
    mondays = [start + timedelta(weeks=week) for week in range(weeks)]
    labels = [w for w, monday in enumerate(mondays) if monday.day <= 7]
    if not labels or labels[0] > 1:  # name the first month too, if there is room
        labels.insert(0, 0)
    months = ""
    for week in labels:
        if not months or len(months) < 2 * week:
            months = months.ljust(2 * week) + mondays[week].strftime("%b")
    lines = ["    " + months]
    for weekday, name in enumerate(WEEKDAYS):
        cells = []
        for week in range(weeks):
            day = (start + timedelta(weeks=week, days=weekday)).isoformat()
            cells.append(shade(counts[day], most) * 2 if day in counts else "  ")
        lines.append(f"{name} " + "".join(cells).rstrip())
    lines.append(f"    less {' '.join(SHADES)} more (busiest day: {most} answers)")
    return lines
