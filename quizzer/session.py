"""The quiz engine: takes questions from a queue, asks them through an Asker, judges,
rates and records each answer.

It knows nothing of terminals. A questionary asker, a line-based asker and the tests'
fake asker all drive the same engine, for `quiz start` (a fixed list of questions)
and `quiz review` (a queue that brings back what was just forgotten).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from quizzer import clock
from quizzer.errors import BadInput, Interrupted
from quizzer.grading import Verdict, judge
from quizzer.models import (
    Answer,
    Card,
    Deck,
    Question,
    QuestionType,
    card_key,
    new_answer_id,
    new_session_id,
)
from quizzer.scheduler import Scheduler, rating_for
from quizzer.totals import Totals


class Asker(Protocol):
    """Puts a question to the learner and shows them the verdict."""

    def ask(self, question: Question, number: int, total: int, intervals: dict[int, str]) -> Any:
        """Return the response: choice text, bool, text, list of choices, or rating 1-4.

        `intervals` says, for a flashcard, when it would come back after each rating.
        """

    def tell(self, question: Question, verdict: Verdict) -> None:
        """Show whether the answer was right, the correct answer and the explanation."""


class Recorder(Protocol):
    """Keeps each answer the moment it is given."""

    def record(self, answer: Answer) -> None:
        """Store one answer durably."""


class Queue(Protocol):
    """Hands out the questions of a session, one at a time."""

    @property
    def total(self) -> int:
        """How many questions the session holds (or will, as far as is known now)."""

    def next(self) -> tuple[str, Question] | None:
        """The next deck id and question, or None when the session is over."""

    def answered(self, deck: str, question: Question, card: Card) -> None:
        """Told each question's new card, so a forgotten one can come back."""


@dataclass
class FixedQueue:
    """The questions of `quiz start`: asked once each, in order."""

    deck: str
    questions: list[Question]

    def __post_init__(self) -> None:
        self.total = len(self.questions)
        self._left = iter(self.questions)

    def next(self) -> tuple[str, Question] | None:
        question = next(self._left, None)
        return None if question is None else (self.deck, question)

    def answered(self, deck: str, question: Question, card: Card) -> None:
        """A fixed list does not change."""


@dataclass
class SessionCards:
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

    def answered(self, key: str, rating: int, elapsed_ms: int) -> Card:
        """The question's card after an answer with this rating, kept for the session."""
        card = self.scheduler.after(key, self.cards.get(key), rating, clock.now(), elapsed_ms)
        self.cards[key] = card
        return card


@dataclass
class Result:
    """What happened in one session, for the summary at its end."""

    title: str
    session: str
    graded: list[tuple[Question, Verdict]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def answered(self) -> int:
        return len(self.graded)

    @property
    def correct(self) -> int:
        return sum(v.correct for _, v in self.graded)

    @property
    def score(self) -> float:
        """Fraction of answered questions that were right (0 when none were answered)."""
        return self.correct / self.answered if self.answered else 0.0

    @property
    def missed(self) -> list[tuple[Question, Verdict]]:
        return [(q, v) for q, v in self.graded if not v.correct]


def select_questions(
    deck: Deck,
    *,
    tags: Iterable[str] = (),
    types: Iterable[QuestionType] = (),
    limit: int | None = None,
    shuffle: bool = True,
    seed: int | None = None,
) -> list[Question]:
    """The questions of a session: filtered by tag and type, shuffled (choices too), limited.

    Without filters only the questions asked are touched, so a 100,000-question deck
    starts as quickly as a small one.
    """
    questions = deck.questions
    wanted_tags, wanted_types = set(tags), set(types)
    picks: Sequence[int] = range(len(questions))
    if wanted_tags or wanted_types:
        picks = [
            i
            for i, q in enumerate(questions)
            if (not wanted_tags or wanted_tags & set(q.tags))
            and (not wanted_types or q.type in wanted_types)
        ]
    if not picks:
        available = sorted({t for q in questions for t in q.tags})
        raise BadInput(
            f"no question in deck {deck.id!r} matches the --tag/--type filters; "
            f"its tags are: {', '.join(available) or 'none'}."
        )
    count = min(limit, len(picks)) if limit else len(picks)
    if not shuffle:
        return [questions[i] for i in picks[:count]]
    rng = random.Random(seed)
    return [shuffled_choices(questions[i], rng) for i in rng.sample(picks, count)]


def shuffled_choices(question: Question, rng: random.Random) -> Question:
    """The question with its choices in a random order."""
    if not question.choices:
        return question
    choices = list(question.choices)
    rng.shuffle(choices)
    return replace(question, choices=tuple(choices))


def run(title: str, queue: Queue, asker: Asker, recorder: Recorder, cards: SessionCards) -> Result:
    """Ask until the queue is empty, recording each answer before showing its verdict.

    Raises Interrupted (carrying how many answers were saved) on Ctrl-C or end of input.
    """
    result = Result(title=title, session=new_session_id(clock.now()))
    started = clock.monotonic()
    try:
        while (item := queue.next()) is not None:
            deck, question = item
            key = card_key(deck, question.id)
            intervals = cards.intervals(key) if question.type is QuestionType.FLASHCARD else {}
            asked = clock.monotonic()
            response = asker.ask(question, result.answered + 1, queue.total, intervals)
            elapsed_ms = round((clock.monotonic() - asked) * 1000)
            verdict = judge(question, response)
            rating = cards.rate(key, verdict, elapsed_ms)
            now = clock.now()
            recorder.record(
                Answer(
                    id=new_answer_id(),
                    deck=deck,
                    question=question.id,
                    session=result.session,
                    answered_at=now,
                    correct=verdict.correct,
                    response=list(response) if isinstance(response, (list, tuple)) else response,
                    elapsed_ms=elapsed_ms,
                    outcome=verdict.outcome,
                    rating=rating,
                    day=now.astimezone().date().isoformat(),
                )
            )
            result.graded.append((question, verdict))
            queue.answered(deck, question, cards.answered(key, rating, elapsed_ms))
            asker.tell(question, verdict)
    except (KeyboardInterrupt, EOFError):
        raise Interrupted(result.answered) from None
    result.seconds = clock.monotonic() - started
    return result
