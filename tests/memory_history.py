"""Answer histories drawn from FSRS's forgetting curve with chosen parameters, for testing
the memory model: a learner whose memory is known, scheduled by quizzer's own scheduler.

Each question has two cards: the one quizzer's scheduler keeps (default parameters, which
decide when it is asked) and the learner's true memory (FSRS with `Learner.parameters`). An
answer on a later day passes with the true card's retrievability; a pass is rated Hard, Good
or Easy, a lapse Again. Same-day answers (learning steps) pass, as FSRS's whole-day curve
says. Everything random comes from one seeded `random.Random`.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from random import Random

import fsrs

from quizzer.history import dumps
from quizzer.models import RATINGS, Answer, Card
from quizzer.scheduler import LEARN_AHEAD, Scheduler

# A learner who forgets faster than FSRS's average one and gains less from each review.
FORGETFUL = (
    0.1, 0.5, 1.2, 4.0, 7.0, 0.6, 2.0, 0.01, 1.2, 0.25, 1.1, 2.2, 0.08, 0.35, 1.9,
    0.4, 2.2, 0.5, 0.1, 0.1, 0.35,
)  # fmt: skip
START = datetime(2025, 1, 6, 8, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Learner:
    """Who answers: their memory, their deck, their pace and their first ratings."""

    parameters: tuple[float, ...] = FORGETFUL
    deck: str = "memory"
    questions: int = 2000
    new_per_day: int = 20
    seconds: float = 8.0
    first_ratings: tuple[float, float, float, float] = (0.25, 0.1, 0.5, 0.15)
    pass_ratings: tuple[float, float, float] = (0.15, 0.75, 0.1)


def _answer(rng: Random, learner: Learner, key: str, rating: int, at: datetime) -> Answer:
    elapsed = int(rng.lognormvariate(0, 0.5) * learner.seconds * (1500 if rating == 1 else 1000))
    return Answer(
        id=f"{rng.getrandbits(128):032x}",
        deck=learner.deck,
        question=key.split("/", 1)[1],
        session=f"{at:%Y%m%dT}080000Z-{rng.getrandbits(48):012x}",
        answered_at=at,
        correct=rating > 1,
        response=rating,
        elapsed_ms=elapsed,
        outcome=RATINGS[rating].lower(),
        rating=rating,
        day=at.date().isoformat(),
    )


class _Study:
    """The state of one simulated learner: quizzer's cards and the learner's true memory."""

    def __init__(self, learner: Learner, seed: int) -> None:
        self.learner = learner
        self.rng = Random(seed)
        self.memory = Scheduler()
        self.truth = fsrs.Scheduler(parameters=learner.parameters, enable_fuzzing=False)
        self.cards: dict[str, Card] = {}
        self.minds: dict[str, fsrs.Card] = {}
        self.due: list[tuple[datetime, str]] = []
        self.introduced = 0

    def rating(self, key: str, at: datetime) -> int:
        """What the learner answers: drawn from their true memory of the question."""
        rng, learner = self.rng, self.learner
        if key not in self.minds:
            self.minds[key] = fsrs.Card(card_id=len(self.minds) + 1)
            return rng.choices((1, 2, 3, 4), learner.first_ratings)[0]
        if rng.random() >= self.truth.get_card_retrievability(self.minds[key], at):
            return 1
        return rng.choices((2, 3, 4), learner.pass_ratings)[0]

    def answer(self, key: str, at: datetime) -> Answer:
        rating = self.rating(key, at)
        self.minds[key], _ = self.truth.review_card(self.minds[key], fsrs.Rating(rating), at)
        self.cards[key] = self.memory.after(key, self.cards.get(key), rating, at)
        heapq.heappush(self.due, (self.cards[key].due_at, key))
        return _answer(self.rng, self.learner, key, rating, at)

    def day(self, start: datetime) -> Iterator[Answer]:
        """One study session: what is due, then new questions, then their learning steps."""
        at = start
        learner = self.learner
        fresh = min(learner.new_per_day, learner.questions - self.introduced)
        new = [f"{learner.deck}/q{self.introduced + i:05d}" for i in range(fresh)]
        self.introduced += fresh
        while True:
            if self.due and self.due[0][0] <= at + LEARN_AHEAD:
                when, key = heapq.heappop(self.due)
                if self.cards[key].due_at != when:
                    continue  # answered since this entry was pushed
                at = max(at, when)
            elif new:
                key = new.pop(0)
            else:
                return
            answer = self.answer(key, at)
            yield answer
            at += timedelta(milliseconds=answer.elapsed_ms)


def generate(answers: int, seed: int = 1, learner: Learner | None = None) -> list[Answer]:
    """`answers` answers, oldest first, of one learner studying daily from START."""
    study = _Study(learner or Learner(), seed)
    out: list[Answer] = []
    day = 0
    while len(out) < answers:
        for answer in study.day(START + timedelta(days=day)):
            out.append(answer)
            if len(out) == answers:
                break
        day += 1
    return out


def write(answers: list[Answer], path: Path) -> Path:
    """The answers as a `quiz history export` file (JSON Lines), for `quiz history import`."""
    path.write_bytes(b"".join(dumps(answer) for answer in answers))
    return path
