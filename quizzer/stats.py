"""Figures for `quiz stats`, computed from running totals and cards: pure functions, no I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from quizzer.scheduler import due_at, is_learning
from quizzer.totals import Totals

FORECAST_DAYS = 14


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
        ids = questions.get(deck_id, ())
        row: dict[str, Any] = {
            "deck": deck_id,
            "title": titles.get(deck_id, ""),
            "sessions": deck.sessions,
            "answered": deck.answered,
            "correct": deck.correct,
            "accuracy": round(deck.correct / deck.answered, 4) if deck.answered else 0.0,
            "best_score": round(deck.best_score, 4),
            "last_played": deck.last_played,
        }
        row.update(memory_figures(mine, ids, prefix, recall, now))
        rows.append(row)
    return sorted(rows, key=lambda r: r["last_played"], reverse=True)


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
