"""Tests built from any deck: the draw, the grading report, the printable Markdown, and
the time limit."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from quizzer.decks import load_file
from quizzer.errors import BadInput
from quizzer.exam import (
    Exam,
    ExamQuestion,
    build_exam,
    grade,
    parse_time_limit,
    time_left_text,
    to_markdown,
)
from quizzer.models import Deck, Question, QuestionType

DATA = Path(__file__).parent / "data"
MODES = DATA / "modes"
BUILTIN = sorted((Path(__file__).parent.parent / "decks").glob("*.json"))
MC, TF, SA, MS = (
    QuestionType.MULTIPLE_CHOICE,
    QuestionType.TRUE_FALSE,
    QuestionType.SHORT_ANSWER,
    QuestionType.MULTI_SELECT,
)


def deck(name: str) -> Deck:
    return load_file(MODES / f"{name}.json")


def right_response(q: Question) -> object:
    return list(q.answer) if q.type is MS else q.answer


def tiny_exam() -> Exam:
    """Tiny's questions that a test can ask, as written, in deck order."""
    tiny = load_file(DATA / "tiny.json")
    asked = [q for q in tiny.questions if q.type is not QuestionType.FLASHCARD]
    return Exam("tiny", tiny.title, None, tuple(ExamQuestion(i, q) for i, q in enumerate(asked, 1)))


def test_the_same_seed_gives_the_same_test() -> None:
    mixed = deck("mixed")
    first = build_exam(mixed, seed=7)
    assert build_exam(mixed, seed=7) == first
    others = [build_exam(mixed, seed=seed) for seed in range(8, 12)]
    assert any(o.questions != first.questions for o in others)
    assert first.seed == 7


def test_a_test_mixes_the_forms_evenly() -> None:
    mixed = deck("mixed")
    for seed in range(10):
        exam = build_exam(mixed, seed=seed)
        forms = Counter(q.form for q in exam.questions)
        assert forms[MS] == 1  # the deck's only select-all question
        assert min(forms[MC], forms[TF], forms[SA]) >= 3, forms
        assert QuestionType.FLASHCARD not in forms


def test_each_question_keeps_its_id_and_is_numbered() -> None:
    mixed = deck("mixed")
    exam = build_exam(mixed, seed=3)
    ids = [q.question_id for q in exam.questions]
    assert len(set(ids)) == len(ids)
    assert set(ids) <= {q.id for q in mixed.questions}
    assert [q.number for q in exam.questions] == list(range(1, len(ids) + 1))
    assert all(q.question.type is q.form for q in exam.questions)


def test_twenty_questions_by_default_or_the_whole_deck() -> None:
    big = Deck(
        "big",
        "Three decks in one",
        (*deck("vocab").questions, *deck("lengths").questions, *deck("numbers").questions),
    )
    assert len(big.questions) == 33
    assert len(build_exam(big, seed=1).questions) == 20
    assert len(build_exam(big, 5, seed=1).questions) == 5
    assert len(build_exam(deck("three"), seed=1).questions) == 3


def test_a_deck_that_cannot_fill_the_test_says_so() -> None:
    mixed = deck("mixed")
    # The 19-word flashcard can be neither typed nor paired: 13 of 14 questions.
    exam = build_exam(mixed, 50, seed=1)
    assert len(exam.questions) == 13
    assert exam.notes == ("Only 13 questions of deck 'mixed' can be asked in these forms.",)
    only = build_exam(mixed, types=[MS], seed=1)
    assert [q.question_id for q in only.questions] == ["nordic"]
    assert only.notes == ("Only 1 question of deck 'mixed' can be asked in these forms.",)


def test_the_chosen_forms_only() -> None:
    mixed = deck("mixed")
    exam = build_exam(mixed, types=[TF], seed=2)
    assert {q.form for q in exam.questions} == {TF}
    assert len(exam.questions) == 12
    typed = build_exam(mixed, types=[SA, SA], seed=2)
    assert {q.form for q in typed.questions} == {SA}


def test_a_uniform_deck_uses_the_forms_it_can_and_says_which_it_cannot() -> None:
    uniform = deck("uniform")
    exam = build_exam(uniform, seed=1)
    assert [q.form for q in exam.questions] == [SA] * 4
    assert exam.notes == (
        "No question could be asked as multiple choice: the deck has too few answers of the "
        "same type and a similar length to offer as wrong choices.",
        "No question could be asked as true or false: the deck has too few answers of the "
        "same type and a similar length to pair as false statements.",
    )
    chosen = build_exam(uniform, types=[SA, MS], seed=1)
    assert chosen.notes == (
        "No question could be asked as select all that apply: the deck has no "
        "select-all-that-apply questions.",
    )


@pytest.mark.parametrize(
    ("n", "types", "message"),
    [
        (
            None,
            [MC],
            "no question of deck 'uniform' can be asked as multiple choice; choose other "
            "forms with --types, or a larger deck.",
        ),
        (
            None,
            [QuestionType.FLASHCARD],
            "a test cannot ask flashcard questions; choose among multiple_choice, "
            "true_false, short_answer, multi_select.",
        ),
        (
            None,
            [],
            "choose at least one form for the test: multiple_choice, true_false, "
            "short_answer, multi_select.",
        ),
        (0, None, "a test needs at least one question, not 0; use -n 1 or more."),
    ],
)
def test_what_cannot_make_a_test_is_refused(
    n: int | None, types: list[QuestionType] | None, message: str
) -> None:
    with pytest.raises(BadInput) as caught:
        build_exam(deck("uniform"), n, types, seed=1)
    assert caught.value.message == message


def test_a_deck_that_cannot_take_the_forms_is_refused_however_large() -> None:
    uniform = deck("uniform")
    many = uniform._replace(questions=tuple(uniform.questions) * 1000)
    with pytest.raises(BadInput):
        build_exam(many, types=[MC], seed=1)


def test_all_right_scores_everything() -> None:
    exam = build_exam(deck("mixed"), seed=4)
    report = grade(exam, [right_response(q.question) for q in exam.questions])
    assert (report.right, report.total, report.score) == (13, 13, 1.0)
    assert report.lines()[-1] == "Score: 13/13 (100%)"


def test_the_report_of_right_wrong_and_unanswered_questions() -> None:
    report = grade(tiny_exam(), ["Paris", True, "Hugo"])
    assert report.lines() == [
        "Test on Tiny test deck",
        "",
        " 1. right  Which city is the capital of France?",
        "           your answer: Paris",
        " 2. wrong  The sky is green.",
        "           your answer: True",
        "           right answer: False",
        " 3. right  Who wrote Les Misérables?",
        "           your answer: Hugo",
        " 4. wrong  Select all the prime numbers.",
        "           your answer: (no answer)",
        "           right answer: 2, 5",
        "",
        "Score: 2/4 (50%)",
    ]
    assert [m.given for m in report.marked] == ["Paris", "True", "Hugo", "(no answer)"]


def test_the_report_as_json() -> None:
    report = grade(tiny_exam(), ["Paris", None, "Hugo", ["5", "2"]])
    data = json.loads(report.to_json())
    assert (data["deck"], data["right"], data["total"], data["score"]) == ("tiny", 3, 4, 0.75)
    assert data["questions"][0] == {
        "number": 1,
        "question": "capital",
        "form": "multiple_choice",
        "prompt": "Which city is the capital of France?",
        "response": "Paris",
        "correct": True,
        "expected": "Paris",
    }
    assert data["questions"][1]["response"] is None
    assert data["questions"][3]["response"] == ["5", "2"]


def test_more_responses_than_questions_is_refused() -> None:
    with pytest.raises(BadInput) as caught:
        grade(tiny_exam(), ["Paris", True, "Hugo", ["2"], "extra"])
    assert caught.value.message == "5 responses for a test of 4 questions."


def test_report_lines_fit_the_width_and_show_no_control_characters() -> None:
    for path in [*BUILTIN, DATA / "hostile.json"]:
        source = load_file(path)
        exam = build_exam(source, seed=1)
        lines = grade(exam, []).lines()
        assert all(len(line) <= 80 for line in lines[2:-1]), path
        assert not any(re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", line) for line in lines)


def test_markdown_numbers_the_questions_then_gives_the_answer_key() -> None:
    assert to_markdown(tiny_exam()) == (
        "# Test: Tiny test deck\n"
        "\n"
        "1. Which city is the capital of France?\n"
        "\n"
        "   - A. Lyon\n"
        "   - B. Paris\n"
        "   - C. Nice\n"
        "\n"
        "2. The sky is green.\n"
        "\n"
        "   True or false?\n"
        "\n"
        "3. Who wrote Les Misérables?\n"
        "\n"
        "   Answer: ________________________\n"
        "\n"
        "4. Select all the prime numbers.\n"
        "\n"
        "   Select all that apply.\n"
        "\n"
        "   - A. 2\n"
        "   - B. 4\n"
        "   - C. 5\n"
        "   - D. 9\n"
        "\n"
        "## Answer key\n"
        "\n"
        "1. B. Paris\n"
        "2. False\n"
        "3. Victor Hugo (also accepted: Hugo)\n"
        "4. A. 2, C. 5\n"
    )


def test_markdown_of_five_questions_from_a_builtin_deck() -> None:
    exam = build_exam(load_file(BUILTIN[0]), 5, seed=1)
    text = to_markdown(exam)
    questions, key = text.split("\n## Answer key\n\n")
    assert re.findall(r"^(\d+)\. ", questions, re.MULTILINE) == ["1", "2", "3", "4", "5"]
    assert [line.split(".")[0] for line in key.splitlines()] == ["1", "2", "3", "4", "5"]
    assert to_markdown(build_exam(load_file(BUILTIN[0]), 5, seed=1)) == text


def test_markdown_indents_a_true_or_false_statement_under_its_number() -> None:
    mixed = deck("mixed")
    exam = build_exam(mixed, types=[TF], seed=2)
    text = to_markdown(exam)
    for asked in exam.questions:
        for line in asked.question.prompt.splitlines()[1:]:
            indent = " " * (len(str(asked.number)) + 2)
            assert f"\n{indent}{line}\n" in text


def test_markdown_shows_deck_text_literally() -> None:
    text = to_markdown(build_exam(load_file(DATA / "hostile.json"), seed=1))
    assert "\x1b" not in text and "\x07" not in text
    assert "\\[bold\\]" in text
    assert "\\x1b" in text


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("20m", 1200), ("90s", 90), ("1h", 3600), ("1h30m", 5400), (" 2M ", 120), ("24h", 86400)],
)
def test_time_limits(text: str, seconds: int) -> None:
    assert parse_time_limit(text) == seconds


@pytest.mark.parametrize("text", ["", "20", "m", "-5m", "20 minutes", "1.5h", "30m1h"])
def test_a_time_limit_that_is_not_a_duration_is_refused(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_time_limit(text)
    assert caught.value.message == (
        f"time limit {text!r} is not a duration; write a number and a unit (s, m or h), "
        "such as 90s, 20m, 1h or 1h30m."
    )


@pytest.mark.parametrize("text", ["0s", "0m", "25h", "1441m"])
def test_a_time_limit_out_of_bounds_is_refused(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_time_limit(text)
    assert caught.value.message == f"time limit {text!r} must be more than 0s and at most 24h."


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1200, "20:00"),
        (1199.2, "20:00"),
        (59, "0:59"),
        (0.1, "0:01"),
        (0, "0:00"),
        (-3, "0:00"),
        (3723, "1:02:03"),
    ],
)
def test_time_left(seconds: float, text: str) -> None:
    assert time_left_text(seconds) == text
