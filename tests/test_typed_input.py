"""What the learner types that is not text (bytes that are not UTF-8) or not a sane number
is explained and asked again, in plain mode, at the arrow-key prompts and in the wizard."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import DATA
from inproc import quiz
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from quizzer.authoring import Wizard, draft_file, load_draft, optional, required
from quizzer.models import Question, QuestionType
from quizzer.session import Item, Prompt
from quizzer.ui.plain import PlainAsker
from quizzer.ui.prompts import PromptAsker, WizardPrompts

TINY = str(DATA / "tiny.json")
NOT_UTF8 = "That line is not UTF-8 text; type it again."
LONG = b"1" * 5000
CLEAR = "\x15"  # Ctrl-U empties the line being typed


def start(*args: str, stdin: bytes) -> tuple[int, str]:
    done = quiz("start", TINY, "--no-shuffle", *args, input=stdin)
    assert "internal error" not in done.stderr, done.stderr
    return done.exit_code, done.stdout


def exported() -> list[dict[str, object]]:
    lines = quiz("history", "export").stdout.splitlines()
    return [json.loads(line) for line in lines]


def test_invalid_utf8_is_explained_and_asked_again_in_plain_mode(home: Path) -> None:
    code, out = start("-n", "1", stdin=b"\xff\xfe\n2\n")
    assert code == 0
    assert f"answer> \\udcff\\udcfe\n{NOT_UTF8}\nanswer> 2\nRight." in out
    assert "Score: 1/1 (100%)" in out


def test_invalid_utf8_in_a_short_answer_is_not_graded_or_saved(home: Path) -> None:
    code, out = start("--type", "short_answer", stdin=b"Victor \xc3\x28Hugo\nVictor Hugo\n")
    assert code == 0
    assert out.count(NOT_UTF8) == 1
    assert "Score: 1/1 (100%)" in out
    (answer,) = exported()
    assert answer["response"] == "Victor Hugo"


def test_invalid_utf8_at_a_flashcard_reveal_and_rating(home: Path) -> None:
    code, out = start("--type", "flashcard", stdin=b"\x80\n\n\xed\xa0\x80\n3\n")
    assert code == 0
    assert out.count(NOT_UTF8) == 2
    assert "Rated Good." in out


@pytest.mark.parametrize(
    ("kind", "bad", "good", "hint"),
    [
        ("multiple_choice", LONG, b"2", "Type a number from 1 to 3 or the text of a choice."),
        ("multiple_choice", "\u00b2".encode(), b"2", "Type a number from 1 to 3"),
        ("multiple_choice", b"0", b"2", "Type a number from 1 to 3"),
        ("multi_select", LONG + b",1", b"1,3", "Type choice numbers from 1 to 4"),
        ("multi_select", b"1,\xd9\xa3", b"1,3", "Type choice numbers from 1 to 4"),
        ("flashcard", LONG, b"3", "Type a number from 1 to 4."),
    ],
)
def test_absurd_numbers_are_explained_and_asked_again(
    home: Path, kind: str, bad: bytes, good: bytes, hint: str
) -> None:
    reveal = b"\n" if kind == "flashcard" else b""
    code, out = start("--type", kind, stdin=reveal + bad + b"\n" + good + b"\n")
    assert code == 0
    assert hint in out
    assert "Score: 1/1 (100%)" in out or "Rated Good." in out


def test_the_plain_asker_reads_every_line_after_a_bad_one(home: Path) -> None:
    raw = io.BytesIO(b"\xff\nParis\n")
    stdin = io.TextIOWrapper(raw, encoding="utf-8")
    out = io.StringIO()
    question = Question("q", QuestionType.SHORT_ANSWER, "Capital?", "Paris")
    assert PlainAsker(stdin, out).ask(_prompt(question)) == "Paris"
    assert out.getvalue().count(NOT_UTF8) == 1


def test_the_arrow_key_prompt_refuses_a_short_answer_that_is_not_utf8(home: Path) -> None:
    question = Question("q", QuestionType.SHORT_ANSWER, "Capital?", "Paris")
    with create_pipe_input() as pipe:
        pipe.send_bytes(b"Par\xffis\r")  # refused: the prompt stays open
        pipe.send_text(CLEAR + "Paris\r")
        with create_app_session(input=pipe, output=DummyOutput()):
            answer = PromptAsker(Console(file=io.StringIO())).ask(_prompt(question))
    assert answer == "Paris"


def test_the_wizard_refuses_text_that_is_not_utf8(home: Path) -> None:
    assert (
        required("ab\udcff")
        == optional("\udcff")
        == ("That holds bytes that are not UTF-8 text; type it again.")
    )
    assert required("fine") is None and optional("") is None
    with create_pipe_input() as pipe:
        pipe.send_bytes(b"Tit\xffle\r")  # refused
        pipe.send_text(CLEAR + "Title\r" + "\x03")
        with (
            create_app_session(input=pipe, output=DummyOutput()),
            pytest.raises(KeyboardInterrupt),
        ):
            Wizard(WizardPrompts(), draft_file()).run()
    draft = load_draft(draft_file())
    assert draft is not None and draft.title == "Title"


def _prompt(question: Question) -> Prompt:
    return Prompt(Item("d", question), 1, 1, 1, False, {})
