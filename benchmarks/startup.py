"""How fast `quiz` starts, against the libraries it cannot start without.

Run from the project root, in a venv with the project installed by `pip install .`:

    python benchmarks/startup.py          # 25 pairs per row
    python benchmarks/startup.py 41       # more pairs, steadier figures

Each row times a whole `quiz` process and a baseline process in alternating pairs, in one
run, so drift of a shared machine weighs on both sides alike; the table gives the medians
and their ratio, with the target from the issue that set it:

- `quiz --version` against `python -c "import typer"` (target at most 1.2x);
- `quiz --help` against the same (at most 1.5x);
- a plain one-question `quiz start DECK --plain -n 1` against
  `python -c "import typer, tinydb"` (at most 1.5x).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
QUIZ = str(BIN / "quiz")
DECK = {
    "format": 1,
    "id": "startup",
    "title": "Start-up",
    "questions": [
        {
            "id": "q1",
            "type": "multiple_choice",
            "prompt": "Pick the second.",
            "choices": ["first", "second"],
            "answer": "second",
        }
    ],
}


def _time(command: list[str], stdin: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr}")
    return elapsed


def pairs(
    mine: list[str], base: list[str], count: int, env: dict[str, str], stdin: str = ""
) -> tuple[float, float]:
    """Medians of `count` alternating runs of `mine` and `base` (after one warm-up each)."""
    _time(mine, stdin, env)
    _time(base, "", env)
    ours, theirs = [], []
    for _ in range(count):
        ours.append(_time(mine, stdin, env))
        theirs.append(_time(base, "", env))
    return statistics.median(ours), statistics.median(theirs)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    with tempfile.TemporaryDirectory() as tmp:
        deck = Path(tmp) / "startup.json"
        import json

        deck.write_text(json.dumps(DECK), encoding="utf-8")
        env = {**os.environ, "QUIZZER_HOME": str(Path(tmp) / "home"), "NO_COLOR": "1"}
        # Bytecode as a learner's install has it: with PYTHONDONTWRITEBYTECODE set, an
        # editable install would compile every module on every run (the warm-up writes it).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        python = sys.executable
        rows = [
            ("quiz --version", [QUIZ, "--version"], [python, "-c", "import typer"], 1.2, ""),
            ("quiz --help", [QUIZ, "--help"], [python, "-c", "import typer"], 1.5, ""),
            (
                "quiz start --plain -n 1",
                [QUIZ, "start", str(deck), "--plain", "-n", "1"],
                [python, "-c", "import typer, tinydb"],
                1.5,
                "2\n",
            ),
        ]
        print(f"{'command':<26}{'quiz':>9}{'baseline':>10}{'ratio':>8}{'target':>9}")
        for name, mine, base, target, stdin in rows:
            ours, theirs = pairs(mine, base, count, env, stdin)
            ratio = ours / theirs
            mark = "ok" if ratio <= target else "OVER"
            print(
                f"{name:<26}{ours * 1000:>7.0f}ms{theirs * 1000:>8.0f}ms"
                f"{ratio:>7.2f}x{'<= ' + str(target) + 'x':>9} {mark}"
            )
        print(
            f"baselines: {' '.join(rows[0][2][1:])!r}, {' '.join(rows[2][2][1:])!r}; "
            f"medians of {count} alternating pairs"
        )


if __name__ == "__main__":
    main()
