"""The `quiz stats` report: every figure for the decks studied, or one deck in detail.

`build` takes what the store derived (totals and cards), the installed decks and the
clock, and returns a typed Report; `Report.to_json()` is `quiz stats --json`. The
command only parses options and renders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from quizzer.errors import BadInput
from quizzer.models import Answer, Card, Deck
from quizzer.progress import Progress
from quizzer.recall import TrueRetention
from quizzer.stats import (
    CalendarDay,
    DeckRow,
    GroupRow,
    LeechRow,
    Overall,
    QuestionRow,
    SessionRow,
    Streak,
    accuracy_by,
    calendar,
    calendar_window,
    deck_rows,
    leeches,
    overruled,
    question_rows,
    session_rows,
    streaks,
    study_days,
    this_week,
    weakest,
)
from quizzer.totals import Totals

SESSION_SCORES = 30


@dataclass(frozen=True)
class Period:
    """The local dates `--since` and `--until` name (either may be open)."""

    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise BadInput("--since is after --until; swap them.")

    @property
    def bounded(self) -> bool:
        return self.since is not None or self.until is not None

    def holds(self, day: date) -> bool:
        return (not self.since or day >= self.since) and (not self.until or day <= self.until)

    def start(self) -> datetime | None:
        """The earliest moment an answer on `since` can have: local dates can be up to 14
        hours either side of UTC, so a day early is enough."""
        if self.since is None:
            return None
        return datetime.combine(self.since - timedelta(days=1), time(), timezone.utc)


def tally(answers: Iterable[Answer], period: Period) -> Totals:
    """Totals of the answers given on the period's local dates."""
    totals = Totals()
    for answer in answers:
        if period.holds(date.fromisoformat(answer.local_day)):
            totals.tally(answer)
    return totals


@dataclass(frozen=True)
class DeckDetail:
    """One deck in detail: scores by session, weakest questions, accuracy by type and tag."""

    id: str
    title: str
    session_scores: tuple[float, ...]
    weakest: tuple[QuestionRow, ...]
    by_type: tuple[GroupRow, ...]
    by_tag: tuple[GroupRow, ...]
    overruled: tuple[QuestionRow, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "session_scores": list(self.session_scores),
            "weakest": [q.to_json() for q in self.weakest],
            "by_type": [g.to_json() for g in self.by_type],
            "by_tag": [g.to_json() for g in self.by_tag],
            "overruled": [q.to_json() for q in self.overruled],
        }


@dataclass(frozen=True)
class Report:
    """Everything `quiz stats` shows (see the command's help for the JSON keys)."""

    decks: tuple[DeckRow, ...]
    totals: Overall
    time_spent_ms: int
    streak: Streak
    study_days_this_week: int
    calendar: tuple[CalendarDay, ...]
    questions: tuple[QuestionRow, ...]
    recent_sessions: tuple[SessionRow, ...]
    since: str | None
    until: str | None
    leeches: tuple[LeechRow, ...]
    leech_threshold: int
    deck: DeckDetail | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "decks": [row.to_json() for row in self.decks],
            "totals": self.totals.to_json(),
            "time_spent_ms": self.time_spent_ms,
            "streak": self.streak.to_json(),
            "study_days_this_week": self.study_days_this_week,
            "calendar": [day.to_json() for day in self.calendar],
            "questions": [q.to_json() for q in self.questions],
            "recent_sessions": [s.to_json() for s in self.recent_sessions],
            "range": {"since": self.since, "until": self.until},
            "leeches": [row.to_json() for row in self.leeches],
        }
        if self.deck is not None:
            out["deck"] = self.deck.to_json()
        return out


def build(
    progress: Progress,
    totals: Totals,
    installed: dict[str, Deck],
    recall: Callable[[Card], float],
    now: datetime,
    *,
    deck: str | None = None,
    period: Period = Period(),
    true_retention: Mapping[str, TrueRetention] | None = None,
    leech_threshold: int,
) -> Report:
    """The report on `totals` (all answers, or a period's), one deck in detail if named;
    `true_retention` (by deck, the last 30 days whatever the period) where it was counted;
    the leeches of the installed decks (or the deck named) as the cards are now.

    A question removed from an installed deck keeps its history but leaves every
    per-question list; the deck's own counts (answers, time, sessions) still count its
    answers, since those sessions happened."""
    chosen = installed.get(deck) if deck is not None else None
    if deck is not None and chosen is None and deck not in progress.totals.decks:
        raise BadInput(
            f"no deck {deck!r} and no history for it; `quiz stats` lists "
            "the decks you have studied."
        )
    rows = _deck_rows(progress, totals, installed, recall, now, deck, true_retention)
    today = now.astimezone().date()
    days = study_days(totals, deck)
    questions = _held(question_rows(totals, deck), installed)
    return Report(
        decks=rows,
        totals=Overall.of(list(rows)),
        time_spent_ms=sum(row.time_spent_ms for row in rows),
        streak=streaks(days, today),
        study_days_this_week=this_week(days, today),
        calendar=tuple(calendar(days, *calendar_window(today, period.since, period.until))),
        questions=questions,
        recent_sessions=tuple(session_rows(totals, deck)),
        since=period.since.isoformat() if period.since else None,
        until=period.until.isoformat() if period.until else None,
        leeches=tuple(
            leeches(
                [d for d in installed.values() if deck is None or d.id == deck],
                progress.cards,
                leech_threshold,
            )
        ),
        leech_threshold=leech_threshold,
        deck=_detail(deck, chosen, totals, questions) if deck is not None else None,
    )


def _deck_rows(
    progress: Progress,
    totals: Totals,
    installed: dict[str, Deck],
    recall: Callable[[Card], float],
    now: datetime,
    deck: str | None,
    true_retention: Mapping[str, TrueRetention] | None,
) -> tuple[DeckRow, ...]:
    """A row per deck studied (or the deck named); an installed deck's questions never
    answered count as new."""
    known = {
        deck_id: d
        for deck_id, d in installed.items()
        if deck_id in totals.decks and (deck is None or deck_id == deck)
    }
    titles = {deck_id: d.title for deck_id, d in installed.items()}
    ids = {deck_id: [q.id for q in d.questions] for deck_id, d in known.items()}
    return tuple(
        row
        for row in deck_rows(totals, titles, ids, progress.cards, recall, now, true_retention)
        if deck is None or row.deck == deck
    )


def _held(rows: Iterable[QuestionRow], installed: Mapping[str, Deck]) -> tuple[QuestionRow, ...]:
    """The rows of questions their installed deck still holds; a deck not installed (a
    removed deck, a deck file) has nothing to compare with, so all its rows stay."""
    held = {deck_id: {q.id for q in d.questions} for deck_id, d in installed.items()}
    return tuple(row for row in rows if row.deck not in held or row.question in held[row.deck])


def _detail(
    deck: str, chosen: Deck | None, totals: Totals, questions: tuple[QuestionRow, ...]
) -> DeckDetail:
    """The deck named, in detail; types and tags need its questions, so only an installed
    deck has them."""
    scores = reversed(session_rows(totals, deck, SESSION_SCORES))
    return DeckDetail(
        id=deck,
        title=chosen.title if chosen else "",
        session_scores=tuple(r.score for r in scores),
        weakest=tuple(weakest(list(questions))),
        by_type=tuple(accuracy_by(chosen, totals, "type")) if chosen else (),
        by_tag=tuple(accuracy_by(chosen, totals, "tag")) if chosen else (),
        overruled=tuple(overruled(list(questions))),
    )
