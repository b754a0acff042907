"""Every output command, fed a deck whose every string field is hostile, shows it escaped;
text that cannot be encoded (a lone surrogate) is refused where it enters."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from inproc import quiz

from quizzer.deckcheck import check_text
from quizzer.text import clean

# Erase the screen, an 8-bit CSI, DEL, a right-to-left override, an OSC 8 link, C1 NEL.
HOSTILE = "A\x1b[2J\x9b31m\x7f\u202eB\x1b]8;;http://x.invalid\x1b\\C\x85"
SHOWN = clean(HOSTILE)
# What must never reach stdout or stderr: C0 but tab and newline, DEL, C1, bidi controls,
# and lone surrogates (which could not even be written).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def h(name: str) -> str:
    """Hostile text, told apart by `name`."""
    return f"{name} {HOSTILE}"


def hostile_deck() -> dict[str, Any]:
    """A valid deck with hostile text in every string field a deck can carry."""
    return {
        "format": 1,
        "id": "hostile-all",
        "title": h("title"),
        "description": h("description"),
        "source": h("deck source"),
        "tags": [h("deck tag")],
        "questions": [
            {
                "id": "mc",
                "type": "multiple_choice",
                "prompt": h("mc prompt"),
                "choices": [h("choice one"), h("choice two")],
                "answer": h("choice two"),
                "explanation": h("mc explanation"),
                "source": h("mc source"),
                "tags": [h("mc tag")],
            },
            {"id": "tf", "type": "true_false", "prompt": h("tf prompt"), "answer": True},
            {
                "id": "sa",
                "type": "short_answer",
                "prompt": h("sa prompt"),
                "answer": h("sa answer"),
                "accept": [h("sa accept")],
                "explanation": h("sa explanation"),
            },
            {
                "id": "ms",
                "type": "multi_select",
                "prompt": h("ms prompt"),
                "choices": [h("ms one"), h("ms two"), h("ms three")],
                "answer": [h("ms one"), h("ms three")],
                "source": {"paragraph": 2},
            },
            {
                "id": "fc",
                "type": "flashcard",
                "prompt": h("fc prompt"),
                "answer": h("fc answer"),
                "tags": [h("fc tag")],
            },
        ],
    }


def write(folder: Path, data: dict[str, Any], name: str = "deck.json") -> Path:
    file = folder / name
    file.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return file


def assert_safe(args: tuple[str, ...], stdout: str, stderr: str) -> None:
    for stream, text in (("stdout", stdout), ("stderr", stderr)):
        found = RAW.search(text)
        assert found is None, f"quiz {' '.join(args)}: raw {found[0]!r} on {stream}"


def test_no_command_prints_a_raw_control_character(home: Path, tmp_path: Path) -> None:
    file = str(write(tmp_path, hostile_deck()))
    csv_file = tmp_path / "exported.csv"
    # mc: choice two; tf: true; sa: wrong; ms: 1 and 3; fc: reveal, then Good.
    answers = "2\nt\nnot it\n1,3\n\n3\n"
    walk: list[tuple[tuple[str, ...], str | None]] = [
        (("deck", "validate", file), None),
        (("deck", "validate", file, "--json"), None),
        (("deck", "add", file), None),
        (("deck", "list"), None),
        (("deck", "list", "--json"), None),
        (("deck", "show", "hostile-all"), None),
        (("deck", "show", "hostile-all", "--json"), None),
        (("deck", "show", "hostile-all", "--answers"), None),
        (("deck", "show", "hostile-all", "--answers", "--json"), None),
        (("deck", "show", file, "--answers"), None),
        (("deck", "export", "hostile-all"), None),
        (("deck", "export", "hostile-all", "--format", "csv"), None),
        (("deck", "export", "hostile-all", "--format", "csv", "-o", str(csv_file)), None),
        (("deck", "import", str(csv_file), "--dry-run"), None),
        (("deck", "import", str(csv_file), "--id", "again"), None),
        (("start", "hostile-all", "--plain", "--no-shuffle"), answers),
        (("review", "hostile-all", "--plain"), "1\n" * 12),
        (("stats",), None),
        (("stats", "--json"), None),
        (("stats", "--csv"), None),
        (("stats", "--sessions"), None),
        (("stats", "hostile-all"), None),
        (("stats", "hostile-all", "--json"), None),
        (("stats", "hostile-all", "--csv"), None),
        (("history", "export"), None),
    ]
    shown = ""
    for args, stdin in walk:
        done = quiz(*args, input=stdin)
        assert done.exit_code in (0, 130), (args, done.stderr)
        assert_safe(args, done.stdout, done.stderr)
        shown += done.stdout
    # The hostile text was there all along, shown escaped in every kind of field.
    for name in ("title", "deck source", "mc source", "mc prompt", "choice two", "sa accept"):
        assert f"{name} {SHOWN}" in shown or json.dumps(f"{name} {SHOWN}")[1:-1] in shown, name


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("deck", "show", "{file}", "--json"), ["deck source", "mc source"]),
        (("deck", "export", "{file}", "--format", "csv"), ["deck source", "mc source"]),
        (("deck", "export", "{file}"), ["deck source", "mc source"]),
    ],
)
def test_source_is_cleaned_at_load(
    home: Path, tmp_path: Path, args: tuple[str, ...], expected: list[str]
) -> None:
    file = str(write(tmp_path, hostile_deck()))
    done = quiz(*(file if a == "{file}" else a for a in args))
    assert done.exit_code == 0, done.stderr
    assert_safe(args, done.stdout, done.stderr)
    for name in expected:
        assert clean(h(name)) in done.stdout or json.dumps(clean(h(name)))[1:-1] in done.stdout


SURROGATE_FIELDS = [
    ("title", "$.title"),
    ("description", "$.description"),
    ("source", "$.source"),
    ("tags", "$.tags[0]"),
    ("prompt", "$.questions[0].prompt"),
    ("choices", "$.questions[0].choices[1]"),
    ("explanation", "$.questions[0].explanation"),
    ("question source", "$.questions[0].source"),
    ("question tags", "$.questions[0].tags[0]"),
    ("answer", "$.questions[2].answer"),
    ("accept", "$.questions[2].accept[0]"),
    ("key", '$.questions[4]["x\\ud800"]'),
]


def with_surrogate(field: str) -> dict[str, Any]:
    data = hostile_deck()
    bad = "a\ud800b"
    mc, sa, fc = data["questions"][0], data["questions"][2], data["questions"][4]
    setters = {
        "title": lambda: data.update(title=bad),
        "description": lambda: data.update(description=bad),
        "source": lambda: data.update(source=bad),
        "tags": lambda: data.update(tags=[bad]),
        "prompt": lambda: mc.update(prompt=bad),
        "choices": lambda: mc.update(choices=[mc["choices"][0], bad], answer=bad),
        "explanation": lambda: mc.update(explanation=bad),
        "question source": lambda: mc.update(source=bad),
        "question tags": lambda: mc.update(tags=[bad]),
        "answer": lambda: sa.update(answer=bad),
        "accept": lambda: sa.update(accept=[bad]),
        "key": lambda: fc.update({"x\ud800": 1}),
    }
    setters[field]()
    return data


@pytest.mark.parametrize(("field", "path"), SURROGATE_FIELDS)
def test_a_lone_surrogate_is_refused_in_every_field(
    home: Path, tmp_path: Path, field: str, path: str
) -> None:
    text = json.dumps(with_surrogate(field), indent=2)  # "\ud800" as JSON writes it
    deck, problems = check_text(text, path="deck.json")
    assert deck is None
    assert path in [p.path.replace("\ud800", "\\ud800") for p in problems], problems
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "\\ud800" in row)
    assert any(p.line == line for p in problems)


def test_validate_and_add_refuse_a_title_with_a_lone_surrogate(home: Path, tmp_path: Path) -> None:
    file = write(tmp_path, with_surrogate("title"))
    line = file.read_text(encoding="utf-8").splitlines().index('  "title": "a\\ud800b",') + 1
    done = quiz("deck", "validate", str(file))
    assert done.exit_code != 0
    assert done.stdout.startswith(
        f"{file}:{line}:12: $.title: holds a lone surrogate (\\ud800) at character 2, which "
        "is not text and cannot be shown; remove it or write the character it stands for.\n"
    )
    assert_safe(("validate",), done.stdout, done.stderr)
    as_json = quiz("deck", "validate", str(file), "--json")
    assert json.loads(as_json.stdout)[0]["path"] == "$.title"
    added = quiz("deck", "add", str(file))
    assert added.exit_code == 2
    assert f"{file}:{line}:12: $.title: holds a lone surrogate" in added.stderr
    assert not (home / "decks").exists()


def test_a_deck_with_a_lone_surrogate_put_in_the_folder_breaks_no_command(home: Path) -> None:
    (home / "decks").mkdir(parents=True)
    write(home / "decks", with_surrogate("title"), "bad.json")
    for args in (("deck", "list"), ("deck", "list", "--json"), ("stats",), ("deck", "show", "bad")):
        done = quiz(*args)
        assert_safe(args, done.stdout, done.stderr)
        assert "internal error" not in done.stderr
    listed = quiz("deck", "list", "--json")
    assert listed.exit_code == 0
    assert "deepseek-company" in listed.stdout
    assert "skipped a broken deck" in listed.stderr and "lone surrogate" in listed.stderr


def test_a_file_name_that_is_not_utf8_is_shown_escaped(home: Path, tmp_path: Path) -> None:
    file = tmp_path / os.fsdecode(b"deck-\xff.json")
    write(tmp_path, with_surrogate("prompt"), file.name)
    for args in (("deck", "validate", str(file)), ("deck", "validate", str(file), "--json")):
        done = quiz(*args)
        assert done.exit_code != 0
        assert_safe(args, done.stdout, done.stderr)
    assert f"{tmp_path}/deck-\\udcff.json:" in quiz("deck", "validate", str(file)).stdout
    problems = json.loads(quiz("deck", "validate", str(file), "--json").stdout)
    assert problems[0]["file"] == f"{tmp_path}/deck-\\udcff.json"


def test_clean_escapes_lone_surrogates_and_leaves_text_alone(home: Path) -> None:
    assert clean("a\ud800b\udfff") == "a\\ud800b\\udfff"
    assert clean("caf\u00e9 \U0001f600 \t\n") == "caf\u00e9 \U0001f600 \t\n"
    assert clean(HOSTILE) == (
        "A\\x1b[2J\\x9b31m\\x7f\\u202eB\\x1b]8;;http://x.invalid\\x1b\\C\\x85"
    )


def test_imports_write_and_preview_hostile_metadata_escaped(home: Path, tmp_path: Path) -> None:
    meta = {"id": "evil", "title": h("title"), "description": h("description")}
    meta |= {"source": h("source"), "tags": [h("tag")]}
    csv_file = tmp_path / "evil.csv"
    csv_file.write_text(
        f"#separator:comma\n#html:false\n#deck:{h('deck line')}\n#quizzer:{json.dumps(meta)}\n"
        "#columns:prompt,answer,type,choices,accept,explanation,tags,source,id\n"
        f'"{h("prompt")}","{h("answer")}",short_answer,,"{h("accept")}",,,"{h("src")}",q1\n',
        encoding="utf-8",
    )
    trivia = tmp_path / "trivia.json"
    result = {"type": "multiple", "category": h("category"), "question": h("question")}
    result |= {"correct_answer": h("right"), "incorrect_answers": [h("w1"), "w2", "w3"]}
    trivia.write_text(json.dumps({"response_code": 0, "results": [result]}), encoding="utf-8")
    written = tmp_path / "written.json"
    for args in (
        ("deck", "import", str(csv_file)),
        ("deck", "import", str(csv_file), "--dry-run"),
        ("deck", "import", str(csv_file), "-o", str(written)),
        ("deck", "import", str(trivia)),
        ("deck", "import", str(trivia), "--dry-run"),
    ):
        done = quiz(*args)
        assert done.exit_code == 0, (args, done.stderr)
        assert_safe(args, done.stdout, done.stderr)
    saved = json.loads(written.read_text(encoding="utf-8"))
    assert (saved["description"], saved["source"], saved["tags"]) == (
        clean(h("description")),
        clean(h("source")),
        [clean(h("tag"))],
    )
    assert quiz("deck", "import", str(csv_file), "--dry-run").stdout.startswith(
        f"{csv_file} (nothing written):\n"
    )
