"""The learner's own memory model, end to end: fit it to their history and keep it only when
it predicts better, then plan the workload and choose a retention with it.

The commands of `quiz memory` (and `quiz config set parameters`) are thin wrappers over these
functions. Saving parameters writes config.json first and then replays every card with them
(`save_parameters`): cards stay derived from the history, as `quiz doctor --rebuild` derives
them. A run killed between the two leaves cards of the old parameters, which `quiz doctor`
reports and `quiz doctor --rebuild` recomputes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from fsrs.scheduler import DEFAULT_PARAMETERS as FSRS_DEFAULTS

from quizzer import config, fitting, workload
from quizzer.fitting import FitResult
from quizzer.habits import habits
from quizzer.models import Answer, Card, Deck, card_key
from quizzer.scheduler import Scheduler, Settings
from quizzer.workload import SimRow, Study

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(FSRS_DEFAULTS)
PLAN_DAYS = 365  # how far `quiz memory retention` looks ahead

# Replays every card with a scheduler (the CLI: the store's rebuild).
Replay = Callable[[Scheduler], None]
# Saves settings whose parameters changed (config.json, then the replay).
Save = Callable[[Settings], None]


def parameters_of(settings: Settings) -> tuple[float, ...]:
    """The parameters the learner's scheduler runs with."""
    return settings.parameters or DEFAULT_PARAMETERS


def save_parameters(home: Path, settings: Settings, replay: Replay) -> None:
    """Save `settings` and replay every card with their parameters (see the module docstring)."""
    config.save(home, settings)
    replay(Scheduler(settings))


@dataclass(frozen=True)
class Optimized:
    """A fit, and whether its parameters were saved (better, and not a dry run)."""

    fit: FitResult
    saved: bool

    @property
    def from_defaults(self) -> bool:
        """Whether the parameters it was compared with are FSRS's defaults."""
        return self.fit.current_parameters == DEFAULT_PARAMETERS

    def to_json(self) -> dict[str, Any]:
        fit = self.fit
        return {
            "reviews": fit.reviews,
            "held_out": fit.held_out,
            "current": asdict(fit.current),
            "fitted": asdict(fit.fitted),
            "better": fit.better,
            "saved": self.saved,
            "current_parameters": list(fit.current_parameters),
            "parameters": list(fit.parameters),
        }


def optimize(answers: Iterable[Answer], settings: Settings, save: Save | None) -> Optimized:
    """Fit parameters to the history and save them through `save` only if they predict
    held-out reviews better than the current ones; `save=None` is a dry run.

    Raises NotEnoughHistory (exit 2) below fitting.MIN_REVIEWS reviews.
    """
    fit = fitting.optimize(answers, parameters_of(settings))
    saved = fit.better and save is not None
    if save is not None and fit.better:
        save(replace(settings, parameters=fit.parameters))
    return Optimized(fit, saved)


def reset(settings: Settings, save: Save | None) -> bool:
    """Go back to FSRS's default parameters (`save=None`: a dry run); False when the
    learner already has them."""
    if settings.parameters is None:
        return False
    if save is not None:
        save(replace(settings, parameters=None))
    return True


def plan(
    cards: Mapping[str, Card],
    answers: Iterable[Answer],
    decks: Iterable[Deck],
    settings: Settings,
    new_per_day: int | None = None,
) -> Study:
    """Where a simulation starts: the learner's cards, how they answer, and the questions of
    `decks` (those they study) never answered yet.

    New questions come `new_per_day` a day; by default `quiz config`'s new_per_day for each
    of those decks that still has some, as `quiz review` introduces them.
    """
    unseen = [
        sum(1 for q in deck.questions if card_key(deck.id, q.id) not in cards) for deck in decks
    ]
    if new_per_day is None:
        new_per_day = settings.new_per_day * sum(1 for count in unseen if count)
    return Study(
        cards=list(cards.values()),
        new_questions=sum(unseen),
        new_per_day=new_per_day,
        habits=habits(answers, settings),
        learning_steps=len(settings.learning_steps),
        relearning_steps=len(settings.relearning_steps),
    )


def simulate(
    study: Study, settings: Settings, retentions: Sequence[float], days: int, now: datetime
) -> list[SimRow]:
    """The workload at each retention over `days` days, with the learner's parameters."""
    return workload.simulate(parameters_of(settings), study, retentions, days, now)


@dataclass(frozen=True)
class Advice:
    """The retention fsrs-rs recommends, the learner's, and the workload at each."""

    recommended: float
    current: float
    rows: tuple[SimRow, ...]  # one per distinct retention of the two, lowest first
    days: int

    def row(self, retention: float) -> SimRow:
        return next(r for r in self.rows if r.retention == retention)

    def to_json(self) -> dict[str, Any]:
        return {
            "recommended": self.recommended,
            "current": self.current,
            "days": self.days,
            "workload": [row.to_json() for row in self.rows],
            "apply": f"quiz config set retention {self.recommended:g}",
        }


def advise(study: Study, settings: Settings, now: datetime, days: int = PLAN_DAYS) -> Advice:
    """fsrs-rs's optimal retention for this learner, with the workload at it and at the
    current setting side by side: it lands on 0.70, the bottom of its search, for most
    learners, and the figures show what that costs in questions remembered."""
    parameters = parameters_of(settings)
    # The current setting first: with nothing to simulate, say so before the long search.
    rows = workload.simulate(parameters, study, [settings.retention], days, now)
    questions = len(study.cards) + study.new_questions
    best = workload.best_retention(parameters, study, max(questions, 1), days)
    if best != settings.retention:
        rows += workload.simulate(parameters, study, [best], days, now)
    return Advice(best, settings.retention, tuple(sorted(rows, key=lambda r: r.retention)), days)
