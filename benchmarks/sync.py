"""How `quiz sync` costs: answers arriving from another device, and a sync with nothing new.

Run from the project root, in a venv with the project installed by `pip install .`:

    python benchmarks/sync.py                  # 100,000 new answers; a folder of 1,000,000
    python benchmarks/sync.py 10000 100000     # smaller sizes, for a quick look

The folder is written as another device would have written it (its segments of JSON Lines
and its device.json), then whole `quiz sync DIR` processes are timed: a new device taking
in NEW answers from it; a device taking in a folder of BIG answers (its first sync); that
device syncing again with nothing new, against `quiz --version` (medians of several runs);
and then taking in one more session of 20 answers. The big folder takes a minute to take in.
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
RUNS = 7
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
SEGMENT = 4 << 20  # as quizzer.sync.writing.LIMIT
DECKS = ["deepseek-company", "deepseek-strategy", "deepseek-talent-and-teams"]


def other_device(folder: Path, size: int) -> Path:
    """A sync folder holding `size` answers of one other device, in sessions of 20 a few
    minutes apart, ending just before NOW."""
    folder.mkdir(parents=True)
    own = folder / "0123456789ab"
    own.mkdir()
    start = NOW - timedelta(days=max(1, size // 1000) + 1)
    step = (NOW - start - timedelta(hours=1)) / max(size, 1)
    number, out = 1, open(own / "answers-0001.jsonl", "wb")  # noqa: SIM115
    for n in range(size):
        at = start + step * n
        if n % 20 == 0:
            session = f"{at:%Y%m%dT%H%M%SZ}-{n // 20:012x}"
        if out.tell() >= SEGMENT:
            out.close()
            number += 1
            out = open(own / f"answers-{number:04d}.jsonl", "wb")  # noqa: SIM115
        row = {
            "id": f"b{n:09d}",
            "deck": DECKS[(n // 20) % 3],
            "question": f"q{n % 15}",
            "session": session,
            "answered_at": at.isoformat(),
            "correct": n % 3 != 0,
            "response": "x",
            "elapsed_ms": 4000,
            "outcome": "",
            "rating": 3 if n % 3 else 1,
            "day": at.date().isoformat(),
        }
        out.write(orjson.dumps(row) + b"\n")
    out.close()
    info = {"format": 1, "id": own.name, "name": "laptop", "synced_at": NOW.isoformat(),
            "answers": size, "decks": {}}  # fmt: skip
    (own / "device.json").write_text(json.dumps(info), encoding="utf-8")
    return folder


def session(folder: Path) -> None:
    """The other device answers 20 more questions, an hour before NOW, and syncs."""
    own = sorted((folder / "0123456789ab").glob("answers-*.jsonl"))[-1]
    at = NOW - timedelta(hours=1)
    with open(own, "ab") as out:
        for n in range(20):
            row = {"id": f"s{n:09d}", "deck": DECKS[0], "question": f"q{n % 15}",
                   "session": f"{at:%Y%m%dT%H%M%SZ}-{'f' * 12}", "correct": True,
                   "answered_at": (at + timedelta(seconds=n)).isoformat(), "response": "x",
                   "elapsed_ms": 4000, "outcome": "", "rating": 3}  # fmt: skip
            out.write(orjson.dumps(row) + b"\n")


def timed(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall time of one whole process, and what it printed."""
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return elapsed, done.stdout.strip()


def median(args: list[str], env: dict[str, str]) -> float:
    return statistics.median(timed(args, env)[0] for _ in range(RUNS))


def main() -> None:
    new, big = [int(a) for a in sys.argv[1:3]] if len(sys.argv) > 2 else (100_000, 1_000_000)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)

        def env(name: str) -> dict[str, str]:
            return {**os.environ, "QUIZZER_HOME": str(root / name), "QUIZZER_NOW": NOW.isoformat()}

        small = other_device(root / "small", new)
        took, said = timed([QUIZ, "sync", str(small)], env("fresh"))
        rows.append((f"{new:,} new answers from another device", took, said))
        print(f"  measured {new:,} new answers", file=sys.stderr)
        large = other_device(root / "large", big)
        took, said = timed([QUIZ, "sync", str(large)], env("synced"))
        rows.append((f"first sync with a folder of {big:,} answers", took, said))
        print(f"  measured {big:,} answers taken in", file=sys.stderr)
        idle = median([QUIZ, "sync", str(large)], env("synced"))
        said = timed([QUIZ, "sync", str(large)], env("synced"))[1]
        rows.append((f"nothing new, a folder (and history) of {big:,} answers", idle, said))
        session(large)
        took, said = timed([QUIZ, "sync", str(large)], env("synced"))
        rows.append((f"a session's 20 answers into a history of {big:,}", took, said))
        version = median([QUIZ, "--version"], env("synced"))
    print("| quiz sync | seconds | x quiz --version | it printed |")
    print("|---|---:|---:|---|")
    for what, took, said in rows:
        print(f"| {what} | {took:.3f} | {took / version:.1f} | {said.splitlines()[-1][:48]} |")
    print(f"| (quiz --version) | {version:.3f} | 1.0 | |")


if __name__ == "__main__":
    main()
