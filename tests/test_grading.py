"""Grading of every question type: typed answers with filler, numbers in words, shotgun
answers, typos that are slips and typos that are other words, and the deck settings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from quizzer.deckcheck import check_file, schema_text
from quizzer.grading import GradingRules, grade_typed, judge, normalize, read_rules
from quizzer.models import Question, QuestionType
from quizzer.ui.feedback import verdict_lines

MC = Question("mc", QuestionType.MULTIPLE_CHOICE, "Capital?", "Paris", choices=("Lyon", "Paris"))
TF = Question("tf", QuestionType.TRUE_FALSE, "Green sky?", False)
SA = Question("sa", QuestionType.SHORT_ANSWER, "Author?", "Victor Hugo", accept=("Hugo",))
YEAR = Question("year", QuestionType.SHORT_ANSWER, "Year?", "2014")
SHORT = Question("ibm", QuestionType.SHORT_ANSWER, "Who?", "IBM")
MS = Question("ms", QuestionType.MULTI_SELECT, "Primes?", ("2", "5"), choices=("2", "4", "5", "9"))
FC = Question("fc", QuestionType.FLASHCARD, "hola", "hello")


def test_multiple_choice() -> None:
    assert judge(MC, "Paris").correct
    wrong = judge(MC, "Lyon")
    assert not wrong.correct
    assert wrong.expected == "Paris"


def test_true_false() -> None:
    assert judge(TF, False).correct
    assert judge(TF, True).outcome == "wrong"
    assert judge(TF, True).expected == "False"


@pytest.mark.parametrize(
    "typed",
    ["Victor Hugo", "victor hugo", "  VICTOR   HUGO ", "Victor-Hugo.", "hugo", "Vîctor Hügo"],
)
def test_short_answer_normalises_case_space_punctuation_accents(typed: str) -> None:
    verdict = judge(SA, typed)
    assert verdict.correct
    assert verdict.outcome == "right"


def test_short_answer_forgives_a_close_typo_and_shows_the_spelling() -> None:
    verdict = judge(SA, "Victr Hugo")
    assert verdict.correct
    assert verdict.outcome == "close"
    assert verdict.note == "Close enough; it is spelled: Victor Hugo"


@pytest.mark.parametrize("typed", ["Emile Zola", "", "Vic", "Victor Hugoooooo"])
def test_short_answer_wrong(typed: str) -> None:
    assert not judge(SA, typed).correct


def test_numbers_must_match_exactly() -> None:
    assert judge(YEAR, "2014").correct
    assert not judge(YEAR, "2015").correct
    assert not judge(YEAR, "2104").correct


def test_short_answers_of_three_letters_allow_no_typo() -> None:
    assert judge(SHORT, "ibm").correct
    assert not judge(SHORT, "ibn").correct


def test_multi_select_exact_set_only() -> None:
    assert judge(MS, ["5", "2"]).correct
    partial = judge(MS, ["2", "4"])
    assert not partial.correct
    assert partial.outcome == "partial"
    assert partial.missed == ("5",)
    assert partial.extra == ("4",)
    assert partial.note == "Missed: 5; not right: 4"
    none_right = judge(MS, ["9"])
    assert none_right.outcome == "wrong"
    assert not judge(MS, ["2"]).correct
    assert judge(MS, []).note == "Missed: 2, 5"


@pytest.mark.parametrize(
    ("rating", "correct", "outcome"),
    [(1, False, "again"), (2, True, "hard"), (3, True, "good"), (4, True, "easy")],
)
def test_flashcard_self_rating(rating: int, correct: bool, outcome: str) -> None:
    verdict = judge(FC, rating)
    assert (verdict.correct, verdict.outcome, verdict.expected) == (correct, outcome, "hello")


def test_normalize() -> None:
    assert normalize("  Ça  va, Zoë! ") == "cavazoe"
    assert normalize("The Moon") == normalize("moon") == normalize("a moon") == "moon"
    assert normalize("Theory") == "theory"
    assert normalize("The") == "the"


@pytest.fixture(autouse=True)
def _private_home(home: Path) -> None:
    """Grading reads no data, but every test runs in its own QUIZZER_HOME all the same."""


def typed(answer: str, *accept: str, **rules: Any) -> Question:
    """A short-answer question with these accepted answers and grading settings."""
    settings = GradingRules(**rules) if rules else None
    return Question("q", QuestionType.SHORT_ANSWER, "?", answer, accept=accept, grading=settings)


# The examples of issue 13 and more for each rule: response, accepted answers, outcome,
# and the accepted answer it counts as ("" when the response is that answer itself).
RIGHT = {
    "filler-before": ("in 2014", ("2014",), "right", "2014"),
    "filler-the-year": ("the year 2014", ("2014",), "right", "2014"),
    "filler-country": ("Hangzhou, China", ("Hangzhou",), "right", "Hangzhou"),
    "filler-city": ("Hangzhou City", ("Hangzhou",), "right", "Hangzhou"),
    "filler-company": ("IBM Corp", ("IBM",), "right", "IBM"),
    "filler-sentence": ("DeepSeek was founded in 2014.", ("2014",), "right", "2014"),
    "filler-possessive": ("DeepSeek's lab", ("DeepSeek",), "right", "DeepSeek"),
    "filler-around-an-accept": ("the novelist Hugo", ("Victor Hugo", "Hugo"), "right", "Hugo"),
    "words-cardinal": ("two thousand fourteen", ("2014",), "right", "2014"),
    "words-cardinal-and": ("two thousand and fourteen", ("2014",), "right", "2014"),
    "words-year": ("twenty fourteen", ("2014",), "right", "2014"),
    "words-hundred": ("one hundred", ("100",), "right", "100"),
    "words-hyphen": ("twenty-one", ("21",), "right", "21"),
    "words-with-filler": ("in twenty fourteen", ("2014",), "right", "2014"),
    "words-in-a-phrase": ("just over one hundred", ("just over 100",), "right", "just over 100"),
    "digits-for-words": ("100", ("one hundred",), "right", "one hundred"),
    "digit-groups": ("1,000,000", ("1000000",), "right", ""),
    "typo-transposed": ("laen", ("lean",), "close", "lean"),
    "typo-missing-letter": ("Hangzou", ("Hangzhou",), "close", "Hangzhou"),
    "typo-with-filler": ("in Hangzou", ("Hangzhou",), "close", "Hangzhou"),
    "typo-split-word": ("Hang zou", ("Hangzhou",), "close", "Hangzhou"),
    "typo-beside-a-number": ("Apolo 11", ("Apollo 11",), "close", "Apollo 11"),
    "article": ("the Moon", ("Moon",), "right", ""),
    "separator-in-the-answer": ("ACDC", ("AC/DC",), "right", ""),
    "negation-in-the-answer": ("not applicable", ("Not applicable",), "right", ""),
}
WRONG = {
    "shotgun-or": ("2014 or 2015", ("2014",), '"or" offers more than one answer; give one.'),
    "shotgun-names": (
        "Beijing or Hangzhou",
        ("Hangzhou",),
        '"or" offers more than one answer; give one.',
    ),
    "shotgun-slash": ("2014/2015", ("2014",), '"/" offers more than one answer; give one.'),
    "shotgun-and": (
        "Hangzhou and Beijing",
        ("Hangzhou",),
        '"and" offers more than one answer; give one.',
    ),
    "shotgun-list": ("2013 2014 2015", ("2014",), "More than one number given; give one."),
    "shotgun-words": (
        "twenty thirteen twenty fourteen",
        ("2014",),
        "More than one number given; give one.",
    ),
    "two-candidates": (
        "Liang Wenfeng Zhang Wei",
        ("Liang Wenfeng", "Zhang Wei"),
        "Names two answers (Liang Wenfeng and Zhang Wei); give one.",
    ),
    "negation": ("not 2014", ("2014",), '"not" negates the answer; give the answer itself.'),
    "negation-contracted": (
        "isn't it Hangzhou",
        ("Hangzhou",),
        '"n\'t" negates the answer; give the answer itself.',
    ),
    "another-word-c": ("clean", ("lean",), ""),
    "another-word-m": ("mean", ("lean",), ""),
    "another-word-d": ("lead", ("lean",), ""),
    "another-word-in-a-name": ("Victor Huge", ("Victor Hugo",), ""),
    "another-word-in-filler": ("pairs of shoes", ("Paris",), ""),
    "another-number": ("2015", ("2014",), ""),
    "digits-swapped": ("2104", ("2014",), ""),
    "another-number-in-words": ("twenty fifteen", ("2014",), ""),
    "number-words-need-no-typo": ("twenty nine", ("21",), ""),
    "short-answers-exact": ("ibn", ("IBM",), ""),
    "digits-earn-no-typos": ("val 12345", ("value 12345",), ""),
    "a-typo-and-another-number": ("Apolo 12", ("Apollo 11",), ""),
    "only-part-of-the-answer": ("Victor", ("Victor Hugo",), ""),
    "empty": ("", ("2014",), ""),
    "punctuation-only": ("?!", ("2014",), ""),
}


@pytest.mark.parametrize(
    ("response", "accepted", "outcome", "matched"), RIGHT.values(), ids=RIGHT.keys()
)
def test_typed_answers_graded_right(
    response: str, accepted: tuple[str, ...], outcome: str, matched: str
) -> None:
    verdict = judge(typed(*accepted), response)
    assert (verdict.correct, verdict.outcome, verdict.matched) == (True, outcome, matched)
    assert verdict.expected == accepted[0]


@pytest.mark.parametrize(("response", "accepted", "note"), WRONG.values(), ids=WRONG.keys())
def test_typed_answers_graded_wrong(response: str, accepted: tuple[str, ...], note: str) -> None:
    verdict = judge(typed(*accepted), response)
    assert (verdict.correct, verdict.outcome, verdict.note, verdict.matched) == (
        False,
        "wrong",
        note,
        "",
    )


def test_grade_typed_is_the_grading_of_one_blank() -> None:
    """A future cloze blank is graded like a short answer, from its accepted answers."""
    assert grade_typed("in 2014", ("2014", "two thousand fourteen")) == judge(
        typed("2014"), "in 2014"
    )
    assert grade_typed("in 2014", ["2014"], GradingRules(filler=False)).outcome == "wrong"


def test_a_response_that_is_the_whole_answer_with_a_typo_beats_part_of_it() -> None:
    verdict = judge(typed("Victor Hugo", "Hugo"), "Victr Hugo")
    assert (verdict.outcome, verdict.matched) == ("close", "Victor Hugo")


@pytest.mark.parametrize(
    ("rules", "response", "outcome"),
    [
        ({"case": "sensitive"}, "Paris", "right"),
        ({"case": "sensitive"}, "paris", "wrong"),
        ({"case": "sensitive"}, "Parsi", "close"),
        ({"case": "sensitive"}, "parsi", "wrong"),
        ({"case": "sensitive"}, "in Paris", "right"),
        ({"accents": "sensitive"}, "Pâris", "wrong"),
        ({"typos": False}, "Parsi", "wrong"),
        ({"filler": False}, "in Paris", "wrong"),
        ({"filler": False}, "the Paris", "right"),
        ({}, "Pâris", "right"),
    ],
)
def test_settings_tighten_grading(rules: dict[str, Any], response: str, outcome: str) -> None:
    assert judge(typed("Paris", **rules), response).outcome == outcome


def test_settings_for_accents_and_numbers() -> None:
    assert judge(typed("Zoë", accents="sensitive"), "zoë").outcome == "right"
    assert judge(typed("Zoë", accents="sensitive"), "Zoe").outcome == "wrong"
    assert judge(typed("2014", numbers=False), "twenty fourteen").outcome == "wrong"
    assert judge(typed("fourteen", numbers=False), "14").outcome == "wrong"
    assert judge(typed("fourteen"), "14").outcome == "right"


def test_rules_round_trip_through_deck_json() -> None:
    strict = GradingRules(case="sensitive", typos=False)
    assert strict.to_dict() == {"case": "sensitive", "typos": False}
    assert GradingRules().to_dict(strict) == {"case": "ignore", "typos": True}
    assert read_rules({"case": "sensitive", "typos": False}, GradingRules()) == (strict, [])
    assert read_rules({"typos": 0, "colour": "red"}, strict) == (
        strict,
        [
            ("typos", "must be true or false, not 0."),
            ("*colour", "unknown setting; the settings are case, accents, typos, filler, numbers."),
        ],
    )
    assert read_rules([], strict)[1] == [("", 'must be an object such as {"typos": false}.')]


def test_feedback_names_the_answer_a_response_counted_as() -> None:
    question = typed("2014")
    assert verdict_lines(question, judge(question, "in 2014")) == ("Right.", ["Counted as: 2014"])
    assert verdict_lines(question, judge(question, "2014")) == ("Right.", [])
    assert verdict_lines(question, judge(question, "2014 or 2015")) == (
        "Wrong. The answer is: 2014",
        ['"or" offers more than one answer; give one.'],
    )
    close = typed("Hangzhou")
    assert verdict_lines(close, judge(close, "in Hangzou")) == (
        "Right (with a typo).",
        ["Close enough; it is spelled: Hangzhou"],
    )


def test_a_quiz_loads_the_number_and_word_libraries_only_when_needed(home: Path) -> None:
    script = (
        "import sys\n"
        "from quizzer.grading import grade_typed\n"
        "LIBS = ('num2words', 'spellchecker', 'rapidfuzz')\n"
        "def loaded(): return [m for m in LIBS if m in sys.modules]\n"
        "assert grade_typed('The  moon!', ['Moon']).outcome == 'right'\n"
        "assert grade_typed('2014', ['2014']).outcome == 'right'\n"
        "print(loaded())\n"
        "assert grade_typed('in 2014', ['2014']).outcome == 'right'\n"
        "assert grade_typed('Rome', ['Berlin']).outcome == 'wrong'\n"
        "print(loaded())\n"
        "assert grade_typed('twenty fourteen', ['2014']).outcome == 'right'\n"
        "print(loaded())\n"
        "assert grade_typed('laen', ['lean']).outcome == 'close'\n"
        "print(loaded())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [
        "[]",
        "[]",
        "['num2words']",
        "['num2words', 'spellchecker', 'rapidfuzz']",
    ]


GRADED_DECK = {
    "format": 1,
    "id": "spelling",
    "title": "Spelling",
    "grading": {"typos": False},
    "questions": [
        {"id": "a", "type": "short_answer", "prompt": "Spell it", "answer": "necessary"},
        {
            "id": "b",
            "type": "short_answer",
            "prompt": "Symbol of cobalt?",
            "answer": "Co",
            "grading": {"case": "sensitive", "filler": False},
        },
        {
            "id": "c",
            "type": "short_answer",
            "prompt": "Any city",
            "answer": "Hangzhou",
            "grading": {"typos": True},
        },
        {"id": "d", "type": "flashcard", "prompt": "hola", "answer": "hello"},
    ],
}


def test_a_deck_and_its_questions_set_the_grading(tmp_path: Path) -> None:
    file = tmp_path / "spelling.json"
    file.write_text(json.dumps(GRADED_DECK, indent=2), encoding="utf-8")
    deck, problems = check_file(file, warnings=True)
    assert problems == []
    assert deck is not None
    a, b, c, d = deck.questions
    assert deck.grading == a.grading == GradingRules(typos=False)
    assert b.grading == GradingRules(case="sensitive", typos=False, filler=False)
    assert c.grading == GradingRules()
    assert d.grading is None
    assert judge(a, "neccessary").outcome == "wrong"
    assert judge(b, "CO").outcome == "wrong"
    assert judge(b, "the Co").outcome == "right"
    assert judge(c, "Hangzou").outcome == "close"
    assert deck.to_dict() == GRADED_DECK
    schema = jsonschema.Draft202012Validator(json.loads(schema_text()))
    assert list(schema.iter_errors(GRADED_DECK)) == []


def test_grading_settings_are_validated_with_their_place(tmp_path: Path) -> None:
    data = json.loads(json.dumps(GRADED_DECK))
    data["grading"] = {"typo": False}
    data["questions"][1]["grading"] = {"case": "upper", "filler": "no"}
    data["questions"][2]["grading"] = ["typos"]
    data["questions"][3]["grading"] = {"typos": False}
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(data, indent=1), encoding="utf-8")
    deck, problems = check_file(file)
    assert deck is None
    settings = "case, accents, typos, filler, numbers"
    assert [p.render("bad.json") for p in problems] == [
        f"bad.json:6:3: $.grading.typo: unknown setting; the settings are {settings}.",
        'bad.json:21:13: $.questions[1].grading.case: must be "ignore" or "sensitive", '
        'not "upper".',
        'bad.json:22:15: $.questions[1].grading.filler: must be true or false, not "no".',
        'bad.json:30:15: $.questions[2].grading: must be an object such as {"typos": false}.',
        "bad.json:39:15: $.questions[3].grading: only short_answer and cloze questions "
        'take "grading"; remove it.',
    ]
    schema = jsonschema.Draft202012Validator(json.loads(schema_text()))
    assert len(list(schema.iter_errors(data))) >= 4
