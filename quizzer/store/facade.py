"""The learner's answer history, durable and fast at a million answers: the store's one door.

`Store` ties the parts together: the data directory and its lock (datadir), the journal
an answer is appended to (journal), the batches and week files it is filed into
(batches, filing), state.json (snapshot), imports (merge), resets (reset), migration and
doctor. What is derived from the answers (totals, cards, review states) is computed by the
projection it is handed.
ARCHITECTURE.md describes the files and what a kill at each step leaves behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Generic

from quizzer import history
from quizzer.history import Entry
from quizzer.models import Answer, Undo
from quizzer.paths import data_home
from quizzer.store import journal, migrate
from quizzer.store.datadir import DataDir, Lock, Notify
from quizzer.store.filing import Filing
from quizzer.store.snapshot import D, Projection
from quizzer.store.tables import AtomicStorage, StorageClass

if TYPE_CHECKING:
    # Imported when used: doctor, merge and reset are not needed to study (3 ms at start-up).
    from quizzer.store.doctor import Finding
    from quizzer.store.merge import ImportReport


class Store(Generic[D]):
    """Answer history in a data directory; use as `with Store(...) as store:`."""

    def __init__(
        self,
        home: Path | None = None,
        *,
        projection: Projection[D],
        notify: Notify | None = None,
        storage: StorageClass = AtomicStorage,
    ) -> None:
        self.folder = DataDir(home or data_home())
        self.home = self.folder.home
        self.filing = Filing(self.folder, storage, projection, notify)
        self.notify = notify
        self._lock: Lock | None = None
        self._opened = False

    @contextmanager
    def _locked(self) -> Iterator[None]:
        if self._lock is None:
            self.folder.create()
            self._lock = Lock(self.folder, self.notify)
        with self._lock.held(), self.filing.held():
            if not self._opened:
                self._open_under_lock()
                self._opened = True
            yield

    def _open_under_lock(self) -> None:
        """Check the data, then finish whatever a killed run left half done."""
        self.folder.refuse_links_out()
        self.folder.clean_leftovers()
        migrate.bring_up_to_date(self.filing)
        self.filing.fold()
        state = self.filing.read_state()  # read whole: a damaged state.json stops every command
        if state.marks.forget:
            self.filing.finish_reset(state)
        self.filing.finish_recount()
        self.filing.replay_marked()

    def open(self) -> Store[D]:
        with self._locked():
            pass
        return self

    def close(self) -> None:
        """File this run's answers into the history (a quick fold)."""
        if self._opened:
            self.fold()

    def __enter__(self) -> Store[D]:
        return self.open()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def record(self, entry: Answer | Undo) -> None:
        """Save one answer, or an undo of one, durably (fsynced) before the learner sees
        the next question."""
        line = history.dumps(entry, where=True)
        with self._locked():
            journal.append(self.folder.journal, line)

    def fold(self) -> None:
        """File journal answers into the history and the derived data (idempotent)."""
        with self._locked():
            self.filing.fold()

    def state(self) -> D:
        """What is derived from every saved answer (totals and cards)."""
        with self._locked():
            self.filing.fold()
            return self.filing.read_state().derived

    def answers(
        self, *, deck: str | None = None, since: datetime | None = None
    ) -> Iterator[Answer]:
        """Every saved answer, oldest first."""
        self.fold()
        for answer in self.filing.answers():
            if (deck is None or answer.deck == deck) and (
                since is None or answer.answered_at >= since
            ):
                yield answer

    def log(self, *, deck: str | None = None, since: datetime | None = None) -> Iterator[Entry]:
        """The history as `quiz history export` writes it: every answer kept, oldest
        first, then every undo (so another machine takes those answers back too)."""
        yield from self.answers(deck=deck, since=since)
        with self._locked():
            undone = self.filing.undone()
        for undo in undone:
            if (deck is None or undo.deck == deck) and (since is None or undo.undone_at >= since):
                yield undo

    def import_answers(self, source: IO[bytes], name: str, *, publish: bool = True) -> ImportReport:
        """Merge a JSON Lines answer log; answers already here (same id) are skipped.

        `publish=False` for what `quiz sync` brings in: it is not sent on again.
        """
        from quizzer.store import merge

        with self._locked():
            return merge.import_answers(self.filing, source, name, publish=publish)

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the data directory's lock (the store opened) across several calls, so
        `quiz sync` moves the outbox while nothing else files into it."""
        with self._locked():
            yield

    def forget(self, deck: str | None = None, *, everywhere: bool = False) -> tuple[int, Path]:
        """Remove the history of one deck (or all), after saving it as a JSON Lines log.

        Returns how many answers were removed and the log, which `import_answers` restores.
        The reset is marked before anything is removed, and a run that finds the mark
        finishes it before filing anything new (ARCHITECTURE.md). `everywhere` also
        journals an undo of each answer before the mark, so the answers are taken back on
        every device this one syncs with, and never come back here from them.
        """
        from quizzer.store import reset

        with self._locked():
            return reset.forget(self.filing, deck, everywhere=everywhere)

    def check(self) -> list[Finding]:
        """Look the data directory over; change nothing but a pending fold."""
        from quizzer.store import doctor

        with self._locked():
            self.filing.fold()
            return doctor.check(self.filing)

    def rebuild(self) -> list[Finding]:
        """Recompute what is derived from the answer history, and save it."""
        from quizzer.store import doctor

        with self._locked():
            self.filing.fold()
            return doctor.rebuild(self.filing)
