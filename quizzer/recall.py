"""Memory figures from cards and answers: how likely the learner is to recall a deck's
questions now, and how often they did recall the ones already learned (true retention).

Both are pure functions of their arguments (no store, no clock) and use only the `fsrs`
package, so `quiz stats` can show them without loading the optimizer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, cast

from fsrs import Card, Rating, Scheduler, State

from quizzer.models import Answer
from quizzer.models import Card as QuizCard
from quizzer.scheduler import Settings, rating_of

if TYPE_CHECKING:
    from fsrs.card import CardDict

# Review kinds, numbered as fsrs-rs's simulator numbers a card's state when answered.
LEARNING, REVIEW, RELEARNING = 0, 1, 2
_KINDS = {State.Learning.value: LEARNING, State.Review.value: REVIEW}
TRUE_RETENTION_DAYS = 30


@dataclass(frozen=True)
class TrueRetention:
    """Reviews of questions already learned, and how many of them were recalled."""

    passed: int
    reviews: int

    @property
    def rate(self) -> float | None:
        """The share recalled, or None without reviews."""
        return self.passed / self.reviews if self.reviews else None


def review_kinds(answers: Iterable[Answer], settings: Settings) -> Iterator[tuple[Answer, int]]:
    """Each answer (oldest first) with the state its question was in when it was given:
    LEARNING (new or in learning steps), REVIEW (learned) or RELEARNING (after a lapse).

    quizzer does not record the state, so the history is replayed with the learner's
    learning steps, which decide when a question graduates (parameters do not).
    """
    scheduler = Scheduler(
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        enable_fuzzing=False,
    )
    cards: dict[tuple[str, str], Card] = {}
    for answer in answers:
        key = (answer.deck, answer.question)
        card = cards.get(key)
        if card is None:
            yield answer, LEARNING
            card = Card(card_id=len(cards) + 1)
        else:
            yield answer, _KINDS.get(card.state.value, RELEARNING)
        cards[key], _ = scheduler.review_card(
            card, Rating(rating_of(answer)), answer.answered_at, answer.elapsed_ms
        )


def true_retention(
    answers: Iterable[Answer], settings: Settings, today: date, days: int = TRUE_RETENTION_DAYS
) -> TrueRetention:
    """Anki's true retention over the `days` local days up to `today`: of the reviews of
    questions already in review, the share not rated Again.

    `answers` is the whole history of the questions concerned, oldest first: earlier
    answers decide whether a question had been learned. Only questions answered in the
    window are replayed.
    """
    first = (today - timedelta(days=days - 1)).isoformat()
    last = today.isoformat()
    history: dict[tuple[str, str], list[Answer]] = {}
    recent: set[tuple[str, str]] = set()
    for answer in answers:
        key = (answer.deck, answer.question)
        history.setdefault(key, []).append(answer)
        if first <= answer.local_day <= last:
            recent.add(key)
    passed = reviews = 0
    for key in recent:
        for answer, kind in review_kinds(history[key], settings):
            if kind == REVIEW and first <= answer.local_day <= last:
                reviews += 1
                passed += int(rating_of(answer) > 1)
    return TrueRetention(passed, reviews)


def average_recall(
    cards: Iterable[QuizCard], now: datetime, parameters: Sequence[float]
) -> float | None:
    """The mean chance of recalling each studied card now (FSRS retrievability with the
    learner's parameters), or None when no card has been studied."""
    scheduler = Scheduler(parameters=parameters, enable_fuzzing=False)
    chances = [
        scheduler.get_card_retrievability(Card.from_dict(cast("CardDict", card.to_dict())), now)
        for card in cards
        if card.last_review
    ]
    return sum(chances) / len(chances) if chances else None
