"""The memory model on a big history: `quiz memory` on 50,000 generated answers.

Run from the project root, in a venv with `pip install '.[memory,test]'`:

    python benchmarks/memory.py            # 50,000 answers
    python benchmarks/memory.py 200000     # another size

The history comes from tests/memory_history.py: a learner whose memory follows FSRS with
known parameters (not the defaults), scheduled by quizzer's own scheduler. It is imported
with `quiz history import` into a fresh data directory, then whole `quiz` processes are
timed: `quiz memory optimize` (the log loss and RMSE of the fitted and the default
parameters on the same held-out reviews, and the saving and replay of every card, which
`quiz doctor --rebuild` times alone), `quiz
memory simulate` at 0.80, 0.85, 0.90 and 0.95 over 365 days with the fitted parameters, `quiz
memory retention` (fsrs-rs's optimal retention), and `quiz stats --json` (true retention
reads the whole history).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from memory_history import FORGETFUL, Learner, generate, write

from quizzer.fitting import evaluate, training_set

QUIZ = str(Path(sys.executable).parent / "quiz")


def quiz(env: dict[str, str], *args: str) -> tuple[float, Any]:
    """Wall time of `quiz ARGS --json` as a whole process, and what it printed."""
    started = time.perf_counter()
    done = subprocess.run([QUIZ, *args], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"quiz {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return elapsed, json.loads(done.stdout) if "--json" in args else done.stdout


def main(size: int) -> None:
    learner = Learner()
    started = time.perf_counter()
    answers = generate(size, 1, learner)
    days = (answers[-1].answered_at - answers[0].answered_at).days
    print(f"generated {size:,} answers in {time.perf_counter() - started:.1f} s: ", end="")
    print(f"{len({a.question for a in answers}):,} questions over {days} days")
    now = (answers[-1].answered_at.replace(hour=20)).isoformat()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "QUIZZER_HOME": f"{folder}/home", "QUIZZER_NOW": now, "TZ": "UTC"}
        took, _ = quiz(env, "history", "import", str(write(answers, Path(folder) / "h.jsonl")))
        print(f"quiz history import: {took:.1f} s")
        took, fit = quiz(env, "memory", "optimize", "--json")
        print(f"quiz memory optimize: {took:.1f} s (fit, time-series evaluation, replay)")
        print(f"  reviews {fit['reviews']:,}, held out {fit['held_out']:,}; saved: {fit['saved']}")
        for name in ("current", "fitted"):
            scores = fit[name]
            print(f"  {name:<8} log loss {scores['log_loss']:.4f}, RMSE {scores['rmse']:.4f}")
        held_out = training_set(answers).histories[fit["reviews"] - fit["held_out"] :]
        truth = evaluate(FORGETFUL, held_out)
        print(f"  true     log loss {truth.log_loss:.4f}, RMSE {truth.rmse:.4f} (its own)")
        print(f"  fitted parameters: {', '.join(f'{p:g}' for p in fit['parameters'])}")
        took, _ = quiz(env, "doctor", "--rebuild")
        print(f"quiz doctor --rebuild: {took:.1f} s (the replay optimize does after saving)")
        took, rows = quiz(env, "memory", "simulate", "--retention", "0.80..0.95", "--json")
        print(f"quiz memory simulate: {took:.1f} s")
        print("  retention  reviews/day  minutes/day  remembered")
        for row in rows:
            print(
                f"  {row['retention']:9.2f}  {row['reviews_per_day']:11.1f}"
                f"  {row['minutes_per_day']:11.1f}  {row['remembered']:10.1f}"
            )
        took, advice = quiz(env, "memory", "retention", "--json")
        print(f"quiz memory retention: {took:.1f} s; recommended {advice['recommended']:.2f}")
        took, stats = quiz(env, "stats", "--json")
        deck = stats["decks"][0]
        print(f"quiz stats --json: {took:.2f} s; recall now {deck['retention']:.3f}, ", end="")
        print(f"true retention {deck['true_retention']}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
