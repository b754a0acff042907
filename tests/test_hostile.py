"""Hostile and broken input: deck text that tries to drive the terminal, and data
directories that are read-only, full, missing or linked elsewhere."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, run_quiz, stats_json
from test_interactive import ENTER, SPACE, finish, spawn_quiz, transcript

HOSTILE = str(DATA / "hostile.json")
# Every sequence the hostile deck holds that a terminal would obey.
SEQUENCES = [
    "\x1b[2J",
    "\x1b]0;",
    "\x1b]2;",
    "\x1b]8;",
    "\x1bc",
    "\x1b[31m",
    "\x1b[5m",
    "\x1b[8m",
    "\x9b",
    "\x07",
    "\x00",
    "\x08",
    "\x7f",
    "\u202e",
    "\r",
]


def test_deck_sequences_never_reach_the_terminal_in_plain_mode(home: Path) -> None:
    done = run_quiz("start", HOSTILE, "--no-shuffle", stdin="2\nf\nred\n\n3\n")
    assert done.returncode == 0, done.stderr
    for sequence in SEQUENCES:
        assert sequence not in done.stdout + done.stderr, repr(sequence)
    assert "Score: 4/4 (100%)" in done.stdout
    # Shown, not obeyed; markup shown as typed.
    assert "Clear\\x1b[2J the screen?\\x0dOverwritten [/] :smile:" in done.stdout
    assert "  1. \\x1b]8;;http://evil.invalid\\x1b\\click\\x1b]8;;\\x1b\\" in done.stdout
    assert "Why: Bell\\x07 and CSI\\x9b31m and bidi \\u202egnp.exe" in done.stdout
    stats = run_quiz("stats", "hostile")
    assert stats.returncode == 0, stats.stderr
    assert "\x1b" not in stats.stdout


@pytest.mark.e2e
def test_deck_sequences_never_reach_the_terminal_interactively(home: Path) -> None:
    child = spawn_quiz("start", HOSTILE, "--no-shuffle", "--no-retry")
    child.expect("Your answer:")
    child.send("\x1b[B" + ENTER)  # the second choice
    child.expect("True or false?")
    child.send("\x1b[B" + ENTER)  # False
    child.expect("Your answer:")
    child.send("red" + ENTER)
    child.expect("Press any key")
    child.send(SPACE)
    child.expect("How well did you know it?")
    child.send(ENTER)
    assert finish(child) == 0
    out = transcript(child)
    assert "Score: 4/4 (100%)" in out
    # prompt_toolkit and rich draw with escape sequences of their own; none of the deck's
    # may appear, and the deck's text is there, escaped.
    for sequence in (
        "\x1b[2J",
        "\x1b]0;pwned",
        "\x1b]2;owned",
        "\x1b]8;;http",
        "\x1bc",
        "\x1b[31mred",
        "\x1b[5mblink",
        "\x1b[8mhidden",
        "\x9b",
        "\u202e",
    ):
        assert sequence not in out, repr(sequence)
    plain = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", out)
    assert "Clear\\x1b[2J the screen?" in plain
    assert "[bold red]loud[/]" in plain


FAULT = r"""
import builtins, errno, os, sys
home = os.environ["QUIZZER_HOME"]
code = {"full": errno.ENOSPC, "readonly": errno.EROFS}[sys.argv[1]]

def inside(path):
    return isinstance(path, (str, os.PathLike)) and os.fspath(path).startswith(home)

def refuse(path):
    raise OSError(code, os.strerror(code), os.fspath(path))

real_open = builtins.open
class Refusing:
    # A writable file in the data directory whose writes all fail, as on a full disk.
    def __init__(self, file): self.file = file
    def write(self, data): refuse(self.file.name)
    def __getattr__(self, name): return getattr(self.file, name)
    def __enter__(self): return self
    def __exit__(self, *exc): self.file.close()

def patched_open(file, mode="r", *args, **kwargs):
    writing = any(c in mode for c in "wax+")
    if writing and inside(file):
        if code == errno.EROFS:
            refuse(file)
        return Refusing(real_open(file, mode, *args, **kwargs))
    return real_open(file, mode, *args, **kwargs)
builtins.open = patched_open

if code == errno.EROFS:
    real_os_open, real_replace, real_mkdir = os.open, os.replace, os.mkdir
    def os_open(path, flags, *args, **kwargs):
        if inside(path) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            refuse(path)
        return real_os_open(path, flags, *args, **kwargs)
    os.open = os_open
    os.replace = lambda src, dst, **kw: refuse(dst) if inside(dst) else real_replace(src, dst)
    os.mkdir = lambda path, *a, **kw: refuse(path) if inside(path) else real_mkdir(path, *a)

sys.argv = ["quiz", *sys.argv[2:]]
from quizzer.cli import main
main()
"""


def _faulty(kind: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", FAULT, kind, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=60,
    )


def _three_answers() -> None:
    done = run_quiz(
        "start", str(DATA / "tiny.json"), "--no-shuffle", "-n", "3", stdin="2\nf\nHugo\n"
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.e2e
def test_a_full_disk_is_a_clear_error_and_loses_nothing(home: Path) -> None:
    _three_answers()
    before = sorted(p.name for p in (home / "history").iterdir())
    done = _faulty("full", "start", str(DATA / "tiny.json"), "--no-shuffle", stdin="2\nf\n")
    assert done.returncode == 1
    assert done.stderr.startswith(
        f"quiz: error: {home / 'journal.jsonl'}: cannot write "
        "(No space left on device); nothing already saved was lost."
    )
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in (home / "history").iterdir()) == before
    assert stats_json()["totals"]["answered"] == 3
    assert not list(home.rglob("*.tmp"))


@pytest.mark.e2e
def test_a_read_only_data_directory_is_a_clear_error_and_loses_nothing(home: Path) -> None:
    _three_answers()
    for args in (("start", str(DATA / "tiny.json"), "-n", "1"), ("stats",), ("doctor",)):
        done = _faulty("readonly", *args, stdin="2\n")
        assert done.returncode == 1, done.stderr
        assert "Read-only file system" in done.stderr + done.stdout
        assert "Traceback" not in done.stderr
    assert stats_json()["totals"]["answered"] == 3


def test_a_missing_data_directory_is_created(tmp_path: Path) -> None:
    home = tmp_path / "not" / "yet" / "there"
    done = run_quiz(
        "start",
        str(DATA / "tiny.json"),
        "-n",
        "1",
        "--type",
        "true_false",
        stdin="f\n",
        env={"QUIZZER_HOME": str(home)},
    )
    assert done.returncode == 0, done.stderr
    assert (
        json.loads(run_quiz("stats", "--json", env={"QUIZZER_HOME": str(home)}).stdout)["totals"][
            "answered"
        ]
        == 1
    )


def test_links_out_of_the_data_directory_are_not_followed(home: Path, tmp_path: Path) -> None:
    _three_answers()
    outside = tmp_path / "elsewhere.json"
    outside.write_text("{}", encoding="utf-8")
    (home / "history" / "2020-W01.json").symlink_to(outside)
    done = run_quiz("stats")
    assert done.returncode == 1
    assert done.stderr == (
        f"quiz: error: {home / 'history' / '2020-W01.json'} links to {outside}, outside the "
        "data directory; quizzer does not follow links out of it. Replace the link with the "
        "file itself.\n"
    )
    assert outside.read_text(encoding="utf-8") == "{}"


def _deck_text(**changes: object) -> str:
    deck = json.loads((DATA / "tiny.json").read_text(encoding="utf-8"))
    deck.update(changes)
    return json.dumps(deck)


def test_deck_ids_cannot_name_a_path_or_a_device(home: Path, tmp_path: Path) -> None:
    for ref in ("../../etc/passwd", "/etc/passwd", "con", "a/b"):
        done = run_quiz("start", ref)
        assert done.returncode == 2, ref
        assert "Traceback" not in done.stderr
    device = tmp_path / "device.json"
    device.write_text(_deck_text(id="nul"), encoding="utf-8")
    done = run_quiz("deck", "add", str(device))
    assert done.returncode == 2
    assert "$.id: 'nul' names a device on Windows" in done.stderr
    assert not (home / "decks" / "nul.json").exists()


def test_a_deck_nested_deeper_than_the_format_is_refused_where_it_goes_deep(
    tmp_path: Path, home: Path
) -> None:
    deck = json.loads(_deck_text())
    deep: object = "geo"
    for _ in range(50):
        deep = [deep]
    deck["questions"][0]["tags"] = deep
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(deck, indent=1), encoding="utf-8")
    done = run_quiz("deck", "validate", str(path))
    assert done.returncode == 2
    assert f"{path}:" in done.stdout
    assert f"{path}:22:5: $.questions[0].tags[0]: must be a non-empty string, not [[[[" in (
        done.stdout
    )


def test_a_user_deck_linking_out_of_the_data_directory_is_not_followed(
    home: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.json"
    outside.write_bytes((DATA / "tiny.json").read_bytes())
    (home / "decks").mkdir(parents=True)
    (home / "decks" / "tiny.json").symlink_to(outside)
    done = run_quiz("start", "tiny", "-n", "1", stdin="2\n")
    assert done.returncode == 2
    assert f"{home / 'decks' / 'tiny.json'} links to {outside}, outside the data directory" in (
        done.stderr
    )
    listed = run_quiz("deck", "list", "--json")
    assert "tiny" not in [d["id"] for d in json.loads(listed.stdout)]
    assert "outside the data directory" in listed.stderr
