"""Figures for `quiz stats`, computed from running totals and cards: pure functions, no I/O.

Each figure is a small frozen dataclass whose `to_json()` gives the keys `quiz stats
--json` documents. Days are the learner's local dates (see `Answer.local_day`); `now` is
a parameter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from quizzer.models import Card, Deck, card_key, split_card_key
from quizzer.recall import TrueRetention
from quizzer.selection import is_leech
from quizzer.totals import Totals

FORECAST_DAYS = 14
CALENDAR_WEEKS = 16
WEAKEST = 10


def ratio(part: int, whole: int) -> float:
    """A fraction rounded to 4 places; 0 when there is nothing to divide."""
    return round(part / whole, 4) if whole else 0.0


@dataclass(frozen=True)
class DayCount:
    """How many cards come due on one local date."""

    date: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MemoryFigures:
    """A deck's cards: due now, a forecast, how many are new, learning or in review, their
    mean predicted chance of recall now (None before any was studied), and how often
    reviews were recalled in the last 30 days (None where it was not asked for)."""

    due_now: int
    due_forecast: tuple[DayCount, ...]
    new: int
    learning: int
    review: int
    retention: float | None
    true_retention: TrueRetention | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["due_forecast"] = [d.to_json() for d in self.due_forecast]
        out["true_retention"] = self.true_retention.to_json() if self.true_retention else None
        return out


@dataclass(frozen=True)
class DeckRow:
    """One deck's line of `quiz stats`."""

    deck: str
    title: str
    sessions: int
    answered: int
    correct: int
    accuracy: float
    best_score: float
    last_played: str
    time_spent_ms: int
    overruled: int
    memory: MemoryFigures

    def to_json(self) -> dict[str, Any]:
        out = {k: v for k, v in asdict(self).items() if k != "memory"}
        return {**out, **self.memory.to_json()}


def deck_rows(
    totals: Totals,
    titles: dict[str, str],
    questions: Mapping[str, Iterable[str]],
    cards: dict[str, Card],
    recall: Callable[[Card], float],
    now: datetime,
    true_retention: Mapping[str, TrueRetention] | None = None,
) -> list[DeckRow]:
    """One row per deck with history, most recently played first.

    `questions` gives each known deck's question ids; a deck no longer installed counts
    only the questions it has cards for. `true_retention` is by deck, where it was counted.
    """
    rows = []
    for deck_id, deck in totals.decks.items():
        if not deck.answered:
            continue
        prefix = card_key(deck_id, "")
        mine = {k: c for k, c in cards.items() if k.startswith(prefix)}
        rows.append(
            DeckRow(
                deck=deck_id,
                title=titles.get(deck_id, ""),
                sessions=deck.sessions,
                answered=deck.answered,
                correct=deck.correct,
                accuracy=ratio(deck.correct, deck.answered),
                best_score=round(deck.best_score, 4),
                last_played=deck.last_played,
                time_spent_ms=sum(day[2] for day in deck.days.values()),
                overruled=deck.overruled,
                memory=replace(
                    memory_figures(mine, questions.get(deck_id, ()), prefix, recall, now),
                    true_retention=(true_retention or {}).get(deck_id),
                ),
            )
        )
    return sorted(rows, key=lambda r: r.last_played, reverse=True)


def memory_figures(
    cards: dict[str, Card],
    question_ids: Iterable[str],
    prefix: str,
    recall: Callable[[Card], float],
    now: datetime,
) -> MemoryFigures:
    """Due now, a 14-day forecast, new/learning/review counts and mean predicted recall.

    The forecast counts cards by the local date they come due; overdue ones count today.
    """
    today = now.astimezone().date()
    days = [today + timedelta(days=n) for n in range(FORECAST_DAYS)]
    by_day = Counter(max(c.due_at.astimezone().date(), today) for c in cards.values())
    learning = sum(1 for c in cards.values() if c.learning)
    studied = [c for c in cards.values() if c.last_review]
    return MemoryFigures(
        due_now=sum(1 for c in cards.values() if c.due_at <= now),
        due_forecast=tuple(DayCount(d.isoformat(), by_day.get(d, 0)) for d in days),
        new=sum(1 for q in question_ids if f"{prefix}{q}" not in cards),
        learning=learning,
        review=len(cards) - learning,
        retention=round(sum(map(recall, studied)) / len(studied), 4) if studied else None,
    )


@dataclass(frozen=True)
class Overall:
    """Sessions, answered and correct summed over every deck."""

    sessions: int
    answered: int
    correct: int

    @classmethod
    def of(cls, rows: list[DeckRow]) -> Overall:
        return cls(
            *(sum(getattr(r, key) for r in rows) for key in ("sessions", "answered", "correct"))
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


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


@dataclass(frozen=True)
class Streak:
    """Days in a row with an answer: the run reaching today (or yesterday, if nothing has
    been answered yet today) and the longest run ever."""

    current: int
    longest: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def streaks(days: Iterable[date], today: date) -> Streak:
    """The current and the longest run of study days (see Streak)."""
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
    return Streak(current, longest)


def this_week(days: Iterable[date], today: date) -> int:
    """Study days in the current week (Monday to today)."""
    monday = today - timedelta(days=today.weekday())
    return sum(1 for day in set(days) if monday <= day <= today)


def calendar_window(today: date, since: date | None, until: date | None) -> tuple[date, date]:
    """The days a calendar covers: the given range, else 16 whole weeks up to today."""
    last = until or today
    first = since or last - timedelta(days=last.weekday() + 7 * (CALENDAR_WEEKS - 1))
    return first, last


@dataclass(frozen=True)
class CalendarDay:
    """One day of the calendar: answers given and how many were right."""

    date: str
    answers: int
    correct: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def calendar(days: dict[date, list[int]], first: date, last: date) -> list[CalendarDay]:
    """One entry per day from `first` to `last`, studied or not."""
    out = []
    day = first
    while day <= last:
        answers, correct, _ = days.get(day, (0, 0, 0))
        out.append(CalendarDay(day.isoformat(), answers, correct))
        day += timedelta(days=1)
    return out


@dataclass(frozen=True)
class QuestionRow:
    """How one question has fared."""

    deck: str
    question: str
    answered: int
    correct: int
    accuracy: float
    last_answered: str
    last_correct: bool
    overruled: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def question_rows(totals: Totals, deck: str | None = None) -> list[QuestionRow]:
    """Every question with history (of one deck, or all), by deck and question id."""
    rows = []
    for key, figures in sorted(totals.questions.items()):
        deck_id, question = split_card_key(key)
        if deck is None or deck_id == deck:
            rows.append(
                QuestionRow(
                    deck_id,
                    question,
                    figures.answered,
                    figures.correct,
                    ratio(figures.correct, figures.answered),
                    figures.last_at,
                    figures.last_correct,
                    figures.overruled,
                )
            )
    return rows


def overruled(rows: list[QuestionRow]) -> list[QuestionRow]:
    """Questions whose grading the learner overruled, most often first: their accepted
    answers are likely too narrow."""
    return sorted((r for r in rows if r.overruled), key=lambda r: (-r.overruled, r.question))


def weakest(rows: list[QuestionRow], limit: int = WEAKEST) -> list[QuestionRow]:
    """The most missed questions first; ties go to the lower accuracy, then the most recent."""
    missed = [r for r in rows if r.answered > r.correct]
    missed.sort(key=lambda r: r.last_answered, reverse=True)
    missed.sort(key=lambda r: (r.correct - r.answered, r.accuracy))
    return missed[:limit]


@dataclass(frozen=True)
class GroupRow:
    """Answers and accuracy of one question type or one tag."""

    facet: str  # "type" or "tag"
    name: str
    answered: int
    correct: int
    accuracy: float

    def to_json(self) -> dict[str, Any]:
        return {
            self.facet: self.name,
            "answered": self.answered,
            "correct": self.correct,
            "accuracy": self.accuracy,
        }


def accuracy_by(deck: Deck, totals: Totals, facet: str) -> list[GroupRow]:
    """Answers and accuracy per question type (`facet="type"`) or per tag (`"tag"`)."""
    groups: dict[str, list[int]] = {}
    for question in deck.questions:
        figures = totals.questions.get(card_key(deck.id, question.id))
        if figures is None:
            continue
        names = [question.type.value] if facet == "type" else list(question.tags) or ["(none)"]
        for name in names:
            group = groups.setdefault(name, [0, 0])
            group[0] += figures.answered
            group[1] += figures.correct
    return [GroupRow(facet, name, a, c, ratio(c, a)) for name, (a, c) in sorted(groups.items())]


# How `quiz stats` names a session of a quiz or a review (stored without a kind).
QUIZ_KIND = "quiz"


@dataclass(frozen=True)
class SessionRow:
    """One recent session; `duration_ms` is the time spent answering (pauses left out);
    `kind` is "quiz" (a quiz or a review), "practice", "learn" or "test"."""

    session: str
    deck: str
    started: str
    answered: int
    correct: int
    score: float
    duration_ms: int
    kind: str = QUIZ_KIND

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def session_rows(totals: Totals, deck: str | None = None, limit: int = 20) -> list[SessionRow]:
    """The latest sessions (of one deck, or all), newest first."""
    rows = [
        SessionRow(
            session,
            deck_id,
            first_at,
            answered,
            correct,
            ratio(correct, answered),
            elapsed,
            kind or QUIZ_KIND,
        )
        for deck_id, figures in totals.decks.items()
        if deck is None or deck_id == deck
        for session, (first_at, _, answered, correct, elapsed, kind) in figures.recent.items()
    ]
    rows.sort(key=lambda r: r.started, reverse=True)
    return rows[:limit]


@dataclass(frozen=True)
class LeechRow:
    """A question forgotten at least `leech_threshold` times: how many times."""

    deck: str
    question: str
    lapses: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def leeches(decks: Iterable[Deck], cards: Mapping[str, Card], threshold: int) -> list[LeechRow]:
    """The leeches of these decks (see `selection.is_leech`), most lapses first. Only an
    installed deck's: whether a question's text changed needs the question."""
    lapsed = {key for key, card in cards.items() if card.lapses >= threshold}
    rows = []
    for deck in decks:
        if not any(key.startswith(card_key(deck.id, "")) for key in lapsed):
            continue
        for question in deck.questions:
            card = cards.get(card_key(deck.id, question.id))
            if card is not None and is_leech(card, question, threshold):
                rows.append(LeechRow(deck.id, question.id, card.lapses))
    return sorted(rows, key=lambda r: (-r.lapses, r.deck, r.question))
