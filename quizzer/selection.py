"""Which questions a session asks, in which order: filters, shuffling, limits."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import replace

from quizzer.errors import BadInput
from quizzer.models import Deck, Question, QuestionType


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
