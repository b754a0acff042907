"""The quiz engine: takes questions from a queue, asks them through an Asker, judges,
rates and records each answer; takes answers back, skips, and lets the learner overrule.

It knows nothing of terminals. A prompt_toolkit asker, a line-based asker and the tests'
fake asker all drive the same engine, for `quiz start` (a fixed list of questions) and
`quiz review` (a queue that brings back what was just forgotten). Every answer and every
undo is recorded before the asker shows anything more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, NamedTuple, Protocol

from quizzer import clock
from quizzer.errors import Interrupted
from quizzer.grading import Verdict, judge
from quizzer.models import (
    OVERRULED,
    Answer,
    Card,
    Question,
    QuestionType,
    Undo,
    new_answer_id,
    new_session_id,
)
from quizzer.queues import FixedQueue, Item, Queue
from quizzer.scheduler import Scheduler, rating_for
from quizzer.totals import Totals

# The queue types are part of the engine's interface, so they are importable from here too.
__all__ = [
    "OVERRULED_RATING",
    "Action",
    "Asker",
    "FixedQueue",
    "Graded",
    "Item",
    "Prompt",
    "Queue",
    "Recorder",
    "Result",
    "Session",
    "SessionCards",
    "run",
]
# An answer the learner overruled needed help: it is rated Hard.
OVERRULED_RATING = 2


class Action(str, Enum):
    """What the learner can ask for instead of answering, or after a verdict."""

    NEXT = "next"  # go on
    UNDO = "undo"  # take the last answer back and ask its question again
    SKIP = "skip"  # put this question at the end of the session
    RIGHT = "right"  # the last answer, marked wrong, was right ("I was right")


class Prompt(NamedTuple):
    """A question as the asker shows it."""

    item: Item
    number: int  # this question's place among the questions answered, from 1
    total: int  # how many the session holds, as far as is known now
    left: int  # questions left, this one included
    countdown: bool  # say what is left rather than "3/10" (a review, whose end moves)
    intervals: dict[int, str]  # for a flashcard: when it would come back after each rating
    deck_title: str = ""  # named when the session mixes decks
    deck_source: str = ""  # the deck's source, which a question's `{"paragraph": N}` is of

    @property
    def question(self) -> Question:
        return self.item.question


class Asker(Protocol):
    """Puts questions to the learner and shows verdicts."""

    def ask(self, prompt: Prompt) -> Any:
        """The response (choice text, bool, text, list of choices, rating 1-4), or an
        Action: UNDO, SKIP, or RIGHT for the answer given just before."""

    def tell(self, prompt: Prompt, verdict: Verdict, *, can_overrule: bool) -> Action:
        """Show the verdict; return NEXT, or UNDO / RIGHT when the learner asks for it."""

    def say(self, message: str) -> None:
        """Show one short line (why an action could not be done)."""


class Recorder(Protocol):
    """Keeps each answer, and each undo, the moment it is given."""

    def record(self, entry: Answer | Undo) -> None:
        """Store one answer or undo durably."""


class SessionCards(NamedTuple):
    """The cards of a session: rates each answer and moves its question's card on."""

    scheduler: Scheduler
    cards: dict[str, Card]
    totals: Totals

    def rate(self, key: str, verdict: Verdict, elapsed_ms: int) -> int:
        """The FSRS rating an answer earns, judged against the question's usual time."""
        question = self.totals.questions.get(key)
        return rating_for(verdict, elapsed_ms, question.typical_ms if question else None)

    def intervals(self, key: str) -> dict[int, str]:
        return self.scheduler.intervals(key, self.cards.get(key), clock.now())

    def answered(
        self, key: str, rating: int, at: datetime, elapsed_ms: int, version: str = ""
    ) -> Card:
        """The question's card after an answer with this rating, kept for the session."""
        card = self.scheduler.after(key, self.cards.get(key), rating, at, elapsed_ms, version)
        self.cards[key] = card
        return card

    def restore(self, key: str, card: Card | None) -> None:
        """Put a card back as it was before an answer that was taken back."""
        if card is None:
            self.cards.pop(key, None)
        else:
            self.cards[key] = card


class Graded(NamedTuple):
    """One answer of the session, as it stands."""

    item: Item
    verdict: Verdict
    answer: Answer
    card_before: Card | None
    first: bool  # the first answer to this question in the session: it counts in the score


@dataclass
class Result:
    """What happened in one session, for the summary at its end."""

    title: str
    session: str
    graded: list[Graded] = field(default_factory=list)
    unanswered: list[Item] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def answered(self) -> int:
        """Answers given (and not taken back), retries and learning steps included."""
        return len(self.graded)

    @property
    def right(self) -> int:
        return sum(g.verdict.correct for g in self.graded)

    @property
    def questions(self) -> int:
        """How many different questions were answered."""
        return len({g.item.key for g in self.graded})

    @property
    def firsts(self) -> list[Graded]:
        return [g for g in self.graded if g.first]

    @property
    def correct(self) -> int:
        """First answers that were right: the session's score counts these."""
        return sum(g.verdict.correct for g in self.firsts)

    @property
    def score(self) -> float:
        """Fraction of first answers that were right (0 when none were given)."""
        firsts = self.firsts
        return self.correct / len(firsts) if firsts else 0.0

    @property
    def missed(self) -> list[Graded]:
        """Questions whose first answer was wrong, in the order they were asked."""
        return [g for g in self.firsts if not g.verdict.correct]

    def still_missed(self) -> list[Item]:
        """Questions whose latest answer is wrong, in the order they were first asked."""
        latest: dict[str, Graded] = {}
        for graded in self.graded:
            latest[graded.item.key] = graded
        order = dict.fromkeys(g.item.key for g in self.graded)
        return [latest[key].item for key in order if not latest[key].verdict.correct]


class Session:
    """One sitting: asks queue after queue (the quiz, then retries) under one session id."""

    def __init__(self, title: str, asker: Asker, recorder: Recorder, cards: SessionCards) -> None:
        self.asker = asker
        self.recorder = recorder
        self.cards = cards
        self.result = Result(title=title, session=new_session_id(clock.now()))
        self.practice = False  # answers leave every card as it was (`--practice`, tests)
        self.kind = ""  # recorded with each answer: "learn", "test" or "" for a quiz
        self.feedback = True  # tell each verdict; a test tells none until it is handed in
        self.titles: dict[str, str] = {}  # deck titles, when a session mixes decks
        self.sources: dict[str, str] = {}  # each deck's source text
        self._start = 0  # where this run's answers begin in the result

    def run(self, queue: Queue, *, retry: bool = False) -> Result:
        """Ask until the queue is empty (see the module docstring); a retry's answers are
        recorded like any other but do not count in the session's score.

        Raises Interrupted (saying how many answers were saved, and how many were right)
        on Ctrl-C or end of input.
        """
        started = clock.monotonic()
        self._start = len(self.result.graded)
        try:
            while (item := queue.next()) is not None:
                self._ask(queue, item, first=not retry)
        except (KeyboardInterrupt, EOFError):
            raise Interrupted(self.result.answered, self.result.right) from None
        finally:
            self.result.seconds += clock.monotonic() - started
        return self.result

    def _prompt(self, queue: Queue, item: Item) -> Prompt:
        done = {g.item.key for g in self.result.graded[self._start :]}
        flashcard = item.question.type is QuestionType.FLASHCARD
        return Prompt(
            item=item,
            number=len(done) + (item.key not in done),
            total=len(done) + queue.left() + 1,
            left=queue.left() + 1,
            countdown=queue.countdown,
            intervals=self.cards.intervals(item.key) if flashcard else {},
            deck_title=self.titles.get(item.deck, ""),
            deck_source=self.sources.get(item.deck, ""),
        )

    def _ask(self, queue: Queue, item: Item, *, first: bool) -> None:
        prompt = self._prompt(queue, item)
        asked = clock.monotonic()
        response = self.asker.ask(prompt)
        if response is Action.SKIP:
            if not queue.skip(item):
                self.result.unanswered.append(item)
            return
        if response is Action.UNDO:
            queue.again(item)
            self._undo(queue)
            return
        if response is Action.RIGHT:
            self._overrule(queue)
            queue.again(item)
            return
        elapsed_ms = min(round((clock.monotonic() - asked) * 1000), clock.MAX_ELAPSED_MS)
        graded = self._answer(queue, item, response, elapsed_ms, first=first)
        if not self.feedback:
            return
        can_overrule = _overrulable(graded)
        action = self.asker.tell(prompt, graded.verdict, can_overrule=can_overrule)
        if action is Action.UNDO:
            self._undo(queue)
        elif action is Action.RIGHT:
            self._overrule(queue)

    def _answer(
        self, queue: Queue, item: Item, response: Any, elapsed_ms: int, *, first: bool
    ) -> Graded:
        verdict = judge(item.question, response)
        rating = self.cards.rate(item.key, verdict, elapsed_ms)
        now = clock.now()
        answer = Answer(
            id=new_answer_id(),
            deck=item.deck,
            question=item.question.id,
            session=self.result.session,
            answered_at=now,
            correct=verdict.correct,
            response=list(response) if isinstance(response, (list, tuple)) else response,
            elapsed_ms=elapsed_ms,
            outcome=verdict.outcome,
            rating=rating,
            day=now.astimezone().date().isoformat(),
            practice=self.practice,
            kind=self.kind,
            version=item.question.version,
        )
        self.recorder.record(answer)
        before = self.cards.cards.get(item.key)
        asked_before = any(g.item.key == item.key for g in self.result.graded)
        graded = Graded(item, verdict, answer, before, first and not asked_before)
        self.result.graded.append(graded)
        if not self.practice:
            card = self.cards.answered(item.key, rating, now, elapsed_ms, answer.version)
            queue.answered(item, card)
        return graded

    def _undo(self, queue: Queue) -> None:
        graded = self.take_back()
        if graded is not None:
            queue.retract(graded.item)
            queue.again(graded.item)

    def take_back(self) -> Graded | None:
        """Take the last answer back: the undo is recorded first, then its card restored."""
        if not self.result.graded:
            self.asker.say("Nothing to undo yet.")
            return None
        graded = self.result.graded.pop()
        self.recorder.record(Undo.of(graded.answer, clock.now()))
        self.cards.restore(graded.item.key, graded.card_before)
        return graded

    def ask_again(self, graded: Graded) -> None:
        """Ask a question whose answer was taken back after its run ended."""
        self.run(FixedQueue([graded.item]), retry=not graded.first)

    def _overrule(self, queue: Queue) -> None:
        self.overrule_last(queue)

    def overrule_last(self, queue: Queue | None = None) -> None:
        """Count the last answer as right (rated Hard), marked as overruled."""
        graded = self.result.graded[-1] if self.result.graded else None
        if not self.feedback:
            self.asker.say("No verdicts until the end, so none to overrule.")
            return
        if graded is None or not _overrulable(graded):
            self.asker.say("Only an answer just marked wrong can be counted as right.")
            return
        old = graded.answer
        self.recorder.record(Undo.of(old, clock.now()))
        new = old._replace(
            id=new_answer_id(), correct=True, outcome=OVERRULED, rating=OVERRULED_RATING
        )
        self.recorder.record(new)
        self.cards.restore(graded.item.key, graded.card_before)
        if self.practice:
            queue = None
        card = self.cards.answered(
            graded.item.key, new.rating, new.answered_at, new.elapsed_ms, new.version
        )
        if queue is not None:
            queue.retract(graded.item)
            queue.answered(graded.item, card)
        verdict = graded.verdict._replace(correct=True, outcome=OVERRULED)
        self.result.graded[-1] = graded._replace(verdict=verdict, answer=new)
        self.asker.say("Counted as right, as you said (rated Hard).")


def _overrulable(graded: Graded) -> bool:
    """Only an auto-graded answer marked wrong, not overruled yet, can be overruled."""
    return (
        not graded.verdict.correct
        and graded.item.question.type is not QuestionType.FLASHCARD
        and graded.verdict.outcome != OVERRULED
    )


def run(title: str, queue: Queue, asker: Asker, recorder: Recorder, cards: SessionCards) -> Result:
    """A session that asks one queue."""
    return Session(title, asker, recorder, cards).run(queue)
