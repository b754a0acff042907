"""The memory model on a big history: fit, simulate and advise on 50,000 generated answers.

Run from the project root, in a venv with `pip install '.[memory,test]'`:

    python benchmarks/memory.py            # 50,000 answers
    python benchmarks/memory.py 200000     # another size

The history comes from tests/memory_history.py: a learner whose memory follows FSRS with
known parameters (not the defaults), scheduled by quizzer's own scheduler. Printed: the
time to build the training items and to optimize, the log loss and RMSE of the fitted and
the default parameters on the same held-out reviews, a 365-day workload table at 0.80,
0.85, 0.90 and 0.95 with the fitted parameters, and fsrs-rs's optimal retention.
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fsrs_rs_python import DEFAULT_PARAMETERS
from memory_history import Learner, generate

from quizzer.fitting import optimize, training_set
from quizzer.habits import habits
from quizzer.recall import average_recall, true_retention
from quizzer.scheduler import Scheduler, Settings
from quizzer.workload import Study, best_retention, parse_retentions, simulate


def timed(label: str, work: Any, *args: Any) -> Any:
    start = time.perf_counter()
    result = work(*args)
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main(size: int) -> None:
    learner = Learner()
    answers = timed(f"generate {size:,} answers", generate, size, 1, learner)
    days = (answers[-1].answered_at - answers[0].answered_at).days
    print(f"  {len({a.question for a in answers}):,} questions over {days} days")
    data = timed("training items", training_set, answers)
    print(f"  {len(data.histories):,} items")
    fit = timed("optimize (fit + time-series evaluation)", optimize, answers, DEFAULT_PARAMETERS)
    print(f"  held-out reviews: {fit.held_out:,}; better: {fit.better}")
    print(f"  defaults: log loss {fit.current.log_loss:.4f}, RMSE {fit.current.rmse:.4f}")
    print(f"  fitted:   log loss {fit.fitted.log_loss:.4f}, RMSE {fit.fitted.rmse:.4f}")
    print(f"  fitted parameters: {', '.join(f'{p:g}' for p in fit.parameters)}")

    settings, memory = Settings(), Scheduler()
    cards: dict[str, dict[str, Any]] = {}
    for answer in answers:
        key = f"{answer.deck}/{answer.question}"
        cards[key] = memory.after(key, cards.get(key), answer.rating, answer.answered_at)
    now = answers[-1].answered_at + timedelta(hours=1)
    found = timed("habits", habits, answers, settings)
    study = Study(
        cards=list(cards.values()),
        new_questions=learner.questions - len(cards),
        new_per_day=learner.new_per_day,
        habits=found,
    )
    retention = timed("true retention, last 30 days", true_retention, answers, settings, now.date())
    print(f"  {retention.passed}/{retention.reviews} = {retention.rate:.3f}")
    recall = average_recall(cards.values(), now, fit.parameters)
    print(f"  average recall now (fitted parameters): {recall:.3f}")
    retentions = parse_retentions("0.80..0.95")
    rows = timed("simulate 365 days", simulate, fit.parameters, study, retentions, 365, now)
    print("  retention  reviews/day  minutes/day  remembered")
    for row in rows:
        print(
            f"  {row.retention:9.2f}  {row.reviews_per_day:11.1f}  {row.minutes_per_day:11.1f}"
            f"  {row.remembered:10.1f}"
        )
    best = timed("best retention", best_retention, fit.parameters, study, learner.questions, 365)
    print(f"  recommended: {best:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
