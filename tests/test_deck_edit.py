"""`quiz deck edit`: the learner's deck in their editor, checked, saved, history kept by id."""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import DATA, QUIZ, run_quiz, stats_json

from quizzer.deckedit import Edited, edit_deck, editor_command, run_editor
from quizzer.errors import DeckError, QuizzerError

# An editor that makes a broken edit (an answer that is not one of the choices, and a
# reworded prompt), then, run again, checks the broken edit is still there, fixes it and
# removes the flashcard: the learner's second go.
BROKEN_THEN_GOOD = """\
import json, pathlib, sys
deck = pathlib.Path(sys.argv[1])
runs = pathlib.Path(__file__).with_suffix(".runs")
run = int(runs.read_text()) if runs.exists() else 0
runs.write_text(str(run + 1))
data = json.loads(deck.read_text(encoding="utf-8"))
first = data["questions"][0]
if run == 0:
    first["prompt"] = "Which city is the capital of France, since 987?"
    first["answer"] = "Pariss"
else:
    assert first["answer"] == "Pariss", "the learner's text was not kept"
    first["answer"] = "Paris"
    data["questions"] = [q for q in data["questions"] if q["id"] != "hola"]
deck.write_text(json.dumps(data, indent=2), encoding="utf-8")
"""


def editor(tmp_path: Path, source: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """EDITOR set to a Python script; the file that counts its runs."""
    script = tmp_path / "editor.py"
    script.write_text(source, encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    monkeypatch.delenv("VISUAL", raising=False)
    return script.with_suffix(".runs")


def add_tiny_and_answer_it() -> None:
    assert run_quiz("deck", "add", str(DATA / "tiny.json")).returncode == 0
    played = run_quiz("start", "tiny", "--no-shuffle", stdin="2\nf\nVictor Hugo\n1,3\n\n3\n")
    assert played.returncode == 0, played.stderr
    assert "Score: 5/5" in played.stdout


def answered() -> dict[str, int]:
    return {row["question"]: row["answered"] for row in stats_json()["questions"]}


def test_a_broken_edit_is_shown_then_edited_again_and_history_follows_the_ids(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_tiny_and_answer_it()
    runs = editor(tmp_path, BROKEN_THEN_GOOD, monkeypatch)
    shown: list[list[str]] = []

    def again(problems: list[str]) -> bool:
        shown.append(problems)
        return True

    done = edit_deck("tiny", editor=run_editor, again=again)
    assert runs.read_text() == "2"
    assert len(shown) == 1 and len(shown[0]) == 1
    # Located in the copy being edited, which keeps the deck file's name.
    assert re.fullmatch(
        r".*quizzer-edit-\w+/tiny\.json:19:17: \$\.questions\[0\]\.answer: \"Pariss\" is not "
        r"one of the choices; make it exactly one of them\.",
        shown[0][0],
    )
    assert (done.outcome, done.removed, done.added) == (Edited.SAVED, ("hola",), ())
    saved = json.loads((home / "decks" / "tiny.json").read_text(encoding="utf-8"))
    assert saved["questions"][0]["prompt"] == "Which city is the capital of France, since 987?"
    assert [q["id"] for q in saved["questions"]] == ["capital", "sky", "author", "primes"]
    # The reworded question keeps its answer; the removed one's answer stays in the history,
    # out of the stats' per-question lists.
    assert answered() == {"capital": 1, "sky": 1, "author": 1, "primes": 1}
    log = run_quiz("history", "export", "--deck", "tiny").stdout
    assert '"question":"hola"' in log.replace(" ", "")
    shown_deck = run_quiz("deck", "show", "tiny").stdout
    assert "4 questions" in shown_deck and "hola" not in shown_deck
    assert "Which city is the capital of France, since 987?" in shown_deck


def test_an_edit_can_be_discarded_and_leaves_the_deck_as_it_was(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_quiz("deck", "add", str(DATA / "tiny.json")).returncode == 0
    before = (home / "decks" / "tiny.json").read_bytes()
    editor(tmp_path, BROKEN_THEN_GOOD, monkeypatch)
    done = edit_deck("tiny", editor=run_editor, again=lambda problems: False)
    assert done.outcome is Edited.DISCARDED
    assert (home / "decks" / "tiny.json").read_bytes() == before


def test_no_change_is_said_so(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_quiz("deck", "add", str(DATA / "tiny.json")).returncode == 0
    editor(tmp_path, "", monkeypatch)
    done = edit_deck("tiny", editor=run_editor, again=lambda problems: pytest.fail("asked"))
    assert done.outcome is Edited.UNCHANGED


def test_the_id_cannot_change(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_quiz("deck", "add", str(DATA / "tiny.json")).returncode == 0

    def rename(path: Path) -> None:
        path.write_text(path.read_text("utf-8").replace('"tiny"', '"tinier"'), "utf-8")

    shown: list[list[str]] = []
    done = edit_deck("tiny", editor=rename, again=lambda p: shown.append(p) is not None)
    assert done.outcome is Edited.DISCARDED
    assert shown[0][0].endswith(
        "$.id: the id must stay 'tiny': your answers are kept under it. To make a deck with "
        "another id, save a copy of the file and `quiz deck add` it."
    )
    assert ":3:9: " in shown[0][0]


def test_an_editor_that_fails_or_is_missing_changes_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_quiz("deck", "add", str(DATA / "tiny.json")).returncode == 0
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "false")
    with pytest.raises(QuizzerError) as failed:
        edit_deck("tiny", editor=run_editor, again=lambda p: True)
    assert failed.value.message == (
        "the editor (false) exited with status 1; your deck is unchanged."
    )
    monkeypatch.setenv("EDITOR", "no-such-editor-here --wait")
    with pytest.raises(DeckError, match=r"cannot start the editor 'no-such-editor-here' \("):
        edit_deck("tiny", editor=run_editor, again=lambda p: True)


def test_the_editor_is_visual_then_editor_then_vi(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    assert editor_command() == ["vi"]
    monkeypatch.setenv("EDITOR", "code --wait")
    assert editor_command() == ["code", "--wait"]
    monkeypatch.setenv("VISUAL", "'my editor' -f")
    assert editor_command() == ["my editor", "-f"]


def test_edit_needs_a_terminal_and_refuses_built_in_and_unknown_decks(home: Path) -> None:
    assert run_quiz("deck", "add", str(DATA / "tiny.json")).returncode == 0
    piped = run_quiz("deck", "edit", "tiny")
    assert piped.returncode == 2
    assert piped.stderr == (
        "quiz: error: `quiz deck edit` needs a terminal for your editor; without one, export "
        "the deck (`quiz deck export tiny -o tiny.json`), change the file, and add it back "
        "with `quiz deck add --force`.\n"
    )
    builtin = run_quiz("deck", "edit", "deepseek-company")
    assert builtin.returncode == 2
    assert builtin.stderr == (
        "quiz: error: 'deepseek-company' is a built-in deck, which cannot be edited; make "
        "your own copy: `quiz deck export deepseek-company -o mine.json`, give it another id "
        "in the file, then `quiz deck add mine.json`.\n"
    )
    unknown = run_quiz("deck", "edit", "nothing")
    assert unknown.returncode == 2
    assert "you have no deck with id 'nothing'" in unknown.stderr


def spawn(*args: str, env: dict[str, str]) -> pexpect.spawn:
    child = pexpect.spawn(
        QUIZ,
        list(args),
        env={"TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", **env},
        encoding="utf-8",
        dimensions=(40, 120),
        timeout=20,
    )
    return child


@pytest.mark.e2e
@pytest.mark.parametrize(("key", "saved"), [("\r", True), ("n", False)])
def test_edit_in_a_terminal_asks_to_edit_again(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, saved: bool
) -> None:
    add_tiny_and_answer_it()
    before = (home / "decks" / "tiny.json").read_bytes()
    runs = editor(tmp_path, BROKEN_THEN_GOOD, monkeypatch)
    child = spawn("deck", "edit", "tiny", env=dict(os.environ))
    child.expect(r'\$\.questions\[0\]\.answer: "Pariss" is not one of the choices')
    child.expect(r"Edit again\? \[Y/n\]")
    child.send(key)
    if saved:
        child.expect(r"Saved your deck 'tiny' \(4 questions\)\.")
        child.expect(r"Removed: 1 question \(hola\); their answers stay in your history")
    else:
        child.expect(r"Edit discarded; your deck 'tiny' is as it was\.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert runs.read_text() == ("2" if saved else "1")
    assert ((home / "decks" / "tiny.json").read_bytes() == before) is not saved
    assert answered()["capital"] == 1
