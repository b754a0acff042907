"""The deck wizard's logic: what `quiz deck new` asks, in what order, and the draft it keeps.

It knows no terminal: it asks through an `Ask` object (arrow-key prompts in
quizzer.ui.prompts, a script in tests) and checks every answer with pure functions.
After each step the draft is saved (whole, atomically) in the data directory, so a
wizard stopped by Ctrl-C loses nothing already entered; the next `quiz deck new`
offers to resume it. The deck is validated like any other before it is saved.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from quizzer import cloze
from quizzer.deckcheck import FORMAT, check_deck
from quizzer.deckfields import MAX_TEXT
from quizzer.deckfile import ERROR
from quizzer.decks import is_builtin, is_deck_id, user_deck_file
from quizzer.deckview import deck_lines
from quizzer.errors import DataError
from quizzer.files import atomic_write, read_regular
from quizzer.formats import slug
from quizzer.models import TYPE_NAMES, QuestionType
from quizzer.paths import data_home, make_dir
from quizzer.text import clean, surrogate_at
from quizzer.userdecks import Added, add_text

Check = Callable[[str], "str | None"]
DRAFT_VERSION = 1
DONE = "done"


class Ask(Protocol):
    """What the wizard needs from a user interface; each method returns the answer."""

    def text(self, message: str, *, default: str = "", check: Check | None = None) -> str: ...

    def select(self, message: str, choices: Sequence[tuple[str, str]]) -> str: ...

    def checkbox(
        self,
        message: str,
        choices: Sequence[str],
        *,
        check: Callable[[list[str]], str | None] | None = None,
    ) -> list[str]: ...

    def show(self, lines: Sequence[str]) -> None: ...


@dataclass
class Draft:
    """A deck being written: what was entered so far, in deck-format JSON terms."""

    title: str = ""
    id: str = ""
    description: str = ""
    questions: list[dict[str, Any]] = field(default_factory=list)

    def deck_data(self) -> dict[str, Any]:
        """The draft as a format-1 deck."""
        data: dict[str, Any] = {"format": FORMAT, "id": self.id, "title": self.title}
        if self.description:
            data["description"] = self.description
        data["questions"] = self.questions
        return data


def draft_file() -> Path:
    """Where the unfinished deck is kept between runs of the wizard."""
    return data_home() / "drafts" / "new-deck.json"


def save_draft(draft: Draft, path: Path) -> None:
    """Keep the draft, whole or not at all."""
    make_dir(path.parent)
    data = {"draft": DRAFT_VERSION, "deck": draft.deck_data()}
    atomic_write(path, json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))


def load_draft(path: Path) -> Draft | None:
    """The draft left by an earlier wizard, or None if there is none.

    A draft that is not a regular file (a FIFO would block) or cannot be parsed is a
    DataError naming it, and is left as it is.
    """
    try:
        data = json.loads(read_regular(path).decode("utf-8"))
        deck = data["deck"]
        return Draft(
            title=str(deck.get("title", "")),
            id=str(deck.get("id", "")),
            description=str(deck.get("description", "")),
            questions=[q for q in deck.get("questions", []) if isinstance(q, dict)],
        )
    except (FileNotFoundError, NotADirectoryError):
        return None  # a data directory that is a file is reported when the draft is saved
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise DataError(
            f"{path}: the wizard's draft cannot be read ({why}); move it away to start afresh."
        ) from None


def required(value: str) -> str | None:
    """Some text, within the length limit."""
    if not value.strip():
        return "Write some text."
    return optional(value)


def optional(value: str) -> str | None:
    """Any text within the length limit that can be saved as UTF-8, or nothing."""
    if surrogate_at(value) is not None:
        return "That holds bytes that are not UTF-8 text; type it again."
    return None if len(value) <= MAX_TEXT else f"At most {MAX_TEXT:,} characters."


def new_deck_id(value: str) -> str | None:
    """An id no built-in or user deck has."""
    if not is_deck_id(value):
        return (
            "Use 1-64 lowercase letters, digits, '-', '_' or '.', "
            "starting with a letter or a digit."
        )
    if is_builtin(value):
        return f"{value!r} is a built-in deck's id; pick another."
    if user_deck_file(value).exists():
        return f"You already have a deck {value!r}; pick another id."
    return None


def _choice(taken: list[str]) -> Check:
    def check(value: str) -> str | None:
        if not value.strip():
            return None if len(taken) >= 2 else "Add at least 2 choices."
        if value.strip() in taken:
            return "That choice is there already."
        return optional(value)

    return check


def _cloze_text(value: str) -> str | None:
    """Why a cloze text cannot be used, or None."""
    if required(value):
        return required(value)
    try:
        cloze.parse(value.strip())
    except cloze.ClozeError as exc:
        return f"The text {exc}"
    return None


def _picked(values: list[str]) -> str | None:
    return None if values else "Pick at least one (space to pick)."


class Wizard:
    """Walks the learner through a new deck, saving the draft after every step."""

    def __init__(self, ask: Ask, path: Path) -> None:
        self.ask = ask
        self.path = path
        self.draft = Draft()

    def save(self) -> None:
        save_draft(self.draft, self.path)

    def run(self) -> Added | None:
        """Write, preview and save a deck; None when the learner leaves it as a draft."""
        earlier = load_draft(self.path)
        if earlier is not None and self._resume(earlier):
            self.draft = earlier
        self._describe_deck()
        while True:
            kind = self._next_kind()
            if kind != DONE:
                self.draft.questions.append(self._question(QuestionType(kind)))
                self.save()
                continue
            action = self._review()
            if action == "save":
                return self._save()
            if action == "keep":
                return None

    def _resume(self, earlier: Draft) -> bool:
        count = len(earlier.questions)
        what = f"{earlier.title!r} with {count} question{'s' * (count != 1)}"
        choice = self.ask.select(
            f"You have an unfinished deck: {what}.",
            [("Resume it", "resume"), ("Start a new deck (the draft is replaced)", "new")],
        )
        return choice == "resume"

    def _describe_deck(self) -> None:
        """Title, id and description: those a resumed draft lacks, or all for a new deck."""
        if not self.draft.title:
            self.draft.title = self.ask.text("Title of the deck:", check=required).strip()
            self.save()
        if not self.draft.id:
            suggested = slug(self.draft.title) or "my-deck"
            self.draft.id = self.ask.text(
                "Deck id (for `quiz start ID`):", default=suggested, check=new_deck_id
            ).strip()
            self.draft.description = self.ask.text(
                "Description (optional):", check=optional
            ).strip()
            self.save()

    def _next_kind(self) -> str:
        number = len(self.draft.questions) + 1
        choices = [(TYPE_NAMES[t].capitalize(), t.value) for t in QuestionType]
        if self.draft.questions:
            choices.append(("Done: preview and save the deck", DONE))
        return self.ask.select(f"Question {number}: what kind?", choices)

    def _question(self, qtype: QuestionType) -> dict[str, Any]:
        ask = self.ask
        if qtype is QuestionType.CLOZE:
            return self._cloze()
        question: dict[str, Any] = {
            "id": f"q{len(self.draft.questions) + 1}",
            "type": qtype.value,
            "prompt": ask.text("Prompt:", check=required).strip(),
        }
        if qtype in (QuestionType.MULTIPLE_CHOICE, QuestionType.MULTI_SELECT):
            choices: list[str] = []
            while True:
                value = ask.text(
                    f"Choice {len(choices) + 1} (leave empty when done):", check=_choice(choices)
                ).strip()
                if not value:
                    break
                choices.append(value)
            question["choices"] = choices
        if qtype is QuestionType.MULTIPLE_CHOICE:
            options = [(c, c) for c in question["choices"]]
            question["answer"] = ask.select("Which choice is right?", options)
        elif qtype is QuestionType.MULTI_SELECT:
            question["answer"] = ask.checkbox(
                "Which choices are right?", question["choices"], check=_picked
            )
        elif qtype is QuestionType.TRUE_FALSE:
            truth = ask.select("Is it true or false?", [("True", "true"), ("False", "false")])
            question["answer"] = truth == "true"
        else:
            card = qtype is QuestionType.FLASHCARD
            label = "Answer (the back of the card):" if card else "Answer:"
            question["answer"] = ask.text(label, check=required).strip()
        if qtype is QuestionType.SHORT_ANSWER:
            others = ask.text(
                "Other answers to accept, separated by ; (optional; case, accents and "
                "typos are forgiven anyway):",
                check=optional,
            )
            accept = [a.strip() for a in others.split(";") if a.strip()]
            if accept:
                question["accept"] = list(dict.fromkeys(accept))
        explanation = ask.text("Explanation shown after answering (optional):", check=optional)
        if explanation.strip():
            question["explanation"] = explanation.strip()
        return question

    def _cloze(self) -> dict[str, Any]:
        text = self.ask.text(
            "Text, each answer in double braces, e.g. The capital of France is "
            "{{Paris|Paname::a city}}:",
            check=_cloze_text,
        ).strip()
        question: dict[str, Any] = {
            "id": f"q{len(self.draft.questions) + 1}",
            "type": QuestionType.CLOZE.value,
            "text": text,
        }
        explanation = self.ask.text("Explanation shown after answering (optional):", check=optional)
        if explanation.strip():
            question["explanation"] = explanation.strip()
        return question

    def _review(self) -> str:
        """Preview and validate the deck; the learner's choice: save, more or keep."""
        deck, problems = check_deck(self.draft.deck_data(), origin="user", warnings=True)
        if deck is not None:
            self.ask.show(["", *deck_lines(deck, answers=True), ""])
        self.ask.show([clean(f"{p.path}: {p.severity}: {p.message}") for p in problems])
        errors = any(p.severity == ERROR for p in problems)
        choices = [] if errors else [("Save the deck", "save")]
        choices += [("Add more questions", "more"), ("Stop here and keep the draft", "keep")]
        return self.ask.select("What now?", choices)

    def _save(self) -> Added:
        """Save the deck among the learner's (asking for another id if it was taken since)."""
        while (taken := new_deck_id(self.draft.id)) is not None:
            self.ask.show([taken])
            self.draft.id = self.ask.text("Deck id:", check=new_deck_id).strip()
            self.save()
        added = add_text(
            json.dumps(self.draft.deck_data(), indent=2, ensure_ascii=False) + "\n",
            str(self.path),
        )
        self.path.unlink(missing_ok=True)
        return added
