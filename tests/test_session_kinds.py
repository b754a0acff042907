"""Recent sessions keep their kind (quiz, practice, learn, test), and rows saved before
kinds were kept are read as quizzes."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

from rich.console import Console

from quizzer.models import Answer, new_answer_id, new_session_id
from quizzer.stats import session_rows
from quizzer.totals import Totals
from quizzer.ui.statsview import sessions_table

T0 = datetime(2026, 3, 9, 8, 0, tzinfo=timezone.utc)


def _answer(n: int, kind: str = "", practice: bool = False) -> Answer:
    at = T0 + timedelta(hours=n)
    plain = Answer(new_answer_id(), "d", "q1", new_session_id(at), at, True, "x", 100)
    return plain._replace(kind=kind, practice=practice)


def test_each_session_keeps_its_kind(home: Path) -> None:
    totals = Totals()
    for n, (kind, practice) in enumerate(
        [("", False), ("", True), ("learn", False), ("test", True)]
    ):
        totals.tally(_answer(n, kind, practice))
    rows = session_rows(totals)
    assert [row.kind for row in rows] == ["test", "learn", "practice", "quiz"]
    assert [row.to_json()["kind"] for row in rows] == ["test", "learn", "practice", "quiz"]


def test_rows_saved_without_a_kind_are_quizzes(home: Path) -> None:
    totals = Totals()
    totals.tally(_answer(0))
    saved = totals.to_dict()
    for row in saved["decks"]["d"]["recent"].values():
        del row[5]
    assert len(next(iter(saved["decks"]["d"]["recent"].values()))) == 5
    read = Totals.from_dict(saved)
    assert read.to_dict() == totals.to_dict()  # so doctor finds them equal to a rebuild
    assert [row.kind for row in session_rows(read)] == ["quiz"]


def _printed(totals: Totals) -> list[str]:
    out = Console(width=80, record=True, file=io.StringIO())
    out.print(sessions_table(session_rows(totals)))
    return [line.rstrip() for line in out.export_text().splitlines()]


def test_the_table_has_a_kind_column_only_for_other_kinds(home: Path) -> None:
    totals = Totals()
    totals.tally(_answer(0))
    assert _printed(totals)[0].split() == ["Started", "Deck", "Score", "Time"]
    totals.tally(_answer(1, "test", practice=True))
    lines = _printed(totals)
    assert lines[0].split() == ["Started", "Deck", "Kind", "Score", "Time"]
    assert [line.split()[3] for line in lines[2:]] == ["test", "quiz"]
