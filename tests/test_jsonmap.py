"""Importing any JSON through `--map`: the mapping's syntax, its paths, the json-misc samples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA

from quizzer.errors import BadInput
from quizzer.formats import Imported, ImportOptions, import_file
from quizzer.formats.jsonmap import read_mapped
from quizzer.formats.mapping import parse_mapping

SAMPLES = DATA / "json-misc"
# The mappings decks/README.md shows, one per sample.
LITERATURA = (
    "prompt=cards[*].front,answer=cards[*].back,id=cards[*].id,tags=cards[*].tags,title=name"
)
MATHEMATICS = "prompt=[*].question,answer=[*].answers[0],tags=[*].tags,type=short_answer"
BRAIN_TEASERS = "prompt=[*].question,answer=[*].answer,choices=[*].choices"


def mapped(path: Path, mapping: str) -> Imported:
    return import_file(path, ImportOptions(mapping=mapping))


def write(tmp_path: Path, data: Any, *, indent: int | None = 2) -> Path:
    path = tmp_path / "quiz.json"
    path.write_text(json.dumps(data, indent=indent, ensure_ascii=False), encoding="utf-8")
    return path


def refusal(text: str, mapping: str) -> str:
    with pytest.raises(BadInput) as caught:
        read_mapped(text, parse_mapping(mapping))
    return caught.value.message


def test_flashcard_deck_object_keeps_ids_tags_and_title(home: Path) -> None:
    result = mapped(SAMPLES / "alexuspo-mojekarticky_literatura-test-data.json", LITERATURA)
    assert (result.data["id"], result.data["title"]) == (
        "literatura-test-karticky",
        "Literatura-Test-karticky",
    )
    assert len(result.data["questions"]) == 15 and result.bad == [] and result.warnings == []
    assert result.data["questions"][0] == {
        "id": "lit001",
        "type": "flashcard",
        "prompt": "Kdo je autorem knihy Máj?",
        "answer": "Karel Hynek Mácha",
        "tags": ["literatura", "česká literatura", "19. století"],
    }
    assert result.lines[:3] == [5, 11, 17]  # the line of each card's object
    assert ("questions from", "$.cards (15 items)") in result.details


def test_answer_by_position_in_a_list_as_short_answers(home: Path) -> None:
    result = mapped(SAMPLES / "el-cms-open-trivia-database_mathematics.json", MATHEMATICS)
    questions = result.data["questions"]
    assert len(questions) == 49 and result.bad == []
    assert {q["type"] for q in questions} == {"short_answer"}
    assert questions[0] == {
        "id": "2-5-x-6",
        "type": "short_answer",
        "prompt": "2 + 5 x 6 = ?",
        "answer": "32",
        "tags": ["MATHEMATICS"],
    }
    assert result.lines[:2] == [2, 3]  # one object per line


def test_messy_array_keeps_good_items_and_names_each_bad_one(home: Path) -> None:
    path = SAMPLES / "uberspot-opentriviaqa_brain-teasers.json"
    result = mapped(path, BRAIN_TEASERS)
    assert {q["type"] for q in result.data["questions"]} == {"multiple_choice"}
    assert len(result.data["questions"]) == 202
    assert len(result.bad) == 16
    assert result.bad[0].render("f.json") == (
        'f.json:1: --map prompt=[*].question matches nothing here: $[0] has no key "question".'
    )
    assert result.bad[1].message == (
        "--map answer=[*].answer matches nothing here: "
        '$[69] has no key "answer" (its keys: choices, question).'
    )
    with pytest.raises(BadInput, match="16 of 218 rows"):
        result.check_rows("f.json", skip_bad=False)
    result.check_rows("f.json", skip_bad=True)
    preview = "\n".join(result.preview("f.json", first=1))
    assert "map: prompt=[*].question,answer=[*].answer,choices=[*].choices" in preview
    assert "1. [multiple choice] Which of these is true about the sleep of zebras?" in preview


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("prompt=a[*].q", "--map has no answer=; both are needed."),
        ("prompt=a[*].q,answer", "--map: 'answer' is not KEY=PATH; write e.g. "),
        ("prompt=a[*].q,answr=a[*].a", "--map: unknown key 'answr'; use prompt, answer, "),
        ("prompt=a[*].q,answer=a[*].a,prompt=b[*]", "--map: prompt= is given twice; give it once."),
        ("prompt=a[*].q,answer=", "--map answer= has no path; write names joined by dots"),
        ("prompt=a[*.q,answer=a[*].a", "--map prompt=a[*.q: cannot read the path at character 2"),
        ("prompt=a[*]q,answer=a[*].a", "--map prompt=a[*]q: cannot read the path at character 5 "),
        ("prompt=a.q,answer=a[*].a", "--map prompt=a.q: a path needs exactly one [*], the list "),
        ("prompt=a[*].b[*].q,answer=a[*].a", "(this one has 2), e.g. questions[*].prompt."),
        ("prompt=a[*].q,answer=a[*].a,type=quiz", "--map: type='quiz' is not a question type; "),
        ("prompt=a[*].q,answer=a[*].a,type=cloze", "--map: type='cloze' is not a question type; "),
        ("prompt=a[*].q,answer=a[*].a,choices=a[*].c,type=flashcard", "type=flashcard takes no"),
        ("prompt=a[*].q,answer=a[*].a,title=a[*].t", "the title is one value; write a path "),
    ],
)
def test_mapping_mistakes_are_named(home: Path, mapping: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_mapping(mapping)
    assert message in caught.value.message


def test_path_syntax_covers_dollar_quotes_indexes_and_joins(home: Path) -> None:
    mapping = parse_mapping(
        "prompt=$.data['the items'][*].q , answer=$.data[\"the items\"][*].a,"
        "choices=$.data['the items'][*].wrong[*]+$.data['the items'][*].a,"
        "explanation=data['the items'].*.why.text"
    )
    assert [p.steps for p in mapping.choices] == [
        ("data", "the items", None, "wrong"),
        ("data", "the items", None, "a"),
    ]
    assert mapping.explanation is not None
    assert mapping.explanation.steps == ("data", "the items", None, "why", "text")
    assert mapping.text().startswith("prompt=$.data['the items'][*].q,answer=")
    data = {
        "data": {
            "the items": [{"q": "2+2?", "a": "4", "wrong": ["3", "5"], "why": {"text": "Sums."}}]
        }
    }
    converted = read_mapped(json.dumps(data), parse_mapping(mapping.text()))
    assert converted.questions == [
        (
            1,
            {
                "type": "multiple_choice",
                "prompt": "2+2?",
                "choices": ["3", "5", "4"],
                "answer": "4",
                "explanation": "Sums.",
            },
        )
    ]


def test_paths_that_match_nothing_say_what_is_there(home: Path) -> None:
    text = json.dumps({"cards": [{"front": "a", "back": "b"}, {"front": "c", "back": "d"}]})
    assert refusal(text, "prompt=cards[*].question,answer=cards[*].back") == (
        "--map prompt=cards[*].question matches nothing in any of the 2 items of $.cards "
        "(their keys: back, front)."
    )
    assert refusal(text, "prompt=items[*].front,answer=items[*].back") == (
        '--map prompt=items[*].front matches nothing: $ has no key "items" (its keys: cards).'
    )
    assert refusal(text, "prompt=[*].front,answer=[*].back") == (
        "--map prompt=[*].front matches nothing: [*] needs a list at $, which is an object "
        "(its keys: cards)."
    )
    assert refusal('{"cards": []}', "prompt=cards[*].a,answer=cards[*].b") == (
        "--map prompt=cards[*].a matches nothing: $.cards is an empty list."
    )
    assert refusal(text, "prompt=cards[*].front,answer=cards[*].back[2]") == (
        "--map answer=cards[*].back[2] matches nothing in any of the 2 items of $.cards "
        "(their keys: back, front)."
    )


def test_parallel_lists_must_be_as_long_as_the_prompts(home: Path) -> None:
    text = json.dumps({"q": ["1+1?", "2+2?"], "a": ["2", "4"], "b": ["x"]})
    converted = read_mapped(text, parse_mapping("prompt=q[*],answer=a[*]"))
    assert [q["answer"] for _, q in converted.questions] == ["2", "4"]
    assert refusal(text, "prompt=q[*],answer=b[*]") == (
        "--map answer=b[*] matches 1 items, but prompt=q[*] matches 2; "
        "map both to the same list, or to lists as long."
    )


def test_numbers_are_refused_rather_than_turned_into_text(home: Path, tmp_path: Path) -> None:
    sample = (SAMPLES / "el-cms-open-trivia-database_mathematics.json").read_text("utf-8")
    assert refusal(sample, "prompt=[*].question,answer=[*].answer") == (
        "--map answer=[*].answer is a number here (0), not text (line 2), as in every item "
        "that has it; map answer= to text; if the number is a position in a list, map that "
        "list's item, e.g. LIST[0]."
    )
    path = write(tmp_path, [{"q": "a", "a": "b"}, {"q": "c", "a": 7}, {"q": "", "a": "d"}])
    result = mapped(path, "prompt=[*].q,answer=[*].a")
    assert [note.render("f") for note in result.bad] == [
        "f:6: --map answer=[*].a is a number here (7), not text.",
        "f:10: --map prompt=[*].q is empty here.",
    ]


def test_forced_types_read_booleans_and_lists(home: Path, tmp_path: Path) -> None:
    items = [{"s": "Rome is in Italy.", "t": True}, {"s": "Oslo is in Peru.", "t": "False"}]
    converted = read_mapped(
        json.dumps(items), parse_mapping("prompt=[*].s,answer=[*].t,type=true_false")
    )
    assert [q["answer"] for _, q in converted.questions] == [True, False]
    wrong = json.dumps([{"s": "x", "t": "maybe"}])
    assert refusal(wrong, "prompt=[*].s,answer=[*].t,type=true_false") == (
        '--map answer=[*].t is "maybe" here, not true or false (line 1), as in every item '
        "that has it; map answer= to text."
    )
    picks = [{"q": "Nordic?", "all": ["Oslo", "Rome", "Bergen"], "right": ["Oslo", "Bergen"]}]
    path = write(tmp_path, picks)
    result = mapped(path, "prompt=[*].q,answer=[*].right,choices=[*].all,type=multi_select")
    assert result.data["questions"][0]["answer"] == ["Oslo", "Bergen"]
    assert result.bad == []


def test_ids_may_be_numbers_and_null_is_absent(home: Path, tmp_path: Path) -> None:
    items = [{"n": 7, "q": "a?", "a": "b", "why": None}, {"n": 8, "q": "c?", "a": "d", "why": "e"}]
    result = mapped(
        write(tmp_path, items), "prompt=[*].q,answer=[*].a,id=[*].n,explanation=[*].why"
    )
    assert result.data["questions"] == [
        {"id": "7", "type": "flashcard", "prompt": "a?", "answer": "b"},
        {"id": "8", "type": "flashcard", "prompt": "c?", "answer": "d", "explanation": "e"},
    ]


def test_broken_json_and_format_mixups(home: Path, tmp_path: Path) -> None:
    assert refusal('[{"q": 1,}]', "prompt=[*].q,answer=[*].a").startswith("line 1:10: broken JSON")
    path = write(tmp_path, [{"q": "a", "a": "b"}])
    with pytest.raises(BadInput, match="--map reads JSON files; it does not apply to --format csv"):
        import_file(path, ImportOptions(format="csv", mapping="prompt=[*].q,answer=[*].a"))
    with pytest.raises(BadInput, match="--format json needs --map"):
        import_file(path, ImportOptions(format="json"))
