"""`quiz stats`: progress per deck, a deck in detail, streaks, a calendar and sessions."""

from __future__ import annotations

import csv
import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from quizzer.models import Deck
    from quizzer.report import Period, Report


# The arguments and options of `quiz stats`.
DeckArgument = Annotated[
    str | None,
    typer.Argument(metavar="[DECK]", help="Show this deck in detail.", show_default=False),
]
SinceOption = Annotated[
    str | None,
    typer.Option(metavar="DATE", help="Count answers from this local date on.", show_default=False),
]
UntilOption = Annotated[
    str | None,
    typer.Option(metavar="DATE", help="Count answers up to this local date.", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print everything as JSON.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print the per-question table as CSV.")]
SessionsOption = Annotated[bool, typer.Option("--sessions", help="List recent sessions instead.")]


def stats(
    deck: DeckArgument = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    sessions: SessionsOption = False,
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
    learning, review, retention (the mean predicted chance of recalling its studied
    questions now, with your parameters; or null) and true_retention (passed, reviews and
    rate: of the last 30 days' reviews of questions already learned, those not rated
    Again, as Anki counts it; rate null without reviews). The table of every deck leaves
    true retention out; `quiz stats DECK` shows it.
    leeches lists each question forgotten leech_threshold times or more (quiz config) as
    deck, question and lapses; `quiz stats DECK` lists its own with what to do about them.
    """
    from quizzer import clock
    from quizzer.decks import checked_deck_id
    from quizzer.report import Period

    period = Period(
        clock.parse_date(since, "--since") if since is not None else None,
        clock.parse_date(until, "--until") if until is not None else None,
    )
    if deck is not None:
        checked_deck_id(deck)
    retention = as_json or (deck is not None and not as_csv and not sessions)
    report, installed = _report(deck, period, with_true_retention=retention)
    if as_json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        return
    prompts = _prompts(installed, deck)
    if as_csv:
        _write_csv(report, prompts)
        return
    from quizzer.ui import statsview

    statsview.show(report, prompts, sessions=sessions)


def _report(
    deck: str | None, period: Period, *, with_true_retention: bool
) -> tuple[Report, dict[str, Deck]]:
    """The report, and the installed decks it was made with (their prompts are shown)."""
    from quizzer import clock
    from quizzer.cli.common import load_scheduler, open_store
    from quizzer.config import leech_threshold
    from quizzer.decks import load_decks
    from quizzer.recall import true_retention
    from quizzer.report import build, tally

    scheduler = load_scheduler()
    now = clock.now()
    with open_store(scheduler) as store:
        progress = store.state()
        totals = tally(store.answers(since=period.start()), period) if period.bounded else None
        recalled = None
        if with_true_retention:
            shown = [deck] if deck else list((totals or progress.totals).decks)
            today = now.astimezone().date()
            recalled = true_retention(progress.recall, shown, today)
    installed = {d.id: d for d in load_decks()[0]}
    report = build(
        progress,
        totals or progress.totals,
        installed,
        lambda card: scheduler.recall(card, now),
        now,
        deck=deck,
        period=period,
        true_retention=recalled,
        leech_threshold=leech_threshold(scheduler.settings),
    )
    return report, installed


def _prompts(installed: dict[str, Deck], deck: str | None) -> dict[str, str]:
    """Each installed question's prompt by DECK/QUESTION (of the deck named, if one is)."""
    return {
        f"{deck_id}/{q.id}": q.prompt
        for deck_id, d in installed.items()
        if deck is None or deck_id == deck
        for q in d.questions
    }


def _write_csv(report: Report, prompts: dict[str, str]) -> None:
    """The per-question table, one row per question with history."""
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["deck", "question", "answered", "correct", "accuracy", "last_answered", "prompt"])
    for row in report.questions:
        out.writerow(
            [
                row.deck,
                row.question,
                row.answered,
                row.correct,
                row.accuracy,
                row.last_answered,
                prompts.get(f"{row.deck}/{row.question}", ""),
            ]
        )
