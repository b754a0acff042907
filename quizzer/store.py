"""The learner's answer history, kept in TinyDB; the only module that imports tinydb.

Callers see a small API (`record`, `answers`, `totals`) and never TinyDB itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import TracebackType

from tinydb import TinyDB

from quizzer.errors import DataError
from quizzer.models import Answer
from quizzer.paths import data_home
from quizzer.totals import Totals


class Store:
    """Answer history in the data directory; open it with `with Store() as store:`."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = home or data_home()
        self._db: TinyDB | None = None

    def _open(self) -> TinyDB:
        if self._db is None:
            try:
                self.home.mkdir(parents=True, exist_ok=True)
                self._db = TinyDB(self.home / "history.json")
            except OSError as exc:
                raise DataError(
                    f"{self.home}: cannot open the data directory "
                    f"({exc.strerror}); check it exists and is writable."
                ) from None
        return self._db

    def record(self, answer: Answer) -> None:
        """Store one answer now, before the learner sees the next question."""
        self._open().table("answers").insert(answer.to_dict())

    def answers(
        self, *, deck: str | None = None, since: datetime | None = None
    ) -> Iterator[Answer]:
        """Every stored answer, oldest first, optionally for one deck or from a moment on."""
        for row in self._open().table("answers").all():
            answer = Answer.from_dict(row)
            if (deck is None or answer.deck == deck) and (
                since is None or answer.answered_at >= since
            ):
                yield answer

    def totals(self) -> Totals:
        """Running totals per session and question."""
        totals = Totals()
        for answer in self.answers():
            totals.add(answer)
        return totals

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
