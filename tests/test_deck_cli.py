"""`quiz deck show/add/remove/list` and the cache that makes big decks start fast."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import DATA, run_quiz, stats_json

from quizzer import deckcache
from quizzer.decks import builtin_dir, list_decks, load_file


def test_show_lists_counts_and_hides_answers_unless_asked(home: Path) -> None:
    done = run_quiz("deck", "show", str(DATA / "tiny.json"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:10] == [
        "Tiny test deck",
        "id: tiny (deck file)",
        "One question of each type, for tests.",
        "tags: test",
        "5 questions: 1 multiple choice, 1 true or false, 1 short answer, "
        "1 select all that apply, 1 flashcard",
        "by tag: books 1, geo 1, math 1, nature 1, words 1",
        "",
        "1. [multiple choice] Which city is the capital of France?",
        "   - Lyon",
        "   - Paris",
    ]
    assert "answer:" not in done.stdout
    assert "Paris has been" not in done.stdout
    revealed = run_quiz("deck", "show", str(DATA / "tiny.json"), "--answers").stdout
    assert (
        "   answer: Paris\n   explanation: Paris has been the capital for centuries.\n" in revealed
    )
    assert "   answer: Victor Hugo\n   also accepted: Hugo\n" in revealed
    assert "   answer: 2, 5\n" in revealed


def test_show_json(home: Path) -> None:
    hidden = json.loads(run_quiz("deck", "show", "deepseek-company", "--json").stdout)
    assert hidden["origin"] == "builtin"
    on_disk = json.loads((builtin_dir() / "deepseek-company.json").read_text(encoding="utf-8"))
    total = len(on_disk["questions"])
    assert sum(hidden["counts"]["types"].values()) == len(hidden["questions"]) == total
    assert all("answer" not in q and "explanation" not in q for q in hidden["questions"])
    shown = json.loads(run_quiz("deck", "show", "deepseek-company", "--json", "--answers").stdout)
    assert all("answer" in q for q in shown["questions"])


def test_add_copies_the_deck_and_refuses_ids_already_taken(tmp_path: Path, home: Path) -> None:
    source = DATA / "tiny.json"
    done = run_quiz("deck", "add", str(source))
    assert done.returncode == 0, done.stderr
    target = home / "decks" / "tiny.json"
    assert done.stdout == (
        f"Added deck 'tiny' (5 questions) as {target}; start it with: quiz start tiny\n"
        f"It is a copy: later changes to {source} are not seen. Change it with "
        "`quiz deck edit tiny`, or add the file again with --force.\n"
    )
    assert target.read_bytes() == source.read_bytes()
    again = run_quiz("deck", "add", str(source))
    assert again.returncode == 2
    assert again.stderr == (
        f"quiz: error: you already have a deck with id 'tiny' ({target}); pass --force to "
        'replace it, or give this deck another "id".\n'
    )
    forced = run_quiz("deck", "add", str(source), "--force")
    assert forced.stdout.startswith("Replaced your deck 'tiny' (5 questions)")
    listed = json.loads(run_quiz("deck", "list", "--json").stdout)
    assert {"id": "tiny", "title": "Tiny test deck", "questions": 5, "origin": "user"} in listed


def test_add_force_keeps_the_history_of_questions_by_id(tmp_path: Path, home: Path) -> None:
    assert run_quiz("deck", "add", str(DATA / "tiny.json")).returncode == 0
    played = run_quiz("start", "tiny", "--no-shuffle", "-n", "1", stdin="2\n")
    assert played.returncode == 0, played.stderr
    data = json.loads((DATA / "tiny.json").read_text(encoding="utf-8"))
    data["questions"][0]["prompt"] = "Which city is the capital of France today?"
    del data["questions"][1:]
    data["questions"].append({"id": "new", "type": "flashcard", "prompt": "uno", "answer": "one"})
    source = tmp_path / "tiny.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    assert run_quiz("deck", "add", str(source), "--force").returncode == 0
    rows = {row["question"]: row["answered"] for row in stats_json()["questions"]}
    assert rows == {"capital": 1}
    again = run_quiz("start", "tiny", "--no-shuffle", "-n", "1", stdin="2\n")
    assert "Which city is the capital of France today?" in again.stdout
    rows = {row["question"]: row["answered"] for row in stats_json()["questions"]}
    assert rows == {"capital": 2}


def test_a_built_in_id_can_never_be_taken(tmp_path: Path, home: Path) -> None:
    data = json.loads((DATA / "tiny.json").read_text(encoding="utf-8"))
    data["id"] = "deepseek-company"
    source = tmp_path / "mine.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    for extra in ([], ["--force"]):
        done = run_quiz("deck", "add", str(source), *extra)
        assert done.returncode == 2
        assert done.stderr == (
            "quiz: error: 'deepseek-company' is the id of a built-in deck, which cannot be "
            'replaced; give your deck another "id" (such as "deepseek-company-mine") and '
            "try again.\n"
        )
    assert not (home / "decks").exists()


def test_add_refuses_an_invalid_deck_with_located_problems(home: Path) -> None:
    source = DATA / "many-problems.json"
    done = run_quiz("deck", "add", str(source))
    assert done.returncode == 2
    assert done.stderr.startswith(f"quiz: error: {source} is not a valid deck (13 problems):\n")
    assert f"  {source}:3:9: $.id: " in done.stderr
    assert not (home / "decks").exists()


def test_add_reports_warnings_on_stderr(tmp_path: Path, home: Path) -> None:
    data = json.loads((DATA / "tiny.json").read_text(encoding="utf-8"))
    data["questions"][2]["accept"] = ["victor hugo"]
    source = tmp_path / "warn.json"
    source.write_text(json.dumps(data, indent=1), encoding="utf-8")
    done = run_quiz("deck", "add", str(source))
    assert done.returncode == 0
    assert done.stderr == (
        f'quiz: {source}:41:5: $.questions[2].accept[0]: warning: "victor hugo" is '
        "already accepted: answers are compared without case, accents, punctuation and "
        "spaces; remove it.\n"
    )


def test_remove_asks_keeps_history_and_refuses_built_ins(home: Path) -> None:
    assert run_quiz("deck", "add", str(DATA / "tiny.json")).returncode == 0
    played = run_quiz("start", "tiny", "--no-shuffle", "-n", "1", stdin="2\n")
    assert played.returncode == 0, played.stderr
    unasked = run_quiz("deck", "remove", "tiny")
    assert unasked.returncode == 2
    assert unasked.stderr == "quiz: error: removing deck 'tiny' needs a yes: pass --yes.\n"
    done = run_quiz("deck", "remove", "tiny", "--yes")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Removed deck 'tiny'; the answers you gave on it are kept in your history.\n"
    )
    assert not (home / "decks" / "tiny.json").exists()
    assert [row["deck"] for row in stats_json()["decks"]] == ["tiny"]
    gone = run_quiz("deck", "remove", "tiny", "--yes")
    assert gone.stderr == (
        "quiz: error: you have no deck with id 'tiny'; `quiz deck list` shows them.\n"
    )
    builtin = run_quiz("deck", "remove", "deepseek-company", "--yes")
    assert builtin.returncode == 2
    assert builtin.stderr == (
        "quiz: error: 'deepseek-company' is a built-in deck; built-in decks cannot be removed.\n"
    )


def test_remove_with_purge_history_clears_the_answers_into_a_backup(home: Path) -> None:
    assert run_quiz("deck", "add", str(DATA / "tiny.json")).returncode == 0
    for _ in range(2):
        played = run_quiz("start", "tiny", "--no-shuffle", "-n", "1", stdin="2\n")
        assert played.returncode == 0, played.stderr
    done = run_quiz("deck", "remove", "tiny", "--yes", "--purge-history")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Removed deck 'tiny' and cleared 2 answers; a copy is in ")
    backup = Path(done.stdout.rsplit(" ", 1)[-1].strip())
    assert backup.parent == home / "backups"
    assert len(backup.read_text(encoding="utf-8").splitlines()) == 2
    assert stats_json()["decks"] == []


@pytest.fixture
def small_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cache every deck, however small."""
    monkeypatch.setattr(deckcache, "MIN_BYTES", 0)


def test_a_validated_deck_is_cached_and_used_while_unchanged(
    tmp_path: Path, home: Path, small_cache: None
) -> None:
    source = tmp_path / "tiny.json"
    source.write_bytes((DATA / "tiny.json").read_bytes())
    first = load_file(source)
    entries = list(deckcache.cache_dir().iterdir())
    assert len(entries) == 1
    cached = deckcache.read_deck(source, source.stat(), origin="file")
    assert cached == first
    assert deckcache.read_info(source) == ("tiny", "Tiny test deck", 5)
    # Any change to the file makes the entry stale: the file is validated again.
    data = json.loads(source.read_text(encoding="utf-8"))
    data["title"] = "Changed"
    source.write_text(json.dumps(data), encoding="utf-8")
    assert deckcache.read_deck(source, source.stat(), origin="file") is None
    assert load_file(source).title == "Changed"
    # A broken entry is only a miss.
    entries[0].write_bytes(b"\x00garbage")
    assert deckcache.read_info(source) is None
    assert load_file(source).title == "Changed"


def test_a_cached_deck_in_use_reads_whole_after_its_entry_is_replaced(
    tmp_path: Path, home: Path, small_cache: None
) -> None:
    """A command reads the questions of a mapped entry as it goes: another command that
    caches the deck anew while it runs must not change or break what it reads."""
    source = tmp_path / "tiny.json"
    source.write_bytes((DATA / "tiny.json").read_bytes())
    first = load_file(source)
    in_use = deckcache.read_deck(source, source.stat(), origin="file")
    assert in_use is not None
    data = json.loads(source.read_text(encoding="utf-8"))
    data["questions"] = data["questions"][:1]
    source.write_text(json.dumps(data), encoding="utf-8")
    assert len(load_file(source).questions) == 1  # validated again, and cached anew
    assert [deckcache.read_info(source)] == [("tiny", "Tiny test deck", 1)]
    assert list(in_use.questions) == list(first.questions)


def test_a_deck_made_invalid_is_never_served_from_the_cache(
    tmp_path: Path, home: Path, small_cache: None
) -> None:
    source = tmp_path / "tiny.json"
    source.write_bytes((DATA / "tiny.json").read_bytes())
    load_file(source)
    stat = source.stat()
    source.write_text('{"format": 1}', encoding="utf-8")
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    with pytest.raises(Exception, match="is not a valid deck"):
        load_file(source)


def test_user_decks_are_listed_from_the_cache(home: Path, small_cache: None) -> None:
    run_quiz("deck", "add", str(DATA / "tiny.json"), env={})
    user = home / "decks" / "tiny.json"
    load_file(user, origin="user")
    infos, broken = list_decks()
    assert broken == []
    assert ("tiny", "Tiny test deck", 5, "user") in [
        (i.id, i.title, i.questions, i.origin) for i in infos
    ]
    deckcache.forget(user)
    assert deckcache.read_info(user) is None


def test_entries_of_deck_files_that_are_gone_are_pruned(
    tmp_path: Path, home: Path, small_cache: None
) -> None:
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    for path in (first, second):
        path.write_bytes((DATA / "tiny.json").read_bytes())
    load_file(first)
    first.unlink()
    load_file(second)
    assert [deckcache.read_info(second)] == [("tiny", "Tiny test deck", 5)]
    assert len(list(deckcache.cache_dir().iterdir())) == 1
