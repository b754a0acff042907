"""The deck wizard, driven through its real prompts by prompt_toolkit pipe input, and in a pty."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_quiz, stats_json
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from test_interactive import CTRL_C, DOWN, ENTER, finish, spawn_quiz, transcript

from quizzer.authoring import Draft, Wizard, draft_file, load_draft
from quizzer.errors import DataError
from quizzer.ui.prompts import WizardPrompts
from quizzer.userdecks import Added

SPACE, CLEAR = " ", "\x15"  # Ctrl-U empties the line being typed

# Answers to every prompt of a five-question deck, with some refused on the way.
DESCRIBE = [
    ENTER,  # an empty title is refused
    "World capitals" + ENTER,
    CLEAR + "Bad Id" + ENTER,  # refused: not an id
    CLEAR + "deepseek-company" + ENTER,  # refused: a built-in deck's id
    CLEAR + "capitals" + ENTER,
    "Capitals of Europe" + ENTER,
]
MULTIPLE_CHOICE = [
    ENTER,
    "Capital of France?" + ENTER,
    "Lyon" + ENTER,
    ENTER,  # refused: at least 2 choices
    "Lyon" + ENTER,  # refused: already there
    CLEAR + "Paris" + ENTER,
    ENTER,
    DOWN + ENTER,  # Paris
    "Since 987." + ENTER,
]
TRUE_FALSE = [DOWN + ENTER, "Rome is in Italy." + ENTER, ENTER, ENTER]
SHORT_ANSWER = [
    DOWN * 2 + ENTER,
    "Capital of Germany?" + ENTER,
    "Berlin" + ENTER,
    " Berlin, Germany ; ;Berlin, Germany" + ENTER,
    ENTER,
]
MULTI_SELECT = [
    DOWN * 3 + ENTER,
    "Select the Nordic capitals." + ENTER,
    "Oslo" + ENTER,
    "Madrid" + ENTER,
    "Helsinki" + ENTER,
    ENTER,
    ENTER,  # refused: nothing picked
    SPACE + DOWN * 2 + SPACE + ENTER,
    ENTER,
]
FLASHCARD = [DOWN * 4 + ENTER, "Capital of Portugal" + ENTER, "Lisbon" + ENTER, ENTER]
CLOZE = [
    DOWN * 5 + ENTER,
    "The capital of {{Italy}} is {{Rome|Roma::a city}}." + ENTER,
    "Since 1871." + ENTER,
]
# "Done" comes after the six kinds of question.
DONE, SAVE, KEEP = DOWN * 6 + ENTER, ENTER, DOWN * 2 + ENTER

EXPECTED = {
    "format": 1,
    "id": "capitals",
    "title": "World capitals",
    "description": "Capitals of Europe",
    "questions": [
        {
            "id": "q1",
            "type": "multiple_choice",
            "prompt": "Capital of France?",
            "choices": ["Lyon", "Paris"],
            "answer": "Paris",
            "explanation": "Since 987.",
        },
        {"id": "q2", "type": "true_false", "prompt": "Rome is in Italy.", "answer": True},
        {
            "id": "q3",
            "type": "short_answer",
            "prompt": "Capital of Germany?",
            "answer": "Berlin",
            "accept": ["Berlin, Germany"],
        },
        {
            "id": "q4",
            "type": "multi_select",
            "prompt": "Select the Nordic capitals.",
            "choices": ["Oslo", "Madrid", "Helsinki"],
            "answer": ["Oslo", "Helsinki"],
        },
        {"id": "q5", "type": "flashcard", "prompt": "Capital of Portugal", "answer": "Lisbon"},
    ],
}


def drive(keys: list[str]) -> Added | None:
    """Run the wizard with its real prompts, reading `keys` as if typed."""
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        with create_app_session(input=pipe, output=DummyOutput()):
            return Wizard(WizardPrompts(), draft_file()).run()


@pytest.fixture
def wizard_home(home: Path) -> Iterator[Path]:
    yield home
    assert not list(home.rglob("*.tmp")), "no temporary file is left behind"


def test_a_whole_deck_written_through_the_prompts(
    wizard_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = [*DESCRIBE, *MULTIPLE_CHOICE, *TRUE_FALSE, *SHORT_ANSWER, *MULTI_SELECT, *FLASHCARD]
    added = drive([*keys, DONE, SAVE])
    assert added is not None
    assert added.file == wizard_home / "decks" / "capitals.json"
    assert json.loads(added.file.read_text(encoding="utf-8")) == EXPECTED
    assert not draft_file().exists()
    preview = capsys.readouterr().out
    assert (
        "World capitals\nid: capitals (your deck)\nCapitals of Europe\n"
        "5 questions: 1 multiple choice, 1 true or false, 1 short answer, "
        "1 select all that apply, 1 flashcard\n"
    ) in preview
    assert "4. [select all that apply] Select the Nordic capitals.\n" in preview
    assert "   answer: Oslo, Helsinki\n" in preview
    done = run_quiz("start", "capitals", "--no-shuffle", stdin="2\nt\nberlin\n1,3\n\n3\n")
    assert done.returncode == 0, done.stderr
    assert "Score: 5/5 (100%)" in done.stdout


def test_a_cloze_question_written_through_the_prompts(wizard_home: Path) -> None:
    broken = [DOWN * 5 + ENTER, "The capital of Italy is {{}}." + ENTER]
    added = drive(
        [
            *DESCRIBE,
            *broken,
            CLEAR + "The capital of {{Italy}} is {{Rome|Roma::a city}}." + ENTER,
            "Since 1871." + ENTER,
            DONE,
            SAVE,
        ]
    )
    assert added is not None
    (question,) = json.loads(added.file.read_text(encoding="utf-8"))["questions"]
    assert question == {
        "id": "q1",
        "type": "cloze",
        "text": "The capital of {{Italy}} is {{Rome|Roma::a city}}.",
        "explanation": "Since 1871.",
    }
    done = run_quiz("start", "capitals", stdin="italy\nroma\n", env={"NO_COLOR": "1"})
    assert "Score: 1/1 (100%)" in done.stdout


def test_an_interrupted_wizard_keeps_a_draft_to_resume(wizard_home: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        drive([*DESCRIBE, *MULTIPLE_CHOICE, DOWN + ENTER, "Rome is" + CTRL_C])
    draft = load_draft(draft_file())
    assert draft == Draft(
        title="World capitals",
        id="capitals",
        description="Capitals of Europe",
        questions=EXPECTED["questions"][:1],
    )
    resume = ENTER
    added = drive([resume, *TRUE_FALSE, DONE, SAVE])
    assert added is not None
    saved = json.loads(added.file.read_text(encoding="utf-8"))
    assert saved["questions"] == EXPECTED["questions"][:2]
    assert not draft_file().exists()


def test_a_draft_resumes_where_it_stopped_or_is_replaced(wizard_home: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        drive(["Old deck" + ENTER, CTRL_C])
    assert load_draft(draft_file()) == Draft(title="Old deck")
    resume, start_new = ENTER, DOWN + ENTER
    with pytest.raises(KeyboardInterrupt):
        drive([resume, CLEAR + "old" + ENTER, "Kept" + ENTER, CTRL_C])  # the id, not the title
    assert load_draft(draft_file()) == Draft(title="Old deck", id="old", description="Kept")
    added = drive([start_new, "New deck" + ENTER, ENTER, ENTER, *FLASHCARD, DONE, SAVE])
    assert added is not None
    assert (added.deck.id, added.deck.title) == ("new-deck", "New deck")


def test_stopping_at_the_preview_keeps_the_draft(wizard_home: Path) -> None:
    assert drive(["Cards" + ENTER, ENTER, ENTER, *FLASHCARD, DONE, KEEP]) is None
    kept = load_draft(draft_file())
    assert kept is not None
    assert (kept.id, len(kept.questions)) == ("cards", 1)
    assert not (wizard_home / "decks").exists()
    add_more = DOWN + ENTER
    added = drive([ENTER, DONE, add_more, *SHORT_ANSWER, DONE, SAVE])
    assert added is not None
    assert [q.id for q in added.deck.questions] == ["q1", "q2"]


def test_a_broken_draft_is_named_not_overwritten(wizard_home: Path) -> None:
    path = draft_file()
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="the wizard's draft cannot be read"):
        drive([ENTER])
    assert path.read_text(encoding="utf-8") == "{not json"


def test_the_wizard_needs_a_terminal(home: Path) -> None:
    done = run_quiz("deck", "new")
    assert done.returncode == 2
    assert done.stderr == (
        "quiz: error: `quiz deck new` needs a terminal; write the deck as JSON instead "
        "(`quiz deck schema` prints the format) and check it with `quiz deck validate`.\n"
    )


def expect_prompt(child: Any, text: str) -> None:
    child.expect(re.escape(text))


@pytest.mark.e2e
def test_quiz_deck_new_in_a_terminal_then_start_and_stats(home: Path) -> None:
    child = spawn_quiz("deck", "new")
    expect_prompt(child, "Title of the deck:")
    child.send("Pty deck" + ENTER)
    expect_prompt(child, "Deck id (for `quiz start ID`):")
    child.send(ENTER)
    expect_prompt(child, "Description (optional):")
    child.send(ENTER)
    expect_prompt(child, "Question 1: what kind?")
    child.send(DOWN + ENTER)
    expect_prompt(child, "Prompt:")
    child.send("The sea is salty." + ENTER)
    expect_prompt(child, "Is it true or false?")
    child.send(ENTER)
    expect_prompt(child, "Explanation shown after answering (optional):")
    child.send("Mostly sodium chloride." + ENTER)
    expect_prompt(child, "Question 2: what kind?")
    child.send(CTRL_C)
    assert finish(child) == 130
    assert "your deck is kept as a draft" in transcript(child)

    child = spawn_quiz("deck", "new")
    expect_prompt(child, "You have an unfinished deck: 'Pty deck' with 1 question.")
    child.send(ENTER)
    expect_prompt(child, "Question 2: what kind?")
    child.send(DOWN * 6 + ENTER)  # Done
    expect_prompt(child, "What now?")
    child.send(ENTER)
    expect_prompt(child, "Saved deck 'pty-deck' (1 question)")
    assert finish(child) == 0
    assert "1. [true or false] The sea is salty." in transcript(child)

    done = run_quiz("start", "pty-deck", stdin="true\n")
    assert done.returncode == 0, done.stderr
    assert "Score: 1/1 (100%)" in done.stdout
    assert [(row["deck"], row["answered"]) for row in stats_json()["decks"]] == [("pty-deck", 1)]
