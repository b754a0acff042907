"""Exporting decks: JSON as loaded, csv that imports back to the same deck, Anki packages."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, run_quiz

from quizzer.decks import builtin_dir, load_file
from quizzer.errors import DeckError
from quizzer.formats import ImportOptions, import_file
from quizzer.formats.apkg import back, front
from quizzer.formats.csvexport import write_csv

TRICKY = {
    "format": 1,
    "id": "tricky",
    "title": 'Tricky, "quoted" deck',
    "description": "Line one\nline two",
    "tags": ["deck tag", "other"],
    "source": "A book",
    "questions": [
        {
            "id": "multi-line",
            "type": "short_answer",
            "prompt": 'Prompt with, commas\nand "quotes"\tand a tab',
            "answer": "Answer, too",
            "accept": ["alt one", "alt two"],
            "explanation": "Because\nof reasons",
            "source": {"paragraph": 3},
            "tags": ["česká literatura", "19. století"],
        },
        {
            "id": "tf",
            "type": "true_false",
            "prompt": "#not a header line",
            "answer": False,
        },
        {
            "id": "pick",
            "type": "multi_select",
            "prompt": "Pick <b>two</b>",
            "choices": ["a; b", "c, d", "e"],
            "answer": ["a; b", "e"],
            "source": "p. 12",
        },
        {
            "id": "mc",
            "type": "multiple_choice",
            "prompt": "prompt",
            "choices": ["x", "y"],
            "answer": "y",
        },
        {"id": "card", "type": "flashcard", "prompt": "Front 🙂", "answer": "Back"},
    ],
}


def tricky(tmp_path: Path) -> Path:
    path = tmp_path / "tricky.json"
    path.write_text(json.dumps(TRICKY, ensure_ascii=False), encoding="utf-8")
    return path


def round_trip(tmp_path: Path, deck_file: Path) -> tuple[dict[str, object], dict[str, object]]:
    """The deck as loaded, and as loaded after `quiz deck export --format csv` and `import`."""
    exported = tmp_path / "out.csv"
    reimported = tmp_path / "back.json"
    done = run_quiz("deck", "export", str(deck_file), "--format", "csv", "-o", str(exported))
    assert done.returncode == 0, done.stderr
    done = run_quiz("deck", "import", str(exported), "-o", str(reimported))
    assert done.returncode == 0, done.stderr
    assert "skipped" not in done.stderr
    before = load_file(deck_file).to_dict()
    after = load_file(reimported).to_dict()
    return before, after


def test_csv_round_trips_a_deck_with_every_quirk(tmp_path: Path, home: Path) -> None:
    before, after = round_trip(tmp_path, tricky(tmp_path))
    assert after == before == TRICKY


@pytest.mark.parametrize("deck_file", sorted(builtin_dir().glob("*.json")), ids=lambda p: p.stem)
def test_csv_round_trips_the_built_in_decks(tmp_path: Path, home: Path, deck_file: Path) -> None:
    before, after = round_trip(tmp_path, deck_file)
    assert after == before


def test_csv_export_starts_with_anki_style_header_lines() -> None:
    text = write_csv(load_file(DATA / "tiny.json"))
    assert text.splitlines()[:5] == [
        "#separator:comma",
        "#html:false",
        "#deck:Tiny test deck",
        '#quizzer:{"id": "tiny", "title": "Tiny test deck", '
        '"description": "One question of each type, for tests.", "tags": ["test"]}',
        "#columns:prompt,answer,type,choices,accept,explanation,tags,source,id",
    ]
    assert (
        text.splitlines()[5] == 'Which city is the capital of France?,Paris,multiple_choice,"Lyon'
    )


def test_csv_export_refuses_a_list_item_with_a_line_break(tmp_path: Path) -> None:
    data = json.loads(json.dumps(TRICKY))
    data["questions"][2]["choices"][2] = "e\nf"
    data["questions"][2]["answer"] = ["a; b"]
    path = tmp_path / "deck.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        write_csv(load_file(path))
    assert caught.value.message == (
        "$.questions[2].choices: 'e\\nf' holds a line break, which the csv export uses "
        "between items; export as json or apkg instead."
    )


def test_json_export_is_the_deck_as_loaded(tmp_path: Path, home: Path) -> None:
    done = run_quiz("deck", "export", str(tricky(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == TRICKY
    out = tmp_path / "copy.json"
    done = run_quiz("deck", "export", str(DATA / "tiny.json"), "-o", str(out))
    assert done.stdout == f"Wrote deck 'tiny' (5 questions) to {out} as json.\n"
    assert load_file(out).to_dict() == load_file(DATA / "tiny.json").to_dict()


def notes(apkg: Path, tmp_path: Path) -> list[tuple[str, list[str], str]]:
    """The notes of an Anki package: guid, fields and tags, read with sqlite3."""
    with zipfile.ZipFile(apkg) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        archive.extract("collection.anki2", tmp_path)
    connection = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        rows = connection.execute("SELECT guid, flds, tags FROM notes ORDER BY id").fetchall()
        cards = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
        decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
    finally:
        connection.close()
    assert cards == len(rows)
    assert "Tiny test deck" in {d["name"] for d in decks.values()}
    return [(guid, fields.split("\x1f"), tags.strip()) for guid, fields, tags in rows]


def test_apkg_holds_one_note_per_question(tmp_path: Path, home: Path) -> None:
    out = tmp_path / "tiny.apkg"
    done = run_quiz("deck", "export", str(DATA / "tiny.json"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Wrote deck 'tiny' (5 questions) to {out} as apkg.\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    found = notes(out, tmp_path)
    deck = load_file(DATA / "tiny.json")
    assert [fields for _, fields, _ in found] == [[front(q), back(q)] for q in deck.questions]
    assert found[0][1] == [
        "Which city is the capital of France?<br><ol><li>Lyon</li><li>Paris</li><li>Nice</li></ol>",
        "<b>Paris</b><br><br>Paris has been the capital for centuries.",
    ]
    assert found[2][1][1] == (
        "<b>Victor Hugo</b><br><br>Also accepted: Hugo<br><br>Published in 1862."
    )
    assert [tags for _, _, tags in found] == ["geo", "nature", "books", "math", "words"]
    again = tmp_path / "again.apkg"
    run_quiz("deck", "export", str(DATA / "tiny.json"), "--format", "apkg", "-o", str(again))
    (tmp_path / "collection.anki2").unlink()
    assert [guid for guid, _, _ in notes(again, tmp_path)] == [guid for guid, _, _ in found]


def test_apkg_escapes_deck_text_and_keeps_tags_whole(tmp_path: Path) -> None:
    deck = load_file(tricky(tmp_path))
    assert front(deck.questions[2]) == (
        "Pick &lt;b&gt;two&lt;/b&gt;<br><ol><li>a; b</li><li>c, d</li><li>e</li></ol>"
        "<br><i>Select all that apply.</i>"
    )
    assert front(deck.questions[0]).startswith("Prompt with, commas<br>and &quot;quotes&quot;")


def test_apkg_needs_a_file_name(home: Path) -> None:
    done = run_quiz("deck", "export", "deepseek-company", "--format", "apkg")
    assert done.returncode == 2
    assert done.stderr == (
        "quiz: error: an Anki package is a binary file: name it with -o FILE.apkg.\n"
    )


def test_reimport_of_a_csv_export_keeps_ids_and_types(tmp_path: Path) -> None:
    out = tmp_path / "tiny.csv"
    out.write_text(write_csv(load_file(DATA / "tiny.json")), encoding="utf-8")
    result = import_file(out, ImportOptions())
    assert (
        "columns",
        "1 prompt, 2 answer, 3 type, 4 choices, 5 accept, 6 explanation, 7 tags, 8 source, 9 id",
    ) in result.details
    assert [(q["id"], q["type"]) for q in result.data["questions"]] == [
        ("capital", "multiple_choice"),
        ("sky", "true_false"),
        ("author", "short_answer"),
        ("primes", "multi_select"),
        ("hola", "flashcard"),
    ]
