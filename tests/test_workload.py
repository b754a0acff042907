"""The workload simulator and the retention advice, on a generated learner."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import fsrs_rs_python as rs
import pytest
from memory_history import Learner, generate

from quizzer import workload
from quizzer.errors import BadInput
from quizzer.habits import DEFAULT, habits
from quizzer.models import Answer
from quizzer.scheduler import Scheduler, Settings
from quizzer.workload import SimRow, Study, best_retention, parse_retentions, simulate

DEFAULTS = list(rs.DEFAULT_PARAMETERS)
LEARNER = Learner(questions=100, new_per_day=10)  # a small deck: fsrs-rs simulates each card


def replay(answers: list[Answer]) -> dict[str, dict[str, Any]]:
    memory = Scheduler()
    cards: dict[str, dict[str, Any]] = {}
    for answer in answers:
        key = f"{answer.deck}/{answer.question}"
        cards[key] = memory.after(key, cards.get(key), answer.rating, answer.answered_at)
    return cards


@pytest.fixture(scope="module")
def studied() -> tuple[Study, datetime]:
    answers = generate(800, seed=2, learner=LEARNER)
    cards = replay(answers)
    study = Study(
        cards=list(cards.values()),
        new_questions=LEARNER.questions - len(cards),
        new_per_day=LEARNER.new_per_day,
        habits=habits(answers, Settings()),
    )
    return study, answers[-1].answered_at + timedelta(hours=1)


@pytest.mark.parametrize(
    ("text", "retentions"),
    [
        ("0.80..0.95", (0.8, 0.85, 0.9, 0.95)),
        (" 0.8 .. 0.92 ", (0.8, 0.85, 0.9)),
        ("0.9..0.9", (0.9,)),
        ("0.8,0.9", (0.8, 0.9)),
        ("0.9, 0.8,0.9", (0.8, 0.9)),
        ("0.85", (0.85,)),
    ],
)
def test_retentions_parse(home: Path, text: str, retentions: tuple[float, ...]) -> None:
    assert parse_retentions(text) == retentions


@pytest.mark.parametrize("text", ["0.95..0.80", "0.5", "0.8,,0.9", "high", "0.8..1", ""])
def test_bad_retentions_say_what_is_allowed(home: Path, text: str) -> None:
    with pytest.raises(BadInput, match="--retention"):
        parse_retentions(text)


def test_a_bad_retention_names_the_bad_part(home: Path) -> None:
    with pytest.raises(BadInput) as caught:
        parse_retentions("0.8,1.5")
    assert caught.value.message == (
        "--retention '0.8,1.5': '1.5' is not a retention from 0.7 to 0.99; give a range "
        "like 0.80..0.95 (every 0.05), a list like 0.8,0.9, or one value."
    )


def test_simulate_gives_a_row_per_retention_in_monotonic_sense(
    home: Path, studied: tuple[Study, datetime]
) -> None:
    study, now = studied
    rows = simulate(DEFAULTS, study, (0.8, 0.9, 0.95), 365, now)

    assert [row.retention for row in rows] == [0.8, 0.9, 0.95]
    assert all(isinstance(row, SimRow) for row in rows)
    low, mid, high = rows
    assert 0 < low.reviews_per_day < mid.reviews_per_day < high.reviews_per_day
    assert 0 < low.minutes_per_day < mid.minutes_per_day < high.minutes_per_day
    assert low.remembered < mid.remembered < high.remembered <= LEARNER.questions


def test_every_simulation_runs_at_the_retention_asked(
    home: Path, studied: tuple[Study, datetime]
) -> None:
    # The capture of fsrs-rs's simulations rests on cards keeping their own retention.
    study, now = studied
    cards = workload._cards(study, now, 0.83, DEFAULTS)
    config = workload._config(study.habits, study, 40, len(cards))
    results = workload._simulations(config, DEFAULTS, cards)
    assert len(results) >= 16
    for result in results:
        assert result.average_desired_retention == pytest.approx(0.83, abs=1e-4)
        assert len(result.review_cnt_per_day) == 40


def test_current_cards_are_simulated(home: Path, studied: tuple[Study, datetime]) -> None:
    study, now = studied
    learned_only = Study(cards=study.cards, new_questions=0, new_per_day=0, habits=DEFAULT)
    [row] = simulate(DEFAULTS, learned_only, (0.9,), 365, now)
    assert row.reviews_per_day > 1  # no new question: every review is of a card from history
    assert row.remembered > 0.8 * len(study.cards)


def test_nothing_to_simulate_is_refused(home: Path, studied: tuple[Study, datetime]) -> None:
    _, now = studied
    empty = Study(cards=[], new_questions=0, new_per_day=20, habits=DEFAULT)
    with pytest.raises(BadInput, match="nothing to simulate"):
        simulate(DEFAULTS, empty, (0.9,), 30, now)


def test_days_out_of_range_are_refused(home: Path, studied: tuple[Study, datetime]) -> None:
    study, now = studied
    with pytest.raises(BadInput, match="--days 0: give a number of days from 1 to 3650"):
        simulate(DEFAULTS, study, (0.9,), 0, now)


def test_best_retention_is_in_fsrs_rs_search_range(
    home: Path, studied: tuple[Study, datetime]
) -> None:
    study, _ = studied
    best = best_retention(DEFAULTS, study, LEARNER.questions, 365)
    assert 0.7 <= best <= 0.95
    with pytest.raises(BadInput, match="no questions"):
        best_retention(DEFAULTS, study, 0, 365)


def test_new_questions_start_at_new_per_day(home: Path, studied: tuple[Study, datetime]) -> None:
    _, now = studied
    fresh = Study(cards=[], new_questions=25, new_per_day=10, habits=DEFAULT)
    cards = workload._cards(fresh, now, 0.9, DEFAULTS)
    assert [card.due for card in cards] == [0.0] * 10 + [1.0] * 10 + [2.0] * 5
    assert all(card.stability == pytest.approx(workload.NEW_STABILITY) for card in cards)
