"""`quiz deck import FILE.apkg`: the dry run, -o, --add, --into, --force and --with-history."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import genanki  # type: ignore[import-untyped]
import pytest
from conftest import DATA, open_store, run_quiz, stats_json
from test_anki_import import EXPECTED, SAME_AS_TEMPLATES

from quizzer.formats.anki import read_package

ANKI = DATA / "anki"
TEMPLATES = ANKI / "templates.apkg"

TEMPLATES_DRY_RUN = """\
{name} (nothing written): Anki package, legacy (collection.anki2) layout
  decks: 6
    1-templates-anatomy (1-TEMPLATES::Anatomy): 63 questions, 0 answers
    1-templates-conditionals (1-TEMPLATES::Conditionals): 9 questions, 13 answers
    1-templates-misc (1-TEMPLATES::Misc): 2 questions, 7 answers
    1-templates-nestedclozes (1-TEMPLATES::NestedClozes): 5 questions, 62 answers
    1-templates-normalclozes (1-TEMPLATES::NormalClozes): 6 questions, 10 answers
    1-templates-typing-broken (1-TEMPLATES::Typing broken): 23 questions, 0 answers
  questions: 108 of 146 cards (cloze 17, flashcard 64, short_answer 27)
  skipped: 38 (template error 36, empty card 2)
    16 x template error: Muscle / Picture/Name: front template: Found '{{{{/z}}}}', but expected \
'{{{{/Picture}}}}'
    16 x template error: Muscle / Name/Origin: front template: Found '{{{{/Origin}}}}', but \
expected '{{{{/Name}}}}'
    1 x empty card: NestedClozeTest / Lückentext 2
    1 x empty card: TypingClozeTest / NestedMods 6
    1 x template error: reassign / Card 1: front template: Found '{{{{=<% %>=}}}}', but there is \
no field called '=<% %>='
    1 x template error: reassign / Card 2: front template: Found '{{{{=<% %>=}}}}', but there is \
no field called '=<% %>='
    1 x template error: Basic-conditional / Card 1: back template: Found '{{{{#Expression}}}}', \
but there is no field called 'Expression'
    1 x template error: Basic-misc / Card 3: front template: Found '{{{{!Just a comment, I won't \
appear anywhere!}}}}', but there is no field called '!Just a comment, I won't appear anywhere!'
  review entries: 102 (92 become answers, 10 of skipped cards, 0 not answers (rescheduled, \
reset), 0 of deleted cards, 0 with impossible times)
  media files: 0 (not imported)
"""


def test_the_dry_run_of_templates_apkg(home: Path) -> None:
    done = run_quiz("deck", "import", str(TEMPLATES), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert done.stdout == TEMPLATES_DRY_RUN.format(name=TEMPLATES)
    assert not (home / "decks").exists()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_dry_run_of_every_sample(home: Path, name: str) -> None:
    layout, decks, types, skipped, reviews = EXPECTED[name]
    done = run_quiz("deck", "import", str(ANKI / name), "--dry-run")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].endswith(f"(nothing written): Anki package, {layout} layout")
    assert f"  decks: {len(decks)}" in lines
    for deck_id, (questions, answers) in decks.items():
        assert any(
            line.startswith(f"    {deck_id} (")
            and line.endswith(f": {questions} questions, {answers} answers")
            for line in lines
        ), deck_id
    by_type = ", ".join(f"{kind} {n}" for kind, n in sorted(types.items()))
    assert any(line.startswith("  questions: ") and by_type in line for line in lines)
    listed = ", ".join(f"{reason} {n}" for reason, n in skipped.items())
    assert f"  skipped: {sum(skipped.values())}" + (f" ({listed})" if listed else "") in lines
    assert any(line.startswith(f"  review entries: {reviews} (") for line in lines)


@pytest.mark.parametrize("name", SAME_AS_TEMPLATES)
def test_every_layout_gives_the_same_dry_run(home: Path, name: str) -> None:
    mine = run_quiz("deck", "import", str(ANKI / name), "--dry-run").stdout.splitlines()
    theirs = run_quiz("deck", "import", str(TEMPLATES), "--dry-run").stdout.splitlines()
    assert mine[1:] == theirs[1:]


def test_a_package_whose_every_card_is_skipped_exits_2_with_the_reasons(home: Path) -> None:
    done = run_quiz("deck", "import", str(ANKI / "media.apkg"), "--add")
    assert done.returncode == 2
    assert done.stderr == (
        f"quiz: error: no card of {ANKI / 'media.apkg'} can be made into a question:\n"
        "  skipped: 1 (only a sound or picture on the front 1)\n"
        "  1 x only a sound or picture on the front: Basic / Card 1\n"
    )
    assert not (home / "decks").exists()


def _model(model_id: int, name: str, templates: list[tuple[str, str]]) -> Any:
    return genanki.Model(
        model_id,
        name,
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[
            {"name": f"Card {n}", "qfmt": front, "afmt": back}
            for n, (front, back) in enumerate(templates, start=1)
        ],
    )


BASIC = _model(4001, "Plain", [("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}")])
BOTH_WAYS = _model(
    4002,
    "Both ways",
    [
        ("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"),
        ("{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}"),
    ],
)


def package(tmp_path: Path, decks: dict[str, list[tuple[Any, str, str]]]) -> Path:
    """An Anki package written by genanki: deck name -> (note type, front, back)."""
    made = []
    for number, (name, notes) in enumerate(decks.items(), start=1):
        deck = genanki.Deck(3_000_000 + number, name)
        for model, front, back in notes:
            deck.add_note(genanki.Note(model=model, fields=[front, back]))
        made.append(deck)
    path = tmp_path / "made.apkg"
    genanki.Package(made).write_to_file(path)
    return path


def two_decks(tmp_path: Path) -> Path:
    return package(
        tmp_path,
        {
            "Languages::Spanish": [(BOTH_WAYS, "perro", "dog"), (BASIC, "gato?", "cat")],
            "Geography": [(BASIC, "Capital of Peru?", "Lima")],
        },
    )


def test_add_makes_one_deck_per_anki_deck_and_force_replaces_them(
    home: Path, tmp_path: Path
) -> None:
    path = two_decks(tmp_path)
    done = run_quiz("deck", "import", str(path), "--add")
    assert done.returncode == 0, done.stderr
    decks = home / "decks"
    assert done.stdout == (
        f"Imported 4 questions of 4 cards from {path} as 2 decks:\n"
        f"  geography: 1 question ({decks / 'geography.json'})\n"
        f"  languages-spanish: 3 questions ({decks / 'languages-spanish.json'})\n"
        "skipped: 0\n"
        "Start one with: quiz start geography\n"
    )
    listed = {row["id"]: row for row in json.loads(run_quiz("deck", "list", "--json").stdout)}
    assert listed["languages-spanish"]["title"] == "Languages::Spanish"
    assert listed["languages-spanish"]["questions"] == 3
    played = run_quiz("start", "geography", "--plain", stdin="\n3\n")
    assert played.returncode == 0, played.stderr
    assert "Capital of Peru?" in played.stdout
    again = run_quiz("deck", "import", str(path), "--add")
    assert again.returncode == 2
    assert "you already have a deck with id 'geography'" in again.stderr
    forced = run_quiz("deck", "import", str(path), "--add", "--force")
    assert forced.returncode == 0, forced.stderr
    assert f"  geography: 1 question ({decks / 'geography.json'}, replaced)\n" in forced.stdout
    assert [(row["deck"], row["answered"]) for row in stats_json()["decks"]] == [("geography", 1)]


def test_into_merges_every_deck_with_o_and_with_add(home: Path, tmp_path: Path) -> None:
    path = two_decks(tmp_path)
    out = tmp_path / "all.json"
    done = run_quiz("deck", "import", str(path), "--into", "all", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"Imported 4 questions from {path} into {out}; add it with: quiz deck add {out}\n"
        "skipped: 0\n"
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["id"], data["title"]) == ("all", "Made")
    assert [q["prompt"] for q in data["questions"]] == ["perro", "dog", "gato?", "Capital of Peru?"]
    assert data["questions"][1]["tags"] == ["reverse"]
    added = run_quiz("deck", "import", str(path), "--into", "mine", "--title", "Mine", "--add")
    assert added.returncode == 0, added.stderr
    assert f"  mine: 4 questions ({home / 'decks' / 'mine.json'})\n" in added.stdout
    shown = run_quiz("deck", "show", "mine").stdout
    assert shown.startswith("Mine\nid: mine (your deck)\n")


def test_several_decks_need_into_or_add(home: Path, tmp_path: Path) -> None:
    path = two_decks(tmp_path)
    out = tmp_path / "x.json"
    for extra, where in (
        (["-o", str(out)], "-o writes one file"),
        ([], "without -o or --add one is printed"),
    ):
        done = run_quiz("deck", "import", str(path), *extra)
        assert done.returncode == 2
        assert done.stderr == (
            f"quiz: error: {path} holds 2 decks, and {where}: pass --into ID to merge them "
            "into one deck, or --add to add each of them to your decks.\n"
        )
    assert not out.exists()
    one = run_quiz("deck", "import", str(ANKI / "update1.apkg"))
    assert one.returncode == 0
    assert json.loads(one.stdout)["id"] == "default"
    assert one.stderr == f"quiz: imported 1 question from {ANKI / 'update1.apkg'}; skipped: 0.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--id", "x"], "pass --into ID instead of --id."),
        (["--title", "T"], "--title names the one deck --into ID makes;"),
        (["--with-history"], "--with-history puts the review log in your history, for the "),
        (["--map", "prompt=a[*].q,answer=a[*].a"], "--map reads JSON files; it does not apply"),
        (["--separator", ","], "--separator applies to csv and tsv files"),
        (["--into", "Not An Id"], "--into 'Not An Id' is not a valid deck id;"),
        (["-o", "x.json", "--add"], "choose one of -o FILE and --add."),
    ],
)
def test_options_that_do_not_fit_a_package_are_refused(
    home: Path, args: list[str], message: str
) -> None:
    done = run_quiz("deck", "import", str(ANKI / "update1.apkg"), *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert not (home / "decks").exists()


def test_anki_only_options_are_refused_for_other_files(home: Path) -> None:
    csv = str(DATA / "import" / "plain.csv")
    into = run_quiz("deck", "import", csv, "--into", "x")
    assert into.returncode == 2
    assert into.stderr == (
        "quiz: error: --into merges the decks of an Anki package into one; for this file, "
        "name the deck with --id.\n"
    )
    history = run_quiz("deck", "import", csv, "--with-history", "--add")
    assert history.returncode == 2
    assert history.stderr == (
        f"quiz: error: --with-history brings an Anki package's review log; {csv} is not one.\n"
    )


def without_clozes(tmp_path: Path) -> Path:
    """templates.apkg without its cloze notes (whose review rows become those of deleted
    cards): what this quizzer can add before it has cloze questions."""
    with zipfile.ZipFile(TEMPLATES) as source:
        database = tmp_path / "collection.anki2"
        database.write_bytes(source.read("collection.anki2"))
    with sqlite3.connect(database) as connection:
        models = json.loads(connection.execute("select models from col").fetchone()[0])
        cloze = [int(model["id"]) for model in models.values() if model.get("type") == 1]
        marks = ",".join("?" * len(cloze))
        connection.execute(
            f"delete from cards where nid in (select id from notes where mid in ({marks}))", cloze
        )
        connection.execute(f"delete from notes where mid in ({marks})", cloze)
    connection.close()
    path = tmp_path / "templates-without-clozes.apkg"
    with zipfile.ZipFile(path, "w") as target:
        target.write(database, "collection.anki2")
        target.writestr("media", "{}")
    return path


def check_history_import(path: Path, home: Path) -> None:
    """--with-history brings the log once, a re-import adds nothing, and stats, cards and
    the doctor agree."""
    expected = read_package(path)
    answers = expected.reviews.answers
    assert answers > 0
    done = run_quiz("deck", "import", str(path), "--add", "--with-history")
    assert done.returncode == 0, done.stderr
    total = expected.reviews.total
    assert (
        f"Imported {answers} answers from its review log (0 already there; {total} review "
        "entries).\n"
    ) in done.stdout
    again = run_quiz("deck", "import", str(path), "--add", "--force", "--with-history")
    assert again.returncode == 0, again.stderr
    assert f"Imported 0 answers from its review log ({answers} already there;" in again.stdout
    stats = stats_json()
    by_deck = {row["deck"]: row["answered"] for row in stats["decks"]}
    assert by_deck == {deck.id: len(deck.answers) for deck in expected.decks if deck.answers}
    assert sum(row["answered"] for row in stats["questions"]) == answers
    with open_store(home) as store:
        cards = store.state().cards
    reviewed = {f"{a.deck}/{a.question}" for deck in expected.decks for a in deck.answers}
    assert reviewed <= set(cards)
    doctor = run_quiz("doctor")
    assert doctor.returncode == 0, doctor.stdout
    assert "problem" not in doctor.stdout


def test_with_history_imports_the_review_log_once(home: Path, tmp_path: Path) -> None:
    path = without_clozes(tmp_path)
    assert Counter(read_package(path).counts()) == {"flashcard": 64, "short_answer": 24}
    check_history_import(path, home)


def test_with_history_on_templates_apkg(home: Path) -> None:
    check_history_import(TEMPLATES, home)


@pytest.mark.parametrize("name", SAME_AS_TEMPLATES)
def test_every_layout_writes_the_same_deck(home: Path, tmp_path: Path, name: str) -> None:
    written = []
    for source in (TEMPLATES, ANKI / name):
        out = tmp_path / f"{source.stem}.json"
        done = run_quiz("deck", "import", str(source), "--into", "all", "-o", str(out))
        assert done.returncode == 0, done.stderr
        written.append(json.loads(out.read_text(encoding="utf-8"))["questions"])
    assert written[0] == written[1]


def test_our_own_apkg_export_imports_back(home: Path, tmp_path: Path) -> None:
    package_file, out = tmp_path / "tiny.apkg", tmp_path / "tiny.json"
    assert (
        run_quiz("deck", "export", str(DATA / "tiny.json"), "-o", str(package_file)).returncode == 0
    )
    done = run_quiz("deck", "import", str(package_file), "-o", str(out))
    assert done.returncode == 0, done.stderr
    back = json.loads(out.read_text(encoding="utf-8"))
    original = json.loads((DATA / "tiny.json").read_text(encoding="utf-8"))
    assert back["title"] == original["title"]
    # The export loses ids and sources; everything else comes back.
    for mine, theirs in zip(back["questions"], original["questions"], strict=True):
        theirs.pop("source", None)
        assert {**mine, "id": theirs["id"]} == theirs
