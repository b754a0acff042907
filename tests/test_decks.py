"""Deck loading: built-in decks, lookups by id and path, and refusal of broken decks."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import DATA

from quizzer.deckcheck import check_deck, check_file, schema_text
from quizzer.decks import builtin_dir, find_deck, list_decks, load_file
from quizzer.errors import DeckError
from quizzer.models import QuestionType

BUILTIN = sorted(builtin_dir().glob("*.json"))


def test_builtin_decks_meet_the_article_brief() -> None:
    decks = [load_file(f, origin="builtin") for f in BUILTIN]
    assert len(decks) >= 3
    assert all(d.id.startswith("deepseek-") for d in decks)
    # Each fact of the article is asked once, so a deck is as long as its paragraphs allow.
    assert all(len(d.questions) >= 7 for d in decks)
    questions = [q for d in decks for q in d.questions]
    assert {q.type for q in questions} == set(QuestionType)
    paragraphs = {q.source["paragraph"] for q in questions}
    assert paragraphs == set(range(2, 10))
    assert all(q.explanation for q in questions)
    prompts = [q.prompt for q in questions]
    assert len(prompts) == len(set(prompts))


def test_builtin_decks_have_no_warnings() -> None:
    for file in BUILTIN:
        deck, problems = check_file(file, warnings=True)
        assert deck is not None
        assert problems == [], [p.render(str(file)) for p in problems]


def test_builtin_deck_files_are_named_by_id() -> None:
    for file in BUILTIN:
        assert json.loads(file.read_text(encoding="utf-8"))["id"] == file.stem


def test_find_by_id_and_by_path(home: Path) -> None:
    assert find_deck("deepseek-company").origin == "builtin"
    deck = find_deck(str(DATA / "tiny.json"))
    assert (deck.id, deck.origin, len(deck.questions)) == ("tiny", "file", 5)


def test_user_decks_are_listed(home: Path) -> None:
    (home / "decks").mkdir(parents=True)
    (home / "decks" / "tiny.json").write_bytes((DATA / "tiny.json").read_bytes())
    (home / "decks" / "broken.json").write_text("{", encoding="utf-8")
    infos, broken = list_decks()
    assert [(i.id, i.origin) for i in infos if i.origin == "user"] == [("tiny", "user")]
    assert find_deck("tiny").origin == "user"
    assert len(broken) == 1
    assert "broken.json" in broken[0]


def test_unknown_id_names_the_decks_there_are(home: Path) -> None:
    with pytest.raises(DeckError) as caught:
        find_deck("nope")
    assert "no deck with id 'nope'" in caught.value.message
    assert "deepseek-company" in caught.value.message


@pytest.mark.parametrize("ref", ["../etc/passwd", "Bad Id", "missing.json"])
def test_bad_references_are_refused(home: Path, ref: str) -> None:
    with pytest.raises(DeckError):
        find_deck(ref)


def _problems(name: str) -> str:
    with pytest.raises(DeckError) as caught:
        load_file(DATA / name)
    assert caught.value.exit_code == 2
    return caught.value.message


def test_broken_json_gives_line_and_column() -> None:
    message = _problems("broken-json.json")
    assert f"{DATA / 'broken-json.json'}:5:3: $: broken JSON: Expecting ',' delimiter" in message


def test_every_problem_is_reported_with_its_path() -> None:
    message = _problems("many-problems.json")
    assert "(13 problems)" in message
    for expected in [
        "$.colour: unknown key",
        '$.id: "Bad Id" is not a valid id',
        "$.title: is empty",
        '$.questions[0].answer: "c" is not one of the choices',
        "$.questions[1].answer: must be true or false",
        "$.questions[1].id: 'q1' is already the id of $.questions[0]",
        '$.questions[2].type: "essay" is not a question type',
        "$.questions[3].choices: has the same choice twice",
        "$.questions[3].answer: must be a non-empty list",
    ]:
        assert expected in message


def test_all_problems_are_found_even_past_the_shown_ten() -> None:
    data = json.loads((DATA / "many-problems.json").read_text(encoding="utf-8"))
    _, problems = check_deck(data)
    paths = [p.path for p in problems]
    assert "$.questions[4].choices" in paths
    assert "$.questions[5].accept" in paths
    assert "$.questions[5].source" in paths


def test_duplicate_keys_utf8_and_format_version() -> None:
    assert "the key 'title' appears twice" in _problems("duplicate-key.json")
    assert "not UTF-8: byte 42 is 0xe9" in _problems("not-utf8.json")
    assert "$.format: 2 is not a format this quizzer reads" in _problems("future-format.json")


def test_a_bom_is_accepted() -> None:
    assert load_file(DATA / "bom.json").title == "With a BOM"


def test_control_characters_in_deck_text_are_escaped() -> None:
    data = json.loads((DATA / "tiny.json").read_text(encoding="utf-8"))
    data["questions"][0]["prompt"] = "Clear\x1b[2J screen\u202e?"
    deck, problems = check_deck(data)
    assert problems == []
    assert deck is not None
    assert deck.questions[0].prompt == "Clear\\x1b[2J screen\\u202e?"


def test_shipped_schema_agrees_with_the_loader() -> None:
    schema = json.loads(schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for file in [*BUILTIN, DATA / "tiny.json"]:
        assert list(validator.iter_errors(json.loads(file.read_text(encoding="utf-8")))) == []
    for name in ("many-problems.json", "future-format.json"):
        assert list(validator.iter_errors(json.loads((DATA / name).read_text(encoding="utf-8"))))
