"""Figures for `quiz stats`, computed from running totals: pure functions, no I/O."""

from __future__ import annotations

from typing import Any

from quizzer.totals import Totals


def deck_rows(totals: Totals, titles: dict[str, str]) -> list[dict[str, Any]]:
    """One row per deck with history, most recently played first."""
    rows = [
        {
            "deck": deck_id,
            "title": titles.get(deck_id, ""),
            "sessions": deck.sessions,
            "answered": deck.answered,
            "correct": deck.correct,
            "accuracy": round(deck.correct / deck.answered, 4) if deck.answered else 0.0,
            "best_score": round(deck.best_score, 4),
            "last_played": deck.last_played,
        }
        for deck_id, deck in totals.decks.items()
        if deck.answered
    ]
    return sorted(rows, key=lambda r: r["last_played"], reverse=True)


def overall(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Sessions, answered and correct summed over every deck."""
    return {key: sum(r[key] for r in rows) for key in ("sessions", "answered", "correct")}
