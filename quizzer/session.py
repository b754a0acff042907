"""The quiz engine: picks questions, asks them through an Asker, judges and records each answer.

It knows nothing of terminals. A questionary asker, a line-based asker and the tests'
fake asker all drive the same engine.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from quizzer import clock
from quizzer.errors import BadInput, Interrupted
from quizzer.grading import Verdict, judge
from quizzer.models import Answer, Deck, Question, QuestionType, new_answer_id, new_session_id


class Asker(Protocol):
    """Puts a question to the learner and shows them the verdict."""

    def ask(self, question: Question, number: int, total: int) -> Any:
        """Return the response: choice text, bool, text, list of choices, or rating 1-4."""

    def tell(self, question: Question, verdict: Verdict) -> None:
        """Show whether the answer was right, the correct answer and the explanation."""


class Recorder(Protocol):
    """Keeps each answer the moment it is given."""

    def record(self, answer: Answer) -> None:
        """Store one answer durably."""


@dataclass
class Result:
    """What happened in one session, for the summary at its end."""

    deck: Deck
    session: str
    total: int
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
    """The questions of a session: filtered by tag and type, shuffled (choices too), limited."""
    wanted_tags, wanted_types = set(tags), set(types)
    chosen = [
        q
        for q in deck.questions
        if (not wanted_tags or wanted_tags & set(q.tags))
        and (not wanted_types or q.type in wanted_types)
    ]
    if not chosen:
        available = sorted({t for q in deck.questions for t in q.tags})
        raise BadInput(
            f"no question in deck {deck.id!r} matches the --tag/--type filters; "
            f"its tags are: {', '.join(available) or 'none'}."
        )
    if shuffle:
        rng = random.Random(seed)
        rng.shuffle(chosen)
        chosen = [_shuffled_choices(q, rng) for q in chosen]
    return chosen[:limit] if limit else chosen


def _shuffled_choices(question: Question, rng: random.Random) -> Question:
    if not question.choices:
        return question
    choices = list(question.choices)
    rng.shuffle(choices)
    return replace(question, choices=tuple(choices))


def run(deck: Deck, questions: list[Question], asker: Asker, recorder: Recorder) -> Result:
    """Ask every question in order, recording each answer before showing its verdict.

    Raises Interrupted (carrying how many answers were saved) on Ctrl-C or end of input.
    """
    result = Result(deck=deck, session=new_session_id(clock.now()), total=len(questions))
    started = clock.monotonic()
    try:
        for number, question in enumerate(questions, start=1):
            asked = clock.monotonic()
            response = asker.ask(question, number, len(questions))
            elapsed_ms = round((clock.monotonic() - asked) * 1000)
            verdict = judge(question, response)
            recorder.record(
                Answer(
                    id=new_answer_id(),
                    deck=deck.id,
                    question=question.id,
                    session=result.session,
                    answered_at=clock.now(),
                    correct=verdict.correct,
                    response=list(response) if isinstance(response, (list, tuple)) else response,
                    elapsed_ms=elapsed_ms,
                    outcome=verdict.outcome,
                )
            )
            result.graded.append((question, verdict))
            asker.tell(question, verdict)
    except (KeyboardInterrupt, EOFError):
        raise Interrupted(result.answered) from None
    result.seconds = clock.monotonic() - started
    return result
