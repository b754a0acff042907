"""The questions of a session as the engine takes them: each an Item of a deck, handed out
by a Queue. FixedQueue asks a fixed list once, in order (`quiz start`, a retry); `quiz
review` and a test bring queues of their own (`review.ReviewQueue`, `sitting.ExamQueue`).
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple, Protocol

from quizzer.models import Card, Question, card_key


class Item(NamedTuple):
    """A question as a queue hands it out: its deck, and why it comes now."""

    deck: str
    question: Question
    note: str = ""  # e.g. "again: a learning step"

    @property
    def key(self) -> str:
        return card_key(self.deck, self.question.id)


class Queue(Protocol):
    """Hands out the questions of a session, one at a time."""

    countdown: bool

    def next(self) -> Item | None:
        """The next question, or None when the session is over."""

    def left(self) -> int:
        """How many questions are still to come, as far as is known now."""

    def answered(self, item: Item, card: Card) -> None:
        """Told each question's new card, so a forgotten one can come back."""

    def skip(self, item: Item) -> bool:
        """Put the question at the end; False if it was skipped before (it is dropped)."""

    def again(self, item: Item) -> None:
        """Ask this question next (after an undo)."""

    def retract(self, item: Item) -> None:
        """Forget any return the question's last answer queued (it was taken back)."""


class FixedQueue:
    """The questions of `quiz start` (or a retry): each asked once, in order."""

    countdown = False

    def __init__(self, items: list[Item]) -> None:
        self._left: deque[Item] = deque(items)
        self._skipped: set[str] = set()

    @classmethod
    def of(cls, deck: str, questions: list[Question]) -> FixedQueue:
        return cls([Item(deck, q) for q in questions])

    def next(self) -> Item | None:
        return self._left.popleft() if self._left else None

    def left(self) -> int:
        return len(self._left)

    def answered(self, item: Item, card: Card) -> None:
        """A fixed list does not change."""

    def skip(self, item: Item) -> bool:
        if item.key in self._skipped:
            return False
        self._skipped.add(item.key)
        self._left.append(item)
        return True

    def again(self, item: Item) -> None:
        self._left.appendleft(item)

    def retract(self, item: Item) -> None:
        """Nothing returns in a fixed list."""
