"""How often the learner did recall the questions already learned (true retention), and the
state each answer found its question in, for `quiz stats` and the workload simulator.

How likely they are to recall a deck's questions now is the other memory figure: that one
is `stats.memory_figures`, from `Scheduler.recall` with the learner's parameters.

quizzer does not record a question's state with each answer, so it is replayed. The state
moves as the `fsrs` package (6.x) moves it, and that depends only on the ratings and the
number of learning and relearning steps, never on parameters or times: `_next_state` follows
`fsrs.Scheduler.review_card` without the arithmetic, about 20 times faster (50,000 answers:
24 ms against 0.49 s), so `quiz stats` can replay a long history (tests hold it to `fsrs`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from quizzer.models import Answer
from quizzer.scheduler import Settings, rating_of

# Review kinds, numbered as fsrs-rs's simulator numbers a card's state when answered.
LEARNING, REVIEW, RELEARNING = 0, 1, 2
AGAIN, GOOD, EASY = 1, 3, 4
TRUE_RETENTION_DAYS = 30

State = tuple[int, int]  # (kind, step within the learning or relearning steps)
NEW: State = (LEARNING, 0)


@dataclass(frozen=True)
class TrueRetention:
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


def true_retention(
    answers: Iterable[Answer],
    settings: Settings,
    today: date,
    decks: Collection[str],
    days: int = TRUE_RETENTION_DAYS,
) -> dict[str, TrueRetention]:
    """Anki's true retention of each of `decks` over the `days` local days up to `today`:
    of the reviews of questions already in review, the share not rated Again.

    `answers` is the history, oldest first, from its beginning (earlier answers decide
    whether a question had been learned); it is read once and never held in memory.
    """
    first = (today - timedelta(days=days - 1)).isoformat()
    last = today.isoformat()
    counts = {deck: [0, 0] for deck in decks}
    shown = (answer for answer in answers if answer.deck in counts)
    for answer, kind in review_kinds(shown, settings):
        if kind == REVIEW and first <= answer.local_day <= last:
            count = counts[answer.deck]
            count[0] += rating_of(answer) > AGAIN
            count[1] += 1
    return {deck: TrueRetention(passed, reviews) for deck, (passed, reviews) in counts.items()}
