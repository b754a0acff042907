"""The deck lint: each warning about a guessable question, from a fixture deck made to break
it, through `quiz deck validate --strict`; and a deck that breaks none passes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import DATA
from typer.testing import CliRunner

from quizzer.cli import app
from quizzer.deckcheck import check_deck
from quizzer.lintdeck import words_of

LINT = DATA / "lint"
GUIDE = Path(__file__).parent.parent / "decks" / "README.md"

# Each fixture deck and the warnings it is made to raise (after "FILE:").
BROKEN = {
    "longest": [
        "15:17: $.questions[0].answer: warning: the right answer is by far the longest choice "
        "(42 characters against 14 at most), which gives it away; make the choices about as "
        "long as each other."
    ],
    "near-duplicate": [
        "15:17: $.questions[1].prompt: warning: nearly the same prompt as $.questions[0] "
        "(93% alike); ask each fact once: merge the two or make them ask different things."
    ],
    "giveaway": [
        '15:17: $.questions[1].prompt: warning: contains "Hangzhou", the answer to '
        "$.questions[0], which gives that answer away; reword this prompt or that question."
    ],
    "negation": [
        '12:9: $.questions[0].choices[1]: warning: "The team is not small" is the negation of '
        'the right answer "The team is small", which points to one of the two; write a wrong '
        "choice that is plausible on its own."
    ],
    "mirror": [
        '12:9: $.questions[0].choices[1]: warning: "Tech giants can beat small teams" is a '
        'mirror (the same words in another order) of the right answer "Small teams can beat '
        'tech giants", which points to one of the two; write a wrong choice that is plausible '
        "on its own."
    ],
    "few-wrong": [
        "6:5: $.questions[0]: warning: only 1 of the 4 choices is wrong, so picking "
        "every choice is nearly right; add wrong choices until at least two are wrong."
    ],
    "every-right": [
        "15:17: $.questions[0].answer: warning: every choice is right, so there is nothing to "
        "tell apart; add a wrong choice."
    ],
    "absolute": [
        '9:17: $.questions[0].prompt: warning: "only" makes the statement absolute, and '
        "absolute statements are easy to guess (they are usually false); state the fact "
        "without it."
    ],
    "true-false-balance": [
        "10:17: $.questions[0].answer: warning: 5 of the 5 true/false answers are true, so "
        "answering true every time scores 100%; make about half of them false."
    ],
    "accept-typo": [
        '12:9: $.questions[0].accept[0]: warning: "Hangzou" is within a typo of "Hangzhou", '
        "which grading forgives; remove it."
    ],
    "accept-counted": [
        '12:9: $.questions[0].accept[0]: warning: "Hangzhou City" already counts as '
        '"Hangzhou" (words around an answer are filler); remove it.',
        '21:9: $.questions[1].accept[0]: warning: "twenty fourteen" already counts as "2014" '
        "(numbers in words equal digits); remove it.",
    ],
}


def validate(*args: str) -> tuple[int, list[str]]:
    """`quiz deck validate ARGS` in this process: its exit code and output lines."""
    done = CliRunner().invoke(app, ["deck", "validate", *args])
    return done.exit_code, done.output.splitlines()


@pytest.mark.parametrize("name", BROKEN)
def test_each_lint_fails_strict_validation_of_the_deck_made_to_break_it(
    name: str, home: Path
) -> None:
    file = LINT / f"{name}.json"
    code, lines = validate("--strict", str(file))
    count = len(BROKEN[name])
    tally = f"{count} warning{'s' * (count != 1)}"
    assert code == 2
    assert lines[:-1] == [f"{file}:{line}" for line in BROKEN[name]]
    assert lines[-1].startswith(f"{file}: valid deck {name!r}, ")
    assert lines[-1].endswith(f", {tally}")
    assert validate(str(file))[0] == 0, "without --strict, warnings do not fail"


def test_a_deck_that_breaks_no_lint_passes_strict_validation(home: Path) -> None:
    file = LINT / "clean.json"
    assert validate("--strict", str(file)) == (
        0,
        [f"{file}: valid deck 'clean', 7 questions, 0 warnings"],
    )


def test_an_invalid_deck_exits_2_with_or_without_strict(tmp_path: Path, home: Path) -> None:
    file = tmp_path / "bad.json"
    file.write_text('{"format": 1, "id": "bad", "title": "T", "questions": []}\n')
    for args in ((), ("--strict",)):
        code, lines = validate(*args, str(file))
        assert code == 2
        assert lines[-1] == f"{file}: not a valid deck: 1 error, 0 warnings"


def test_strict_json_output_lists_the_warnings(home: Path) -> None:
    file = LINT / "absolute.json"
    done = CliRunner().invoke(app, ["deck", "validate", "--strict", "--json", str(file)])
    assert done.exit_code == 2
    assert [p["severity"] for p in json.loads(done.output)] == ["warning"]


def warnings_of(*questions: dict[str, object]) -> list[str]:
    """The warnings of a deck holding these questions (ids q0, q1...), as PATH: message."""
    data = {
        "format": 1,
        "id": "d",
        "title": "T",
        "questions": [{"id": f"q{i}", **q} for i, q in enumerate(questions)],
    }
    deck, problems = check_deck(data, warnings=True)
    assert deck is not None
    return [f"{p.path}: {p.message}" for p in problems]


def card(prompt: str, answer: str = "x") -> dict[str, object]:
    return {"type": "flashcard", "prompt": prompt, "answer": answer}


def test_near_duplicates_differ_by_one_word_moved_or_changed_but_not_by_a_number(
    home: Path,
) -> None:
    moved = warnings_of(
        card("Which city is DeepSeek based in?"), card("In which city is DeepSeek based?")
    )
    assert [w.split(":")[0] for w in moved] == ["$.questions[1].prompt"]
    assert "nearly the same prompt as $.questions[0]" in moved[0]
    assert (
        warnings_of(card("Who won the World Cup in 2014?"), card("Who won the World Cup in 2018?"))
        == []
    )
    assert warnings_of(card("Capital of France?"), card("Capital of Peru?")) == []


def test_a_template_of_many_prompts_alike_is_compared_with_neighbours_only(home: Path) -> None:
    """Prompts alike but for one word are many pairs; each is reported once, at the later."""
    names = [a + b for a in "ABCDEFG" for b in "VWXYZ"]
    found = warnings_of(*(card(f"What is the main export of country {n}?") for n in names * 2))
    assert len(found) == 69, "one warning for each prompt after the first"
    assert sum("nearly the same prompt" in w for w in found) == 34
    assert sum(": the same prompt as" in w for w in found) == 35


def test_a_flashcard_back_gives_nothing_away_and_short_answers_are_too_common(home: Path) -> None:
    assert warnings_of(card("hola", "hello"), card("Say hello in Spanish")) == []
    short = {"type": "short_answer", "prompt": "Symbol of iron?", "answer": "Fe"}
    assert warnings_of(short, card("Is Fe magnetic?")) == []


def test_the_deck_guide_shows_an_example_of_every_lint(home: Path) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    assert "Haladyna, Downing and Rodriguez" in guide
    for name, lines in BROKEN.items():
        assert f"`{name}.json`" in guide
        for line in lines:
            message = line.split(": warning: ")[1]
            if message.startswith('"'):  # the choice or accepted answer it is about
                message = message.split('" ', 1)[1]
            assert message in guide, name


@pytest.mark.parametrize(
    "text",
    ["what is 2+2? (hint_text) it's", "Fête à Zürich, 3 jours", "under_score\tand\nnew-lines", ""],
)
def test_words_are_runs_of_letters_and_digits_on_either_path(text: str) -> None:
    assert words_of(text) == re.findall(r"[^\W_]+", text)
