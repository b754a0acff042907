"""`quiz stats`: progress per deck, a deck in detail, streaks, a calendar and sessions."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime, time, timedelta, timezone
from typing import Annotated, Any

import typer

from quizzer.errors import BadInput


def stats(
    deck: Annotated[
        str | None,
        typer.Argument(metavar="[DECK]", help="Show this deck in detail.", show_default=False),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Count answers from this local date on.", show_default=False
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Count answers up to this local date.", show_default=False
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print everything as JSON.")] = False,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Print the per-question table as CSV.")
    ] = False,
    sessions: Annotated[
        bool, typer.Option("--sessions", help="List recent sessions instead.")
    ] = False,
) -> None:
    """Show your progress: per deck, streaks, time spent; or one deck in detail.

    Examples:

      quiz stats

      quiz stats deepseek-company

      quiz stats --since 2026-01-01 --until 2026-01-31 --json

      quiz stats --sessions

      quiz stats deepseek-company --csv > questions.csv

    A streak counts days in a row (your local dates) with at least one answer. In
    --json, accuracy and best_score are fractions from 0 to 1, times are ISO 8601 (UTC)
    and durations are milliseconds; each deck also has due_now, due_forecast (questions
    coming due on each of the next 14 local days; overdue ones count today), new,
    learning, review and retention (the mean predicted chance of recalling its studied
    questions now, or null).
    """
    from quizzer import clock
    from quizzer.cli.common import memory, open_store
    from quizzer.decks import checked_deck_id, load_decks
    from quizzer.stats import (
        accuracy_by,
        calendar,
        calendar_window,
        deck_rows,
        overall,
        question_rows,
        session_rows,
        streaks,
        study_days,
        this_week,
        weakest,
    )
    from quizzer.totals import Totals

    first = clock.parse_date(since, "--since") if since is not None else None
    last = clock.parse_date(until, "--until") if until is not None else None
    if first and last and first > last:
        raise BadInput("--since is after --until; swap them.")
    if deck is not None:
        checked_deck_id(deck)
    scheduler = memory()
    now = clock.now()
    today = now.astimezone().date()
    with open_store(scheduler) as store:
        state = store.state()
        totals = state.totals
        if first or last:
            totals = Totals()
            # Local dates can be up to 14 hours either side of UTC: a day early is enough.
            start = (
                datetime.combine(first - timedelta(days=1), time(), timezone.utc) if first else None
            )
            for answer in store.answers(since=start):
                day = date.fromisoformat(answer.local_day)
                if (not first or day >= first) and (not last or day <= last):
                    totals.tally(answer)
    installed = {d.id: d for d in load_decks()[0]}
    chosen = installed.get(deck) if deck is not None else None
    if deck is not None and chosen is None and deck not in state.totals.decks:
        raise BadInput(
            f"no deck {deck!r} and no history for it; `quiz stats` lists "
            "the decks you have studied."
        )
    known = {
        deck_id: d
        for deck_id, d in installed.items()
        if deck_id in totals.decks and (deck is None or deck_id == deck)
    }
    rows = [
        row
        for row in deck_rows(
            totals,
            {deck_id: d.title for deck_id, d in installed.items()},
            {deck_id: [q.id for q in d.questions] for deck_id, d in known.items()},
            state.cards,
            lambda card: scheduler.recall(card, now),
            now,
        )
        if deck is None or row["deck"] == deck
    ]
    days = study_days(totals, deck)
    window = calendar_window(today, first, last)
    questions = question_rows(totals, deck)
    report: dict[str, Any] = {
        "decks": rows,
        "totals": overall(rows),
        "time_spent_ms": sum(row["time_spent_ms"] for row in rows),
        "streak": streaks(days, today),
        "study_days_this_week": this_week(days, today),
        "calendar": calendar(days, *window),
        "questions": questions,
        "recent_sessions": session_rows(totals, deck),
        "range": {"since": since, "until": until},
    }
    if deck is not None:
        report["deck"] = {
            "id": deck,
            "title": chosen.title if chosen else "",
            "session_scores": [r["score"] for r in reversed(session_rows(totals, deck, 30))],
            "weakest": weakest(questions),
            "by_type": accuracy_by(chosen, totals, "type") if chosen else [],
            "by_tag": accuracy_by(chosen, totals, "tag") if chosen else [],
        }
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    if as_csv:
        prompts = {f"{d.id}/{q.id}": q.prompt for d in known.values() for q in d.questions}
        table = csv.writer(sys.stdout, lineterminator="\n")
        table.writerow(
            ["deck", "question", "answered", "correct", "accuracy", "last_answered", "prompt"]
        )
        for row in questions:
            table.writerow(
                [
                    row["deck"],
                    row["question"],
                    row["answered"],
                    row["correct"],
                    row["accuracy"],
                    row["last_answered"],
                    prompts.get(f"{row['deck']}/{row['question']}", ""),
                ]
            )
        return
    from quizzer.ui import render

    out = render.console()
    if sessions:
        render.heading(out, "Recent sessions")
        out.print(render.sessions_table(report["recent_sessions"]))
    elif not rows:
        out.print("No answers yet. Start with: quiz start")
    elif deck is None:
        render.show_overview(out, report)
    else:
        prompts = {q.id: q.prompt for q in chosen.questions} if chosen else {}
        render.show_deck(out, report, prompts)
