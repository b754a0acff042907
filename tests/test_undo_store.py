"""Undone answers leave everything derived from the history, wherever the undo comes from."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import open_store, run_quiz
from dying import run_dying

from quizzer.models import Answer, Card, Undo, new_answer_id, new_session_id

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def _answers(count: int, deck: str = "deck-a", start: datetime = T0) -> list[Answer]:
    session = new_session_id(start)
    return [
        Answer(
            new_answer_id(),
            deck,
            f"q{n % 2}",
            session,
            start + timedelta(minutes=n),
            n % 3 != 2,
            "x",
            800,
            rating=3 if n % 3 != 2 else 1,
        )
        for n in range(count)
    ]


def _record(home: Path, *entries: Answer | Undo) -> None:
    with open_store(home) as store:
        for entry in entries:
            store.record(entry)


def _export(home: Path) -> list[dict[str, object]]:
    done = run_quiz("history", "export")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def _consistent(home: Path) -> None:
    findings = open_store(home).check()
    assert all(f.ok for f in findings), [f.message for f in findings]


def _card(home: Path, key: str) -> Card | None:
    with open_store(home) as store:
        return store.state().cards.get(key)


def test_an_answer_undone_before_it_was_filed_is_never_counted(home: Path) -> None:
    answers = _answers(4)
    _record(home, *answers[:3])
    before = _card(home, "deck-a/q1")
    _record(home, answers[3], Undo.of(answers[3], T0 + timedelta(hours=1)))
    lines = _export(home)
    assert [line.get("id") for line in lines[:3]] == [a.id for a in answers[:3]]
    assert lines[3] == {"undo": answers[3].id, "undone_at": (T0 + timedelta(hours=1)).isoformat()}
    with open_store(home) as store:
        assert store.state().totals.decks["deck-a"].answered == 3
    assert _card(home, "deck-a/q1") == before
    _consistent(home)


def test_an_answer_undone_after_it_was_filed_is_taken_out_of_totals_and_card(home: Path) -> None:
    answers = _answers(5)
    _record(home, *answers[:4])
    before_totals = json.loads(run_quiz("stats", "--json").stdout)
    before_card = _card(home, "deck-a/q0")
    _record(home, answers[4])  # q0, filed in a fold of its own
    assert _card(home, "deck-a/q0") != before_card
    _record(home, Undo.of(answers[4], T0 + timedelta(hours=2)))
    assert _card(home, "deck-a/q0") == before_card  # exactly its state before the answer
    after = json.loads(run_quiz("stats", "--json").stdout)
    assert after["totals"] == before_totals["totals"]
    assert after["questions"] == before_totals["questions"]
    assert answers[4].id not in {line.get("id") for line in _export(home)}
    _consistent(home)


def test_undoing_every_answer_of_a_question_makes_it_new_again(home: Path) -> None:
    (only,) = _answers(1)
    _record(home, only)
    assert _card(home, "deck-a/q0") is not None
    _record(home, Undo.of(only, T0 + timedelta(hours=1)))
    assert _card(home, "deck-a/q0") is None
    _consistent(home)


def test_an_exported_undo_takes_the_answer_back_on_another_machine(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = _answers(3)
    _record(home, *answers)
    first = tmp_path / "first.jsonl"
    first.write_text(run_quiz("history", "export").stdout, encoding="utf-8")
    _record(home, Undo.of(answers[1], T0 + timedelta(hours=1)))
    second = tmp_path / "second.jsonl"
    second.write_text(run_quiz("history", "export").stdout, encoding="utf-8")
    ours = json.loads(run_quiz("stats", "--json").stdout)

    monkeypatch.setenv("QUIZZER_HOME", str(tmp_path / "other"))
    assert run_quiz("history", "import", str(first)).returncode == 0
    done = run_quiz("history", "import", str(second))
    assert done.stdout == f"Imported 0 answers (2 already there) and 1 undo from {second}.\n"
    assert json.loads(run_quiz("stats", "--json").stdout) == ours
    _consistent(tmp_path / "other")
    again = run_quiz("history", "import", str(second))
    assert again.stdout == f"Imported 0 answers (2 already there) and 1 undo from {second}.\n"
    assert json.loads(run_quiz("stats", "--json").stdout) == ours


def test_an_answer_that_arrives_after_its_undo_stays_undone(home: Path, tmp_path: Path) -> None:
    answers = _answers(2)
    undo = tmp_path / "undo.jsonl"
    undo.write_text(json.dumps(Undo.of(answers[1], T0).to_dict()) + "\n", encoding="utf-8")
    log = tmp_path / "log.jsonl"
    log.write_text("".join(json.dumps(a.to_dict()) + "\n" for a in answers), encoding="utf-8")
    assert run_quiz("history", "import", str(undo)).returncode == 0
    assert run_quiz("history", "import", str(log)).returncode == 0
    assert [line.get("id") for line in _export(home)] == [answers[0].id, None]
    _consistent(home)


def test_a_bad_undo_line_is_refused_with_its_line(home: Path, tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    for bad, why in (
        ({"undo": "", "undone_at": T0.isoformat()}, '"undo" must be a non-empty string'),
        ({"undo": "x", "undone_at": "yesterday"}, '"undone_at" must be an ISO 8601 time'),
        ({"undo": "x", "undone_at": "9999-01-01T00:00:00+00:00"}, '"undone_at" 9999-01-01'),
    ):
        log.write_text(json.dumps(bad) + "\n", encoding="utf-8")
        done = run_quiz("history", "import", str(log))
        assert done.returncode == 2
        assert done.stderr.startswith(f"quiz: error: {log}:1: {why}"), done.stderr


def _undo(home: Path, answer: Answer) -> Callable[[Callable[[str], None]], None]:
    def operation(say: Callable[[str], None]) -> None:
        with open_store(home) as store:
            at = datetime(2026, 3, 2, 12, tzinfo=timezone.utc)
            store.record(Undo(answer.id, at, "deck-a", "q0", answer.history_week))
            say("RECORDED")  # the undo is confirmed; filing it comes next

    return operation


@pytest.mark.e2e
def test_an_undo_killed_at_any_step_is_finished_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    k = 1
    while True:
        case = tmp_path / f"case{k}"
        monkeypatch.setenv("QUIZZER_HOME", str(case))
        answers = _answers(5)
        _record(case, *answers[:4])
        before = _card(case, "deck-a/q0")
        _record(case, answers[4])
        done = run_dying(k, _undo(case, answers[4]))
        ids = {line.get("id") for line in _export(case)}
        assert {a.id for a in answers[:4]} <= ids
        if "RECORDED" in done.said:  # confirmed: gone for good, the card as before it
            assert answers[4].id not in ids
            assert _card(case, "deck-a/q0") == before
        else:  # killed before it was confirmed: the answer stays
            assert answers[4].id in ids
        _consistent(case)
        if done.finished:
            break
        k += 1
    assert k > 5
