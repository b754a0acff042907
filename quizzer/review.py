"""What `quiz review` asks, and in what order: due questions, most overdue first, then new
ones up to the daily limit per deck; a question forgotten during the run comes back once
its learning step has passed, or up to 20 minutes early when nothing else is left (as
Anki does). Days are local calendar days.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from quizzer.models import Card, Deck, Question, card_key
from quizzer.scheduler import LEARN_AHEAD, Settings
from quizzer.session import shuffled_choices
from quizzer.totals import Totals


def local_day(stamp: str | datetime) -> date:
    moment = datetime.fromisoformat(stamp) if isinstance(stamp, str) else stamp
    return moment.astimezone().date()


@dataclass
class ReviewQueue:
    """A review session's queue (see the module docstring)."""

    fresh: list[tuple[str, Question]]
    now: Callable[[], datetime]
    limit: int | None = None
    asked: int = 0
    learning: list[tuple[str, int, str, Question]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Questions in this run so far and to come (forgotten ones coming back included)."""
        soon = (self.now() + LEARN_AHEAD).isoformat()
        count = self.asked + len(self.fresh) + sum(1 for due, *_ in self.learning if due <= soon)
        return min(count, self.limit) if self.limit else count

    def next(self) -> tuple[str, Question] | None:
        if self.limit and self.asked >= self.limit:
            return None
        now = self.now()
        if self.learning and self.learning[0][0] <= now.isoformat():
            item = heapq.heappop(self.learning)[2:]
        elif self.fresh:
            item = self.fresh.pop(0)
        elif self.learning and self.learning[0][0] <= (now + LEARN_AHEAD).isoformat():
            item = heapq.heappop(self.learning)[2:]
        else:
            return None
        self.asked += 1
        return item[0], item[1]

    def answered(self, deck: str, question: Question, card: Card) -> None:
        if card.learning and local_day(card.due) == local_day(self.now()):
            heapq.heappush(self.learning, (card.due, self.asked, deck, question))


def plan(
    decks: list[Deck],
    cards: dict[str, Card],
    totals: Totals,
    settings: Settings,
    now: Callable[[], datetime],
    limit: int | None = None,
) -> ReviewQueue:
    """The queue for `quiz review` on `decks` at `now()`."""
    moment = now()
    today = local_day(moment)
    rng = random.Random()
    due: list[tuple[datetime, int, str, Question]] = []
    new: list[tuple[str, Question]] = []
    for deck in decks:
        introduced = sum(
            1
            for q in deck.questions
            if (seen := totals.questions.get(card_key(deck.id, q.id)))
            and local_day(seen.first_at) == today
        )
        room = max(0, settings.new_per_day - introduced)
        for question in deck.questions:
            card = cards.get(card_key(deck.id, question.id))
            if card is None and room:
                new.append((deck.id, shuffled_choices(question, rng)))
                room -= 1
            elif card is not None and card.due_at <= moment:
                due.append((card.due_at, len(due), deck.id, shuffled_choices(question, rng)))
    due.sort()
    return ReviewQueue(fresh=[(d, q) for _, _, d, q in due] + new, now=now, limit=limit)


def next_due(decks: list[Deck], cards: dict[str, Card]) -> datetime | None:
    """When the first card of these decks comes due, if any has been studied."""
    keys = {card_key(deck.id, q.id) for deck in decks for q in deck.questions}
    return min((c.due_at for k, c in cards.items() if k in keys), default=None)
