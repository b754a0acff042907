"""Figures for `quiz stats`, computed from running totals: pure functions, no I/O."""

from __future__ import annotations

from typing import Any

from quizzer.totals import Totals


def deck_rows(totals: Totals, titles: dict[str, str]) -> list[dict[str, Any]]:
    """One row per deck with history, most recently played first."""
    decks: dict[str, dict[str, Any]] = {}
    for session in totals.sessions.values():
        row = decks.setdefault(
            session.deck,
            {
                "deck": session.deck,
                "title": titles.get(session.deck, ""),
                "sessions": 0,
                "answered": 0,
                "correct": 0,
                "accuracy": 0.0,
                "best_score": 0.0,
                "last_played": "",
            },
        )
        row["sessions"] += 1
        row["answered"] += session.answered
        row["correct"] += session.correct
        row["best_score"] = max(row["best_score"], round(session.score, 4))
        row["last_played"] = max(row["last_played"], session.last_at)
    for row in decks.values():
        row["accuracy"] = round(row["correct"] / row["answered"], 4) if row["answered"] else 0.0
    return sorted(decks.values(), key=lambda r: r["last_played"], reverse=True)


def overall(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Sessions, answered and correct summed over every deck."""
    return {key: sum(r[key] for r in rows) for key in ("sessions", "answered", "correct")}
