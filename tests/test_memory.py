"""The memory model's orchestration (quizzer.memory) and its terminal view, without the CLI."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from memory_history import Learner, generate

from quizzer import memory
from quizzer.models import Deck, Question, QuestionType
from quizzer.scheduler import Scheduler, Settings
from quizzer.ui.memoryview import bar, workload_chart
from quizzer.workload import SimRow

T0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


def deck(deck_id: str, count: int) -> Deck:
    questions = tuple(
        Question(id=f"q{n:05d}", type=QuestionType.FLASHCARD, prompt="p", answer="a")
        for n in range(count)
    )
    return Deck(id=deck_id, title=deck_id, questions=questions)


def test_plan_counts_the_unseen_questions_of_the_decks_studied(home: Path) -> None:
    memory_scheduler = Scheduler()
    cards = {f"a/q{n:05d}": memory_scheduler.after(f"a/q{n:05d}", None, 3, T0) for n in range(3)}
    settings = Settings(new_per_day=7, learning_steps=(), relearning_steps=())
    study = memory.plan(cards, [], [deck("a", 5), deck("b", 4), deck("c", 0)], settings)
    assert study.new_questions == 2 + 4
    assert study.new_per_day == 7 * 2  # per deck that still has new questions
    assert (study.learning_steps, study.relearning_steps) == (0, 0)
    assert len(study.cards) == 3
    assert memory.plan(cards, [], [deck("a", 3)], settings).new_per_day == 0
    assert memory.plan(cards, [], [deck("a", 5)], settings, new_per_day=1).new_per_day == 1


def test_optimize_saves_only_when_better_and_not_a_dry_run(home: Path) -> None:
    answers = generate(3000, seed=2, learner=Learner(questions=400, new_per_day=10))
    saved: list[Settings] = []
    dry = memory.optimize(answers, Settings(), None)
    assert dry.fit.better and not dry.saved and dry.from_defaults
    done = memory.optimize(answers, Settings(), saved.append)
    assert done.saved and saved == [Settings(parameters=done.fit.parameters)]
    again = memory.optimize(answers, saved[0], saved.append)
    assert not again.fit.better and not again.saved and not again.from_defaults
    assert len(saved) == 1


def test_reset_saves_the_defaults_only_when_they_changed(home: Path) -> None:
    saved: list[Settings] = []
    assert not memory.reset(Settings(), saved.append)
    assert memory.reset(Settings(parameters=memory.DEFAULT_PARAMETERS), None)
    assert saved == []
    assert memory.reset(Settings(retention=0.8, parameters=(0.5,) * 21), saved.append)
    assert saved == [Settings(retention=0.8)]


@pytest.mark.parametrize(
    ("value", "most", "drawn"),
    [(0, 10, ""), (0.01, 10, "█"), (5, 10, "█" * 10), (10, 10, "█" * 20)],
)
def test_bars_are_plain_characters_to_scale(
    home: Path, value: float, most: float, drawn: str
) -> None:
    assert bar(value, most) == drawn


def test_the_chart_pairs_minutes_and_questions_remembered(home: Path) -> None:
    rows = [SimRow(0.8, 5.0, 2.0, 900.0), SimRow(0.9, 10.0, 4.0, 1000.0)]
    assert workload_chart(rows) == [
        "      minutes a day                remembered at the end",
        f"0.80  {'█' * 10:<20}    2.0  {'█' * 18:<20}     900",
        f"0.90  {'█' * 20}    4.0  {'█' * 20}   1,000",
    ]
