"""How quizzer copes with a big deck: validate, add and start 100,000 questions.

Run from the project root, in a venv with the project installed by `pip install .`:

    python benchmarks/decks.py            # 100,000 questions against 10 (about a minute)
    python benchmarks/decks.py 20000      # another size against 10

A deck of every question type (prompts, explanations, tags, choices) is generated in a
temporary directory, then whole `quiz` processes are timed in a fresh data directory:
`quiz deck validate` (targets: under 5 s), `quiz deck add` (under 5 s), and the time to
the first question of `quiz start ID --plain` with stdin closed, which shows the first
question and stops (target: within 2x the time on a 10-question deck). The first start
after a change to a deck file validates it; later ones read quizzer's deck cache, which
`quiz deck add` fills. Start is also timed with --no-shuffle, which leaves out the
session's shuffling of every question's choices. Timings are medians of several runs.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
QUIZ = str(BIN / "quiz")
BIG = 100_000
SMALL = 10
RUNS = 3
TYPES = ["multiple_choice", "true_false", "short_answer", "multi_select", "flashcard"]


def question(n: int) -> dict[str, object]:
    """Question `n` of a generated deck; the type goes round all five."""
    kind = TYPES[n % len(TYPES)]
    out: dict[str, object] = {
        "id": f"q{n}",
        "type": kind,
        "prompt": f"Question {n}: what is the value of item {n} in the list?",
        "explanation": f"Item {n} is defined that way.",
        "tags": ["bench", f"group-{n % 10}"],
    }
    if kind == "multiple_choice":
        out["choices"] = [f"alpha {n}", f"beta {n}", f"gamma {n}", f"delta {n}"]
        out["answer"] = f"beta {n}"
    elif kind == "true_false":
        out["answer"] = n % 2 == 0
    elif kind == "short_answer":
        out["answer"] = f"value {n}"
        out["accept"] = [f"val {n}"]
    elif kind == "multi_select":
        out["choices"] = [f"one {n}", f"two {n}", f"three {n}"]
        out["answer"] = [f"one {n}", f"three {n}"]
    else:
        out["answer"] = f"back of card {n}"
    return out


def make_deck(folder: Path, size: int) -> Path:
    path = folder / f"bench-{size}.json"
    deck = {
        "format": 1,
        "id": f"bench-{size}",
        "title": f"Benchmark of {size:,} questions",
        "questions": [question(n) for n in range(size)],
    }
    path.write_text(json.dumps(deck, indent=2), encoding="utf-8")
    return path


def timed(args: list[str], env: dict[str, str], *, ok: tuple[int, ...] = (0,)) -> float:
    """Seconds one whole `quiz` process takes; stdin is closed from the start."""
    started = time.perf_counter()
    done = subprocess.run(
        [QUIZ, *args], stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in ok:
        raise SystemExit(f"quiz {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return elapsed


def median(args: list[str], env: dict[str, str], **kwargs: tuple[int, ...]) -> float:
    return statistics.median(timed(args, env, **kwargs) for _ in range(RUNS))


def measure(folder: Path, size: int) -> dict[str, float]:
    """The figures of one deck size, each in its own data directory."""
    deck = make_deck(folder, size)
    env = {**os.environ, "QUIZZER_HOME": str(folder / f"home-{size}"), "NO_COLOR": "1"}
    start = ["start", f"bench-{size}", "--plain", "-n", "1"]
    interrupted = (130,)  # end of input at the first question
    figures = {
        "file size": deck.stat().st_size / 1e6,
        "quiz deck validate": median(["deck", "validate", str(deck)], env),
        "quiz deck add": median(["deck", "add", "--force", str(deck)], env),
    }
    # Touching the file makes its cache entry stale: the first start validates it again.
    os.utime(deck)
    figures["quiz start FILE, first time"] = timed(
        ["start", str(deck), "--plain", "-n", "1"], env, ok=interrupted
    )
    figures["quiz start ID (first question)"] = median(start, env, ok=interrupted)
    figures["... with --no-shuffle"] = median([*start, "--no-shuffle"], env, ok=interrupted)
    return figures


def main() -> None:
    big = int(sys.argv[1]) if len(sys.argv) > 1 else BIG
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        small_figures = measure(folder, SMALL)
        big_figures = measure(folder, big)
    targets = {
        "quiz deck validate": "< 5 s",
        "quiz deck add": "< 5 s",
        "quiz start ID (first question)": "ratio < 2",
    }
    print(f"{'':34} {SMALL:>12,} {big:>12,} {'ratio':>7}  target")
    for name, value in big_figures.items():
        small_value = small_figures[name]
        if name.startswith("file"):
            print(f"{name:34} {small_value:>10.2f} MB {value:>9.2f} MB")
            continue
        print(
            f"{name:34} {small_value:>10.2f} s {value:>10.2f} s {value / small_value:>7.1f}"
            f"  {targets.get(name, '')}"
        )
    print(f"(medians of {RUNS} runs, Python {sys.version.split()[0]}, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
