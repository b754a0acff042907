"""The command line as a whole: help, version, JSON outputs, exit codes, module boundaries."""

from __future__ import annotations

import ast
import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import run_quiz
from typer.main import get_command

import quizzer
from quizzer.cli import app

PACKAGE = Path(quizzer.__file__).parent


def _commands() -> list[list[str]]:
    """Every command path, e.g. ["start"], ["deck", "list"]."""
    out: list[list[str]] = []

    def walk(command: Any, prefix: list[str]) -> None:
        if not hasattr(command, "list_commands"):
            out.append(prefix)
            return
        for name in command.list_commands(None):
            walk(command.get_command(None, name), [*prefix, name])

    walk(get_command(app), [])
    return out


def test_there_are_commands_to_check() -> None:
    assert ["start"] in _commands()
    assert ["deck", "list"] in _commands()


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example(path: list[str], home: Path) -> None:
    done = run_quiz(*path, "--help", env={"COLUMNS": "100"})
    assert done.returncode == 0
    assert "Examples:" in done.stdout
    assert f"quiz {' '.join(path)}" in done.stdout


@pytest.mark.e2e
def test_version_and_python_dash_m(home: Path) -> None:
    done = run_quiz("--version")
    assert done.stdout == f"quiz {quizzer.__version__}\n"
    module = subprocess.run(
        [sys.executable, "-m", "quizzer", "--version"], capture_output=True, text=True, check=True
    )
    assert module.stdout == done.stdout


def test_deck_list_json(home: Path) -> None:
    done = run_quiz("deck", "list", "--json")
    rows = json.loads(done.stdout)
    ids = {r["id"] for r in rows}
    assert {"deepseek-company", "deepseek-strategy", "deepseek-talent-and-teams"} <= ids
    assert all(set(r) == {"id", "title", "questions", "origin"} for r in rows)
    assert all(r["origin"] == "builtin" and r["questions"] > 0 for r in rows)


def test_deck_schema_prints_the_shipped_schema(home: Path) -> None:
    schema = json.loads(run_quiz("deck", "schema").stdout)
    assert schema["properties"]["format"] == {"const": 1}


def test_stats_with_no_history(home: Path) -> None:
    empty = json.loads(run_quiz("stats", "--json").stdout)
    assert (empty["decks"], empty["totals"]) == ([], {"sessions": 0, "answered": 0, "correct": 0})
    assert run_quiz("stats").stdout == "No answers yet. Start with: quiz start\n"


def test_bad_usage_exits_2(home: Path) -> None:
    done = run_quiz("start", "deepseek-company", "--type", "essay")
    assert done.returncode == 2
    assert "essay" in done.stderr
    unknown = run_quiz("start", "no-such-deck")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("quiz: error: no deck with id 'no-such-deck'")


def test_a_bad_quizzer_now_is_refused_up_front(home: Path) -> None:
    done = run_quiz("stats", env={"QUIZZER_NOW": "yesterday"})
    assert done.returncode == 2
    assert done.stderr == (
        "quiz: error: QUIZZER_NOW: 'yesterday' is not an ISO 8601 timestamp; "
        "write it like 2026-01-31T09:30:00+00:00.\n"
    )


def test_quizzer_now_stamps_the_answers(home: Path) -> None:
    env = {"QUIZZER_NOW": "2026-03-01T08:00:00+01:00"}
    done = run_quiz(
        "start", "deepseek-company", "-n", "1", "--type", "multiple_choice", stdin="1\n", env=env
    )
    assert done.returncode == 0, done.stderr
    stats = json.loads(run_quiz("stats", "--json").stdout)
    assert stats["decks"][0]["last_played"] == "2026-03-01T07:00:00+00:00"


@functools.cache  # five parametrized tests read the same modules
def _imports(file: Path) -> frozenset[str]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return frozenset(names)


@pytest.mark.parametrize(
    ("library", "allowed"),
    [
        ("tinydb", {"store/tables.py"}),
        ("questionary", {"ui/prompts.py"}),
        ("prompt_toolkit", {"ui/prompts.py", "ui/keys.py"}),
        ("typer", {"cli/"}),
        ("rich", {"ui/"}),
    ],
)
def test_each_library_is_imported_only_where_it_belongs(library: str, allowed: set[str]) -> None:
    users = {
        file.relative_to(PACKAGE).as_posix()
        for file in PACKAGE.rglob("*.py")
        if library in _imports(file)
    }
    assert users
    assert all(any(user.startswith(place) for place in allowed) for user in users), users


def test_the_engine_knows_no_terminal() -> None:
    for module in ("session.py", "grading.py", "models.py", "stats.py", "totals.py", "decks.py"):
        assert not _imports(PACKAGE / module) & {"questionary", "rich", "typer", "tinydb"}


@pytest.mark.e2e
def test_the_readme_and_help_examples_of_plain_mode_work(home: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    (example,) = [line for line in readme.splitlines() if line.startswith("printf ")]
    command, _, comment = example.partition("#")
    assert comment.strip() == "scores 3/3"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env)
    assert "Score: 3/3 (100%)" in done.stdout
    assert command.strip() in run_quiz("start", "--help", env={"COLUMNS": "200"}).stdout
