"""Markdown decks in hashcards' format: reading Q:/A: and C: cards, writing them, round trips."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA

from quizzer.deckcheck import check_deck
from quizzer.decks import builtin_dir, load_file
from quizzer.errors import BadInput
from quizzer.formats import Imported, ImportOptions, import_file
from quizzer.formats.markdown import deck_markdown, read_markdown, write_markdown
from quizzer.models import Deck

MARKDOWN = DATA / "markdown"

EVERY_TYPE: dict[str, Any] = {
    "format": 1,
    "id": "capitals",
    "title": 'European "capitals"',
    "description": "Where the governments sit.",
    "source": {"paragraph": 2},
    "tags": ["geography"],
    "questions": [
        {
            "id": "fr",
            "type": "multiple_choice",
            "prompt": "Capital of France?",
            "choices": ["Lyon", "Paris"],
            "answer": "Paris",
            "explanation": "Since 987 [citation needed] --> still.",
        },
        {
            "id": "de",
            "type": "short_answer",
            "prompt": "Capital of Germany?",
            "answer": "Berlin",
            "accept": ["Germany's capital, [BER]"],
        },
        {"id": "it", "type": "true_false", "prompt": "Rome is in Italy.", "answer": True},
        {
            "id": "nordic",
            "type": "multi_select",
            "prompt": "Select the Nordic capitals.",
            "choices": ["Oslo", "Madrid", "Helsinki", "Lisbon"],
            "answer": ["Oslo", "Helsinki"],
            "source": "an atlas",
        },
        {
            "id": "pt",
            "type": "flashcard",
            "prompt": "Capital of Portugal?\nA: not this line\n---\n<!-- quizzer: {} -->",
            "answer": "Lisbon\n\nOn the Tagus.",
            "tags": ["iberia"],
        },
        {"id": "pl", "type": "flashcard", "prompt": "Capital of Poland?", "answer": "Warsaw"},
    ],
}
CLOZES = [
    {
        "id": "rivers",
        "type": "cloze",
        "text": "The [Danube] flows through {{Vienna|Wien::a capital}} and {{Budapest}}.",
        "explanation": "Both are capitals.",
    },
    {"id": "the-capital-of-is", "type": "cloze", "text": "The capital of {{Spain}} is {{Madrid}}."},
]


def imported(path: Path) -> Imported:
    return import_file(path, ImportOptions())


def deck_of(data: dict[str, Any]) -> Deck:
    deck, problems = check_deck(data)
    assert deck is not None, problems
    return deck


def round_trip(deck: Deck, tmp_path: Path) -> Imported:
    path = tmp_path / f"{deck.id}.md"
    path.write_text(write_markdown(deck), encoding="utf-8")
    return imported(path)


def test_cards_of_every_shape_hashcards_writes(home: Path) -> None:
    converted = read_markdown((MARKDOWN / "geography.md").read_text("utf-8"))
    assert converted.title == "Geography"
    assert converted.questions == [
        (6, {"type": "flashcard", "prompt": "What is the capital of France?", "answer": "Paris"}),
        (
            9,
            {
                "id": "is-the-capital-of",
                "type": "cloze",
                "text": "{{Berlin}} is the capital of {{Germany}}.",
            },
        ),
        (
            11,
            {
                "type": "flashcard",
                "prompt": "Which rivers flow through Budapest?\nName them all.",
                "answer": "- the Danube",
            },
        ),
        (
            19,
            {
                "id": "the-longest-river-in-europe-is-the-at-about-km",
                "type": "cloze",
                "text": "The longest river in Europe is the\n{{Volga}}, at about {{3,530}} km.",
            },
        ),
        (
            25,
            {
                "type": "flashcard",
                "prompt": "How is the map scale $1:25\\,000$ read?",
                "answer": "One centimetre on the map is 250 metres on the ground.",
            },
        ),
        (
            28,
            {
                "id": "square-brackets-are-written-like-this-the-arctic",
                "type": "cloze",
                "text": "Square brackets are written [like this]; the Arctic circle is at "
                "{{66°33\u2032}} N.",
            },
        ),
        (
            30,
            {
                "id": "the-flag-of-japan-flags-japan-png-shows-a-disc",
                "type": "cloze",
                "text": "The flag of Japan ![](flags/japan.png) shows a {{red}} disc.",
            },
        ),
    ]
    assert converted.bad == []
    assert ("repeated cards", "left out, as hashcards does: lines 32") in converted.details


def test_every_mistake_is_named_by_line(home: Path) -> None:
    result = imported(MARKDOWN / "mistakes.md")
    assert [q["prompt"] for q in result.data["questions"]] == [
        "Capital of Spain?",
        "Capital of Portugal?",
    ]
    assert (result.data["id"], result.data["title"]) == ("mistakes", "Mistakes")  # the file's name
    assert [note.render("m.md") for note in result.bad] == [
        "m.md:6: text outside a card: start it with Q: or C:, or remove it.",
        "m.md:9: an A: line without a Q: before it; fix the card.",
        "m.md:11: a Q: card with no A: line; write its answer.",
        "m.md:13: a second A: line (line 15); a card has one answer.",
        "m.md:17: C: card: it has no [deletion]; put [ ] around the words to hide.",
        "m.md:19: an A: line (line 20) in a C: card, which has no answer line.",
        "m.md:22: C: card: the deletion [std::vector] holds '::', which quizzer's cloze "
        "syntax reads as its own; reword it.",
        "m.md:24: C: card: it has an empty deletion []; put the hidden words inside.",
        "m.md:26: the card's answer is only an image or a sound, which quizzer cannot show; "
        "describe it in words or remove the card.",
    ]
    with pytest.raises(BadInput, match=r"9 of 11 rows of m\.md cannot be converted"):
        result.check_rows("m.md", skip_bad=False)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\nname = 'x'\nQ: a\nA: b\n", "line 1: the front matter opened by --- has no closing"),
        ("---\nname = x\n---\nQ: a\nA: b\n", "lines 2-2: the front matter is not TOML: "),
        ("---\nname = 3\n---\nQ: a\nA: b\n", "the front matter's name must be text"),
        ("---\nquizzer = 3\n---\nQ: a\nA: b\n", "the front matter's quizzer must be a table"),
    ],
)
def test_broken_front_matter_is_refused(home: Path, text: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        read_markdown(text)
    assert caught.value.message.startswith(message)


def test_every_question_type_survives_a_round_trip(home: Path, tmp_path: Path) -> None:
    deck = deck_of(EVERY_TYPE)
    result = round_trip(deck, tmp_path)
    assert result.bad == [] and result.warnings == []
    assert result.data == deck.to_dict()


def test_the_written_markdown_reads_as_hashcards_cards(home: Path) -> None:
    text = write_markdown(deck_of(EVERY_TYPE))
    head, first, *_ = text.split("\n\n")
    assert head == '---\nname = "European \\"capitals\\""'
    assert first.startswith('[quizzer]\nid = "capitals"\n')
    assert 'source = { paragraph = 2 }\ntags = ["geography"]\n---' in first
    cards = text.split("\n---\n", 1)[1]
    assert "Q: Capital of France?\n\n- Lyon\n- Paris\nA: Paris\n<!-- quizzer: " in cards
    assert "\\[citation needed\\] --\\u003e still." in cards  # no ] or --> to break the card
    assert "Q: Rome is in Italy.\n\n(true or false)\nA: True\n" in cards
    # Lines that would start or end a card are kept from doing so.
    assert "Q: Capital of Portugal?\n A: not this line\n\\---\n <!-- quizzer: {} -->\nA:\n" in cards
    assert 'Q: Capital of Poland?\nA: Warsaw\n<!-- quizzer: {"id": "pl"} -->\n' in cards


def test_clozes_are_written_as_deletions_and_read_back(home: Path) -> None:
    text = deck_markdown({"format": 1, "id": "c", "title": "C", "questions": CLOZES})
    assert "C: The \\[Danube\\] flows through [Vienna] and [Budapest].\n<!-- quizzer: " in text
    assert "\nC: The capital of [Spain] is [Madrid].\n" in text  # its id is the one made from it
    converted = read_markdown(text)
    assert [question for _, question in converted.questions] == CLOZES
    assert converted.meta == {"id": "c"}


def test_an_edited_card_is_read_from_its_text(home: Path) -> None:
    text = write_markdown(deck_of(EVERY_TYPE))
    converted = read_markdown(text.replace("A: Paris", "A: Lyon"))
    still = converted.questions[0][1]
    assert (still["type"], still["answer"]) == ("multiple_choice", "Lyon")  # still a choice
    converted = read_markdown(text.replace("Q: Capital of France?", "Q: Capital city of France?"))
    line, edited = converted.questions[0]
    assert edited == {
        "id": "fr",
        "type": "flashcard",
        "prompt": "Capital city of France?\n\n- Lyon\n- Paris",
        "answer": "Paris",
        "explanation": "Since 987 [citation needed] --> still.",
    }
    assert ("edited cards", f"read from their text, not their comment: lines {line}") in (
        converted.details
    )


def test_a_broken_comment_is_named(home: Path) -> None:
    converted = read_markdown("Q: a\nA: b\n<!-- quizzer: {not json} -->\n")
    assert [note.message for note in converted.bad] == [
        "its <!-- quizzer: ... --> comment is not a JSON object; fix or remove it."
    ]


@pytest.mark.parametrize(
    "path",
    [*sorted(builtin_dir().glob("*.json")), DATA / "hostile.json"],
    ids=lambda path: path.name,
)
def test_built_in_and_hostile_decks_survive_a_round_trip(
    home: Path, tmp_path: Path, path: Path
) -> None:
    deck = load_file(path)
    assert round_trip(deck, tmp_path).data == json.loads(json.dumps(deck.to_dict()))


def test_cloze_cards_load_as_cloze_questions(home: Path) -> None:
    result = imported(MARKDOWN / "geography.md")
    assert result.bad == []
    assert [q["type"] for q in result.data["questions"]].count("cloze") == 4


def test_clozes_survive_a_round_trip(home: Path, tmp_path: Path) -> None:
    deck = deck_of({**EVERY_TYPE, "questions": [*EVERY_TYPE["questions"], *CLOZES]})
    assert round_trip(deck, tmp_path).data == deck.to_dict()
