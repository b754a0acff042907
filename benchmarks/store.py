"""How quizzer's store holds up as history grows: 0, 10k, 100k and 1M answers.

Run from the project root, in a venv with the project installed by `pip install .`
(an editable install compiles quizzer afresh at every start where bytecode is not
written, which blurs the figures):

    python benchmarks/store.py            # all sizes (about 2 minutes)
    python benchmarks/store.py 0 10000    # chosen sizes

Each history is built through `quiz history import`, then whole processes are timed:
the import itself (with its peak memory), `quiz stats --json`, and a 20-question plain
`quiz start` fed the right answers. The table gives each figure and its ratio to the
figure at 0 answers; the last lines give `quiz --version` and, for reference, one insert
into a plain TinyDB table of 100k answers. Timings are medians of several runs, each run
timing every size in turn (so a machine that slows down weighs on every size alike).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson

BIN = Path(sys.executable).parent
QUIZ = str(BIN / "quiz")
SIZES = [0, 10_000, 100_000, 1_000_000]
RUNS = 5
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
SESSION = 20


def bench_deck(folder: Path) -> tuple[Path, str]:
    """A 20-question deck and the plain-mode input that answers it all right."""
    questions = [
        {
            "id": f"q{n}",
            "type": "multiple_choice",
            "prompt": f"Question {n}?",
            "choices": ["wrong", f"right {n}"],
            "answer": f"right {n}",
        }
        for n in range(SESSION)
    ]
    path = folder / "bench.json"
    deck = {"format": 1, "id": "bench", "title": "Benchmark", "questions": questions}
    path.write_text(json.dumps(deck), encoding="utf-8")
    return path, "2\n" * SESSION


def history_file(folder: Path, size: int) -> Path:
    """`size` answers in sessions of 20, a thousand a day, ending just before NOW."""
    path = folder / f"history-{size}.jsonl"
    days = max(1, size // 1000)
    start = NOW - timedelta(days=days + 1)
    step = timedelta(days=days) / max(size, 1)
    decks = ["deepseek-company", "deepseek-strategy", "deepseek-talent-and-teams", "bench"]
    with open(path, "wb") as out:
        for n in range(size):
            at = start + step * n
            session_no = n // SESSION
            if n % SESSION == 0:
                session = f"{at:%Y%m%dT%H%M%SZ}-{session_no:012x}"
            out.write(
                orjson.dumps(
                    {
                        "id": f"a{n:09d}",
                        "deck": decks[session_no % 4],
                        "question": f"q{n % 15}",
                        "session": session,
                        "answered_at": at.isoformat(),
                        "correct": n % 3 != 0,
                        "response": "x",
                        "elapsed_ms": 4000,
                    }
                )
                + b"\n"
            )
    return path


def timed(args: list[str], env: dict[str, str], stdin: str = "") -> tuple[float, int]:
    """Wall time of one whole process and its peak memory in MB."""
    started = time.perf_counter()
    child = subprocess.Popen(
        args, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert child.stdin is not None
    child.stdin.write(stdin.encode())
    child.stdin.close()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode() if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({child.returncode}): {err}")
    return elapsed, usage.ru_maxrss // 1024


def median(args: list[str], env: dict[str, str], stdin: str = "") -> float:
    return statistics.median(timed(args, env, stdin)[0] for _ in range(RUNS))


def naive_tinydb_insert(folder: Path, size: int = 100_000) -> float:
    """One insert into a default TinyDB table already holding `size` answers."""
    from tinydb import TinyDB

    path = folder / "naive.json"
    row = {
        "id": "x",
        "deck": "d",
        "question": "q",
        "session": "s",
        "answered_at": NOW.isoformat(),
        "correct": True,
        "response": "x",
        "elapsed_ms": 1,
    }
    path.write_text(
        json.dumps({"answers": {str(i): {**row, "id": str(i)} for i in range(1, size + 1)}}),
        encoding="utf-8",
    )
    db = TinyDB(path)
    started = time.perf_counter()
    db.table("answers").insert(row)
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or SIZES
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        deck, answers = bench_deck(folder)
        envs, imports = {}, {}
        for size in sizes:
            home = folder / f"home-{size}"
            envs[size] = {**os.environ, "QUIZZER_HOME": str(home), "QUIZZER_NOW": NOW.isoformat()}
            log = history_file(folder, size)
            imports[size] = timed([QUIZ, "history", "import", str(log)], envs[size])
            log.unlink()
            print(f"  imported {size:,} answers", file=sys.stderr)
        # Every size in turn within each run, so the machine's drift weighs on all alike.
        stats: dict[int, list[float]] = {size: [] for size in sizes}
        sessions: dict[int, list[float]] = {size: [] for size in sizes}
        for _ in range(RUNS):
            for size in sizes:
                stats[size].append(timed([QUIZ, "stats", "--json"], envs[size])[0])
                start = [QUIZ, "start", str(deck), "--no-shuffle", "--plain"]
                sessions[size].append(timed(start, envs[size], answers)[0])
        version = median([QUIZ, "--version"], dict(os.environ))
        naive = naive_tinydb_insert(folder)
    rows = [
        (size, *imports[size], statistics.median(stats[size]), statistics.median(sessions[size]))
        for size in sizes
    ]
    base = rows[0]
    print(
        "| answers | import s | import peak MB | stats --json s | x0 | 20-question session s | x0 |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size, imported, memory, stats, session in rows:
        print(
            f"| {size:,} | {imported:.2f} | {memory} | {stats:.3f} | {stats / base[3]:.2f} | "
            f"{session:.3f} | {session / base[4]:.2f} |"
        )
    print()
    print(
        f"quiz --version: {version:.3f} s; stats --json at the largest history is "
        f"{rows[-1][3] / version:.2f}x that (target: at most 2x)"
    )
    print(
        f"20-question session at the largest history: {rows[-1][4] / base[4]:.2f}x the "
        f"session at 0 answers (target: at most 1.3x)"
    )
    print(f"naive TinyDB (default storage), one insert at 100,000 answers: {naive:.3f} s")


if __name__ == "__main__":
    main()
