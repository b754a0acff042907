"""Spaced repetition through the `fsrs` package: ratings from verdicts, and when to ask next.

Cards (models.Card, the fields of `fsrs.Card.to_dict()`) are keyed `deck/question`. Fuzzing
is off, so folding the answer history in order rebuilds exactly the stored cards. All times are
parameters (aware, UTC): the caller reads the clock.

Ratings for auto-graded questions: wrong is Again; right after a typo was forgiven, or a
"select all" with some but not all right, is Hard; right is Good; right (exactly) in under
half the question's usual time (the mean of at least two earlier answers) is Easy.
Flashcards are rated by the learner.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, cast

import fsrs

from quizzer.grading import Verdict
from quizzer.models import RATINGS, Answer, Card, CardState, card_key

if TYPE_CHECKING:
    from fsrs.card import CardDict

# Anki's default: when nothing else is left, a learning step due this soon is asked now.
LEARN_AHEAD = timedelta(minutes=20)
EASY_FRACTION = 0.5
_OUTCOME_RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4, "close": 2, "partial": 2}


@dataclass(frozen=True)
class Settings:
    """What the learner can tune with `quiz config`."""

    retention: float = 0.9
    new_per_day: int = 20
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    # The learner's own FSRS parameters (`quiz memory optimize`); None is FSRS's defaults.
    parameters: tuple[float, ...] | None = None


def rating_for(verdict: Verdict, elapsed_ms: int, typical_ms: float | None) -> int:
    """The FSRS rating (1-4) an answer earns; see the module docstring for the rule."""
    if verdict.outcome in ("again", "hard", "good", "easy"):
        return _OUTCOME_RATINGS[verdict.outcome]
    if verdict.outcome in ("close", "partial"):
        return 2
    if not verdict.correct:
        return 1
    if typical_ms is not None and elapsed_ms < EASY_FRACTION * typical_ms:
        return 4
    return 3


def rating_of(answer: Answer) -> int:
    """The rating an answer was given, or, for answers recorded without one, its best guess."""
    if answer.rating:
        return answer.rating
    return _OUTCOME_RATINGS.get(answer.outcome, 3 if answer.correct else 1)


def _card_id(key: str) -> int:
    # fsrs sleeps a millisecond to invent an id when given none.
    return zlib.crc32(key.encode()) + 1


@dataclass
class Scheduler:
    """FSRS with the learner's settings: when each question comes back after an answer."""

    settings: Settings = field(default_factory=Settings)

    def __post_init__(self) -> None:
        self._fsrs = fsrs.Scheduler(
            parameters=self.settings.parameters or fsrs.scheduler.DEFAULT_PARAMETERS,
            desired_retention=self.settings.retention,
            learning_steps=self.settings.learning_steps,
            relearning_steps=self.settings.relearning_steps,
            enable_fuzzing=False,
        )

    def _card(self, key: str, card: Card | None) -> fsrs.Card:
        return _to_fsrs(card) if card else fsrs.Card(card_id=_card_id(key))

    def after(
        self,
        key: str,
        card: Card | None,
        rating: int,
        at: datetime,
        elapsed_ms: int = 0,
        version: str = "",
    ) -> Card:
        """The card after an answer rated `rating` at `at` (to the question's `version`)."""
        new, _ = self._fsrs.review_card(
            self._card(key, card), fsrs.Rating(rating), at.astimezone(timezone.utc), elapsed_ms
        )
        return _from_fsrs(new, *_lapses(card, rating, version))

    def fold(self, card: Card | None, answers: list[Answer]) -> Card | None:
        """Fold one question's answers from the history, oldest first, into its card.

        Practice answers leave the card as it was (None if it had none).
        """
        graded = [answer for answer in answers if not answer.practice]
        if not graded:
            return card
        state = self._card(card_key(graded[0].deck, graded[0].question), card)
        lapses, version = (card.lapses, card.version) if card else (0, "")
        for answer in graded:
            before = CardState.REVIEW if state.state is fsrs.State.Review else 0
            rating = rating_of(answer)
            lapses, version = _count(lapses, version, before, rating, answer.version)
            state, _ = self._fsrs.review_card(
                state, fsrs.Rating(rating), answer.answered_at, answer.elapsed_ms
            )
        return _from_fsrs(state, lapses, version)

    def intervals(self, key: str, card: Card | None, now: datetime) -> dict[int, str]:
        """How long until the question comes back after each rating, e.g. {3: "3d"}."""
        return {rating: span(self.after(key, card, rating, now).due_at - now) for rating in RATINGS}

    def recall(self, card: Card, now: datetime) -> float:
        """The predicted chance of recalling the question now (FSRS retrievability)."""
        return float(self._fsrs.get_card_retrievability(_to_fsrs(card), now))


def _count(lapses: int, version: str, state: int, rating: int, answered: str) -> tuple[int, str]:
    """Lapses after one more answer: a wrong answer to a card in review is a lapse; an
    answer to a rewritten question (another known version) starts the count again."""
    if answered and version and answered != version:
        lapses = 0
    lapses += state == CardState.REVIEW and rating == 1
    return lapses, answered or version


def _lapses(card: Card | None, rating: int, version: str) -> tuple[int, str]:
    lapses, known = (card.lapses, card.version) if card else (0, "")
    return _count(lapses, known, card.state if card else 0, rating, version)


def _to_fsrs(card: Card) -> fsrs.Card:
    data = {k: v for k, v in card.to_dict().items() if k not in ("lapses", "version")}
    return fsrs.Card.from_dict(cast("CardDict", data))


def _from_fsrs(card: fsrs.Card, lapses: int = 0, version: str = "") -> Card:
    data = dict(card.to_dict())
    return Card.from_dict({**data, "lapses": lapses, "version": version})


def span(delta: timedelta) -> str:
    """A short human interval: `<1m`, `10m`, `3h`, `4d`, `2.5mo`, `1.2y`."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 31:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"
