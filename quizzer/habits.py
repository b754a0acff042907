"""How the learner answers, for the workload simulator: how they rate new questions and
reviews, how their learning steps go, and how long each kind of answer takes them.

This follows fsrs-rs's `extract_simulator_config` (which Anki feeds its review log), over
quizzer's answers: a question's answers on one local day form a group, whose first answer
says whether it was learning, a review or a lapse; each figure is pulled towards fsrs-rs's
default by the weight n / (50 + n) of its n observations, so a short history gives the
defaults and a long one the learner's own figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from quizzer.models import Answer
from quizzer.recall import LEARNING, REVIEW, review_kinds
from quizzer.scheduler import Settings, rating_of

Row = tuple[float, float, float, float]
Rows = tuple[Row, Row, Row]
PRIOR = 50  # observations at which the learner's figure and the default weigh the same
MAX_MS = 1_200_000  # answers slower than 20 minutes are interruptions, not answering time


@dataclass(frozen=True)
class Habits:
    """The simulator's inputs that come from the learner (rows: Again, Hard, Good, Easy)."""

    first_ratings: Row  # the first rating of a new question
    review_ratings: tuple[float, float, float]  # Hard, Good, Easy among recalled reviews
    learning_transitions: Rows  # the next step's rating after Again, Hard, Good
    relearning_transitions: Rows
    seconds: Rows  # mean seconds per answer: learning, review, relearning


# fsrs-rs's defaults (SimulatorConfig::default), measured on Anki users.
DEFAULT = Habits(
    first_ratings=(0.24, 0.094, 0.495, 0.171),
    review_ratings=(0.224, 0.631, 0.145),
    learning_transitions=(
        (0.3686, 0.0628, 0.5108, 0.0577),
        (0.0442, 0.4553, 0.4457, 0.0549),
        (0.0519, 0.047, 0.8462, 0.055),
    ),
    relearning_transitions=(
        (0.2157, 0.0643, 0.6595, 0.0604),
        (0.05, 0.4638, 0.4475, 0.0387),
        (0.1057, 0.1434, 0.7266, 0.0244),
    ),
    seconds=(
        (19.58, 18.79, 13.78, 10.71),
        (19.38, 17.59, 12.38, 8.94),
        (16.44, 15.25, 12.32, 8.03),
    ),
)


def _blend(counts: Sequence[float], default: Sequence[float]) -> tuple[float, ...]:
    """Shares of `counts`, pulled towards `default` by the weight of their total."""
    total = sum(counts)
    weight = total / (PRIOR + total)
    pairs = zip(counts, default, strict=True)
    return tuple(weight * n / total + (1 - weight) * d for n, d in pairs)


def _transitions(sequences: list[list[int]], default: Rows) -> Rows:
    """Rating after rating within a day's steps, with one imagined observation per cell."""
    counts = [[1.0] * 4 for _ in range(4)]
    for ratings in sequences:
        for now, after in pairwise(ratings):
            counts[now - 1][after - 1] += 1
    return _as_rows([_as_row(_blend(counts[i], default[i])) for i in range(3)])


def _as_row(values: Sequence[float]) -> Row:
    return (values[0], values[1], values[2], values[3])


def _as_rows(rows: Sequence[Row]) -> Rows:
    return (rows[0], rows[1], rows[2])


def _seconds(durations: dict[tuple[int, int], list[int]]) -> Rows:
    rows = []
    for state, defaults in enumerate(DEFAULT.seconds):
        row = []
        for rating, default in enumerate(defaults, start=1):
            times = durations.get((state, rating), [])
            weight = len(times) / (PRIOR + len(times))
            mean = sum(times) / len(times) / 1000 if times else 0.0
            row.append(round(weight * mean + (1 - weight) * default, 2))
        rows.append(_as_row(row))
    return _as_rows(rows)


def habits(answers: Iterable[Answer], settings: Settings) -> Habits:
    """The learner's habits from their history, oldest first; their learning steps
    decide which answers were learning steps and which were reviews."""
    durations: dict[tuple[int, int], list[int]] = {}
    days: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for answer, kind in review_kinds(answers, settings):
        rating = rating_of(answer)
        if 0 < answer.elapsed_ms < MAX_MS:
            durations.setdefault((kind, rating), []).append(answer.elapsed_ms)
        days.setdefault((answer.deck, answer.question, answer.local_day), []).append((kind, rating))
    first = [0.0] * 4
    review = [0.0] * 4
    learning: list[list[int]] = []
    relearning: list[list[int]] = []
    for group in days.values():
        kind, rating = group[0]
        ratings = [r for _, r in group]
        if kind == LEARNING:
            first[rating - 1] += 1
            learning.append(ratings)
        elif kind == REVIEW:
            review[rating - 1] += 1
            if rating == 1:
                relearning.append(ratings)
    recalled = _blend(review[1:], DEFAULT.review_ratings) if any(review[1:]) else None
    return Habits(
        first_ratings=_as_row(_blend(first, DEFAULT.first_ratings))
        if any(first)
        else DEFAULT.first_ratings,
        review_ratings=(recalled[0], recalled[1], recalled[2])
        if recalled
        else DEFAULT.review_ratings,
        learning_transitions=_transitions(learning, DEFAULT.learning_transitions),
        relearning_transitions=_transitions(relearning, DEFAULT.relearning_transitions),
        seconds=_seconds(durations),
    )
