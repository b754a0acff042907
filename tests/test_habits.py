"""The learner's answering habits that feed the workload simulator."""

from __future__ import annotations

from pathlib import Path

import pytest
from memory_history import Learner, generate

from quizzer.habits import DEFAULT, habits
from quizzer.scheduler import Settings

LEARNER = Learner(questions=1500, new_per_day=15, seconds=6.0)


def test_no_history_gives_fsrs_rs_defaults(home: Path) -> None:
    found = habits([], Settings())
    assert found.first_ratings == DEFAULT.first_ratings
    assert found.review_ratings == DEFAULT.review_ratings
    assert found.seconds == DEFAULT.seconds
    # As in fsrs-rs, each step transition counts one imagined answer per rating.
    for mine, default in zip(found.learning_transitions, DEFAULT.learning_transitions, strict=True):
        assert mine == pytest.approx(default, abs=0.05)


def test_a_long_history_gives_the_learners_own_figures(home: Path) -> None:
    found = habits(generate(12_000, seed=4, learner=LEARNER), Settings())

    assert found.first_ratings == pytest.approx(LEARNER.first_ratings, abs=0.03)
    assert found.review_ratings == pytest.approx(LEARNER.pass_ratings, abs=0.03)
    # The generator answers in 6 s times a log-normal factor of mean 1.13 (1.5x that when
    # wrong); fsrs-rs's defaults are 12-19 s.
    _, review, _ = found.seconds
    assert review[2] == pytest.approx(6.8, abs=0.3)
    assert review[0] == pytest.approx(10.2, abs=1.0)
    for row in found.learning_transitions + found.relearning_transitions:
        assert sum(row) == pytest.approx(1.0, abs=1e-3)


def test_a_short_history_stays_near_the_defaults(home: Path) -> None:
    found = habits(generate(30, seed=4, learner=LEARNER), Settings())
    learning, _, _ = found.seconds
    assert learning[2] == pytest.approx(DEFAULT.seconds[0][2], abs=3.0)
    assert found.review_ratings == DEFAULT.review_ratings  # no review yet
