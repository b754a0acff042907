"""Fitting the learner's own FSRS parameters: training items, evaluation, optimize."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fsrs
import fsrs_rs_python as rs
import pytest
from memory_history import FORGETFUL, generate

from quizzer import fitting
from quizzer.errors import BAD_INPUT, BadInput
from quizzer.fitting import MIN_REVIEWS, NotEnoughHistory, evaluate, optimize, training_set
from quizzer.models import Answer

DEFAULTS = tuple(rs.DEFAULT_PARAMETERS)
T0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


def answer(question: str, at: datetime, rating: int, day: str = "") -> Answer:
    return Answer(
        id=f"{question}-{at.isoformat()}",
        deck="d",
        question=question,
        session="s",
        answered_at=at,
        correct=rating > 1,
        response=rating,
        elapsed_ms=4000,
        rating=rating,
        day=day or at.date().isoformat(),
    )


@pytest.fixture(scope="module")
def history() -> list[Answer]:
    return generate(10_000, seed=3)


def test_training_items_follow_fsrs_rs_conventions(home: Path) -> None:
    days = [0, 0, 2, 2, 9]
    ratings = [1, 3, 3, 3, 1]
    answers = [
        answer("a", T0 + timedelta(days=d, minutes=i), r)
        for i, (d, r) in enumerate(zip(days, ratings, strict=True))
    ]
    answers.append(answer("b", T0 + timedelta(days=1), 3))
    answers.append(answer("b", T0 + timedelta(days=5), 2))
    data = training_set(reversed(answers))  # each question's answers are put in time order

    assert data.histories == (
        ((1, 0), (3, 0), (3, 2)),  # day 2: its same-day steps are history, not targets
        ((3, 0), (2, 4)),  # question b, day 5
        ((1, 0), (3, 0), (3, 2), (3, 0), (1, 7)),  # day 9
    )
    assert data.card_ids[0] == data.card_ids[2] != data.card_ids[1]
    assert data.answers == 7
    assert [item.long_term_review_cnt() for item in data.items()] == [1, 1, 2]


def test_day_gaps_count_the_learners_local_dates(home: Path) -> None:
    # 23:30 and 00:30 UTC the next day, but the same local day for someone at UTC-2.
    first = answer("a", T0.replace(hour=23, minute=30), 3, day="2026-03-02")
    second = answer("a", T0.replace(hour=23, minute=30) + timedelta(hours=1), 3, "2026-03-02")
    later = answer("a", T0 + timedelta(days=3), 3, day="2026-03-05")
    assert training_set([first, second, later]).histories == (((3, 0), (3, 0), (3, 3)),)


def test_evaluate_matches_fsrs_rs(home: Path, history: list[Answer]) -> None:
    data = training_set(history)
    n = len(data.histories)
    recency = [0.25 + 0.75 * (i / (n - 1)) ** 3 for i in range(n)]  # fsrs-rs's weights
    ours = evaluate(DEFAULTS, data.histories, recency)
    theirs = rs.FSRS(list(DEFAULTS)).evaluate(data.items())
    assert ours.log_loss == pytest.approx(theirs.log_loss, rel=1e-4)
    assert ours.rmse == pytest.approx(theirs.rmse_bins, rel=1e-3)


def test_optimize_beats_the_defaults_on_held_out_reviews(home: Path, history: list[Answer]) -> None:
    result = optimize(history, DEFAULTS)

    assert result.better
    assert result.fitted.log_loss < result.current.log_loss - 0.003
    assert result.fitted.rmse < result.current.rmse
    assert result.reviews == len(training_set(history).histories)
    assert result.held_out == result.reviews - result.reviews // 6
    # The true learner's parameters, scored the same way, are better still than defaults.
    held_out = training_set(history).histories[result.reviews // 6 :]
    assert evaluate(FORGETFUL, held_out).log_loss < result.current.log_loss
    # py-fsrs takes the fitted parameters as they are (same 21, in the same order and bounds).
    scheduler = fsrs.Scheduler(parameters=result.parameters, enable_fuzzing=False)
    assert scheduler.parameters == result.parameters
    assert len(result.parameters) == 21


def test_fitted_parameters_are_not_better_than_themselves(
    home: Path, history: list[Answer]
) -> None:
    first = optimize(history, DEFAULTS)
    again = optimize(history, first.parameters)
    # Scored on reviews they were fitted on, the saved parameters are hard to beat.
    assert again.current.log_loss < first.current.log_loss
    assert not again.better


def test_too_small_a_history_is_refused_with_the_count_needed(home: Path) -> None:
    answers = generate(250, seed=5)
    reviews = len(training_set(answers).histories)
    assert 0 < reviews < MIN_REVIEWS
    with pytest.raises(NotEnoughHistory) as caught:
        optimize(answers, DEFAULTS)
    assert caught.value.exit_code == BAD_INPUT
    assert caught.value.reviews == reviews
    assert caught.value.message == (
        f"not enough history to fit your memory model: {reviews} review(s) of a question "
        f"answered on an earlier day, and fsrs-rs needs {MIN_REVIEWS}. Answer "
        f"{MIN_REVIEWS - reviews} more question(s) that come due on a later day "
        "(quiz review), then try again."
    )


def test_an_empty_history_is_refused(home: Path) -> None:
    with pytest.raises(NotEnoughHistory, match=f"0 review.*Answer {MIN_REVIEWS} more"):
        optimize([], DEFAULTS)


def test_current_parameters_must_be_21_numbers(home: Path, history: list[Answer]) -> None:
    with pytest.raises(BadInput, match="expected 21 numbers, got 17"):
        optimize(history, DEFAULTS[:17])
    with pytest.raises(BadInput, match="expected 21 numbers"):
        optimize(history, (*DEFAULTS[:20], float("nan")))


def test_a_missing_engine_says_how_to_install_it(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(fitting.EngineMissing, match=r"pip install 'quizzer\[memory\]'"):
        optimize([], DEFAULTS)


def test_rounding_keeps_f32_bounds_inside_py_fsrs_bounds(home: Path) -> None:
    at_bounds = list(DEFAULTS)
    at_bounds[9] = at_bounds[19] = at_bounds[20] = 0.800000011920929  # 0.8 as f32
    rounded = fitting._rounded(at_bounds)
    assert fsrs.Scheduler(parameters=rounded).parameters == rounded


@pytest.mark.e2e
@pytest.mark.parametrize(
    "command",
    [
        ["-c", "import quizzer.cli"],
        ["-m", "quizzer", "--version"],
        ["-c", "import quizzer.fitting, quizzer.workload, quizzer.habits, quizzer.recall"],
        ["-c", "import quizzer.memory, quizzer.cli.memory, quizzer.ui.memoryview"],
        ["-m", "quizzer", "--help"],
        ["-m", "quizzer", "memory", "--help"],
        ["-m", "quizzer", "memory", "optimize", "--help"],
        ["-m", "quizzer", "memory", "optimize", "--reset"],
        ["-m", "quizzer", "config", "set", "parameters", "default"],
        ["-m", "quizzer", "stats", "--json"],
    ],
)
def test_the_engine_is_imported_only_when_used(home: Path, command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "fsrs_rs_python" not in done.stderr
    assert " quizzer" in done.stderr  # importtime did report the imports


@pytest.mark.e2e
def test_a_command_that_simulates_does_import_the_engine(home: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quizzer", "memory", "simulate"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2  # nothing to simulate, found by the engine
    assert "fsrs_rs_python" in done.stderr


def test_generated_histories_are_reproducible(home: Path) -> None:
    assert generate(300, seed=9) == generate(300, seed=9) != generate(300, seed=10)
