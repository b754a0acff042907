"""Importing Anki, Quizlet, plain csv and Open Trivia DB files: quirks, line numbers, commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, run_quiz

from quizzer.deckcheck import check_file
from quizzer.errors import BadInput, DeckError
from quizzer.formats import Imported, ImportOptions, import_file, slug
from quizzer.formats.html import html_to_text, looks_like_html
from quizzer.formats.separators import detect_separator, parse_separator
from quizzer.models import QuestionType

IMPORTS = DATA / "import"


def imported(name: str, **options: Any) -> Imported:
    return import_file(IMPORTS / name, ImportOptions(**options))


def cards(result: Imported) -> list[tuple[str, Any]]:
    return [(q["prompt"], q["answer"]) for q in result.data["questions"]]


def test_anki_notes_with_headers_html_entities_tags_and_decks() -> None:
    result = imported("anki-notes.txt")
    assert result.details == [
        ("format", "csv (Anki notes in plain text)"),
        ("header lines", "5 (lines 1-5)"),
        ("separator", "tab (from the #separator line)"),
        ("columns", "1 notetype, 2 deck, 3 prompt, 4 answer, 5 tags (separated by spaces)"),
        ("html", "yes (from the #html line)"),
        ("title", "Geography"),
        ("rows", "7"),
    ]
    assert (result.data["id"], result.data["title"]) == ("geography", "Geography")
    assert result.data["questions"] == [
        {
            "id": "capital-of-france",
            "type": "flashcard",
            "prompt": "Capital of France?",
            "answer": "Paris\n(since 987)",
            "tags": ["europe", "capitals", "geography-capitals"],
        },
        {
            "id": "capital-of-czechia",
            "type": "flashcard",
            "prompt": "Capital of Czechia?",
            "answer": "Praha \u2013 Prague",
            "tags": ["europe", "geography-capitals"],
        },
        {
            "id": "the-longest-river",
            "type": "flashcard",
            "prompt": "The longest river?",
            "answer": "The Nile",
            "tags": ["geography-rivers"],
        },
        {
            "id": "kapital-slovenska",
            "type": "flashcard",
            "prompt": "Kapitál Slovenska? 🇸🇰",
            "answer": "Bratislava",
            "tags": ["europe", "geography-capitals"],
        },
    ]
    assert result.lines == [6, 7, 8, 12]
    assert [(note.line, note.message) for note in result.bad] == [
        (9, "the answer (column 4) is empty; fill it in or leave the row out."),
        (10, "a cloze deletion ({{c1::...}}), which quizzer cannot ask; leave it out."),
        (
            11,
            "the prompt (column 3) has no text once its HTML is removed (pictures and sounds "
            "cannot be shown in a terminal); leave the row out.",
        ),
    ]


def test_anki_cards_layout_keeps_only_the_answer_of_a_quoted_multiline_back() -> None:
    result = imported("anki-cards.txt")
    assert cards(result) == [
        ("Who wrote Máj?", "Karel Hynek Mácha"),
        ("Year of Máj?", "1836"),
        ("9:00 is breakfast in", "the morning"),
    ]
    assert result.lines == [3, 8, 13]
    assert result.bad == []


def test_anki_legacy_export_quoted_html_in_tsv_with_an_empty_last_column() -> None:
    result = imported("legacy-export.csv")
    assert ("separator", "tab (every row splits into 3 fields)") in result.details
    assert ("columns", "1 prompt, 2 answer, 3 unused") in result.details
    assert ("html", "yes (guessed from the fields)") in result.details
    assert cards(result) == [
        ("What does lsblk do?", "list block devices"),
        ("What does pvs do?", "show physical volumes"),
        ("What is a physical extent (PE)?", "TODO"),
    ]


def test_quizlet_tab_export_with_a_quoted_definition_over_two_lines() -> None:
    result = imported("quizlet-tab.txt")
    assert ("separator", "tab (every row splits into 2 fields)") in result.details
    assert cards(result) == [
        ("break down", "hỏng hóc (máy móc)"),
        ("meeting time", "9:00"),
        ("bring about", "gây ra, dẫn đến\n= cause sth"),
        ("☕ coffee break", "giờ nghỉ 10:30"),
    ]
    assert result.lines == [1, 2, 3, 5]


def test_quizlet_custom_separator_is_detected_even_with_hyphens_in_terms() -> None:
    result = imported("quizlet-dash.txt")
    assert ("separator", '" - " (every row splits into 2 fields)') in result.details
    assert cards(result) == [
        ("break-in (n)", "cuộc đột nhập"),
        ("broken-down", "(a) bị hư"),
        ("break in", "ngắt lời, chen ngang"),
    ]
    assert [q["id"] for q in result.data["questions"]] == ["break-in-n", "broken-down", "break-in"]


def test_plain_csv_with_a_header_row_crlf_quotes_and_an_empty_answer() -> None:
    result = imported("plain.csv")
    assert ("header row", "line 1") in result.details
    assert ("separator", "comma (every row splits into 2 fields)") in result.details
    assert cards(result) == [
        ("When does the train leave?", "9:00"),
        ("Capital of Spain, in Spanish", "Madrid"),
        ("Ελληνικά: 'hello'?", "γεια"),
    ]
    assert [(n.line, n.message) for n in result.bad] == [
        (4, "the answer (column 2) is empty; fill it in or leave the row out.")
    ]


def test_short_answer_rows_title_and_id_options() -> None:
    result = imported(
        "quizlet-tab.txt", as_type=QuestionType.SHORT_ANSWER, deck_id="verbs", title="Verbs"
    )
    assert (result.data["id"], result.data["title"]) == ("verbs", "Verbs")
    assert {q["type"] for q in result.data["questions"]} == {"short_answer"}
    with pytest.raises(BadInput, match="--id 'Not An Id' is not a valid deck id"):
        imported("plain.csv", deck_id="Not An Id")


def test_opentdb_multiple_choice_entities_and_bad_results_by_line() -> None:
    result = imported("opentdb-multiple.json")
    assert result.format == "opentdb"
    assert result.data["title"] == "Open Trivia DB"
    first, second = result.data["questions"]
    assert first["prompt"] == 'What year did "Attack on Titan" Season 2 begin airing?'
    assert first["type"] == "multiple_choice"
    assert first["answer"] == "2017"
    assert sorted(first["choices"]) == ["2017", "2018", "2019", "2020"]
    assert first["tags"] == ["entertainment-japanese-anime-manga", "medium"]
    assert second["prompt"] == "Which of these was Harry Truman's middle initial?"
    assert sorted(second["choices"]) == ["J.", "S.", "T.", "É."]
    assert result.lines == [4, 12]
    assert [(n.line, n.message) for n in result.bad] == [
        (20, 'a result needs "question", "correct_answer" and "incorrect_answers".'),
        (27, '\'essay\' is not a result type; Open Trivia DB uses "multiple" and "boolean".'),
    ]
    again = imported("opentdb-multiple.json")
    assert again.data == result.data, "the choices' order is fixed by the question"
    assert {tuple(q["choices"]).index(q["answer"]) for q in result.data["questions"]} != {3}


def test_opentdb_true_false_in_the_newer_layout_with_amp_entities() -> None:
    result = imported("opentdb-boolean.json")
    assert result.data["title"] == "Open Trivia DB: Science & Nature"
    assert [(q["prompt"], q["answer"], q["tags"]) for q in result.data["questions"]] == [
        ('The "Gobi" is Asia\'s largest desert.', True, ["science-nature", "hard"]),
        ("Water boils at 50 °C at sea level.", False, ["science-nature", "easy"]),
    ]


def test_opentdb_error_responses_and_other_json_are_explained(tmp_path: Path) -> None:
    with pytest.raises(DeckError, match=r"response_code 5 \(rate limit"):
        imported("opentdb-rate-limited.json")
    with pytest.raises(BadInput, match="already a quizzer deck; check it with"):
        import_file(DATA / "tiny.json", ImportOptions())
    other = tmp_path / "other.json"
    other.write_text('[{"question": "q", "answer": "a"}]', encoding="utf-8")
    with pytest.raises(BadInput, match="is JSON but not an Open Trivia DB response"):
        import_file(other, ImportOptions())
    with pytest.raises(BadInput, match="not an Open Trivia DB response"):
        import_file(other, ImportOptions(format="opentdb"))


def test_every_import_is_a_valid_deck(tmp_path: Path) -> None:
    for source in sorted(IMPORTS.glob("*")):
        if source.name == "opentdb-rate-limited.json":
            continue
        result = import_file(source, ImportOptions())
        out = tmp_path / f"{source.stem}.json"
        out.write_text(result.text(), encoding="utf-8")
        deck, problems = check_file(out)
        assert deck is not None, (source, problems)
        assert len(deck.questions) == len(result.lines)


def test_separator_detection_needs_every_row_to_split_alike() -> None:
    # ':' appears in every row, but only ',' splits every row into the same fields.
    assert detect_separator("Breakfast,9:00\nLunch,12:30\nDinner,late", 1) == (
        ",",
        "every row splits into 2 fields",
    )
    assert detect_separator("9:00\tbreakfast\nnoon\tlunch", 1)[0] == "\t"
    assert detect_separator("a - b\nc-d - e\n", 1)[0] == " - "
    assert detect_separator("a;b\nc;d\ne;f;g\n", 1) == (
        ";",
        "most rows split evenly (2); the others are reported",
    )
    with pytest.raises(BadInput, match="cannot tell what separates the fields"):
        detect_separator("one\ntwo\n", 1)
    assert [parse_separator(v) for v in ("tab", "Comma", "\\t", "/////", " - ")] == [
        "\t",
        ",",
        "\t",
        "/////",
        " - ",
    ]
    with pytest.raises(BadInput, match="cannot separate fields"):
        parse_separator('"')


def test_rows_split_by_a_stray_separator_are_reported_by_line(tmp_path: Path) -> None:
    source = tmp_path / "cards.txt"
    source.write_text("a;1\nb;2\nc;3;4\nd;5\n", encoding="utf-8")
    result = import_file(source, ImportOptions())
    assert [(n.line, n.message) for n in result.bad] == [
        (
            3,
            "3 fields where the other rows have 2; a field holds the separator: put that field "
            'in double quotes ("...") or pass --separator.',
        )
    ]
    forced = import_file(source, ImportOptions(separator="tab"))
    assert [n.line for n in forced.bad] == [1, 2, 3, 4]


def test_question_ids_are_unique_and_fall_back_to_numbers(tmp_path: Path) -> None:
    source = tmp_path / "cards.csv"
    source.write_text("Hola,Hello\nhola,Hi\n你好,Hello\n", encoding="utf-8")
    result = import_file(source, ImportOptions())
    assert [q["id"] for q in result.data["questions"]] == ["hola", "hola-2", "q3"]
    assert [(w.line, w.message) for w in result.warnings] == [
        (
            2,
            "prompt: the same prompt as the row on line 1; reword one of them or remove "
            "the duplicate.",
        )
    ]


def test_html_becomes_plain_text() -> None:
    assert html_to_text("a<br>b<br/>c") == "a\nb\nc"
    assert html_to_text("<div>one</div><div>two &amp; three</div>") == "one\ntwo & three"
    assert html_to_text("x&nbsp;&lt;y&gt;  \n z[sound:a.mp3]") == "x <y> z"
    assert html_to_text('<img src="a.png"><style>p {}</style>') == ""
    assert html_to_text("<ul><li>1</li><li>2</li></ul>") == "1\n2"
    assert looks_like_html("a &amp; b") and looks_like_html("<b>x</b>")
    assert not looks_like_html("a < b and c > d")


def test_control_characters_are_escaped_on_import(tmp_path: Path) -> None:
    source = tmp_path / "evil.tsv"
    source.write_text("Clear\x1b[2J?\tok\u202e\n", encoding="utf-8")
    result = import_file(source, ImportOptions(format="tsv"))
    assert cards(result) == [("Clear\\x1b[2J?", "ok\\u202e")]


def test_slugs() -> None:
    assert slug("Les Misérables!") == "les-miserables"
    assert slug("Geography::Rivers") == "geography-rivers"
    assert slug("a " * 40, limit=10) == "a-a-a-a-a"
    assert slug("你好") == ""


def test_dry_run_shows_what_it_found_and_writes_nothing(tmp_path: Path, home: Path) -> None:
    done = run_quiz("deck", "import", str(IMPORTS / "plain.csv"), "--dry-run")
    assert done.returncode == 0, done.stderr
    source = IMPORTS / "plain.csv"
    assert done.stdout.splitlines() == [
        f"{source} (nothing written):",
        "  format: csv (delimited text)",
        "  separator: comma (every row splits into 2 fields)",
        "  header row: line 1",
        "  columns: 1 prompt, 2 answer",
        "  html: no (guessed from the fields)",
        "  rows: 4",
        "  deck: id 'plain', title 'Plain'",
        "  questions: 3 of 4 rows (1 cannot be converted)",
        "First 3 questions:",
        "  (line 2)",
        "  1. [flashcard] When does the train leave?",
        "     answer: 9:00",
        "  (line 3)",
        "  2. [flashcard] Capital of Spain, in Spanish",
        "     answer: Madrid",
        "  (line 5)",
        "  3. [flashcard] Ελληνικά: 'hello'?",
        "     answer: γεια",
        "Rows that cannot be converted:",
        f"  {source}:4: the answer (column 2) is empty; fill it in or leave the row out.",
    ]
    assert not home.exists() or not any(home.rglob("*.json"))


def test_bad_rows_stop_the_import_unless_skipped(tmp_path: Path, home: Path) -> None:
    source = IMPORTS / "anki-notes.txt"
    out = tmp_path / "geo.json"
    done = run_quiz("deck", "import", str(source), "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.splitlines()[:2] == [
        f"quiz: error: 3 of 7 rows of {source} cannot be converted; nothing was written:",
        f"  {source}:9: the answer (column 4) is empty; fill it in or leave the row out.",
    ]
    assert done.stderr.endswith("Fix them, or pass --skip-bad to import the other rows.\n")
    assert not out.exists()
    done = run_quiz("deck", "import", str(source), "-o", str(out), "--skip-bad")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"Imported 4 questions from {source} into {out}; add it with: quiz deck add {out}\n"
    )
    assert f"quiz: skipped {source}:10: a cloze deletion" in done.stderr
    assert check_file(out)[0] is not None


def test_import_add_then_start(tmp_path: Path, home: Path) -> None:
    source = IMPORTS / "quizlet-dash.txt"
    done = run_quiz(
        "deck", "import", str(source), "--add", "--id", "verbs", "--as", "short_answer",
        "--title", "Phrasal verbs",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    listed = json.loads(run_quiz("deck", "list", "--json").stdout)
    assert {"id": "verbs", "title": "Phrasal verbs", "questions": 3, "origin": "user"} in listed
    assert done.stdout.startswith(f"Imported 3 questions from {source} as deck 'verbs'")
    again = run_quiz("deck", "import", str(source), "--add", "--id", "verbs")
    assert again.returncode == 2
    assert "you already have a deck with id 'verbs'" in again.stderr
    quiz = run_quiz("start", "verbs", "--no-shuffle", "-n", "1", stdin="cuộc đột nhập\n")
    assert quiz.returncode == 0, quiz.stderr
    assert "Score: 1/1 (100%)" in quiz.stdout


def test_import_to_stdout_and_refused_options(home: Path) -> None:
    done = run_quiz("deck", "import", str(IMPORTS / "opentdb-boolean.json"))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id"] == "open-trivia-db-science-nature"
    assert done.stderr == f"quiz: imported 2 questions from {IMPORTS / 'opentdb-boolean.json'}.\n"
    both = run_quiz("deck", "import", str(IMPORTS / "plain.csv"), "--add", "-o", "x.json")
    assert (both.returncode, both.stderr) == (2, "quiz: error: choose one of -o FILE and --add.\n")
    nothing = run_quiz("deck", "import", str(IMPORTS / "plain.csv"), "--format", "tsv")
    assert nothing.returncode == 2
    assert nothing.stderr.startswith(
        f"quiz: error: no row of {IMPORTS / 'plain.csv'} could be made into a question:"
    )


def test_a_file_whose_columns_are_all_taken_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text(
        "#separator:tab\n#notetype column:1\n#deck column:2\nBasic\tDefault\n", encoding="utf-8"
    )
    with pytest.raises(BadInput) as caught:
        import_file(source, ImportOptions())
    assert caught.value.message == (
        "no column is left for the prompt or the answer (columns: 1 notetype, 2 deck); "
        "add a header row such as `prompt,answer`, or pass --separator."
    )
