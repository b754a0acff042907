"""`quiz start` with the interactive asker in this process, keys fed through a prompt_toolkit
pipe: one key per answer, undo, skip, "I was right", the pause and the retry question,
each checked against the history it leaves."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, run_quiz
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from quizzer.ui.prompts import PromptAsker

TINY = str(DATA / "tiny.json")
ENTER, CTRL_C, CTRL_S, CTRL_Z = "\r", "\x03", "\x13", "\x1a"
# The tiny deck in file order: capital (Lyon, Paris, Nice), sky (false), author (Victor
# Hugo), primes (2, 4, 5, 9: 2 and 5), hola (a flashcard).
ALL_RIGHT = "2" + "f" + "victor hugo" + ENTER + "13" + ENTER + " " + "4"


@dataclass
class Played:
    code: int
    screen: str  # what the asker printed (the prompts themselves draw on a dummy output)
    stderr: str


@pytest.fixture
def play(monkeypatch: pytest.MonkeyPatch) -> Any:
    """`quiz start TINY --no-shuffle ARGS` answered with `keys`, then end of input."""

    def run(keys: str, *args: str, width: int = 80) -> Played:
        screen = io.StringIO()
        console = Console(file=screen, width=width, highlight=False, markup=False, emoji=False)
        monkeypatch.setattr("quizzer.ui.play.make_asker", lambda _interactive: PromptAsker(console))
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            pipe.close()
            with create_app_session(input=pipe, output=DummyOutput()):
                done = run_quiz("start", TINY, "--no-shuffle", *args)
        assert "internal error" not in done.stderr, done.stderr
        return Played(done.returncode, screen.getvalue(), done.stderr)

    return run


def history() -> tuple[list[dict[str, Any]], list[str]]:
    """The answers `quiz history export` writes, and the ids of the undone ones."""
    lines = [json.loads(line) for line in run_quiz("history", "export").stdout.splitlines()]
    return [a for a in lines if "undo" not in a], [u["undo"] for u in lines if "undo" in u]


def outcomes() -> list[tuple[str, bool, str]]:
    return [(a["question"], a["correct"], a["outcome"]) for a in history()[0]]


def test_every_kind_is_answered_with_single_keys_and_right_answers_cost_no_key(
    home: Path, play: Any
) -> None:
    done = play(ALL_RIGHT)  # nothing more: a pause or a question would meet end of input

    assert done.code == 0, done.stderr
    assert re.search(r"\nScore: 5/5 \(100%\) in \d+s on Tiny test deck\n$", done.screen)
    assert [(q, right) for q, right, _ in outcomes()] == [
        ("capital", True),
        ("sky", True),
        ("author", True),
        ("primes", True),
        ("hola", True),
    ]
    assert history()[0][4]["rating"] == 4  # the flashcard rated Easy with its key
    assert "Retry" not in done.screen


def test_true_false_takes_t_f_y_and_n(home: Path, play: Any) -> None:
    for key, right in (("t", False), ("y", False), ("f", True), ("n", True)):
        run_quiz("reset", "--yes")
        assert play(key + ENTER * (not right), "-n", "2", "--type", "true_false").code == 0
        assert [r for _, r, _ in outcomes()] == [right]


def test_u_at_a_question_takes_the_last_answer_back(home: Path, play: Any) -> None:
    done = play("1" + ENTER + "u" + "2" + "f", "-n", "2")

    answers, undone = history()
    assert [(a["question"], a["correct"]) for a in answers] == [("capital", True), ("sky", True)]
    assert len(undone) == 1
    assert done.screen.count("Which city is the capital of France?") == 2
    assert "Took that answer back; its question comes again." in done.screen
    assert "Nothing to undo yet." not in done.screen
    assert done.code == 0


def test_undo_before_any_answer_says_so(home: Path, play: Any) -> None:
    done = play("u" + "2", "-n", "1")
    assert "Nothing to undo yet." in done.screen
    assert "Took that answer back" not in done.screen
    assert outcomes() == [("capital", True, "right")]


def test_r_at_the_pause_counts_a_wrong_answer_as_right(home: Path, play: Any) -> None:
    done = play("1" + "r" + "f", "-n", "2")

    assert outcomes() == [("capital", True, "overruled"), ("sky", True, "right")]
    assert history()[0][0]["rating"] == 2  # Hard
    assert "Counted as right, as you said (rated Hard)." in done.screen
    assert "Score: 2/2 (100%)" in done.screen
    row = json.loads(run_quiz("stats", "--json").stdout)["decks"][0]
    assert (row["answered"], row["correct"]) == (2, 2)


def test_u_at_the_pause_asks_the_question_again(home: Path, play: Any) -> None:
    done = play("1" + "u" + "2", "-n", "1")
    assert outcomes() == [("capital", True, "right")]
    assert len(history()[1]) == 1
    assert "Score: 1/1 (100%)" in done.screen


def test_the_pause_takes_only_its_own_keys(home: Path, play: Any) -> None:
    # "2" at the pause does nothing (it does not answer the next question); Enter goes on.
    done = play("1" + "2" + "s" + ENTER + "f", "-n", "2", "--no-retry")
    assert outcomes() == [("capital", False, "wrong"), ("sky", True, "right")]
    assert "Score: 1/2 (50%)" in done.screen


def test_s_skips_to_the_end_and_twice_leaves_it_unanswered(home: Path, play: Any) -> None:
    done = play("s" + "f" + "s", "-n", "2")
    assert outcomes() == [("sky", True, "right")]
    assert "Skipped, not answered:\n  - Which city is the capital of France?" in done.screen
    assert done.code == 0


def test_control_keys_undo_and_skip_in_the_short_answer_box(home: Path, play: Any) -> None:
    keys = "f" + "Hu" + CTRL_Z + "f" + CTRL_S + "13" + ENTER + "Hugo" + ENTER
    done = play(
        keys, "-n", "3", "--type", "true_false", "--type", "short_answer", "--type", "multi_select"
    )
    assert outcomes() == [
        ("sky", True, "right"),
        ("primes", True, "right"),
        ("author", True, "right"),
    ]
    assert len(history()[1]) == 1
    assert done.code == 0


def test_the_flashcard_reveal_takes_undo_and_skip(home: Path, play: Any) -> None:
    done = play(
        "f" + "u" + "f" + "s" + "x" + "1",
        "-n",
        "2",
        "--type",
        "true_false",
        "--type",
        "flashcard",
        "--no-retry",
    )
    assert outcomes() == [("sky", True, "right"), ("hola", False, "again")]
    assert "Answer: hello" in done.screen
    assert done.code == 0


def test_enter_at_the_retry_question_retries_what_was_missed(home: Path, play: Any) -> None:
    keys = "1" + ENTER + "t" + ENTER + ENTER + "2" + "f"
    done = play(keys, "-n", "2")

    assert [(q, r) for q, r, _ in outcomes()] == [
        ("capital", False),
        ("sky", False),
        ("capital", True),
        ("sky", True),
    ]
    assert "Retry the 2 you missed? yes" in done.screen
    assert "Retry round: 2 of 2 right now." in done.screen
    assert "Score: 0/2 (0%)" in done.screen  # first answers make the score
    assert done.code == 0


@pytest.mark.parametrize("key", ["n", "N", CTRL_C, ""])
def test_no_ctrl_c_or_end_of_input_at_the_retry_question_end_the_quiz(
    home: Path, play: Any, key: str
) -> None:
    done = play("1" + ENTER + key, "-n", "1")
    assert done.code == 0, done.stderr
    said = "" if key == CTRL_C else "Retry the one you missed\\? no\n"
    assert re.search(rf"\nScore: 0/1 \(0%\) in \d+s on Tiny test deck\n{said}$", done.screen)
    assert outcomes() == [("capital", False, "wrong")]


def test_wrapped_summary_lines_keep_their_indent_and_the_score_is_last(
    home: Path, play: Any
) -> None:
    done = play("1" + ENTER + "t" + ENTER, "-n", "2", "--no-retry", width=24)
    lines = done.screen.rstrip().splitlines()
    start = lines.index("Missed:")
    missed = lines[start + 1 : next(n for n, line in enumerate(lines) if line.startswith("Score"))]
    assert missed == [
        "  - Which city is the",
        "    capital of France?",
        "    answer: Paris",
        "  - The sky is green.",
        "    answer: False",
    ]
    assert lines[-2].startswith("Score: 0/2 (0%) in ")
    assert lines[-1] == "Tiny test deck"
    assert all(len(line) <= 24 for line in lines)
