"""The one-key prompts (quizzer.ui.keys), fed keys through a prompt_toolkit pipe: every key
of every prompt kind, and Ctrl-C and end of input."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from quizzer.session import Action
from quizzer.ui import keys

DOWN, UP, ENTER, CTRL_C, CTRL_S, CTRL_Z = "\x1b[B", "\x1b[A", "\r", "\x03", "\x13", "\x1a"
CHOICES = ["Lyon", "Paris", "Nice"]
ACTIONS = {"u": Action.UNDO, "s": Action.SKIP}


@contextmanager
def typed(text: str) -> Iterator[None]:
    """Prompts run here read `text` as keys, then end of input (so a key that does nothing
    fails the test with EOFError instead of waiting for ever)."""
    with create_pipe_input() as pipe:
        pipe.send_text(text)
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            yield


def answer(text: str, prompt: Callable[[], Any]) -> Any:
    with typed(text):
        return prompt()


def choose(**options: Any) -> Any:
    return keys.choose("Your answer:", CHOICES, "hint", keys=ACTIONS, **options)


@pytest.mark.parametrize(
    ("pressed", "picked"),
    [
        ("1", 0),
        ("2", 1),
        ("3", 2),
        ("7" + "4" + "3", 2),  # numbers beyond the choices do nothing
        (ENTER, 0),
        (DOWN + ENTER, 1),
        (DOWN * 2 + ENTER, 2),
        (DOWN * 3 + ENTER, 0),  # round the end
        (UP + ENTER, 2),
        ("j" + "j" + "k" + ENTER, 1),
        ("x" + "q" + ENTER, 0),  # other letters do nothing
        ("u", Action.UNDO),
        ("U", Action.UNDO),
        ("s", Action.SKIP),
    ],
)
def test_a_choice_is_picked_with_one_key(home: Path, pressed: str, picked: object) -> None:
    assert answer(pressed, choose) == picked


def test_enter_picks_the_default_and_letters_pick_their_choice(home: Path) -> None:
    assert answer(ENTER, lambda: choose(default=2)) == 2
    letters = {"t": 0, "f": 1}
    for pressed, picked in (("t", 0), ("F", 1), ("s", Action.SKIP)):
        assert answer(pressed, lambda: choose(letters=letters)) == picked


def test_only_the_first_nine_choices_have_a_number_key(home: Path) -> None:
    many = [f"choice {n}" for n in range(1, 13)]
    ask = lambda: keys.choose("Pick:", many, "hint")  # noqa: E731
    assert answer("9", ask) == 8
    assert answer(UP + ENTER, ask) == 11  # the rest by arrows


@pytest.mark.parametrize(
    ("pressed", "picked"),
    [
        ("13" + ENTER, [0, 2]),
        ("131" + ENTER, [2]),  # a second press takes a choice back
        (" " + DOWN + DOWN + " " + ENTER, [0, 2]),
        ("j " + ENTER, [1]),
        ("9" + ENTER, []),
        (ENTER, []),
        ("2u", Action.UNDO),
        ("s", Action.SKIP),
    ],
)
def test_select_all_toggles_with_number_keys(home: Path, pressed: str, picked: object) -> None:
    ask = lambda: keys.toggle("Select all that apply:", CHOICES, "hint", keys=ACTIONS)  # noqa: E731
    assert answer(pressed, ask) == picked


@pytest.mark.parametrize(
    ("pressed", "value"),
    [("x", Action.NEXT), ("4", Action.NEXT), (" ", Action.NEXT), ("u", Action.UNDO)],
)
def test_any_key_goes_on_where_any_key_is_taken(home: Path, pressed: str, value: object) -> None:
    assert answer(pressed, lambda: keys.press("", "hint", ACTIONS, other=Action.NEXT)) == value


def test_a_pause_waits_for_one_of_its_own_keys(home: Path) -> None:
    pause = {"enter": "next", "r": "right"}
    assert answer("x1 " + "r", lambda: keys.press("", "hint", pause)) == "right"
    assert answer("q" + ENTER, lambda: keys.press("", "hint", pause)) == "next"


@pytest.mark.parametrize(
    ("pressed", "value"),
    [
        ("victor hugo" + ENTER, "victor hugo"),
        ("us" + ENTER, "us"),  # letters are text here
        ("Hug" + CTRL_Z, Action.UNDO),
        (CTRL_S, Action.SKIP),
        ("bad" + ENTER + "\x15good" + ENTER, "good"),  # refused, cleared, typed again
    ],
)
def test_text_takes_letters_and_control_keys_act(home: Path, pressed: str, value: object) -> None:
    controls = {"c-z": Action.UNDO, "c-s": Action.SKIP}

    def check(text: str) -> str | None:
        return "not that" if text == "bad" else None

    ask = lambda: keys.type_text("Your answer:", "hint", keys=controls, check=check)  # noqa: E731
    assert answer(pressed, ask) == value


@pytest.mark.parametrize(
    ("prompt", "before"),
    [
        (choose, "j"),
        (lambda: keys.toggle("Pick:", CHOICES, "hint"), "1"),
        (lambda: keys.press("", "hint", {}, other=Action.NEXT), ""),  # any other key goes on
        (lambda: keys.press("", "hint", {"r": 1}), "x"),
        (lambda: keys.type_text("Your answer:", "hint", keys={}, check=lambda _t: None), "j"),
    ],
)
def test_ctrl_c_interrupts_and_end_of_input_ends(
    home: Path, prompt: Callable[[], Any], before: str
) -> None:
    with typed(before + CTRL_C), pytest.raises(KeyboardInterrupt):
        prompt()
    with typed(before), pytest.raises(EOFError):
        prompt()


@pytest.mark.parametrize(
    ("text", "width", "indent", "lines"),
    [
        ("» 1. It settled the debate", 40, 5, ["» 1. It settled the debate"]),
        (
            "» 1. It settled the debate in favor of large labs",
            20,
            5,
            ["» 1. It settled the", "     debate in favor", "     of large labs"],
        ),
        ("  - a b", 5, 4, ["  - a", "    b"]),
        ("abcdefghij klm", 4, 0, ["abcd", "efgh", "ij", "klm"]),  # only a word too long is cut
        ("  - abcdefgh", 6, 4, ["  -", "    ab", "    cd", "    ef", "    gh"]),
        ("漢字 漢字漢字", 6, 0, ["漢字", "漢字漢", "字"]),  # wide characters take two cells
        ("", 10, 2, [""]),
    ],
)
def test_wrap_breaks_between_words_with_a_hanging_indent(
    home: Path, text: str, width: int, indent: int, lines: list[str]
) -> None:
    assert keys.wrap(text, width, indent) == lines
