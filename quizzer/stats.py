"""Figures for `quiz stats`, computed from running totals and cards: pure functions, no I/O.

Days are the learner's local dates (see `Answer.local_day`); `now` is a parameter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from quizzer.models import Deck
from quizzer.scheduler import due_at, is_learning
from quizzer.totals import Totals

FORECAST_DAYS = 14
CALENDAR_WEEKS = 16
WEAKEST = 10


def deck_rows(
    totals: Totals,
    titles: dict[str, str],
    questions: dict[str, Iterable[str]],
    cards: dict[str, dict[str, Any]],
    recall: Callable[[dict[str, Any]], float],
    now: datetime,
) -> list[dict[str, Any]]:
    """One row per deck with history, most recently played first.

    `questions` gives each known deck's question ids; a deck no longer installed counts
    only the questions it has cards for.
    """
    rows = []
    for deck_id, deck in totals.decks.items():
        if not deck.answered:
            continue
        prefix = f"{deck_id}/"
        mine = {k: c for k, c in cards.items() if k.startswith(prefix)}
        row: dict[str, Any] = {
            "deck": deck_id,
            "title": titles.get(deck_id, ""),
            "sessions": deck.sessions,
            "answered": deck.answered,
            "correct": deck.correct,
            "accuracy": _ratio(deck.correct, deck.answered),
            "best_score": round(deck.best_score, 4),
            "last_played": deck.last_played,
            "time_spent_ms": sum(day[2] for day in deck.days.values()),
        }
        row.update(memory_figures(mine, questions.get(deck_id, ()), prefix, recall, now))
        rows.append(row)
    return sorted(rows, key=lambda r: r["last_played"], reverse=True)


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def memory_figures(
    cards: dict[str, dict[str, Any]],
    question_ids: Iterable[str],
    prefix: str,
    recall: Callable[[dict[str, Any]], float],
    now: datetime,
) -> dict[str, Any]:
    """Due now, a 14-day forecast, new/learning/review counts and mean predicted recall.

    The forecast counts cards by the local date they come due; overdue ones count today.
    """
    today = now.astimezone().date()
    days = [today + timedelta(days=n) for n in range(FORECAST_DAYS)]
    by_day = Counter(max(due_at(c).astimezone().date(), today) for c in cards.values())
    learning = sum(1 for c in cards.values() if is_learning(c))
    studied = [c for c in cards.values() if c.get("last_review")]
    return {
        "due_now": sum(1 for c in cards.values() if due_at(c) <= now),
        "due_forecast": [{"date": d.isoformat(), "count": by_day.get(d, 0)} for d in days],
        "new": sum(1 for q in question_ids if f"{prefix}{q}" not in cards),
        "learning": learning,
        "review": len(cards) - learning,
        "retention": round(sum(map(recall, studied)) / len(studied), 4) if studied else None,
    }


def overall(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Sessions, answered and correct summed over every deck."""
    return {key: sum(r[key] for r in rows) for key in ("sessions", "answered", "correct")}


def study_days(totals: Totals, deck: str | None = None) -> dict[date, list[int]]:
    """[answers, correct, elapsed_ms] per local date, for one deck or all."""
    out: dict[date, list[int]] = {}
    for deck_id, figures in totals.decks.items():
        if deck is None or deck_id == deck:
            for day, (answers, correct, elapsed) in figures.days.items():
                merged = out.setdefault(date.fromisoformat(day), [0, 0, 0])
                merged[0] += answers
                merged[1] += correct
                merged[2] += elapsed
    return out


def streaks(days: Iterable[date], today: date) -> dict[str, int]:
    """Days in a row with an answer: the run reaching today (or yesterday, if nothing has
    been answered yet today) and the longest run ever."""
    studied = set(days)
    longest = run = 0
    previous = None
    for day in sorted(studied):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    day = today if today in studied else today - timedelta(days=1)
    while day in studied:
        current += 1
        day -= timedelta(days=1)
    return {"current": current, "longest": longest}


def this_week(days: Iterable[date], today: date) -> int:
    """Study days in the current week (Monday to today)."""
    monday = today - timedelta(days=today.weekday())
    return sum(1 for day in set(days) if monday <= day <= today)


def calendar_window(today: date, since: date | None, until: date | None) -> tuple[date, date]:
    """The days a calendar covers: the given range, else 16 whole weeks up to today."""
    last = until or today
    first = since or last - timedelta(days=last.weekday() + 7 * (CALENDAR_WEEKS - 1))
    return first, last


def calendar(days: dict[date, list[int]], first: date, last: date) -> list[dict[str, Any]]:
    """One entry per day from `first` to `last`, studied or not."""
    out = []
    day = first
    while day <= last:
        answers, correct, _ = days.get(day, (0, 0, 0))
        out.append({"date": day.isoformat(), "answers": answers, "correct": correct})
        day += timedelta(days=1)
    return out


def question_rows(totals: Totals, deck: str | None = None) -> list[dict[str, Any]]:
    """Every question with history (of one deck, or all), by deck and question id."""
    rows = []
    for key, figures in sorted(totals.questions.items()):
        deck_id, question = key.split("/", 1)
        if deck is None or deck_id == deck:
            rows.append(
                {
                    "deck": deck_id,
                    "question": question,
                    "answered": figures.answered,
                    "correct": figures.correct,
                    "accuracy": _ratio(figures.correct, figures.answered),
                    "last_answered": figures.last_at,
                    "last_correct": figures.last_correct,
                }
            )
    return rows


def weakest(rows: list[dict[str, Any]], limit: int = WEAKEST) -> list[dict[str, Any]]:
    """The most missed questions first; ties go to the lower accuracy, then the most recent."""
    missed = [r for r in rows if r["answered"] > r["correct"]]
    missed.sort(key=lambda r: r["last_answered"], reverse=True)
    missed.sort(key=lambda r: (r["correct"] - r["answered"], r["accuracy"]))
    return missed[:limit]


def accuracy_by(deck: Deck, totals: Totals, facet: str) -> list[dict[str, Any]]:
    """Answers and accuracy per question type (`facet="type"`) or per tag (`"tag"`)."""
    groups: dict[str, list[int]] = {}
    for question in deck.questions:
        figures = totals.questions.get(f"{deck.id}/{question.id}")
        if figures is None:
            continue
        names = [question.type.value] if facet == "type" else list(question.tags) or ["(none)"]
        for name in names:
            group = groups.setdefault(name, [0, 0])
            group[0] += figures.answered
            group[1] += figures.correct
    return [
        {facet: name, "answered": a, "correct": c, "accuracy": _ratio(c, a)}
        for name, (a, c) in sorted(groups.items())
    ]


def session_rows(totals: Totals, deck: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """The latest sessions (of one deck, or all), newest first.

    `duration_ms` is the time spent answering, which leaves out pauses between runs.
    """
    rows = [
        {
            "session": session,
            "deck": deck_id,
            "started": first_at,
            "answered": answered,
            "correct": correct,
            "score": _ratio(correct, answered),
            "duration_ms": elapsed,
        }
        for deck_id, figures in totals.decks.items()
        if deck is None or deck_id == deck
        for session, (first_at, _, answered, correct, elapsed) in figures.recent.items()
    ]
    rows.sort(key=lambda r: r["started"], reverse=True)
    return rows[:limit]
