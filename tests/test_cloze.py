"""Cloze questions from end to end: broken ones located, asked one blank at a time in
plain mode and in a pseudo-terminal, graded and recorded blank by blank, shown, exported
to csv and apkg and read back, listed by the schema; and the deck guide's word on them."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import DATA, run_quiz
from terminal import ENTER, Terminal
from test_validate import deck, problems, question

from quizzer.deckcheck import check_file
from quizzer.decks import load_file
from quizzer.models import Blank

RIVERS = DATA / "cloze" / "rivers.json"
BROKEN = DATA / "cloze" / "broken.json"
GUIDE = Path(__file__).parent.parent / "decks" / "README.md"

TEXT = "Ctrl+Z undo · Ctrl+S skip"
PAUSE = "Enter next · r I was right · u undo"
YES_NO = "Enter yes · n no"

EMPTY = "has an empty answer; write at least one answer between the braces, alternatives "
STRAY = "that does not open or close a blank; write blanks as {{answer}} and no braces elsewhere."
INSIDE = "holds braces or a second '::'; write it as {{answer|other::hint}}."
NOT_IN_A_CLOZE = 'its "text" holds the sentence and, in braces, the answers; remove it.'
# Each problem of tests/data/cloze/broken.json, which breaks each rule once, at its place.
BROKEN_PROBLEMS = [
    '6:49: $.questions[0].text: has no blank; mark each answer in double braces, e.g. "DeepSeek '
    'is based in {{Hangzhou}}."',
    f"7:46: $.questions[1].text: blank 1 {EMPTY}separated by '|'.",
    f"8:49: $.questions[2].text: has '{{{{' {STRAY}",
    f"9:46: $.questions[3].text: has '}}}}' {STRAY}",
    f"10:50: $.questions[4].text: blank 1 {EMPTY}separated by '|'.",
    f"11:58: $.questions[5].text: blank 1 {EMPTY}separated by '|'.",
    "12:48: $.questions[6].text: blank 2 has '::' but no hint after it; add one or drop '::'.",
    f"13:50: $.questions[7].text: blank 1 {INSIDE}",
    f"14:47: $.questions[8].text: blank 1 {INSIDE}",
    f'15:79: $.questions[9].answer: a cloze question has no "answer": {NOT_IN_A_CLOZE}',
    '16:5: $.questions[10].text: missing; add "text" with some text.',
    f'16:40: $.questions[10].prompt: a cloze question has no "prompt": {NOT_IN_A_CLOZE}',
    '17:75: $.questions[11].text: only cloze questions take "text"; remove it.',
    "18:12: $.questions[12].id: 'empty' is already the id of $.questions[1]; ids must be "
    "unique in a deck.",
]


def answers() -> list[tuple[str, bool, str, list[str]]]:
    """`quiz history export`: each answer as (question, correct, outcome, response)."""
    lines = [json.loads(line) for line in run_quiz("history", "export").stdout.splitlines()]
    return [(a["question"], a["correct"], a["outcome"], a["response"]) for a in lines]


def rivers_with(tmp_path: Path, **changes: Any) -> Path:
    """The rivers deck with deck keys changed and `thames=` keys added to its second cloze."""
    data = json.loads(RIVERS.read_text(encoding="utf-8"))
    data["questions"][1].update(changes.pop("thames", {}))
    data.update(changes)
    path = tmp_path / "rivers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_each_broken_cloze_is_named_at_its_line_column_and_path() -> None:
    found, reported = check_file(BROKEN, warnings=True)
    assert found is None
    assert [p.render("broken.json") for p in reported] == [
        f"broken.json:{line}" for line in BROKEN_PROBLEMS
    ]


def test_validate_says_what_the_deck_guide_shows_for_broken_clozes(home: Path) -> None:
    done = run_quiz("deck", "validate", str(BROKEN))
    assert done.returncode == 2
    assert done.stdout.splitlines() == [
        *(f"{BROKEN}:{line}" for line in BROKEN_PROBLEMS),
        f"{BROKEN}: not a valid deck: 14 errors, 0 warnings",
    ]
    guide = GUIDE.read_text(encoding="utf-8").splitlines()
    quoted = [line for line in guide if line.startswith("tests/data/cloze/broken.json:")]
    assert len(quoted) == 5
    for line in quoted:
        assert line.replace("tests/data/cloze/broken.json", str(BROKEN), 1) in done.stdout


def test_warnings_about_a_cloze_point_at_its_text(tmp_path: Path) -> None:
    based = {"type": "cloze", "text": "DeepSeek is based in {{Hangzhou}}."}
    text = deck(
        question(**based),
        question(**based).replace("q1", "q2"),
        question(type="cloze", text="Its office in Hangzhou is {{small}}.").replace("q1", "q3"),
    )
    assert problems(tmp_path, text) == [
        "deck.json:7:43: $.questions[1].text: warning: the same prompt as $.questions[0]; "
        "reword one of them or remove the duplicate.",
        'deck.json:8:43: $.questions[2].text: warning: contains "Hangzhou", the answer to '
        "$.questions[0], which gives that answer away; reword this prompt or that question.",
    ]


def test_plain_mode_reads_a_line_per_blank_and_judges_each(home: Path) -> None:
    done = run_quiz("start", str(RIVERS), "--no-shuffle", stdin="wien\nPrague\nlondon\nn\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    first = lines.index("Question 1/2 (fill in the blanks)")
    assert lines[first : first + 8] == [
        "Question 1/2 (fill in the blanks)",
        "The Danube flows through [1: a capital] and [2].",
        "Fill in the blanks, one line each.",
        "blank 1> wien",
        "blank 2> Prague",
        "Wrong. The answer is: 1: Vienna; 2: Budapest",
        "Blank 2: you wrote 'Prague', it is Budapest",
        "Why: It flows through four capitals.",
    ]
    second = lines.index("Question 2/2 (fill in the blanks)")
    assert lines[second : second + 5] == [
        "Question 2/2 (fill in the blanks)",
        "The Thames flows through [1].",
        "Fill in the blank.",
        "blank 1> london",
        "Right.",
    ]
    assert "Missed:\n  - The Danube flows through [1: a capital] and [2].\n" in done.stdout
    assert "    answer: 1: Vienna; 2: Budapest\nScore: 1/2 (50%)" in done.stdout
    assert answers() == [
        ("danube", False, "partial", ["wien", "Prague"]),
        ("thames", True, "right", ["london"]),
    ]


def test_a_typo_in_one_blank_is_forgiven_and_named(home: Path) -> None:
    done = run_quiz("start", str(RIVERS), "--no-shuffle", stdin="Vienna\nbudapst\nLondon\n")
    assert done.returncode == 0, done.stderr
    assert "Right (with a typo).\nBlank 2: Close enough; it is spelled: Budapest\n" in done.stdout
    assert "Score: 2/2 (100%)" in done.stdout
    assert answers()[0] == ("danube", True, "close", ["Vienna", "budapst"])


def test_grading_settings_of_the_deck_and_of_the_cloze_apply_to_its_blanks(
    tmp_path: Path, home: Path
) -> None:
    strict = rivers_with(
        tmp_path, grading={"typos": False}, thames={"grading": {"case": "sensitive"}}
    )
    done = run_quiz("start", str(strict), "--no-shuffle", stdin="Vienna\nbudapst\nlondon\nn\n")
    assert done.returncode == 0, done.stderr
    assert "Blank 2: you wrote 'budapst', it is Budapest" in done.stdout
    assert "The blank: you wrote 'london', it is London" in done.stdout
    assert "Score: 0/2 (0%)" in done.stdout
    assert [a[1:3] for a in answers()] == [(False, "partial"), (False, "wrong")]


def test_a_command_at_any_blank_is_a_command(home: Path) -> None:
    stdin = "Vienna\n!skip\nLondon\nVienna\nBudapest\n"
    done = run_quiz("start", str(RIVERS), "--no-shuffle", stdin=stdin)
    assert done.returncode == 0, done.stderr
    assert "blank 2> !skip\nQuestion 1/2 (fill in the blanks)\nThe Thames" in done.stdout
    assert "Score: 2/2 (100%)" in done.stdout
    assert [a[0] for a in answers()] == ["thames", "danube"]


@pytest.mark.e2e
def test_a_terminal_asks_each_blank_in_turn_and_shows_the_verdict(home: Path) -> None:
    term = Terminal("start", str(RIVERS), "--no-shuffle", rows=24, cols=80)
    term.prompt("Blank 1 of 2:", TEXT)
    assert "The Danube flows through [1: a capital] and [2]." in term.display()
    term.send("wien" + ENTER)
    term.prompt("Blank 2 of 2:", TEXT)
    term.send("Prague" + ENTER)
    term.wait(lambda t: t.last() == PAUSE, "the pause after a wrong answer")
    screen = term.display()
    first = screen.index("Question 1/2 (fill in the blanks)")
    assert screen[first : first + 7] == [
        "Question 1/2 (fill in the blanks)",
        "The Danube flows through [1: a capital] and [2].",
        "Blank 1 of 2: wien",
        "Blank 2 of 2: Prague",
        "Wrong. The answer is: 1: Vienna; 2: Budapest",
        "Blank 2: you wrote 'Prague', it is Budapest",
        "Why: It flows through four capitals.",
    ]
    assert answers() == [("danube", False, "partial", ["wien", "Prague"])]

    term.send(ENTER)
    term.prompt("The blank:", TEXT)
    assert "The Thames flows through [1]." in term.display()
    term.send("london" + ENTER)
    term.wait(lambda t: t.last() == YES_NO, "the retry question")
    # The time taken depends on the machine, so any number of seconds is right.
    assert any(
        re.fullmatch(r"Score: 1/2 \(50%\) in \d+s on Rivers and capitals", line)
        for line in term.lines()
    )

    # The retry asks the cloze again: both blanks right, and the quiz ends at once.
    term.send(ENTER)
    term.prompt("Question 1/1 (fill in the blanks)", TEXT)
    term.send("Vienna" + ENTER)
    term.prompt("Blank 2 of 2:", TEXT)
    term.send("budapest" + ENTER)
    assert term.finish() == 0
    shown = term.lines()
    assert shown[shown.index("Blank 2 of 2: budapest") + 1] == "Right."
    assert "Retry round: 1 of 1 right now." in shown
    assert answers()[2] == ("danube", True, "right", ["Vienna", "budapest"])


def test_deck_show_numbers_the_blanks_and_lists_their_answers(home: Path) -> None:
    done = run_quiz("deck", "show", str(RIVERS), "--answers")
    assert done.returncode == 0, done.stderr
    assert "2 questions: 2 fill in the blanks" in done.stdout
    assert (
        "1. [fill in the blanks] The Danube flows through [1: a capital] and [2].\n"
        "   answer: 1: Vienna; 2: Budapest\n"
        "   also accepted: blank 1: Wien\n"
    ) in done.stdout
    hidden = json.loads(run_quiz("deck", "show", str(RIVERS), "--json").stdout)
    assert "text" not in hidden["questions"][0]
    assert "Vienna" not in json.dumps(hidden)


def test_csv_export_holds_the_text_with_its_braces_in_the_prompt_column(home: Path) -> None:
    done = run_quiz("deck", "export", str(RIVERS), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[4:] == [
        "#columns:prompt,answer,type,choices,accept,explanation,tags,source,id",
        "The Danube flows through {{Vienna|Wien::a capital}} and {{Budapest}}.,,cloze,,,"
        "It flows through four capitals.,rivers,,danube",
        "The Thames flows through {{London}}.,,cloze,,,,,,thames",
    ]


def test_apkg_export_makes_cloze_notes_that_import_back_with_the_same_blanks(
    tmp_path: Path, home: Path
) -> None:
    package_file, back = tmp_path / "rivers.apkg", tmp_path / "back.json"
    done = run_quiz("deck", "export", str(RIVERS), "--format", "apkg", "-o", str(package_file))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(package_file) as archive:
        archive.extract("collection.anki2", tmp_path)
    connection = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        fields = [row[0].split("\x1f") for row in connection.execute("SELECT flds FROM notes")]
    finally:
        connection.close()
    assert sorted(fields) == [
        [
            "The Danube flows through {{c1::Vienna::a capital}} and {{c1::Budapest}}.",
            "It flows through four capitals.",
        ],
        ["The Thames flows through {{c1::London}}.", ""],
    ]

    done = run_quiz("deck", "import", str(package_file), "-o", str(back))
    assert done.returncode == 0, done.stderr
    original, read = load_file(RIVERS), load_file(back)
    assert [q.type.value for q in read.questions] == ["cloze", "cloze"]
    assert [q.prompt for q in read.questions] == [q.prompt for q in original.questions]
    # Anki has no alternative answers: each blank keeps its first, and its hint.
    assert [q.blanks for q in read.questions] == [
        (Blank(("Vienna",), "a capital"), Blank(("Budapest",))),
        (Blank(("London",)),),
    ]
    assert [(q.explanation, q.tags) for q in read.questions] == [
        (q.explanation, q.tags) for q in original.questions
    ]


def test_the_schema_lists_cloze_and_holds_its_text(home: Path) -> None:
    done = run_quiz("deck", "schema")
    assert done.returncode == 0, done.stderr
    schema = json.loads(done.stdout)
    properties = schema["$defs"]["question"]["properties"]
    assert "cloze" in properties["type"]["enum"]
    assert "{{answer|other answer::hint}}" in properties["text"]["description"]
    validator = jsonschema.Draft202012Validator(schema)
    data = json.loads(RIVERS.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)) == []
    for wrong in ({"text": "No blank here."}, {"prompt": "P"}):
        broken = json.loads(json.dumps(data))
        broken["questions"][1].update(wrong)
        assert list(validator.iter_errors(broken)), wrong


def test_the_deck_guide_documents_clozes_in_format_1() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    assert "| `cloze` |" in guide
    section = guide.split("## Cloze questions\n", 1)[1].split("\n## ", 1)[0]
    for said in ("`|`", "`::`", "no escaping", "format 1", "csv", "apkg", "md", "`grading`"):
        assert said in section, said
    assert "`quiz deck show`" in section
