"""The learner's own FSRS parameters: fitted to their answer history with fsrs-rs (the
optimizer Anki runs), and judged against the current ones on reviews the fit never saw.

Training items follow fsrs-rs's and Anki's conventions. Each question's answers, oldest
first, become reviews (rating, delta_t) where delta_t is the number of local days since the
question's previous answer (0 for the first answer and for answers on the same day). Each
answer on a later day than the one before it is one item: that review with every earlier
review of the question as its history. Same-day answers (learning steps) are never a target,
only history, and a question's first answer is never a target. Items are ordered by the time
of their last answer, which is what fsrs-rs's time-series split expects.

fsrs_rs_python comes with the optional `memory` extra, so it is imported only inside the
functions that use it, after `require_engine` has checked that it is installed.
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from quizzer.errors import BadInput, DataError, QuizzerError
from quizzer.models import Answer
from quizzer.scheduler import rating_of

if TYPE_CHECKING:
    from fsrs_rs_python import FSRSItem

# Below 8 items fsrs-rs returns the defaults untouched, and below 64 it fits only the four
# initial stabilities: 64 is where fitting the whole model starts (fsrs-rs training.rs).
# Both count items left after its outlier filter: on 24 generated histories, fits changed
# the initial stabilities from 36-76 items and the whole model from 72-144.
MIN_REVIEWS = 64
# fsrs-rs's time-series split: 6 segments in time order, each of the last 5 predicted by
# parameters fitted on the segments before it.
SEGMENTS = 6
# Parameters are rounded so that f32 values at a bound (0.8 is 0.800000011920929 in f32)
# stay inside the `fsrs` package's bounds, which it checks strictly.
DIGITS = 6

Review = tuple[int, int]  # (rating 1-4, delta_t in days)


class NotEnoughHistory(BadInput):
    """Too few reviews to fit parameters; the message says how many more are needed."""

    def __init__(self, reviews: int, needed: int = MIN_REVIEWS) -> None:
        more = needed - reviews
        super().__init__(
            f"not enough history to fit your memory model: {reviews} review(s) of a question "
            f"answered on an earlier day, and fsrs-rs needs {needed}. Answer {more} more "
            "question(s) that come due on a later day (quiz review), then try again."
        )
        self.reviews = reviews
        self.needed = needed


class EngineMissing(QuizzerError):
    """fsrs-rs-python, which fits and simulates the memory model, is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "the memory model needs the fsrs-rs-python package, which is not installed; "
            "install it with: pip install 'quizzer[memory]'"
        )


def require_engine() -> None:
    """Raise EngineMissing unless fsrs_rs_python can be imported."""
    if importlib.util.find_spec("fsrs_rs_python") is None:
        raise EngineMissing()


@dataclass(frozen=True)
class TrainingSet:
    """fsrs-rs training items in time order, with the reviews of each kept on our side
    (fsrs_rs_python's FSRSReview hides its fields)."""

    histories: tuple[tuple[Review, ...], ...]
    card_ids: tuple[int, ...]
    answers: int  # answers read, targets and history alike

    def items(self) -> list[FSRSItem]:
        """The items as fsrs_rs_python objects."""
        return _items(self.histories)


@dataclass(frozen=True)
class Evaluation:
    """How well parameters predict held-out reviews: lower is better for both."""

    log_loss: float
    rmse: float  # fsrs-rs's RMSE (bins): calibration error over groups of similar reviews


@dataclass(frozen=True)
class FitResult:
    """Fitted parameters and both sets judged on the same held-out reviews."""

    parameters: tuple[float, ...]
    current_parameters: tuple[float, ...]
    fitted: Evaluation
    current: Evaluation
    reviews: int  # training items: answers on a later day than the question's previous one
    held_out: int  # of those, how many were predicted without being trained on

    @property
    def better(self) -> bool:
        """Whether the fit predicts held-out reviews better (lower log loss), which is
        what decides whether to keep it; RMSE is reported beside it."""
        return self.fitted.log_loss < self.current.log_loss


def _items(histories: Iterable[Sequence[Review]]) -> list[FSRSItem]:
    from fsrs_rs_python import FSRSItem, FSRSReview

    return [FSRSItem([FSRSReview(r, t) for r, t in history]) for history in histories]


def training_set(answers: Iterable[Answer]) -> TrainingSet:
    """The training items of a history (any order; each question's answers are sorted)."""
    by_question: dict[tuple[str, str], list[Answer]] = {}
    count = 0
    for answer in answers:
        by_question.setdefault((answer.deck, answer.question), []).append(answer)
        count += 1
    targets: list[tuple[float, int, tuple[Review, ...]]] = []
    for card_id, question in enumerate(by_question.values(), start=1):
        question.sort(key=lambda a: a.answered_at)
        reviews: list[Review] = []
        last: date | None = None
        for answer in question:
            day = date.fromisoformat(answer.local_day)
            gap = 0 if last is None else max(0, (day - last).days)
            reviews.append((rating_of(answer), gap))
            last = day
            if gap > 0:
                targets.append((answer.answered_at.timestamp(), card_id, tuple(reviews)))
    targets.sort(key=lambda target: target[0])
    return TrainingSet(
        histories=tuple(history for _, _, history in targets),
        card_ids=tuple(card_id for _, card_id, _ in targets),
        answers=count,
    )


def _check(parameters: Sequence[float]) -> list[float]:
    from fsrs_rs_python import DEFAULT_PARAMETERS

    if len(parameters) != len(DEFAULT_PARAMETERS) or not all(map(math.isfinite, parameters)):
        raise BadInput(
            f"parameters: expected {len(DEFAULT_PARAMETERS)} numbers, got {len(parameters)}; "
            "run `quiz memory optimize --reset` to go back to the defaults."
        )
    return [float(p) for p in parameters]


def _recall(parameters: Sequence[float], stability: float, days: int) -> float:
    """FSRS-6's forgetting curve, as fsrs-rs evaluates it."""
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return float((1 + factor * days / stability) ** decay)


def _bin(history: Sequence[Review]) -> tuple[int, int, int]:
    """fsrs-rs's RMSE (bins) group of a review: its delta_t, history length and lapses."""
    delta_t = history[-1][1]
    t_bin = round(2.48 * 3.62 ** math.floor(math.log(delta_t, 3.62)) * 100)
    length = sum(1 for _, t in history if t > 0) + 1
    l_bin = round(1.99 * 1.89 ** math.floor(math.log(length, 1.89)))
    lapses = sum(1 for r, t in history[:-1] if r == 1 and t > 0)
    if lapses == 0:
        return t_bin, l_bin, 0
    return t_bin, l_bin, round(1.65 * 1.73 ** math.floor(math.log(lapses, 1.73)))


def evaluate(
    parameters: Sequence[float],
    histories: Sequence[Sequence[Review]],
    weights: Sequence[float] | None = None,
) -> Evaluation:
    """Log loss and RMSE (bins) of `parameters` on items, computed as fsrs-rs computes them.

    fsrs-rs's own `evaluate` weights recent items more, and its time-series evaluation
    weights every item alike; this one can do either (weights default to 1), so current
    parameters are scored on exactly the footing of the fitted ones.
    """
    require_engine()
    from fsrs_rs_python import FSRS

    if not histories:
        raise NotEnoughHistory(0)
    model = FSRS(_check(parameters))
    states = model.memory_state_batch(_items(history[:-1] for history in histories))
    weights = weights or [1.0] * len(histories)
    loss = total = 0.0
    bins: dict[tuple[int, int, int], list[float]] = {}
    for history, state, weight in zip(histories, states, weights, strict=True):
        p = min(max(_recall(parameters, state.stability, history[-1][1]), 1e-7), 1 - 1e-7)
        y = 1.0 if history[-1][0] > 1 else 0.0
        loss -= (y * math.log(p) + (1 - y) * math.log(1 - p)) * weight
        total += weight
        cell = bins.setdefault(_bin(history), [0.0, 0.0, 0.0, 0.0])
        cell[0] += p
        cell[1] += y
        cell[2] += 1
        cell[3] += weight
    squares = sum((pred / n - real / n) ** 2 * w for pred, real, n, w in bins.values())
    return Evaluation(loss / total, math.sqrt(squares / sum(c[3] for c in bins.values())))


def _rounded(parameters: Iterable[float]) -> tuple[float, ...]:
    return tuple(round(float(p), DIGITS) for p in parameters)


def optimize(answers: Iterable[Answer], current: Sequence[float]) -> FitResult:
    """Fit FSRS parameters to a history and score them and `current` on held-out reviews.

    The fitted figures come from fsrs-rs's `evaluate_with_time_series_splits` (parameters
    fitted on earlier reviews predict later ones); `current` is scored on the same later
    reviews. Current parameters that were themselves fitted on this history had seen those
    reviews, so the comparison leans towards keeping them: a new fit has to be clearly better.
    Raises NotEnoughHistory below MIN_REVIEWS training items.
    """
    require_engine()
    import fsrs_rs_python as rs

    data = training_set(answers)
    reviews = len(data.histories)
    if reviews < MIN_REVIEWS:
        raise NotEnoughHistory(reviews)
    current_list = _check(current)
    items, card_ids = data.items(), list(data.card_ids)
    try:
        fitted = rs.FSRS(current_list).compute_parameters(items, card_ids)
        split = rs.evaluate_with_time_series_splits(items, card_ids)
    except ValueError as exc:
        if "NotEnoughData" in str(exc):
            raise NotEnoughHistory(reviews, reviews + MIN_REVIEWS) from None
        raise DataError(f"fsrs-rs could not fit this history ({exc}).") from None
    held_out = data.histories[reviews // SEGMENTS :]
    return FitResult(
        parameters=_rounded(fitted),
        current_parameters=tuple(current_list),
        fitted=Evaluation(float(split.log_loss), float(split.rmse_bins)),
        current=evaluate(current_list, held_out),
        reviews=reviews,
        held_out=len(held_out),
    )
