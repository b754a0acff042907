"""Deck ids the learner types pass the one id rule before any path is built from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA
from inproc import quiz

from quizzer.decks import checked_deck_id, is_builtin, user_deck_file
from quizzer.errors import DeckError
from quizzer.models import ID_PATTERN

TINY = str(DATA / "tiny.json")
NOT_AN_ID = (
    "is not a deck id; ids use 1-64 lowercase letters, digits, '-', '_' or '.', "
    "starting with a letter or digit."
)


@pytest.fixture
def victim(home: Path) -> Path:
    """A file two levels above the decks folder, where `../../victim` points."""
    file = home.parent / "victim.json"
    file.write_text('{"keep": "me"}', encoding="utf-8")
    return file


def answer_one(deck: str = TINY) -> None:
    done = quiz("start", deck, "--no-shuffle", "-n", "1", input="2\n")
    assert done.exit_code == 0, done.stderr


def test_deck_remove_refuses_a_path_and_deletes_nothing(home: Path, victim: Path) -> None:
    assert (home / "decks" / "../../victim.json").resolve() == victim
    for ref in ("../../victim", str(victim.with_suffix(""))):
        done = quiz("deck", "remove", ref, "--yes")
        assert done.exit_code == 2
        assert (
            done.stderr == f"quiz: error: {ref!r} {NOT_AN_ID} `quiz deck list` shows your decks.\n"
        )
        assert "Removed" not in done.stdout
    assert victim.read_text(encoding="utf-8") == '{"keep": "me"}'


def test_deck_remove_with_purge_history_refuses_a_path_before_the_store(
    home: Path, victim: Path
) -> None:
    done = quiz("deck", "remove", "../../victim", "--yes", "--purge-history")
    assert done.exit_code == 2
    assert NOT_AN_ID in done.stderr
    assert "disk space" not in done.stderr
    assert victim.exists()
    assert not (home / "backups").exists()


def test_purging_a_valid_deck_clears_its_answers_into_a_backup(home: Path) -> None:
    assert quiz("deck", "add", TINY).exit_code == 0
    answer_one("tiny")
    done = quiz("deck", "remove", "tiny", "--yes", "--purge-history")
    assert done.exit_code == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("Removed deck 'tiny' and cleared 1 answers; a copy is in ")
    (backup,) = (home / "backups").iterdir()
    assert json.loads(backup.read_text(encoding="utf-8"))["deck"] == "tiny"
    assert not (home / "decks" / "tiny.json").exists()


def test_reset_refuses_a_path_and_an_unknown_deck_without_a_backup(
    home: Path, victim: Path
) -> None:
    answer_one()
    for ref, message in (
        ("../../victim", f"'../../victim' {NOT_AN_ID}"),
        ("no-such-deck", "no deck 'no-such-deck' and no history for it, so nothing was cleared;"),
    ):
        done = quiz("reset", ref, "--yes")
        assert done.exit_code == 2
        assert done.stderr.startswith(f"quiz: error: {message}")
    assert not (home / "backups").exists()
    assert victim.exists()


def test_reset_of_a_deck_known_only_by_its_history_still_works(home: Path) -> None:
    answer_one()  # the deck was a file, never added: only its history knows it
    done = quiz("reset", "tiny", "--yes")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("Cleared 1 answers from the history of deck 'tiny'.")
    assert len(list((home / "backups").iterdir())) == 1


def test_an_installed_deck_without_history_can_be_reset(home: Path) -> None:
    done = quiz("reset", "deepseek-company", "--yes")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("Cleared 0 answers")


@pytest.mark.parametrize(
    "args",
    [
        ("history", "export", "--deck", "../x"),
        ("stats", "../x"),
        ("stats", "/etc/passwd"),
        ("deck", "show", "Not An Id"),
        ("deck", "export", "bad\x1bid"),
        ("review", "UPPER"),
        ("deck", "import", TINY, "--id", "../x", "--dry-run"),
    ],
)
def test_every_command_taking_a_deck_id_checks_it(home: Path, args: tuple[str, ...]) -> None:
    done = quiz(*args)
    assert done.exit_code == 2, done.stdout
    assert "is not a" in done.stderr and "deck id" in done.stderr
    assert "\x1b" not in done.stderr
    assert done.stdout == ""


def test_the_library_gate_refuses_before_building_a_path(home: Path) -> None:
    for bad in ("../x", "/abs", "a/b", "", "x" * 65, "A", ".hidden", "nul\x00"):
        with pytest.raises(DeckError, match="is not a deck id"):
            user_deck_file(bad)
        with pytest.raises(DeckError):
            checked_deck_id(bad)
    assert not is_builtin("../decks/deepseek-company")
    assert is_builtin("deepseek-company")
    assert user_deck_file("my.deck-1") == home / "decks" / "my.deck-1.json"


def test_there_is_one_definition_of_the_id_rule_in_the_files_that_build_paths(home: Path) -> None:
    package = Path(__file__).parent.parent / "quizzer"
    pattern = ID_PATTERN.strip("^$")
    holders = sorted(
        str(file.relative_to(package))
        for file in package.rglob("*.py")
        if pattern in file.read_text(encoding="utf-8")
    )
    # Every other module uses quizzer.models.is_id (decks.is_deck_id, the answer log).
    assert holders == ["models.py"], holders
