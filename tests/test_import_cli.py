"""`quiz deck import` of any JSON with --map and of Markdown, and `quiz deck export --format md`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, run_quiz
from test_jsonmap import BRAIN_TEASERS, LITERATURA, MATHEMATICS

from quizzer.decks import builtin_dir

SAMPLES = DATA / "json-misc"


@pytest.mark.parametrize(
    ("name", "mapping", "extra", "count"),
    [
        ("alexuspo-mojekarticky_literatura-test-data.json", LITERATURA, [], 15),
        ("el-cms-open-trivia-database_mathematics.json", MATHEMATICS, [], 49),
        ("uberspot-opentriviaqa_brain-teasers.json", BRAIN_TEASERS, ["--skip-bad"], 202),
    ],
)
def test_each_json_sample_imports_with_its_mapping(
    home: Path, tmp_path: Path, name: str, mapping: str, extra: list[str], count: int
) -> None:
    out = tmp_path / "deck.json"
    done = run_quiz("deck", "import", str(SAMPLES / name), "--map", mapping, "-o", str(out), *extra)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Imported {count} questions from {SAMPLES / name} into {out}")
    assert len(json.loads(out.read_text(encoding="utf-8"))["questions"]) == count
    checked = run_quiz("deck", "validate", str(out))
    assert checked.returncode == 0, checked.stdout


def test_the_dry_run_shows_the_first_mapped_questions(home: Path) -> None:
    path = SAMPLES / "alexuspo-mojekarticky_literatura-test-data.json"
    done = run_quiz("deck", "import", str(path), "--map", LITERATURA, "--dry-run")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"{path} (nothing written):"
    # The mapping as read, keys in a fixed order.
    assert (
        "  map: prompt=cards[*].front,answer=cards[*].back,tags=cards[*].tags,id=cards[*].id,"
        "title=name"
    ) in lines
    assert "  questions: 15 of 15 rows (0 cannot be converted)" in lines
    first = lines.index("First 5 questions:")
    assert lines[first + 1 : first + 4] == [
        "  (line 5)",
        "  1. [flashcard] Kdo je autorem knihy Máj?",
        "     answer: Karel Hynek Mácha",
    ]
    assert not (home / "decks").exists()


def test_a_mapping_that_matches_nothing_is_refused(home: Path) -> None:
    path = SAMPLES / "alexuspo-mojekarticky_literatura-test-data.json"
    done = run_quiz("deck", "import", str(path), "--map", "prompt=cards[*].q,answer=cards[*].back")
    assert done.returncode == 2
    assert done.stderr.startswith(
        "quiz: error: --map prompt=cards[*].q matches nothing in any of the 15 items of $.cards"
    )


def test_json_without_a_mapping_points_at_map(home: Path) -> None:
    path = SAMPLES / "el-cms-open-trivia-database_mathematics.json"
    done = run_quiz("deck", "import", str(path))
    assert done.returncode == 2
    assert done.stderr == (
        f"quiz: error: {path} is JSON but not an Open Trivia DB response "
        '({"response_code": 0, "results": [...]}); say where its questions are with '
        "--map prompt=PATH,answer=PATH (e.g. --map prompt=questions[*].q,answer=questions[*].a); "
        "see `quiz deck import --help`.\n"
    )


def test_a_mapped_deck_is_added_and_played(home: Path) -> None:
    path = SAMPLES / "el-cms-open-trivia-database_mathematics.json"
    done = run_quiz("deck", "import", str(path), "--map", MATHEMATICS, "--id", "maths", "--add")
    assert done.returncode == 0, done.stderr
    played = run_quiz("start", "maths", "--no-shuffle", "-n", "1", stdin="32\n")
    assert played.returncode == 0, played.stderr
    assert "2 + 5 x 6 = ?" in played.stdout and "Score: 1/1" in played.stdout


def test_markdown_export_to_a_file_and_to_stdout(home: Path, tmp_path: Path) -> None:
    tiny = str(DATA / "tiny.json")
    by_suffix = tmp_path / "tiny.md"
    done = run_quiz("deck", "export", tiny, "-o", str(by_suffix))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Wrote deck 'tiny' (5 questions) to {by_suffix} as md.\n"
    printed = run_quiz("deck", "export", tiny, "--format", "md")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == by_suffix.read_text(encoding="utf-8")
    assert printed.stdout.startswith('---\nname = "Tiny test deck"\n')
    assert "\nQ: Which city is the capital of France?\n" in printed.stdout


@pytest.mark.parametrize(
    "deck",
    [
        str(DATA / "tiny.json"),
        *sorted(path.stem for path in builtin_dir().glob("*.json")),
    ],
)
def test_a_markdown_round_trip_keeps_every_question(home: Path, tmp_path: Path, deck: str) -> None:
    markdown, back = tmp_path / "deck.md", tmp_path / "back.json"
    assert run_quiz("deck", "export", deck, "--format", "md", "-o", str(markdown)).returncode == 0
    done = run_quiz("deck", "import", str(markdown), "-o", str(back))
    assert done.returncode == 0, done.stderr
    original = json.loads(run_quiz("deck", "export", deck).stdout)
    assert json.loads(back.read_text(encoding="utf-8")) == original


def test_markdown_import_dry_run_and_format_option(home: Path, tmp_path: Path) -> None:
    source = DATA / "markdown" / "geography.md"
    done = run_quiz("deck", "import", str(source), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "  format: markdown (hashcards Q:/A: and C: cards)" in done.stdout
    assert "  title: Geography (from the front matter)" in done.stdout
    renamed = tmp_path / "cards.txt"
    renamed.write_text("Q: Capital of Peru?\nA: Lima\n", encoding="utf-8")
    added = run_quiz("deck", "import", str(renamed), "--format", "md", "--add")
    assert added.returncode == 0, added.stderr
    assert "as deck 'cards'" in added.stdout


def test_markdown_with_clozes_is_added(home: Path) -> None:
    done = run_quiz("deck", "import", str(DATA / "markdown" / "geography.md"), "--add")
    assert done.returncode == 0, done.stderr
    assert "Imported 7 questions" in done.stdout
