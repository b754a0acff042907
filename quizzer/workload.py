"""The workload ahead at a given retention, and the retention worth choosing, from
fsrs-rs's simulator run with the learner's parameters, cards and answer times.

fsrs-rs-python's `simulate` starts from an empty deck: it takes no existing cards. Its
`optimal_retention` does take them, and hands every simulation it runs to a `target`
callback. Each card is scheduled at its own `desired_retention`, so when every card (the
learner's current ones and the new questions, built as Anki builds them) carries the
retention being asked about, every simulation that call runs is a simulation at that
retention: `_simulations` keeps them and averages them (the same seeds, 42 onwards, each
seen several times as the search evaluates several points).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from quizzer.errors import BadInput
from quizzer.fitting import require_engine
from quizzer.habits import Habits
from quizzer.models import Card as QuizCard

if TYPE_CHECKING:
    from fsrs_rs_python import Card, SimulationResult, SimulatorConfig

RETENTION_MIN, RETENTION_MAX = 0.7, 0.99  # what `quiz config set retention` accepts
STEP = 0.05
_RANGE = re.compile(r"^\s*([0-9.]+)\s*\.\.\s*([0-9.]+)\s*$")
MAX_DAYS = 3650
MAX_STEPS = 5  # fsrs-rs simulates at most 5 learning or relearning steps
NEW_STABILITY = 1e-8  # a new card, as Anki passes it: not filtered out, not yet learned


@dataclass(frozen=True)
class SimRow:
    """The expected workload at one retention over the simulated days."""

    retention: float
    reviews_per_day: float  # reviews of learned questions (first answers not counted)
    minutes_per_day: float  # all answering time: learning, reviews and relearning
    remembered: float  # questions expected to be recalled on the last day

    def to_json(self) -> dict[str, float]:
        return asdict(self)


@dataclass(frozen=True)
class Study:
    """Where the simulation starts: the learner's cards now and how they study."""

    cards: Sequence[QuizCard]
    new_questions: int  # questions never answered, introduced new_per_day a day
    new_per_day: int
    habits: Habits
    learning_steps: int = 2
    relearning_steps: int = 1


def parse_retentions(text: str) -> tuple[float, ...]:
    """`0.80..0.95` (every 0.05 from the first to the last), `0.8,0.9` or `0.9`."""
    found = _RANGE.match(text)
    if found:
        low, high = (_retention(part, text) for part in found.groups())
        if low > high:
            raise BadInput(f"--retention {text!r}: the range must go up, e.g. 0.80..0.95.")
        count = math.floor((high - low) / STEP + 1e-9) + 1
        return tuple(round(low + i * STEP, 4) for i in range(count))
    values = tuple(_retention(part, text) for part in text.split(","))
    return tuple(sorted(set(values)))


def _retention(part: str, text: str) -> float:
    try:
        value = float(part)
    except ValueError:
        value = math.nan
    if not RETENTION_MIN <= value <= RETENTION_MAX:
        raise BadInput(
            f"--retention {text!r}: {part.strip()!r} is not a retention from {RETENTION_MIN} "
            f"to {RETENTION_MAX}; give a range like 0.80..0.95 (every {STEP}), a list like "
            "0.8,0.9, or one value."
        )
    return value


def _config(habits: Habits, study: Study, days: int, deck_size: int) -> SimulatorConfig:
    from fsrs_rs_python import default_simulator_config

    if not 1 <= days <= MAX_DAYS:
        raise BadInput(f"--days {days}: give a number of days from 1 to {MAX_DAYS}.")
    config = default_simulator_config()
    config.deck_size = deck_size
    config.learn_span = days
    config.learn_limit = study.new_per_day
    config.max_cost_perday = math.inf  # quizzer has no daily time limit
    config.first_rating_prob = list(habits.first_ratings)
    config.review_rating_prob = list(habits.review_ratings)
    config.learning_step_transitions = [list(row) for row in habits.learning_transitions]
    config.relearning_step_transitions = [list(row) for row in habits.relearning_transitions]
    config.state_rating_costs = [list(row) for row in habits.seconds]
    config.learning_step_count = min(study.learning_steps, MAX_STEPS)
    config.relearning_step_count = min(study.relearning_steps, MAX_STEPS)
    return config


def _cards(study: Study, now: datetime, retention: float, parameters: list[float]) -> list[Card]:
    """The learner's cards and their new questions as fsrs-rs cards, in days from today."""
    from fsrs_rs_python import Card

    today = now.astimezone().date()
    out = []
    for saved in study.cards:
        if not saved.stability or not saved.last_review or saved.difficulty is None:
            continue
        card = Card()
        card.id = saved.card_id
        card.stability, card.difficulty = float(saved.stability), float(saved.difficulty)
        if saved.learning:
            card.last_date = card.due = 0.0  # still in its steps: asked again today
        else:
            last = datetime.fromisoformat(saved.last_review).astimezone().date()
            card.last_date = float(min((last - today).days, 0))
            card.due = float(max((saved.due_at.astimezone().date() - today).days, 0))
        card.interval = max(card.due - card.last_date, 1.0)
        out.append(card)
    if study.new_per_day:
        for i in range(study.new_questions):
            card = Card()
            card.id = -i - 1
            card.stability = NEW_STABILITY
            card.due = float(i // study.new_per_day)
            out.append(card)
    for card in out:
        card.desired_retention = retention
        card.parameters = parameters
    return out


def _simulations(
    config: SimulatorConfig, parameters: list[float], cards: list[Card]
) -> list[SimulationResult]:
    """Every simulation fsrs-rs runs on these cards (see the module docstring)."""
    from fsrs_rs_python import optimal_retention

    results: list[SimulationResult] = []

    def keep(result: SimulationResult, _parameters: Sequence[float]) -> float:
        results.append(result)
        return 1.0

    try:
        optimal_retention(config, parameters, cards, keep)
    except ValueError:
        if not results:  # the search failing to settle does not matter, no result does
            raise
    return results


def _row(retention: float, results: list[SimulationResult], days: int) -> SimRow:
    runs = len(results)
    reviews = sum(sum(r.review_cnt_per_day) for r in results) / runs
    seconds = sum(sum(r.cost_per_day) for r in results) / runs
    remembered = sum(r.memorized_cnt_per_day[-1] for r in results) / runs
    return SimRow(
        retention=retention,
        reviews_per_day=round(reviews / days, 1),
        minutes_per_day=round(seconds / 60 / days, 1),
        remembered=round(remembered, 1),
    )


def simulate(
    parameters: Sequence[float],
    study: Study,
    retentions: Sequence[float],
    days: int,
    now: datetime,
) -> list[SimRow]:
    """The expected daily workload and final recall at each retention, over `days` days
    from `now`, for the learner's cards and new questions."""
    require_engine()
    rows = []
    params = [float(p) for p in parameters]
    for retention in retentions:
        cards = _cards(study, now, retention, params)
        if not cards:
            raise BadInput(
                "nothing to simulate: no question has been studied and none is new; "
                "study a deck first, or give new questions a day."
            )
        results = _simulations(_config(study.habits, study, days, len(cards)), params, cards)
        rows.append(_row(retention, results, days))
    return rows


def best_retention(parameters: Sequence[float], study: Study, questions: int, days: int) -> float:
    """The retention that costs this learner the least answering time per question
    remembered (fsrs-rs's `optimal_retention`, searched from 0.70 to 0.95).

    fsrs-rs applies the retention it tries only to the new cards it creates (existing
    cards keep their own), so the search runs on `questions` questions learned from
    scratch, `new_per_day` a day (at least 1): the answer depends on the learner's memory
    and answer times, not on where today's cards happen to stand. With FSRS-6 it often
    lands on 0.70, the bottom of the search, as fsrs-rs's own test expects for the
    average learner: show it beside the workload table, not alone.
    """
    require_engine()
    from fsrs_rs_python import optimal_retention

    if questions < 1:
        raise BadInput("no questions to plan for: add a deck or study one first.")
    config = _config(study.habits, study, days, questions)
    config.learn_limit = max(study.new_per_day, 1)
    return round(float(optimal_retention(config, [float(p) for p in parameters])), 2)
