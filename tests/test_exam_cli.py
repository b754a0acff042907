"""`quiz test`: a test from any deck in plain mode, no verdicts until the end and then the
report; recorded as practice of kind test; --print writes it with an answer key and
records nothing; a time limit hands it in, checked between answers in plain mode and by a
timer in the interactive prompts."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import pytest
from conftest import DATA, run_quiz, stats_json
from learner import Asked, run_with
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from quizzer.decks import load_file
from quizzer.exam import Exam, build_exam, to_markdown
from quizzer.models import Question, QuestionType
from quizzer.sitting import TimeUp, time_left_label
from quizzer.ui import keys
from quizzer.ui.prompts import PromptAsker

MIXED = str(DATA / "modes" / "mixed.json")
VERDICTS = re.compile(r"^(Right|Wrong|Rated)\b")


def exam(seed: int = 1, n: int = 5) -> Exam:
    return build_exam(load_file(Path(MIXED)), n, seed=seed)


def right_line(question: Question) -> str:
    """The plain-mode line that answers the question right."""
    if question.type is QuestionType.TRUE_FALSE:
        return "t" if question.answer else "f"
    if question.type is QuestionType.MULTI_SELECT:
        return ",".join(
            str(n) for n, c in enumerate(question.choices, start=1) if c in question.answer
        )
    return str(question.answer)


def lines_for(test: Exam, wrong: int | None = None) -> str:
    return "".join(
        ("nothing like it" if n == wrong else right_line(asked.question)) + "\n"
        for n, asked in enumerate(test.questions)
    )


def test_five_questions_no_verdicts_until_the_end_then_the_report(home: Path) -> None:
    test = exam()
    assert [a.form for a in test.questions].count(QuestionType.SHORT_ANSWER) >= 1
    typed = next(n for n, a in enumerate(test.questions) if a.form is QuestionType.SHORT_ANSWER)
    done = run_quiz(
        "test", MIXED, "--plain", "-n", "5", "--seed", "1", stdin=lines_for(test, typed)
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Test on Capitals and more: 5 questions"
    report = lines.index("Test on Capitals and more")
    asked = [line for line in lines[:report] if line.startswith("Question ")]
    assert asked == [f"Question {n}/5 ({form})" for n, form in enumerate(_forms(test), 1)]
    assert not [line for line in lines[:report] if VERDICTS.match(line)]
    assert lines[-1] == "Score: 4/5 (80%)"
    graded = [line for line in lines[report:] if re.match(r"^ ?\d\. (right|wrong) ", line)]
    assert [line.split()[1] for line in graded] == [
        "wrong" if n == typed else "right" for n in range(5)
    ]
    missed = test.questions[typed].question
    assert f"           right answer: {missed.answer}" in lines[report:]

    answers = [json.loads(line) for line in run_quiz("history", "export").stdout.splitlines()]
    assert [(a["kind"], a["practice"]) for a in answers] == [("test", True)] * 5
    figures = stats_json()
    deck = figures["decks"][0]
    assert (deck["learning"], deck["review"], deck["due_now"]) == (0, 0, 0)  # no card moved
    assert [s["kind"] for s in figures["recent_sessions"]] == ["test"]
    sessions = run_quiz("stats", "--sessions").stdout.splitlines()
    assert sessions[1].split() == ["Started", "Deck", "Kind", "Score", "Time"]
    assert sessions[3].split()[3:5] == ["test", "4/5"]


def _forms(test: Exam) -> list[str]:
    names = {
        QuestionType.MULTIPLE_CHOICE: "multiple choice",
        QuestionType.TRUE_FALSE: "true or false",
        QuestionType.SHORT_ANSWER: "short answer",
        QuestionType.MULTI_SELECT: "select all that apply",
    }
    return [names[a.form] for a in test.questions]


def test_the_same_seed_gives_the_same_test(home: Path) -> None:
    def transcript(seed: str) -> str:
        """Every question skipped twice: asked, then handed in unanswered."""
        done = run_quiz("test", MIXED, "--plain", "-n", "5", "--seed", seed, stdin="!skip\n" * 10)
        assert done.returncode == 0, done.stderr
        assert done.stdout.endswith("Score: 0/5 (0%)\n")
        return done.stdout

    assert transcript("1") == transcript("1")
    assert transcript("1") != transcript("2")


def test_print_writes_numbered_questions_and_an_answer_key_and_records_nothing(
    home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.md"
    done = run_quiz("test", MIXED, "-n", "5", "--seed", "1", "--print", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Wrote a test of 5 questions and its answer key to {out}.\n"
    text = out.read_text(encoding="utf-8")
    questions, key = text.split("\n## Answer key\n")
    assert re.findall(r"^(\d+)\. ", questions, re.MULTILINE) == ["1", "2", "3", "4", "5"]
    assert re.findall(r"^(\d+)\. ", key, re.MULTILINE) == ["1", "2", "3", "4", "5"]
    assert text == to_markdown(exam())
    again = tmp_path / "again.md"
    assert run_quiz("test", MIXED, "-n", "5", "--seed", "1", "--print", str(again)).returncode == 0
    assert again.read_text(encoding="utf-8") == text
    assert not home.exists()  # nothing recorded: not even a data directory


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--types", "multiple_choice,essay"], "--types: 'essay' is not a form; choose among"),
        (["--types", "flashcard"], "a test cannot ask flashcard questions; choose among"),
        (["--time", "0s"], "time limit '0s' must be more than 0s and at most 24h."),
        (["--time", "soon"], "time limit 'soon' is not a duration;"),
    ],
)
def test_bad_options_are_refused(home: Path, args: list[str], message: str) -> None:
    done = run_quiz("test", MIXED, *args)
    assert done.returncode == 2
    assert done.stderr.startswith(f"quiz: error: {message}"), done.stderr


def asked_prompts(stdout: str) -> list[str]:
    lines = stdout.splitlines()
    return [lines[i + 1] for i, line in enumerate(lines) if line.startswith("Question ")]


def test_forms_and_history_options_choose_what_is_asked(home: Path) -> None:
    missed = run_quiz("test", MIXED, "--missed")
    assert missed.returncode == 2
    assert "no question's latest answer was wrong" in missed.stderr

    done = run_quiz("test", MIXED, "--plain", "--types", "true_false", "--type", "flashcard",
                    "--seed", "3", stdin="t\n" * 9)  # fmt: skip
    assert done.returncode == 0, done.stderr
    asked = [line for line in done.stdout.splitlines() if line.startswith("Question ")]
    # Four of the five flashcards: the long one has no answer of a like length to pair.
    assert asked == [f"Question {n}/4 (true or false)" for n in range(1, 5)]
    assert "Only 4 questions of deck 'mixed' can be asked in these forms." in done.stdout
    report = done.stdout.splitlines()
    wrong = {report[i].split("  ", 1)[1] for i, line in enumerate(report) if " wrong " in line}
    assert len(wrong) == 2  # "t" to every statement: two of them were false

    again = run_quiz("test", MIXED, "--plain", "--missed", "--types", "short_answer",
                     stdin="!skip\n" * 10)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert set(asked_prompts(again.stdout)) == wrong


class Clock:
    """A monotonic clock that moves only when the learner answers."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_plain_mode_hands_in_between_answers_when_the_time_is_up(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    monkeypatch.setattr("quizzer.clock.monotonic", clock)
    test = exam()

    def answer(n: int, asked: Asked) -> str:
        clock.now += 300  # five minutes a question
        number = int(asked.heading.split()[1].split("/")[0])
        return right_line(test.questions[number - 1].question)

    done = run_with(monkeypatch, answer, "test", MIXED, "-n", "5", "--seed", "1", "--time", "12m")
    assert done.code == 0, done.stderr
    assert [a.lines[0] for a in done.asked] == [
        "(time left 12:00)",
        "(time left 7:00)",
        "(time left 2:00)",
    ]
    lines = done.screen.splitlines()
    assert "Time is up: the test is handed in." in lines
    assert lines[-1] == "Score: 3/5 (60%)"
    assert lines.count("           your answer: (no answer)") == 2


def test_the_interactive_prompt_hands_in_when_its_timer_runs_out(home: Path) -> None:
    deadline = keys.Deadline(time.monotonic() + 0.3, TimeUp, time_left_label)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        with keys.until(deadline), pytest.raises(TimeUp):
            keys.choose("Capital of France?", ["Lyon", "Paris"], "1-2 or ↑↓ Enter")
        pipe.send_text("2")
        assert keys.choose("Capital of France?", ["Lyon", "Paris"], "1-2") == 1  # no deadline


def test_an_interactive_test_is_handed_in_by_its_timer(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = io.StringIO()
    console = Console(file=screen, width=80, highlight=False, markup=False, emoji=False)
    monkeypatch.setattr(
        "quizzer.ui.play.make_asker", lambda _, deadline=None: PromptAsker(console, deadline)
    )
    first = exam().questions[0].question
    assert first.type is QuestionType.TRUE_FALSE and first.answer is True
    with create_pipe_input() as pipe:
        pipe.send_text("t")  # then no key: the second question waits for the timer
        with create_app_session(input=pipe, output=DummyOutput()):
            done = run_quiz("test", MIXED, "-n", "5", "--seed", "1", "--time", "1s")
    assert done.returncode == 0, done.stderr
    lines = screen.getvalue().splitlines()
    assert "(time left 0:01)" in lines
    assert "Time is up: the test is handed in." in lines
    assert lines[-1] == "Score: 1/5 (20%)"


def test_a_test_interrupted_keeps_its_answers(home: Path) -> None:
    test = exam()
    done = run_quiz("test", MIXED, "--plain", "-n", "5", "--seed", "1", stdin=lines_for(test)[:2])
    assert done.returncode == 130
    assert done.stderr == "quiz: interrupted after 1 answer (1 right); it is saved.\n"
