"""`quiz memory` and the learner's parameters in config, on histories of a generated learner
imported with `quiz history import`, in this process."""

from __future__ import annotations

import importlib.util
import itertools
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import open_store, run_quiz
from memory_history import Learner, generate, write
from retention_oracle import scanned

from quizzer.fitting import MIN_REVIEWS, training_set
from quizzer.memory import DEFAULT_PARAMETERS
from quizzer.models import Card
from quizzer.scheduler import Settings

LEARNER = Learner(questions=400, new_per_day=10)
SMALL = Learner(questions=100, new_per_day=10)  # for the simulations: a quarter of the cost
NOW = {"QUIZZER_NOW": "2025-05-01T09:00:00+00:00"}  # six weeks after the history ends


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 answers of a forgetful learner (about 1,800 reviews), as an export file."""
    return write(generate(3000, seed=2, learner=LEARNER), tmp_path_factory.mktemp("h") / "h.jsonl")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """800 answers of the same learner on 100 questions, as an export file."""
    return write(generate(800, seed=2, learner=SMALL), tmp_path_factory.mktemp("s") / "s.jsonl")


def imported(
    home: Path, history: Path, *, installed: bool = False, learner: Learner = LEARNER
) -> None:
    """The history imported into `home`; with `installed`, its deck too (the learner's
    questions and 100 never answered).

    It is imported once per module into a data directory that each test gets a copy of.
    """
    template = history.parent / f"home-{installed}"
    if not template.exists():
        if installed:
            questions = [
                {"id": f"q{n:05d}", "type": "flashcard", "prompt": f"Question {n}", "answer": "a"}
                for n in range(learner.questions + 100)
            ]
            deck = {"format": 1, "id": "memory", "title": "Memory", "questions": questions}
            (template / "decks").mkdir(parents=True)
            (template / "decks" / "memory.json").write_text(json.dumps(deck), encoding="utf-8")
        done = run_quiz("history", "import", str(history), env={"QUIZZER_HOME": str(template)})
        assert done.returncode == 0, done.stderr
    shutil.copytree(template, home)


def cards(home: Path) -> dict[str, Card]:
    with open_store(home) as store:
        return dict(store.state().cards)


def quiz_json(*args: str) -> Any:
    done = run_quiz(*args, "--json", env=NOW)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def parameters(home: Path) -> str:
    return str(run_quiz("config", "get", "parameters").stdout.strip())


def test_optimize_beats_the_defaults_saves_and_replays_every_card(
    home: Path, history: Path
) -> None:
    imported(home, history)
    before = cards(home)
    fit = quiz_json("memory", "optimize")

    assert fit["fitted"]["log_loss"] < fit["current"]["log_loss"]  # on held-out reviews
    assert fit["better"] and fit["saved"]
    assert fit["current_parameters"] == list(DEFAULT_PARAMETERS)
    assert 0 < fit["held_out"] < fit["reviews"]
    assert parameters(home) == ",".join(map(repr, fit["parameters"]))
    # The next due dates follow the new parameters at once.
    after = cards(home)
    assert after.keys() == before.keys()
    moved = sum(after[k].due != before[k].due for k in before)
    assert moved > len(before) / 2
    # ...and they are what replaying the history gives: doctor agrees, and rebuilds the same.
    doctor = run_quiz("doctor")
    assert doctor.returncode == 0 and "ok: cards agree with the history" in doctor.stdout
    assert run_quiz("doctor", "--rebuild").returncode == 0
    assert cards(home) == after


def test_optimize_says_what_it_kept(home: Path, history: Path) -> None:
    imported(home, history)
    done = run_quiz("memory", "optimize")
    assert done.returncode == 0, done.stderr
    assert "current (FSRS defaults)" in done.stdout
    assert "Saved: the fitted parameters predict your held-out reviews better" in done.stdout
    again = run_quiz("memory", "optimize")  # scored on what they were fitted on: hard to beat
    assert again.returncode == 0
    assert "current (yours)" in again.stdout
    assert "Kept your current parameters" in " ".join(again.stdout.split())


def test_dry_run_saves_nothing(home: Path, history: Path) -> None:
    imported(home, history)
    before = cards(home)
    fit = quiz_json("memory", "optimize", "--dry-run")
    assert fit["better"] and not fit["saved"]
    assert not (home / "config.json").exists()
    assert cards(home) == before
    text = run_quiz("memory", "optimize", "--dry-run").stdout
    assert "Dry run: nothing saved; the fitted parameters would be saved" in " ".join(text.split())


def test_reset_restores_the_defaults(home: Path, history: Path) -> None:
    imported(home, history)
    before = cards(home)
    assert quiz_json("memory", "optimize")["saved"]
    assert cards(home) != before
    assert quiz_json("memory", "optimize", "--reset", "--dry-run") == {
        "changed": True,
        "saved": False,
    }
    done = run_quiz("memory", "optimize", "--reset")
    assert done.stdout == (
        "Your parameters are FSRS's defaults again; every card was replayed with them.\n"
    )
    assert parameters(home) == "default"
    assert cards(home) == before
    assert run_quiz("memory", "optimize", "--reset").stdout == (
        "Your parameters are already FSRS's defaults; nothing to change.\n"
    )


def test_too_small_a_history_is_refused_with_the_count_needed(home: Path, tmp_path: Path) -> None:
    answers = generate(250, seed=5)
    reviews = len(training_set(answers).histories)
    imported(home, write(answers, tmp_path / "small.jsonl"))
    done = run_quiz("memory", "optimize")
    assert done.returncode == 2
    assert done.stderr == (
        f"quiz: error: not enough history to fit your memory model: {reviews} review(s) of a "
        f"question answered on an earlier day, and fsrs-rs needs {MIN_REVIEWS}. Answer "
        f"{MIN_REVIEWS - reviews} more question(s) that come due on a later day (quiz "
        "review), then try again.\n"
    )
    assert not (home / "config.json").exists()


def test_config_set_parameters_replays_every_card(home: Path, history: Path) -> None:
    imported(home, history)
    before = cards(home)
    forgetful = ",".join(map(repr, LEARNER.parameters))
    done = run_quiz("config", "set", "parameters", forgetful)
    assert done.returncode == 0 and done.stdout == f"parameters = {forgetful}\n"
    assert json.loads((home / "config.json").read_text()) == {"parameters": forgetful}
    changed = cards(home)
    assert changed != before
    assert "ok: cards agree with the history" in run_quiz("doctor").stdout
    assert run_quiz("config", "set", "parameters", "default").returncode == 0
    assert cards(home) == before
    assert "parameters = default" in run_quiz("config", "list").stdout


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1,2,3", "parameters: 3 number(s) where FSRS has 21; give 21 numbers"),
        (",".join(["0.5"] * 21), "parameters: number 5, '0.5', is not allowed: FSRS takes 1 to 10"),
        (",".join(["nan"] * 21), "parameters: number 1, 'nan', is not allowed"),
        ("x" * 5000, "parameters: 1 number(s) where FSRS has 21"),
    ],
)
def test_parameters_out_of_bounds_are_refused(home: Path, value: str, message: str) -> None:
    done = run_quiz("config", "set", "parameters", value)
    assert done.returncode == 2
    assert done.stderr.startswith(f"quiz: error: {message}"), done.stderr
    assert done.stderr.endswith("or default for FSRS's own.\n")
    assert not (home / "config.json").exists()


def test_damaged_parameters_in_config_json_are_named(home: Path) -> None:
    home.mkdir(parents=True)
    path = home / "config.json"
    path.write_text('{"parameters": [0.2, 1.3]}', encoding="utf-8")
    for args in (("config", "get", "parameters"), ("memory", "optimize", "--reset"), ("stats",)):
        done = run_quiz(*args)
        assert done.returncode == 1
        assert done.stderr.startswith(f"quiz: error: {path} is damaged (parameters: 2 number(s)")


def test_without_the_engine_the_install_line_is_named(
    home: Path, history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    imported(home, history)
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        "importlib.util.find_spec",
        lambda name, *args: None if name == "fsrs_rs_python" else find_spec(name, *args),
    )
    for args in (("optimize",), ("simulate",), ("retention",)):
        done = run_quiz("memory", *args)
        assert done.returncode == 1
        assert done.stderr == (
            "quiz: error: the memory model needs the fsrs-rs-python package, which is not "
            "installed; install it with: pip install 'quizzer[memory]'\n"
        )
    assert run_quiz("memory", "optimize", "--reset").returncode == 0  # needs nothing extra


def test_simulate_gives_a_row_per_retention_in_monotonic_sense(home: Path, small: Path) -> None:
    imported(home, small, installed=True, learner=SMALL)
    rows = quiz_json("memory", "simulate", "--retention", "0.8,0.9,0.95", "--days", "60")
    assert [set(row) for row in rows] == [
        {"retention", "reviews_per_day", "minutes_per_day", "remembered"}
    ] * 3
    assert [row["retention"] for row in rows] == [0.8, 0.9, 0.95]
    for low, high in itertools.pairwise(rows):
        assert low["reviews_per_day"] < high["reviews_per_day"]
        assert low["minutes_per_day"] < high["minutes_per_day"]
        assert low["remembered"] <= high["remembered"]
    # The 100 questions never answered come in too: without them, fewer are remembered.
    without = quiz_json(
        "memory", "simulate", "--retention", "0.9", "--days", "60", "--new-per-day", "0"
    )
    assert without[0]["remembered"] < rows[1]["remembered"]


def test_simulate_prints_a_table_and_a_chart(home: Path, small: Path) -> None:
    imported(home, small, learner=SMALL)
    done = run_quiz("memory", "simulate", "--retention", "0.80..0.90", "--days", "30", env=NOW)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Your workload over the next 30 days"
    assert lines[1].split() == ["Retention", "Reviews", "a", "day", "Minutes", "a", "day",
                                "Remembered", "on", "day", "30"]  # fmt: skip
    assert [line.split()[0] for line in lines[3:6]] == ["0.80", "0.85", "0.90"]
    assert lines[5].split()[1] == "(yours)"
    bars = [line for line in lines if line.startswith(("0.80 ", "0.85 ", "0.90 ")) and "█" in line]
    assert len(bars) == 3
    assert bars[0].count("█") < bars[2].count("█")  # more minutes at a higher retention


@pytest.mark.parametrize("retention", ["0.5..0.9", "0.9..0.8", "soon"])
def test_simulate_refuses_a_bad_retention(home: Path, retention: str) -> None:
    done = run_quiz("memory", "simulate", "--retention", retention)
    assert done.returncode == 2
    assert done.stderr.startswith(f"quiz: error: --retention {retention!r}")


def test_simulate_with_nothing_to_simulate(home: Path) -> None:
    done = run_quiz("memory", "simulate")
    assert done.returncode == 2
    assert done.stderr.startswith("quiz: error: nothing to simulate")


def test_retention_advice_beside_the_current_setting(home: Path, small: Path) -> None:
    imported(home, small, installed=True, learner=SMALL)
    advice = quiz_json("memory", "retention")
    assert set(advice) == {"recommended", "current", "days", "workload", "apply"}
    best = advice["recommended"]
    assert 0.7 <= best <= 0.95 and advice["current"] == 0.9 and advice["days"] == 365
    assert advice["apply"] == f"quiz config set retention {best:g}"
    rows = advice["workload"]
    assert [row["retention"] for row in rows] == sorted({best, 0.9})
    if len(rows) == 2:  # the lower retention: fewer reviews, fewer questions remembered
        assert rows[0]["reviews_per_day"] < rows[1]["reviews_per_day"]
        assert rows[0]["remembered"] < rows[1]["remembered"]
    text = " ".join(run_quiz("memory", "retention", env=NOW).stdout.split())
    assert text.startswith(f"Recommended retention: {best:.2f} (yours: 0.90).")
    assert f"To apply it: quiz config set retention {best:g}" in text
    assert run_quiz("config", "set", "retention", f"{best:g}").returncode == 0
    same = " ".join(run_quiz("memory", "retention", env=NOW).stdout.split())
    assert "Your setting is the recommended one; nothing to change." in same


def test_stats_show_true_retention_and_recall_now(home: Path, history: Path) -> None:
    imported(home, history)
    end = {"QUIZZER_NOW": "2025-03-20T09:00:00+00:00", "TZ": "UTC"}  # 3 days after the last
    done = run_quiz("stats", "--json", env=end)
    (deck,) = json.loads(done.stdout)["decks"]
    answers = generate(3000, seed=2, learner=LEARNER)
    expected = scanned(answers, Settings(), date(2025, 3, 20), ["memory"])
    counted = expected["memory"]
    assert counted.reviews > 100
    assert deck["true_retention"] == counted.to_json()
    assert 0.4 < deck["retention"] < 1
    text = " ".join(run_quiz("stats", "memory", env=end).stdout.split())
    assert (
        f"Recall now {deck['retention']:.0%} on average; true retention over 30 days "
        f"{counted.rate:.0%} ({counted.passed} of {counted.reviews} reviews)."
    ) in text
    # The table of every deck leaves it out (it reads the whole history).
    assert "true retention" not in run_quiz("stats", env=end).stdout


def test_parameters_saved_without_the_replay_are_found_by_doctor(home: Path, history: Path) -> None:
    # What a run killed between saving config.json and replaying the cards leaves behind.
    imported(home, history)
    forgetful = ",".join(map(repr, LEARNER.parameters))
    (home / "config.json").write_text(json.dumps({"parameters": forgetful}), encoding="utf-8")
    doctor = run_quiz("doctor")
    assert doctor.returncode == 1
    assert "problem: cards disagree with the history; run `quiz doctor --rebuild`" in doctor.stdout
    assert run_quiz("doctor", "--rebuild").returncode == 0
    assert run_quiz("doctor").returncode == 0
