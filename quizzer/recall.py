"""How often the learner did recall the questions already learned (true retention), and the
state each answer found its question in, for `quiz stats` and the workload simulator.

How likely they are to recall a deck's questions now is the other memory figure: that one
is `stats.memory_figures`, from `Scheduler.recall` with the learner's parameters.

quizzer does not record a question's state with each answer, so it is replayed: as answers
are filed, each question's state and its recent review tallies are kept up to date
(`Recalled`, in state.json), so `quiz stats` never reads the history for them. The state
moves as the `fsrs` package (6.x) moves it, and that depends only on the ratings and the
number of learning and relearning steps, never on parameters or times: `_next_state` follows
`fsrs.Scheduler.review_card` without the arithmetic, about 20 times faster (50,000 answers:
24 ms against 0.49 s), so filing and `quiz doctor --rebuild` stay quick (tests hold it to
`fsrs`). Like cards, states move with the steps set when each answer is filed (Anki's review
log, too, records each review's kind as it was then); a rebuild uses the current ones.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date, timedelta
from typing import Any, NamedTuple

from quizzer.models import Answer, split_card_key
from quizzer.scheduler import Settings, rating_of

# Review kinds, numbered as fsrs-rs's simulator numbers a card's state when answered.
LEARNING, REVIEW, RELEARNING = 0, 1, 2
AGAIN, GOOD, EASY = 1, 3, 4
TRUE_RETENTION_DAYS = 30

# A question's review tallies are kept this many days back from its latest answer: the
# true-retention window ends today, never before that answer, so it reaches back at most
# TRUE_RETENTION_DAYS - 1 days from it and never to a day that was dropped.
KEEP_DAYS = TRUE_RETENTION_DAYS

State = tuple[int, int]  # (kind, step within the learning or relearning steps)
NEW: State = (LEARNING, 0)


class Steps(NamedTuple):
    """How many learning and relearning steps a question goes through: all the review
    kinds depend on."""

    learning: int
    relearning: int

    @classmethod
    def of(cls, settings: Settings) -> Steps:
        return cls(len(settings.learning_steps), len(settings.relearning_steps))


class Recalled(NamedTuple):
    """One question's review state after its answers so far, and how its reviews went on
    the days (local dates) within KEEP_DAYS of its latest answer: what true retention is
    counted from, kept up to date as answers are filed (quizzer.progress)."""

    kind: int
    step: int
    last_at: str  # the latest answer's time (ISO 8601): an older one means a replay
    last_day: str  # the latest local day answered, which KEEP_DAYS counts back from
    days: tuple[tuple[str, int, int], ...]  # (local day, passed, reviews), oldest first

    def to_row(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "step": self.step,
            "at": self.last_at,
            "day": self.last_day,
            "days": [list(day) for day in self.days],
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Recalled:
        days = tuple((str(day), int(passed), int(reviews)) for day, passed, reviews in row["days"])
        return cls(int(row["kind"]), int(row["step"]), str(row["at"]), str(row["day"]), days)


class TrueRetention(NamedTuple):
    """Reviews of questions already learned, and how many of them were recalled."""

    passed: int
    reviews: int

    @property
    def rate(self) -> float | None:
        """The share recalled, or None without reviews."""
        return self.passed / self.reviews if self.reviews else None

    def to_json(self) -> dict[str, Any]:
        rate = self.rate
        return {
            "passed": self.passed,
            "reviews": self.reviews,
            "rate": None if rate is None else round(rate, 4),
        }


def _next_state(state: State, rating: int, learning: int, relearning: int) -> State:
    """The state after an answer rated `rating`, given how many steps each phase has."""
    kind, step = state
    if kind == REVIEW:
        return (RELEARNING, 0) if rating == AGAIN and relearning else (REVIEW, 0)
    steps = learning if kind == LEARNING else relearning
    if not steps or (step >= steps and rating != AGAIN) or rating == EASY:
        return REVIEW, 0
    if rating == AGAIN:
        return kind, 0
    if rating == GOOD:
        return (REVIEW, 0) if step + 1 == steps else (kind, step + 1)
    return kind, step  # Hard repeats the step


def review_kinds(answers: Iterable[Answer], settings: Settings) -> Iterator[tuple[Answer, int]]:
    """Each answer (oldest first) with the state its question was in when it was given:
    LEARNING (new or in learning steps), REVIEW (learned) or RELEARNING (after a lapse).

    The learner's current steps decide when a question graduates, as they do when cards
    are replayed (`quiz doctor --rebuild`).
    """
    learning, relearning = len(settings.learning_steps), len(settings.relearning_steps)
    states: dict[tuple[str, str], State] = {}
    for answer in answers:
        key = (answer.deck, answer.question)
        state = states.get(key, NEW)
        yield answer, state[0]
        states[key] = _next_state(state, rating_of(answer), learning, relearning)


def recalled(prior: Recalled | None, answers: Iterable[Answer], steps: Steps) -> Recalled:
    """One question's Recalled after `answers` (its newer answers, oldest first) are added
    to `prior` (None for a question not answered before)."""
    kind, step = (prior.kind, prior.step) if prior else NEW
    last_at, last_day = (prior.last_at, prior.last_day) if prior else ("", "")
    tallies = {day: [passed, reviews] for day, passed, reviews in prior.days} if prior else {}
    for answer in answers:
        rating = rating_of(answer)
        if kind == REVIEW:
            tally = tallies.setdefault(answer.local_day, [0, 0])
            tally[0] += rating > AGAIN
            tally[1] += 1
        kind, step = _next_state((kind, step), rating, steps.learning, steps.relearning)
        last_at = max(last_at, answer.answered_at.isoformat())
        last_day = max(last_day, answer.local_day)
    horizon = (date.fromisoformat(last_day) - timedelta(days=KEEP_DAYS)).isoformat()
    kept = tuple((day, p, r) for day, (p, r) in sorted(tallies.items()) if day >= horizon)
    return Recalled(kind, step, last_at, last_day, kept)


def true_retention(
    book: Mapping[str, Recalled],
    decks: Collection[str],
    today: date,
    days: int = TRUE_RETENTION_DAYS,
) -> dict[str, TrueRetention]:
    """Anki's true retention of each of `decks` over the `days` local days up to `today`:
    of the reviews of questions already in review, the share not rated Again.

    `book` holds each question's Recalled by its card key (DECK/QUESTION).
    """
    first = (today - timedelta(days=days - 1)).isoformat()
    last = today.isoformat()
    counts = {deck: [0, 0] for deck in decks}
    for key, recall in book.items():
        count = counts.get(split_card_key(key)[0])
        if count is None:
            continue
        for day, passed, reviews in recall.days:
            if first <= day <= last:
                count[0] += passed
                count[1] += reviews
    return {deck: TrueRetention(passed, reviews) for deck, (passed, reviews) in counts.items()}
