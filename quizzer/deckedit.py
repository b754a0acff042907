"""`quiz deck edit ID`: the learner's own deck in their editor, checked before it is saved.

The habit of `crontab -e`: the deck file is copied to a private temporary directory
(under the deck's own file name, so the editor knows it is JSON), the editor runs on
the copy, and when it exits the copy is validated. A valid copy replaces the deck
atomically; otherwise the problems are listed and the learner is asked whether to edit
again (the copy, with their changes, is opened again) or to discard the edit (the deck
stays as it was). The deck's id cannot change here: answers are kept by deck id, and a
renamed deck would lose them.

History follows question ids: a question whose prompt or answer was edited keeps its
answers and its card; a question removed from the deck keeps its answers in the
history (nothing is deleted), and is no longer asked.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from quizzer import deckcache
from quizzer.deckcheck import check_text
from quizzer.deckfile import ERROR, Problem, invalid_deck, locate_problems, read_text
from quizzer.decks import checked_deck_id, is_builtin
from quizzer.errors import DeckError, QuizzerError
from quizzer.files import atomic_write
from quizzer.models import Deck
from quizzer.userdecks import user_deck

# Runs the editor on a file and returns when it exits.
Editor = Callable[[Path], None]
# Shown the problems of an edit, says whether to edit again (True) or discard it (False).
Again = Callable[[list[str]], bool]


class Edited(str, Enum):
    """What came of an edit."""

    SAVED = "saved"
    UNCHANGED = "unchanged"
    DISCARDED = "discarded"


@dataclass(frozen=True)
class Edit:
    """The outcome of `edit_deck`: what happened, the deck as saved, and what changed."""

    outcome: Edited
    deck_id: str
    file: Path
    deck: Deck | None = None
    warnings: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR, else vi (notepad on Windows), split as a shell would."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    windows = sys.platform == "win32"
    if not chosen or not chosen.strip():
        return ["notepad" if windows else "vi"]
    return shlex.split(chosen, posix=not windows)


def run_editor(file: Path) -> None:
    """Run the learner's editor on `file` and wait for it; QuizzerError if it fails."""
    command = editor_command()
    try:
        done = subprocess.run([*command, str(file)], check=False)
    except OSError as exc:
        raise DeckError(
            f"cannot start the editor {command[0]!r} ({exc.strerror}); set VISUAL or EDITOR "
            "to an editor you have, e.g. `export EDITOR=nano`."
        ) from None
    if done.returncode != 0:
        raise QuizzerError(
            f"the editor ({shlex.join(command)}) exited with status {done.returncode}; "
            "your deck is unchanged."
        )


def editable(deck_id: str) -> Path:
    """The file of the learner's deck `deck_id`; DeckError for a built-in or unknown deck."""
    checked_deck_id(deck_id)
    if is_builtin(deck_id):
        raise DeckError(
            f"{deck_id!r} is a built-in deck, which cannot be edited; make your own copy: "
            f"`quiz deck export {deck_id} -o mine.json`, give it another id in the file, "
            "then `quiz deck add mine.json`."
        )
    return user_deck(deck_id)


def edit_deck(deck_id: str, *, editor: Editor, again: Again) -> Edit:
    """Edit the learner's deck `deck_id` until it is valid or the edit is discarded."""
    file = editable(deck_id)
    original, problems = read_text(file)
    if original is None:  # not UTF-8, or too big: no editor should be handed it
        raise invalid_deck(str(file), problems)
    with tempfile.TemporaryDirectory(prefix="quizzer-edit-") as work:
        draft = Path(work) / file.name
        draft.write_text(original, encoding="utf-8", newline="")
        while True:
            editor(draft)
            text, problems = read_text(draft)
            if text == original:
                return Edit(Edited.UNCHANGED, deck_id, file)
            if text is not None:
                deck, problems = _checked(text, deck_id, str(draft))
                if deck is not None:
                    return _save(file, text, deck, original, problems)
            if not again([p.render(str(draft)) for p in problems if p.severity == ERROR]):
                return Edit(Edited.DISCARDED, deck_id, file)


def _checked(text: str, deck_id: str, name: str) -> tuple[Deck | None, list[Problem]]:
    """The edited deck and its problems; a changed id is one of them."""
    deck, problems = check_text(text, origin="user", path=name, warnings=True)
    if deck is None or deck.id == deck_id:
        return deck, problems
    moved = Problem(
        "$.id",
        f"the id must stay {deck_id!r}: your answers are kept under it. To make a deck "
        "with another id, save a copy of the file and `quiz deck add` it.",
    )
    return None, [*locate_problems(text, [moved]), *problems]


def _save(file: Path, text: str, deck: Deck, original: str, problems: list[Problem]) -> Edit:
    """Replace the deck file with the edited text (atomically), and say what changed."""
    atomic_write(file, text.encode("utf-8"))
    deckcache.write(file, file.stat(), deck)
    before = _question_ids(original)
    after = [question.id for question in deck.questions]
    kept_before, kept_after = set(before), set(after)
    return Edit(
        Edited.SAVED,
        deck.id,
        file,
        deck,
        warnings=tuple(p.render(str(file)) for p in problems if p.severity != ERROR),
        removed=tuple(qid for qid in before if qid not in kept_after),
        added=tuple(qid for qid in after if qid not in kept_before),
    )


def _question_ids(text: str) -> list[str]:
    """The question ids of a deck's text, as far as it can be read (it may be broken)."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    questions = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(questions, list):
        return []
    return [q["id"] for q in questions if isinstance(q, dict) and isinstance(q.get("id"), str)]
