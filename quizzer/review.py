"""What `quiz review` asks, and in what order: due questions, most overdue first, then new
ones up to the daily limit per deck; a question forgotten during the run comes back once
its learning step has passed, or up to 20 minutes early when nothing else is left (as
Anki does). Days are local calendar days.

Leeches (selection.is_leech) are left out, and counted, unless the learner asks for them:
as Anki suspends a leech, so that it stops eating review time until it is rewritten.
`--ahead` studies what comes due within that much more time, as Anki's "review ahead".
"""

from __future__ import annotations

import heapq
import random
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from quizzer.errors import BadInput
from quizzer.models import Card, Deck, card_key
from quizzer.queues import Item
from quizzer.scheduler import LEARN_AHEAD, Settings
from quizzer.selection import is_leech, shuffled_choices
from quizzer.totals import Totals

STEP_NOTE = "again: a learning step (it comes back until it sticks)"


def local_day(stamp: str | datetime) -> date:
    moment = datetime.fromisoformat(stamp) if isinstance(stamp, str) else stamp
    return moment.astimezone().date()


@dataclass(frozen=True)
class Plan:
    """What a review holds when it starts."""

    due: int
    learning: int
    new: int
    leeches: int = 0  # due, but left out

    def header(self) -> str:
        """`12 due · 3 learning · 5 new`, leaving out what is none."""
        parts = [(self.due, "due"), (self.learning, "learning"), (self.new, "new")]
        return " · ".join(f"{count} {name}" for count, name in parts if count)


@dataclass
class ReviewQueue:
    """A review session's queue (see the module docstring)."""

    fresh: deque[Item]
    now: Callable[[], datetime]
    limit: int | None = None
    plan: Plan = Plan(0, 0, 0)
    asked: int = 0
    learning: list[tuple[str, int, Item]] = field(default_factory=list)
    countdown: bool = True
    _skipped: set[str] = field(default_factory=set)

    def left(self) -> int:
        """Questions still to come, as far as is known now (steps due within 20 minutes)."""
        soon = (self.now() + LEARN_AHEAD).isoformat()
        count = len(self.fresh) + sum(1 for due, *_ in self.learning if due <= soon)
        return min(count, max(self.limit - self.asked, 0)) if self.limit else count

    def next(self) -> Item | None:
        if self.limit and self.asked >= self.limit:
            return None
        now = self.now()
        if self.learning and self.learning[0][0] <= now.isoformat():
            item = heapq.heappop(self.learning)[2]
        elif self.fresh:
            item = self.fresh.popleft()
        elif self.learning and self.learning[0][0] <= (now + LEARN_AHEAD).isoformat():
            item = heapq.heappop(self.learning)[2]
        else:
            return None
        self.asked += 1
        return item

    def answered(self, item: Item, card: Card) -> None:
        if card.learning and local_day(card.due) == local_day(self.now()):
            again = Item(item.deck, item.question, STEP_NOTE)
            heapq.heappush(self.learning, (card.due, self.asked, again))

    def skip(self, item: Item) -> bool:
        self.asked -= 1
        if item.key in self._skipped:
            return False
        self._skipped.add(item.key)
        self.fresh.append(item)
        return True

    def again(self, item: Item) -> None:
        self.asked = max(self.asked - 1, 0)
        self.fresh.appendleft(item)

    def retract(self, item: Item) -> None:
        kept = [entry for entry in self.learning if entry[2].key != item.key]
        if len(kept) != len(self.learning):
            heapq.heapify(kept)
            self.learning = kept


def plan(
    decks: list[Deck],
    cards: dict[str, Card],
    totals: Totals,
    settings: Settings,
    now: Callable[[], datetime],
    limit: int | None = None,
    ahead: timedelta = timedelta(0),
    leech_threshold: int | None = None,
) -> ReviewQueue:
    """The queue for `quiz review` on `decks` at `now()` (plus `ahead`: study what comes
    due that much later too), leaving out the leeches of `leech_threshold` (None: none)."""
    moment = now()
    horizon = moment + ahead
    today = local_day(moment)
    rng = random.Random()
    due: list[tuple[datetime, int, Item]] = []
    new: list[Item] = []
    learning = leeches = 0
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
                new.append(Item(deck.id, shuffled_choices(question, rng)))
                room -= 1
            elif card is not None and card.due_at <= horizon:
                if leech_threshold is not None and is_leech(card, question, leech_threshold):
                    leeches += 1
                    continue
                due.append((card.due_at, len(due), Item(deck.id, shuffled_choices(question, rng))))
                learning += card.learning
    due.sort(key=lambda entry: entry[:2])
    counts = Plan(len(due) - learning, learning, len(new), leeches)
    fresh = deque([item for _, _, item in due] + new)
    return ReviewQueue(fresh=fresh, now=now, limit=limit, plan=counts)


def next_due(
    decks: list[Deck], cards: dict[str, Card], leech_threshold: int | None = None
) -> datetime | None:
    """When the first card of these decks comes due, if any has been studied, leeches of
    `leech_threshold` left out."""
    found = [
        card.due_at
        for deck in decks
        for q in deck.questions
        if (card := cards.get(card_key(deck.id, q.id))) is not None
        and (leech_threshold is None or not is_leech(card, q, leech_threshold))
    ]
    return min(found, default=None)


_AHEAD = re.compile(r"([0-9]{1,6})([mhd])")
_AHEAD_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
MAX_AHEAD = timedelta(days=365)


def parse_ahead(text: str) -> timedelta:
    """How far ahead to review, from `3d`, `12h` or `90m`: a minute to 365 days. Raises
    BadInput for anything else."""
    found = _AHEAD.fullmatch(text.strip().lower())
    ahead = int(found[1]) * _AHEAD_UNITS[found[2]] if found else timedelta(0)
    if not timedelta(minutes=1) <= ahead <= MAX_AHEAD:
        raise BadInput(
            f"--ahead {text[:40]!r} is not allowed; give a number and a unit (m, h or d) "
            f"from 1m to {MAX_AHEAD.days}d, such as 3d or 12h."
        )
    return ahead


def when(moment: datetime, now: datetime) -> str:
    """A time to come, as a learner says it: `in 4 min (06:09)`, `tomorrow (09:30)`,
    `in 3 days (Fri 09:30)`."""
    local, today = moment.astimezone(), now.astimezone()
    clock_time = f"{local:%H:%M}"
    seconds = (moment - now).total_seconds()
    days = (local.date() - today.date()).days
    if seconds <= 0:
        return f"now ({clock_time})"
    if seconds < 60:
        return f"in under a minute ({clock_time})"
    if seconds < 3600:
        return f"in {round(seconds / 60)} min ({clock_time})"
    if days == 0:
        hours = round(seconds / 3600)
        return f"in {hours} hour{'s' * (hours != 1)} ({clock_time})"
    if days == 1:
        return f"tomorrow ({clock_time})"
    if days < 7:
        return f"in {days} days ({local:%a} {clock_time})"
    return f"in {days} days ({local:%Y-%m-%d} {clock_time})"
