"""Deck validation: every problem class, each pointed at its exact line and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, run_quiz

from quizzer import deckcheck, deckfile
from quizzer.deckcheck import check_file
from quizzer.locate import duplicate_keys, key_path, offsets, parse_path, positions

FLASHCARD = '{"id": "q1", "type": "flashcard", "prompt": "Front", "answer": "Back"}'


def deck(*questions: str, head: str = "") -> str:
    """A deck whose questions start on line 6 (after `head`'s lines), one per line."""
    body = ",\n    ".join(questions)
    return (
        '{\n  "format": 1,\n  "id": "d",\n  "title": "T",\n'
        f'{head}  "questions": [\n    {body}\n  ]\n}}\n'
    )


def question(**fields: object) -> str:
    return json.dumps({"id": "q1", **fields}, ensure_ascii=False)


def problems(tmp_path: Path, text: str) -> list[str]:
    """What `quiz deck validate` reports for a file holding `text`."""
    file = tmp_path / "deck.json"
    file.write_text(text, encoding="utf-8")
    _, found = check_file(file, warnings=True)
    return [p.render("deck.json") for p in found]


IDS = "use 1-64 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit."
DECK_KEYS = "description, format, grading, id, questions, source, tags, title"
QUESTION_KEYS = (
    "accept, answer, choices, explanation, grading, id, prompt, source, tags, text, type"
)
TYPES = "multiple_choice, true_false, short_answer, multi_select, flashcard, cloze"
MC = {"type": "multiple_choice", "prompt": "P"}
MS = {"type": "multi_select", "prompt": "P"}
CITY = "New York City"

ERRORS = {
    "root-not-object": ("[1, 2]\n", "1:1: $: a deck is a JSON object, not a list."),
    "broken-json": (
        '{\n  "format": 1,\n  "id": "d"\n  "title": "T"\n}\n',
        "4:3: $: broken JSON: Expecting ',' delimiter.",
    ),
    "repeated-key": (
        deck(FLASHCARD.replace("}", ', "answer": "Again"}')),
        "6:76: $.questions[0].answer: the key 'answer' appears twice in one object; keep only one.",
    ),
    "format-missing": (
        deck(FLASHCARD).replace('  "format": 1,\n', ""),
        '1:1: $.format: missing; add "format": 1.',
    ),
    "format-newer": (
        deck(FLASHCARD).replace('"format": 1', '"format": 2'),
        "2:13: $.format: 2 is not a format this quizzer reads; it reads format 1 "
        "(a newer format needs a newer quizzer).",
    ),
    "deck-id-missing": (
        deck(FLASHCARD).replace('  "id": "d",\n', ""),
        '1:1: $.id: missing; add an "id" such as "my-deck".',
    ),
    "deck-id-invalid": (
        deck(FLASHCARD).replace('"id": "d"', '"id": "My Deck"'),
        f'3:9: $.id: "My Deck" is not a valid id; {IDS}',
    ),
    "title-missing": (
        deck(FLASHCARD).replace('  "title": "T",\n', ""),
        '1:1: $.title: missing; add "title" with some text.',
    ),
    "title-not-text": (
        deck(FLASHCARD).replace('"title": "T"', '"title": 42'),
        "4:12: $.title: must be a string, not a number.",
    ),
    "title-blank": (
        deck(FLASHCARD).replace('"title": "T"', '"title": "   "'),
        "4:12: $.title: is empty; write some text.",
    ),
    "unknown-deck-key": (
        deck(FLASHCARD, head='  "author": "me",\n'),
        f"5:3: $.author: unknown key; allowed keys are {DECK_KEYS}.",
    ),
    "unknown-key-with-a-space": (
        deck(FLASHCARD, head='  "my key": 1,\n'),
        f'5:3: $["my key"]: unknown key; allowed keys are {DECK_KEYS}.',
    ),
    "description-not-text": (
        deck(FLASHCARD, head='  "description": ["a"],\n'),
        "5:18: $.description: must be a string, not a list.",
    ),
    "deck-source": (
        deck(FLASHCARD, head='  "source": {"page": 3},\n'),
        '5:13: $.source: must be free text or {"paragraph": N} with N >= 1.',
    ),
    "tags-not-a-list": (
        deck(FLASHCARD, head='  "tags": "geo",\n'),
        "5:11: $.tags: must be a list of strings, not a string.",
    ),
    "tag-blank": (
        deck(FLASHCARD, head='  "tags": ["geo", ""],\n'),
        '5:19: $.tags[1]: must be a non-empty string, not "".',
    ),
    "questions-missing": (
        '{\n  "format": 1,\n  "id": "d",\n  "title": "T"\n}\n',
        '1:1: $.questions: missing; add "questions": a list of at least one question.',
    ),
    "questions-empty": (
        '{\n  "format": 1,\n  "id": "d",\n  "title": "T",\n  "questions": []\n}\n',
        "5:16: $.questions: must be a non-empty list of questions.",
    ),
    "question-not-object": (
        deck('"What?"'),
        "6:5: $.questions[0]: a question is a JSON object, not a string.",
    ),
    "question-id-missing": (
        deck(FLASHCARD.replace('"id": "q1", ', "")),
        '6:5: $.questions[0].id: missing; add an "id" such as "my-deck".',
    ),
    "question-id-repeated": (
        deck(FLASHCARD, FLASHCARD.replace("Front", "Other")),
        "7:12: $.questions[1].id: 'q1' is already the id of $.questions[0]; "
        "ids must be unique in a deck.",
    ),
    "type-missing": (
        deck(question(prompt="Front", answer="Back")),
        f"6:5: $.questions[0].type: missing; use one of {TYPES}.",
    ),
    "type-unknown": (
        deck(question(type="essay", prompt="Front", answer="Back")),
        f'6:26: $.questions[0].type: "essay" is not a question type; use one of {TYPES}.',
    ),
    "prompt-missing": (
        deck(question(type="flashcard", answer="Back")),
        '6:5: $.questions[0].prompt: missing; add "prompt" with some text.',
    ),
    "prompt-too-long": (
        deck(question(type="flashcard", prompt="x" * 10_001, answer="Back")),
        "6:49: $.questions[0].prompt: is 10,001 characters long, over the limit of 10,000.",
    ),
    "explanation-not-text": (
        deck(FLASHCARD.replace("}", ', "explanation": false}')),
        "6:91: $.questions[0].explanation: must be a string, not true/false.",
    ),
    "unknown-question-key": (
        deck(FLASHCARD.replace("}", ', "hint": "h"}')),
        f"6:76: $.questions[0].hint: unknown key; allowed keys are {QUESTION_KEYS}.",
    ),
    "question-source": (
        deck(FLASHCARD.replace("}", ', "source": {"paragraph": 0}}')),
        '6:86: $.questions[0].source: must be free text or {"paragraph": N} with N >= 1.',
    ),
    "choices-missing": (
        deck(question(**MC, answer="a")),
        '6:5: $.questions[0].choices: missing; add "choices": a list of at least 2 strings.',
    ),
    "one-choice": (
        deck(question(**MC, choices=["a"], answer="a")),
        "6:71: $.questions[0].choices: needs at least 2 choices.",
    ),
    "same-choice-twice": (
        deck(question(**MS, choices=["a", "b", "a"], answer=["a"])),
        "6:68: $.questions[0].choices: has the same choice twice; make every choice different.",
    ),
    "choice-not-text": (
        deck(question(**MC, choices=["a", 2], answer="a")),
        "6:77: $.questions[0].choices[1]: must be a non-empty string, not 2.",
    ),
    "choices-on-true-false": (
        deck(question(type="true_false", prompt="P", choices=["a", "b"], answer=True)),
        "6:66: $.questions[0].choices: a true_false question has no choices; remove them.",
    ),
    "accept-on-flashcard": (
        deck(question(type="flashcard", prompt="P", answer="a", accept=["b"])),
        '6:79: $.questions[0].accept: only short_answer questions take "accept"; remove it.',
    ),
    "accept-blank": (
        deck(question(type="short_answer", prompt="P", answer="a", accept=["b", ""])),
        '6:88: $.questions[0].accept[1]: must be a non-empty string, not "".',
    ),
    "answer-missing": (
        deck(question(type="short_answer", prompt="P")),
        '6:5: $.questions[0].answer: missing; add the correct "answer".',
    ),
    "answer-not-a-choice": (
        deck(question(**MC, choices=["Paris", "Lyon"], answer="paris")),
        '6:100: $.questions[0].answer: "paris" is not one of the choices '
        '(did you mean "Paris"?); make it exactly one of them.',
    ),
    "answer-not-text": (
        deck(question(**MC, choices=["a", "b"], answer=1)),
        "6:93: $.questions[0].answer: must be one of the choices (a string), not a number.",
    ),
    "answer-quoted-boolean": (
        deck(question(type="true_false", prompt="P", answer="true")),
        "6:65: $.questions[0].answer: must be true or false (JSON booleans, no quotes), "
        'not "true".',
    ),
    "answer-not-a-list": (
        deck(question(**MS, choices=["a", "b"], answer="a")),
        "6:90: $.questions[0].answer: must be a non-empty list of the right choices.",
    ),
    "answer-pick-not-a-choice": (
        deck(question(**MS, choices=["a", "b"], answer=["a", "c"])),
        '6:96: $.questions[0].answer[1]: "c" is not one of the choices; '
        "make it exactly one of them.",
    ),
    "answer-pick-twice": (
        deck(question(**MS, choices=["a", "b"], answer=["a", "a"])),
        "6:90: $.questions[0].answer: lists a choice twice; list each right choice once.",
    ),
    "answer-blank": (
        deck(question(type="short_answer", prompt="P", answer=" ")),
        '6:67: $.questions[0].answer: must be a non-empty string, not " ".',
    ),
    "answer-too-long": (
        deck(question(type="flashcard", prompt="P", answer="y" * 10_001)),
        "6:64: $.questions[0].answer: is over the limit of 10,000 characters.",
    ),
}


@pytest.mark.parametrize(("text", "expected"), ERRORS.values(), ids=ERRORS.keys())
def test_each_error_is_reported_at_its_line_and_column(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert problems(tmp_path, text) == [f"deck.json:{expected}"]


WARNINGS = {
    "same-prompt": (
        deck(
            question(type="flashcard", prompt="Hola", answer="Hello"),
            question(type="flashcard", prompt=" hola ", answer="Hi").replace("q1", "q2"),
        ),
        "7:49: $.questions[1].prompt: warning: the same prompt as $.questions[0]; "
        "reword one of them or remove the duplicate.",
    ),
    "choices-differ-by-case-or-spaces": (
        deck(question(**MC, choices=["New York", "new  york", "Boston"], answer="Boston")),
        '6:84: $.questions[0].choices[1]: warning: "new  york" differs from choice 0 '
        '("New York") only by case or spaces; make them clearly different or remove one.',
    ),
    "choice-is-part-of-the-answer": (
        deck(question(**MC, choices=["New York", CITY, "Newark"], answer=CITY)),
        '6:72: $.questions[0].choices[0]: warning: "New York" is part of the answer '
        '"New York City", so it reads as right too; make the wrong choices clearly different.',
    ),
    "every-choice-right": (
        deck(question(**MS, choices=["a", "b"], answer=["b", "a"])),
        "6:90: $.questions[0].answer: warning: every choice is right, so there is nothing "
        "to tell apart; add a wrong choice.",
    ),
    "prompt-gives-the-answer-away": (
        deck(
            question(
                type="short_answer", prompt="Who wrote Hamlet (Shakespeare)?", answer="Shakespeare"
            )
        ),
        '6:52: $.questions[0].prompt: warning: contains the answer "Shakespeare", which '
        "gives it away; reword the prompt.",
    ),
}


@pytest.mark.parametrize(("text", "expected"), WARNINGS.values(), ids=WARNINGS.keys())
def test_each_warning_is_reported_at_its_line_and_column(
    tmp_path: Path, text: str, expected: str
) -> None:
    file = tmp_path / "deck.json"
    file.write_text(text, encoding="utf-8")
    found, reported = check_file(file, warnings=True)
    assert found is not None, "warnings never make a deck invalid"
    assert [p.render("deck.json") for p in reported] == [f"deck.json:{expected}"]
    assert check_file(file)[1] == [], "the loader does not look for likely mistakes"


def test_accepted_answers_that_grading_already_accepts_are_warned_about(tmp_path: Path) -> None:
    text = deck(
        question(
            type="short_answer",
            prompt="Who?",
            answer="Victor Hugo",
            accept=["victor-hugo", "Hugo", "HUGO"],
        )
    )
    redundant = (
        "is already accepted: answers are compared without case, accents, punctuation "
        "and spaces; remove it."
    )
    assert problems(tmp_path, text) == [
        f'deck.json:6:96: $.questions[0].accept[0]: warning: "victor-hugo" {redundant}',
        f'deck.json:6:119: $.questions[0].accept[2]: warning: "HUGO" {redundant}',
    ]


def test_problems_come_in_file_order_with_errors_and_warnings_mixed(tmp_path: Path) -> None:
    text = deck(
        question(type="flashcard", prompt="Same", answer="a"),
        question(type="flashcard", prompt="Same", answer="b").replace("q1", "q2"),
        question(type="essay", prompt="P", answer="c").replace("q1", "q3"),
        head='  "colour": "red",\n',
    )
    assert problems(tmp_path, text) == [
        f"deck.json:5:3: $.colour: unknown key; allowed keys are {DECK_KEYS}.",
        "deck.json:8:49: $.questions[1].prompt: warning: the same prompt as $.questions[0]; "
        "reword one of them or remove the duplicate.",
        f'deck.json:9:26: $.questions[2].type: "essay" is not a question type; use one of {TYPES}.',
    ]


def test_file_level_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert problems(tmp_path, "[" * 100_000 + "]" * 100_000) == [
        "deck.json:1:1: $: JSON nested too deeply for a deck."
    ]
    _, found = check_file(DATA / "not-utf8.json")
    assert [p.render("f") for p in found] == [
        "f:1:43: $: not UTF-8: byte 42 is 0xe9; save the file as UTF-8."
    ]
    monkeypatch.setattr(deckcheck, "MAX_QUESTIONS", 1)
    assert problems(tmp_path, deck(FLASHCARD, FLASHCARD)) == [
        "deck.json:5:16: $.questions: 2 questions is over the limit of 1; split the deck."
    ]
    monkeypatch.setattr(deckfile, "MAX_FILE_BYTES", 100)
    assert problems(tmp_path, deck(FLASHCARD)) == [
        "deck.json:1:1: $: the file is 144 bytes, over the limit of 100; "
        "split it into smaller decks."
    ]


def test_every_problem_of_a_broken_fixture_is_located() -> None:
    _, found = check_file(DATA / "many-problems.json")
    located = [(p.line, p.column, p.path) for p in found]
    assert len(located) == 13
    assert (5, 3, "$.colour") in located
    assert (7, 96, "$.questions[0].answer") in located
    assert (12, 86, "$.questions[5].accept") in located


def test_json_paths_round_trip_and_find_their_place() -> None:
    text = '{"a": {"odd key": [10, {"b": null}]}, "c": "x"}'
    assert parse_path('$.a["odd key"][1].b') == ("a", "odd key", 1, "b")
    assert key_path("$.a", "odd key") == '$.a["odd key"]'
    assert parse_path(key_path("$", 'say "hi"')) == ('say "hi"',)
    found = offsets(text, ['$.a["odd key"][1].b', "$.c", "$.a.missing"], keys=["$.c"])
    assert found == {'$.a["odd key"][1].b': 29, "$.c": 38, "$.a.missing": 6}
    assert text[29:33] == "null"
    assert text[6] == "{"
    with pytest.raises(ValueError, match="not a JSON path"):
        parse_path("a.b")


def test_positions_count_lines_and_characters_not_bytes() -> None:
    text = 'ab\n"é€"\nxyz'
    spots = positions(text, [0, 5, 8, 10])
    assert [(spots[i].line, spots[i].column) for i in (0, 5, 8, 10)] == [
        (1, 1),
        (2, 3),
        (3, 1),
        (3, 3),
    ]


def test_repeated_keys_are_found_wherever_they_are() -> None:
    text = '{"a": 1, "q": [{"x": 1, "x": 2}], "a": 3}'
    assert duplicate_keys(text) == [("$.q[0].x", "x", 24), ("$.a", "a", 34)]


def test_validate_command_text_and_exit_codes(tmp_path: Path, home: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(deck(question(type="true_false", prompt="P", answer="yes")), encoding="utf-8")
    good = DATA / "tiny.json"
    done = run_quiz("deck", "validate", str(good), str(bad), str(tmp_path / "none.json"))
    assert done.returncode == 2
    assert done.stdout.splitlines() == [
        f"{good}: valid deck 'tiny', 5 questions, 0 warnings",
        f"{bad}:6:65: $.questions[0].answer: must be true or false (JSON booleans, no quotes), "
        'not "yes".',
        f"{bad}: not a valid deck: 1 error, 0 warnings",
        f"{tmp_path / 'none.json'}: $: cannot read it (No such file or directory); "
        "check the path and its permissions.",
        f"{tmp_path / 'none.json'}: not a valid deck: 1 error, 0 warnings",
    ]
    assert done.stderr == ""
    assert run_quiz("deck", "validate", str(good)).returncode == 0


def test_validate_json_lists_every_problem_for_editors(tmp_path: Path, home: Path) -> None:
    file = tmp_path / "d.json"
    file.write_text(
        deck(
            question(**MC, choices=["Paris", "paris"], answer="Lyon"),
            question(type="flashcard", prompt="P", answer="A").replace("q1", "q2"),
        ),
        encoding="utf-8",
    )
    done = run_quiz("deck", "validate", "--json", str(file))
    assert done.returncode == 2
    assert json.loads(done.stdout) == [
        {
            "file": str(file),
            "line": 6,
            "column": 101,
            "path": "$.questions[0].answer",
            "message": '"Lyon" is not one of the choices; make it exactly one of them.',
            "severity": "error",
        }
    ]
    file.write_text(deck(question(**MC, choices=["Paris", "paris"], answer="Paris")))
    done = run_quiz("deck", "validate", "--json", str(file))
    assert done.returncode == 0
    assert [(p["line"], p["column"], p["severity"]) for p in json.loads(done.stdout)] == [
        (6, 81, "warning")
    ]


def test_a_broken_deck_is_refused_at_start_with_its_lines(tmp_path: Path, home: Path) -> None:
    file = tmp_path / "broken.json"
    file.write_text(deck(question(type="essay", prompt="P", answer="x")), encoding="utf-8")
    done = run_quiz("start", str(file))
    assert done.returncode == 2
    assert done.stderr.startswith(
        f"quiz: error: {file} is not a valid deck (1 problem):\n"
        f'  {file}:6:26: $.questions[0].type: "essay" is not a question type'
    )
    assert "`quiz deck validate` lists them all" in done.stderr


def test_the_example_deck_of_the_deck_guide_is_valid_and_its_message_true(
    tmp_path: Path,
) -> None:
    guide = (Path(__file__).parent.parent / "decks" / "README.md").read_text(encoding="utf-8")
    example = guide.split("```json\n", 1)[1].split("```", 1)[0]
    file = tmp_path / "capitals.json"
    file.write_text(example, encoding="utf-8")
    assert check_file(file, warnings=True)[1] == []
    file.write_text(example.replace('"answer": true', '"answer": "true"'), encoding="utf-8")
    (shown,) = [line for line in guide.splitlines() if line.startswith("capitals.json:")]
    assert [p.render("capitals.json") for p in check_file(file)[1]] == [shown]


def test_what_a_deck_holds_is_never_sent_raw_to_the_terminal(tmp_path: Path, home: Path) -> None:
    file = tmp_path / "evil.json"
    text = deck(FLASHCARD, head='  "\\u009b31m\\u202e": 1,\n').replace('"d"', '"\\u001b[2J"')
    file.write_text(text, encoding="utf-8")
    done = run_quiz("deck", "validate", str(file))
    assert "\x1b" not in done.stdout and "\x9b" not in done.stdout
    assert "\u202e" not in done.stdout
    assert f'{file}:5:3: $["\\x9b31m\\u202e"]: unknown key' in done.stdout
    as_json = json.loads(run_quiz("deck", "validate", "--json", str(file)).stdout)
    assert [(p["path"], p["message"][:12]) for p in as_json] == [
        ("$.id", '"\\u001b[2J" '),
        ('$["\\x9b31m\\u202e"]', "unknown key;"),
    ]
