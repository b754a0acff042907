"""Data directories of the wrong shape (a file, read-only, unreadable, FIFOs and folders
where files belong) give one clear line, never an internal error, and never block."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from conftest import DATA, run_process
from inproc import finishes, quiz
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from test_hostile import _faulty

from quizzer import deckcache
from quizzer.authoring import Wizard, draft_file, load_draft
from quizzer.errors import DataError, DeckError
from quizzer.ui.prompts import WizardPrompts

TINY = str(DATA / "tiny.json")
BUILTINS = ("deepseek-company", "deepseek-strategy", "deepseek-talent-and-teams")


def is_a_file(home: Path) -> str:
    return (
        f"quiz: error: {home} is a file, not a directory; move it aside or set "
        "QUIZZER_HOME to a directory.\n"
    )


@pytest.fixture
def home_is_a_file(home: Path) -> Path:
    home.write_text("not a folder", encoding="utf-8")
    return home


def test_deck_add_when_the_data_directory_is_a_file(home_is_a_file: Path) -> None:
    done = quiz("deck", "add", TINY)
    assert done.exit_code == 1
    assert done.stderr == is_a_file(home_is_a_file)
    assert home_is_a_file.read_text(encoding="utf-8") == "not a folder"


def test_deck_import_add_when_the_data_directory_is_a_file(
    home_is_a_file: Path, tmp_path: Path
) -> None:
    cards = tmp_path / "cards.csv"
    cards.write_text("prompt,answer\nhola,hello\n", encoding="utf-8")
    done = quiz("deck", "import", str(cards), "--add")
    assert done.exit_code == 1
    assert done.stderr == is_a_file(home_is_a_file)


def test_the_wizard_when_the_data_directory_is_a_file(home_is_a_file: Path) -> None:
    assert load_draft(draft_file()) is None
    with create_pipe_input() as pipe:
        pipe.send_text("My deck\r")
        with (
            create_app_session(input=pipe, output=DummyOutput()),
            pytest.raises(DataError) as raised,
        ):
            Wizard(WizardPrompts(), draft_file()).run()
    assert f"quiz: error: {raised.value.message}\n" == is_a_file(home_is_a_file)


@pytest.mark.e2e
@pytest.mark.parametrize("decks_folder", ["missing", "present"])
def test_deck_add_to_a_read_only_data_directory(home: Path, decks_folder: str) -> None:
    home.mkdir()
    if decks_folder == "present":
        (home / "decks").mkdir()
    done = _faulty("readonly", "deck", "add", TINY)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"quiz: error: {home / 'decks'}")
    assert "(Read-only file system)" in done.stderr
    assert done.stderr.count("\n") == 1
    assert "internal error" not in done.stderr
    if decks_folder == "present":
        assert list((home / "decks").iterdir()) == []
    else:
        assert not (home / "decks").exists()


def test_an_unreadable_decks_folder_is_a_warning_not_a_silence(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert quiz("deck", "add", TINY).exit_code == 0
    folder = home / "decks"
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    for args in (("deck", "list"), ("deck", "list", "--json")):
        done = quiz(*args)
        assert done.exit_code == 0
        assert done.stderr == (
            f"quiz: warning: cannot read the folder {folder} (Permission denied), so the "
            "decks in it are not listed; check that it is a folder you can read.\n"
        )
        assert all(deck_id in done.stdout for deck_id in BUILTINS)
    assert quiz("stats").exit_code == 0


@pytest.mark.e2e
def test_fifos_and_folders_named_like_decks_do_not_block(home: Path, tmp_path: Path) -> None:
    folder = home / "decks"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "fifo.json")
    (folder / "folder.json").mkdir()
    listed = run_process("deck", "list", "--json", timeout=20)
    assert listed.returncode == 0
    assert [row["id"] for row in json.loads(listed.stdout)] == list(BUILTINS)
    for name in ("fifo.json", "folder.json"):
        assert (
            f"quiz: warning: skipped a broken deck: {folder / name} is not a regular file (a "
            "folder, a FIFO or a device); a deck is a JSON file: move it out of the way or "
            "name the file itself.\n"
        ) in listed.stderr
    for args in (
        ("stats",),
        ("start", "deepseek-company", "-n", "1"),
        ("review", "-n", "1"),
        ("deck", "validate", str(folder / "fifo.json")),
        ("deck", "add", str(folder / "fifo.json")),
        ("deck", "show", str(folder / "folder.json")),
        ("deck", "import", str(folder / "fifo.json"), "--dry-run"),
    ):
        done = run_process(*args, stdin="1\n", timeout=20)
        assert "internal error" not in done.stderr, (args, done.stderr)
        assert done.returncode in (0, 1, 2, 130), (args, done.stderr)  # 130: input ran out


def test_a_draft_that_is_a_fifo_is_named_not_read(home: Path) -> None:
    path = draft_file()
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    with pytest.raises(
        DataError, match=r"the wizard's draft cannot be read \(not a regular file\)"
    ):
        finishes(lambda: load_draft(path))


@pytest.mark.e2e
def test_a_fifo_in_the_deck_cache_does_not_block(home: Path, tmp_path: Path) -> None:
    big = json.loads(Path(TINY).read_text(encoding="utf-8"))
    card = {"type": "flashcard", "prompt": "p" * 300, "answer": "a"}
    questions = [{"id": f"q{i}", **card} for i in range(deckcache.MIN_BYTES // 300 + 10)]
    big["questions"] = questions
    file = tmp_path / "big.json"
    file.write_text(json.dumps(big), encoding="utf-8")
    deckcache.cache_dir().mkdir(parents=True)
    os.mkfifo(deckcache.cache_dir() / "0123.marshal")
    done = run_process("deck", "add", str(file), timeout=60)  # prunes the cache: opens every entry
    assert done.returncode == 0, done.stderr
    (entry,) = deckcache.cache_dir().glob("*.marshal")  # the FIFO went as a broken entry
    added = home / "decks" / "tiny.json"
    assert finishes(lambda: deckcache.read_info(added)) == (
        "tiny",
        "Tiny test deck",
        len(questions),
    )
    entry.unlink()
    os.mkfifo(entry)
    assert finishes(lambda: deckcache.read_info(added)) is None
    assert "tiny" in run_process("deck", "list", timeout=60).stdout


def test_a_deck_file_that_is_a_fifo_is_refused_by_the_loader(home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "deck.json"
    os.mkfifo(fifo)
    from quizzer.decks import find_deck

    with pytest.raises(DeckError, match="is not a regular file"):
        finishes(lambda: find_deck(str(fifo)))
