"""Filing answers: the journal into pending batches, batches into week files and state.json.

Each step is idempotent and marked in state.json where it must be, so a run killed at any
point is finished by the next one (ARCHITECTURE.md walks through every step). A reset
confirmed before a kill is finished before anything else is filed, so it removes exactly
the answers that existed when it was confirmed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic

from quizzer import clock, history
from quizzer.files import atomic_write, fsync_dir
from quizzer.models import Answer, Undo
from quizzer.store import batches, journal, snapshot, undos, weeks
from quizzer.store.datadir import DataDir, Notify
from quizzer.store.snapshot import D, Marks, Projection, SessionKey, Snapshot
from quizzer.store.tables import StorageClass, TableFile, damaged


class Filing(Generic[D]):
    """Moves answers from the journal and pending batches into the history (lock held)."""

    def __init__(
        self,
        folder: DataDir,
        storage: StorageClass,
        projection: Projection[D],
        notify: Notify | None = None,
    ) -> None:
        self.folder = folder
        self.storage = storage
        self.projection = projection
        self.notify = notify
        self.tombstones = undos.Tombstones(folder.history, storage)
        self._holds = 0
        self._marks: Marks | None = None  # state.json's marks, as last read or written

    # -- state.json ----------------------------------------------------------------------

    @contextmanager
    def held(self) -> Iterator[None]:
        """While the lock is held nothing else writes state.json, so its marks are kept
        from one read or write to the next (a session's fold looked them up four times,
        each a parse of the whole file) and forgotten when the lock is let go."""
        self._holds += 1
        try:
            yield
        finally:
            self._holds -= 1
            if not self._holds:
                self._marks = None

    def _keep(self, marks: Marks) -> None:
        if self._holds:
            self._marks = marks.copy()

    def read_state(self) -> Snapshot[D]:
        state = snapshot.read(self.folder.state, self.storage, self.projection)
        self._keep(state.marks)
        return state

    def read_marks(self) -> Marks:
        if self._marks is None:
            marks = snapshot.read_marks(self.folder.state, self.storage)
            self._keep(marks)
            return marks
        return self._marks.copy()

    def write_state(self, state: Snapshot[D]) -> None:
        live = {b: w for b, w in state.marks.applied.items() if (self.folder.pending / b).exists()}
        state.marks.applied = live
        self._marks = None  # a write that fails leaves what is on disk to be read again
        snapshot.write(self.folder.state, self.storage, self.projection, state)
        self._keep(state.marks)

    # -- the history, read back ----------------------------------------------------------

    def week_files(self) -> list[Path]:
        return weeks.week_files(self.folder.history, self.storage)

    def answers(self) -> Iterator[Answer]:
        """Every stored answer, oldest first.

        A row quizzer cannot use (left by an older version, or edited by hand) is skipped
        and reported once at the end, so one bad row never blocks an export, a reset or a
        rebuild.
        """
        skipped: list[str] = []
        dead = set(self.tombstones.read())
        for row in weeks.in_time_order(self.folder.history, self.storage):
            if row["id"] in dead:
                continue
            try:
                yield history.stored(row)
            except ValueError as exc:
                skipped.append(f"answer {str(row.get('id'))[:40]!r}: {exc}")
        if skipped and self.notify:
            self.notify(
                f"warning: skipped {len(skipped)} stored answer{'s' * (len(skipped) != 1)} "
                f"quizzer cannot use ({skipped[0]}); they stay in the history files."
            )

    def rebuilt(self) -> Snapshot[D]:
        """state.json recomputed from the week files alone, with no marks left to finish."""
        return Snapshot(snapshot.FORMAT, Marks(), self.projection.rebuild(self.answers()))

    # -- filing ------------------------------------------------------------------------------

    def fold(self) -> int:
        """File the journal and every pending batch; return how many answers were new."""
        self._stage_journal()
        return self.file(batches.committed(self.folder.pending))

    def file(self, found: list[Path], known: set[str] | None = None) -> int:
        """File pending batches: a half-filed one first, after any reset left unfinished.

        `known`: answer ids already in the history (an import skips them in every week).
        """
        if not found:
            return 0
        marks = self.read_marks()
        if marks.forget:
            self.finish_reset(self.read_state())
            marks = self.read_marks()
        if marks.recount:
            self.finish_recount()
            marks = self.read_marks()
        found.sort(key=lambda batch: (batch.name not in marks.applied, batch.name))
        added = sum(self._apply(batch, known) for batch in found)
        self.replay_marked()
        return added

    def _stage_journal(self) -> None:
        path = self.folder.journal
        if not path.exists():
            return
        read = journal.read(path)
        if read.damaged:
            self._set_aside(path, read)
        if read.entries:
            batches.stage(self.folder.pending, read.entries, publish=True)
        path.unlink()
        fsync_dir(self.folder.home)

    def _set_aside(self, path: Path, read: journal.Read) -> None:
        """Copy a journal with damaged lines into backups/ before its good lines are filed."""
        copy = self.folder.backups / f"journal-damaged-{clock.now():%Y%m%dT%H%M%S}.jsonl"
        self.folder.backups.mkdir(exist_ok=True)
        atomic_write(copy, path.read_bytes())
        lines = ", ".join(str(number) for number, _ in read.damaged[:5])
        first = read.damaged[0][1]
        if self.notify:
            self.notify(
                f"warning: {path} line {lines} could not be read ({first}); the journal was "
                f"copied to {copy} and its other {len(read.entries)} lines were filed. "
                "`quiz doctor` says how to bring the rest back."
            )

    def _apply(self, batch: Path, known: set[str] | None) -> int:
        self._publish(batch)
        taken_back = batches.read_undos(batch)
        dead = set(self.tombstones.read()) | {u.answer for u in taken_back}
        added = 0
        for spool in batches.spools(batch):
            added += self._apply_week(batch.name, spool, known, dead)
            spool.unlink()
        if taken_back:
            self._file_undos(taken_back)
            (batch / batches.UNDOS).unlink()
        batches.remove(batch)
        return added

    def _publish(self, batch: Path) -> None:
        """Copy a batch marked for publishing to the outbox (once this directory syncs)
        before any of it is filed, then drop the mark: a kill in between copies it again,
        and readers skip answers they have, so an entry is sent twice at worst, never lost."""
        mark = batch / batches.PUBLISH
        if not mark.exists():
            return
        if self.folder.outbox.exists():
            undo_spool = [batch / batches.UNDOS] if (batch / batches.UNDOS).exists() else []
            journal.append_files(self.folder.outbox, [*batches.spools(batch), *undo_spool])
        mark.unlink()
        fsync_dir(batch)

    def _apply_week(self, batch: str, spool: Path, known: set[str] | None, dead: set[str]) -> int:
        """File one week of a batch: derived data first (marked), then the week file.

        A run killed between the two finds the mark and only redoes the week file, which
        skips the answers it already holds.
        """
        week = spool.stem
        state = self.read_state()
        already = week in state.marks.applied.get(batch, [])
        file = TableFile(self.folder.history / f"{week}.json", self.storage)
        here = {row["id"] for row in weeks.answer_rows(file).values()}
        fresh: dict[str, dict[str, Any]] = {}
        for row in batches.read_spool(spool):
            if row["id"] in here or row["id"] in dead or (known and row["id"] in known):
                continue  # filed already, taken back, or (for an import) in another week
            fresh.setdefault(row["id"], row)
        if not fresh:
            return 0
        rows = sorted(fresh.values(), key=lambda row: row["answered_at"])
        answers = [answer_of(row, spool) for row in rows]
        doc_ids, before = _sessions(file)
        if already:
            changed = self.projection.session_rows(answers, before)
        else:
            changed, replay = self.projection.file(state.derived, answers, before)
            state.marks.replay = sorted({*state.marks.replay, *replay})
            state.marks.applied[batch] = [*state.marks.applied.get(batch, []), week]
            self.write_state(state)
        file.insert(weeks.ANSWERS, rows)
        file.remove(weeks.SESSIONS, [doc_ids[key] for key in changed if key in doc_ids])
        file.insert(weeks.SESSIONS, ({"session": key[0], **row} for key, row in changed.items()))
        file.save()
        if known is not None:
            known.update(fresh)
        return len(rows)

    def replay_marked(self) -> None:
        """Rebuild the cards of questions marked for a full replay, if any."""
        if not self.read_marks().replay:
            return
        state = self.read_state()
        keys = set(state.marks.replay)
        key = self.projection.key
        answers = [answer for answer in self.answers() if key(answer) in keys]
        self.projection.replay(state.derived, keys, answers)
        state.marks.replay = []
        self.write_state(state)

    # -- undos -------------------------------------------------------------------------------

    def _file_undos(self, taken_back: list[Undo]) -> None:
        """Keep the undos not kept yet; take their answers out of what is filed."""
        kept = self.tombstones.read()
        new = list({u.answer: u for u in taken_back if u.answer not in kept}.values())
        if not new:
            return
        found = undos.locate(self.folder.history, self.storage, new)
        new = [
            u if u.answer not in found else Undo(u.answer, u.undone_at, *found[u.answer], u.week)
            for u in new
        ]
        if found:
            state = self.read_state()
            state.marks.recount = sorted({*state.marks.recount, *(d for d, _ in found.values())})
            keys = {f"{deck}/{question}" for deck, question in found.values()}
            state.marks.replay = sorted({*state.marks.replay, *keys})
            self.write_state(state)
        self.tombstones.add(new)
        self.finish_recount()

    def finish_recount(self) -> None:
        """Take undone answers out of the marked decks' week files, then recount those decks
        and replay the marked cards (idempotent: a killed run is finished by the next)."""
        if not self.read_marks().recount:
            return
        state = self.read_state()
        decks = set(state.marks.recount)
        dead = set(self.tombstones.read())
        undos.purge(self.folder.history, self.storage, self.projection, dead, decks)
        mine = [answer for answer in self.answers() if answer.deck in decks]
        self.projection.recount(state.derived, decks, mine)
        state.marks.recount = []
        self.write_state(state)
        self.replay_marked()

    def undone(self) -> list[Undo]:
        """Every undo kept, oldest first."""
        return sorted(self.tombstones.read().values(), key=lambda u: u.undone_at)

    # -- reset -------------------------------------------------------------------------------

    def finish_reset(self, state: Snapshot[D]) -> None:
        """Drop the marked deck's answers (or all) from the week files, then rebuild."""
        deck = None if state.marks.forget == "*" else state.marks.forget
        for week in self.week_files():
            if deck is None:
                self.storage.delete(week)
                continue
            file = TableFile(week, self.storage)
            drop = [k for k, row in weeks.answer_rows(file).items() if row.get("deck") == deck]
            if drop:
                file.remove(weeks.ANSWERS, drop)
                sessions = file.rows(weeks.SESSIONS)
                file.remove(weeks.SESSIONS, [k for k, r in sessions.items() if r["deck"] == deck])
                file.save()
        if self.folder.history.exists():
            fsync_dir(self.folder.history)
        self.write_state(self.rebuilt())


def answer_of(row: dict[str, Any], where: Path) -> Answer:
    """A spooled row as an Answer; one quizzer cannot use means `where` was damaged."""
    try:
        return history.stored(row)
    except ValueError as exc:
        raise damaged(where, f"an answer quizzer cannot use ({exc})") from None


def _sessions(
    file: TableFile,
) -> tuple[dict[SessionKey, str], dict[SessionKey, dict[str, Any]]]:
    """A week file's session rows by (session, deck), and their doc ids."""
    doc_ids: dict[SessionKey, str] = {}
    before: dict[SessionKey, dict[str, Any]] = {}
    for doc_id, doc in file.rows(weeks.SESSIONS).items():
        try:
            key = (doc["session"], doc["deck"])
        except (KeyError, TypeError):
            raise damaged(file.path, "a session row without a session or a deck") from None
        doc_ids[key] = doc_id
        before[key] = {k: v for k, v in doc.items() if k != "session"}
    return doc_ids, before
