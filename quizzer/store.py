"""The learner's answer history, durable and fast at a million answers; the only tinydb user.

Layout of the data directory (format 1):
  journal.jsonl          answers not yet filed: one fsynced JSON line each (an answer is
                         saved once its line is on disk)
  history/YYYY-MM.json   TinyDB: the answers of the sessions started that month (UTC),
                         and each such session's totals
  state.json             TinyDB: format version, totals per deck and per question
  pending/<batch>/       answers on their way from the journal (or an import) into history
  .lock                  held around every read-modify-write, so two `quiz` runs lose nothing

Recording appends one line to the journal: its cost does not grow with the history.
Folding (at the end of a session, or when the store opens after a crash) files the
journal's answers into the month they belong to and updates the totals; it rewrites one
month file, not the whole history. Every TinyDB file is written atomically (temp file,
fsync, rename). Folding is idempotent: a kill at any step is finished by the next run.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import orjson
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage

from quizzer import clock, history
from quizzer.errors import BadInput, DataError
from quizzer.files import atomic_write, fsync_dir, read_error, remove_leftovers, write_error
from quizzer.models import Answer
from quizzer.paths import data_home
from quizzer.totals import SessionTotals, Totals

FORMAT = 1
STATE = "state.json"
JOURNAL = "journal.jsonl"
HISTORY = "history"
PENDING = "pending"
BACKUPS = "backups"
LOCK = ".lock"
LEGACY = "history.json"  # format 0: one TinyDB file holding every answer
LOCK_NOTICE_AFTER = 1.0
LOCK_GIVE_UP_AFTER = 600.0


def _damaged(path: Path, why: str) -> DataError:
    return DataError(
        f"{path} is damaged ({why}); it was left exactly as it is. Restore it from a "
        f"backup, or move it aside and run `quiz doctor` to see what can be rebuilt."
    )


class _AtomicStorage(Storage):
    """TinyDB storage: orjson, whole-file atomic replace, and a clear error for a bad file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise read_error(self.path, exc) from None
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise _damaged(self.path, f"not valid JSON: {exc.args[0]}") from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise _damaged(self.path, "not a TinyDB file")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write(self.path, orjson.dumps(data))


class _Batched(CachingMiddleware):
    """Collects a whole fold's changes in memory; they reach disk in one `flush()`.

    Nothing is written unless `flush()` is called, so a fold that fails half-way
    leaves the file as it was.
    """

    WRITE_CACHE_SIZE = sys.maxsize


def _open(path: Path) -> TinyDB:
    return TinyDB(path, storage=_Batched(_AtomicStorage))


def _save(db: TinyDB) -> None:
    db.storage.flush()


@dataclass
class ImportReport:
    """What `import_answers` did."""

    read: int
    added: int

    @property
    def skipped(self) -> int:
        return self.read - self.added


@dataclass
class Finding:
    """One line of `quiz doctor`'s report."""

    ok: bool
    message: str


class Store:
    """Answer history in a data directory; use as `with Store() as store:`."""

    def __init__(
        self, home: Path | None = None, on_wait: Callable[[str], None] | None = None
    ) -> None:
        self.home = home or data_home()
        self.on_wait = on_wait
        self._lock: FileLock | None = None
        self._opened = False

    # -- opening, locking ---------------------------------------------------------------

    def _check_home(self) -> None:
        if self.home.exists() and not self.home.is_dir():
            raise DataError(
                f"{self.home} is a file, not a directory; move it aside or set "
                "QUIZZER_HOME to a directory."
            )
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            (self.home / HISTORY).mkdir(exist_ok=True)
            (self.home / PENDING).mkdir(exist_ok=True)
        except OSError as exc:
            raise DataError(
                f"{self.home}: cannot create the data directory "
                f"({exc.strerror}); check its permissions or set QUIZZER_HOME."
            ) from None

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the data directory's lock; say so on stderr if we wait more than a second."""
        if self._lock is None:
            self._check_home()
            self._lock = FileLock(self.home / LOCK, thread_local=False)
        try:
            try:
                self._lock.acquire(timeout=LOCK_NOTICE_AFTER)
            except Timeout:
                if self.on_wait:
                    self.on_wait(f"waiting for another quiz using {self.home} to finish writing...")
                self._lock.acquire(timeout=LOCK_GIVE_UP_AFTER)
        except Timeout:
            raise DataError(
                f"{self.home / LOCK} stayed locked by another quiz for "
                f"{LOCK_GIVE_UP_AFTER:.0f} s; finish or stop that quiz and try again."
            ) from None
        except OSError as exc:
            raise DataError(
                f"{self.home / LOCK}: cannot lock ({exc.strerror}); check the "
                "permissions of the data directory."
            ) from None
        try:
            if not self._opened:
                self._open_under_lock()
                self._opened = True
            yield
        finally:
            self._lock.release()

    def open(self) -> Store:
        """Check the data, finish any fold a killed run left, and clean its temporary files."""
        with self._locked():
            pass
        return self

    def _open_under_lock(self) -> None:
        remove_leftovers(self.home)
        remove_leftovers(self.home / HISTORY)
        for tmp in (self.home / PENDING).glob("*.tmp"):
            shutil.rmtree(tmp, ignore_errors=True)
        meta = self._read_meta()
        if meta is None:
            # state.json is derived: a new directory starts empty, a lost file is rebuilt.
            rebuilt = self._rebuilt()[0] if self._months() else Totals()
            self._write_state({"format": FORMAT}, rebuilt)
        elif meta.get("format", 0) > FORMAT:
            raise DataError(
                f"{self.home / STATE} was written by a newer quizzer (data format "
                f"{meta['format']}, this one reads {FORMAT}); upgrade quizzer to open it."
            )
        self._migrate_legacy()
        self._fold_under_lock()

    def close(self) -> None:
        """File this run's answers into the history (a quick fold), then let go."""
        if self._opened:
            self.fold()

    def __enter__(self) -> Store:
        return self.open()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- state ----------------------------------------------------------------------------

    def _read_meta(self) -> dict[str, Any] | None:
        db = _open(self.home / STATE)
        docs = db.table("meta").all()
        return dict(docs[0]) if docs else None

    def _read_state(self) -> tuple[dict[str, Any], Totals]:
        db = _open(self.home / STATE)
        docs = db.table("meta").all()
        meta = dict(docs[0]) if docs else {"format": FORMAT}
        totals = Totals.from_dict(
            {
                "decks": {
                    d["deck"]: {k: v for k, v in d.items() if k != "deck"}
                    for d in db.table("decks")
                },
                "questions": {
                    d["key"]: {k: v for k, v in d.items() if k != "key"}
                    for d in db.table("questions")
                },
            }
        )
        return meta, totals

    def _write_state(self, meta: dict[str, Any], totals: Totals) -> None:
        db = _open(self.home / STATE)
        data = totals.to_dict()
        for name, rows, key in (
            ("decks", data["decks"], "deck"),
            ("questions", data["questions"], "key"),
        ):
            table = db.table(name)
            table.truncate()
            table.insert_multiple({key: k, **v} for k, v in rows.items())
        db.table("meta").truncate()
        db.table("meta").insert(meta)
        _save(db)

    # -- recording --------------------------------------------------------------------------

    def record(self, answer: Answer) -> None:
        """Save one answer durably (fsynced) before the learner sees the next question."""
        journal = self.home / JOURNAL
        line = history.dumps(answer)
        with self._locked():
            try:
                with open(journal, "a+b") as out:
                    size = out.seek(0, os.SEEK_END)
                    if size:
                        out.seek(size - 1)
                        if out.read(1) != b"\n":
                            line = b"\n" + line  # end a line torn by a killed writer
                    out.write(line)
                    out.flush()
                    os.fsync(out.fileno())
                if not size:
                    fsync_dir(self.home)
            except OSError as exc:
                raise write_error(journal, exc) from None

    # -- folding ------------------------------------------------------------------------------

    def fold(self) -> None:
        """File journal answers into the history and the totals (idempotent, crash-safe)."""
        with self._locked():
            self._fold_under_lock()

    def _fold_under_lock(self) -> int:
        journal = self.home / JOURNAL
        if journal.exists() and journal.stat().st_size:
            answers = list(self._read_journal(journal))
            if answers:
                self._stage(answers)
            journal.unlink()
            fsync_dir(self.home)
        return sum(
            self._apply(batch)
            for batch in sorted((self.home / PENDING).iterdir())
            if not batch.name.endswith(".tmp")
        )

    def _read_journal(self, journal: Path) -> Iterator[Answer]:
        """The journal's answers; a line torn by a kill (never confirmed) is skipped."""
        try:
            lines = journal.read_bytes().splitlines()
        except OSError as exc:
            raise read_error(journal, exc) from None
        for line in lines:
            if line.strip():
                try:
                    yield history.parse_line(line)
                except ValueError:
                    continue

    def _stage(self, answers: Iterable[Answer]) -> None:
        """Write answers as a pending batch, one spool file per history month."""
        batch = self._new_batch()
        spools: dict[str, IO[bytes]] = {}
        try:
            for answer in answers:
                month = answer.history_month
                if month not in spools:
                    spools[month] = open(batch / f"{month}.jsonl", "wb")  # noqa: SIM115
                spools[month].write(history.dumps(answer))
        except OSError as exc:
            raise write_error(batch, exc) from None
        finally:
            self._close_spools(spools)
        self._commit_batch(batch)

    def _new_batch(self) -> Path:
        batch = self.home / PENDING / f"{clock.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.tmp"
        try:
            batch.mkdir()
        except OSError as exc:
            raise write_error(batch, exc) from None
        return batch

    @staticmethod
    def _close_spools(spools: dict[str, IO[bytes]]) -> None:
        for spool in spools.values():
            if not spool.closed:
                spool.flush()
                os.fsync(spool.fileno())
                spool.close()

    @staticmethod
    def _commit_batch(batch: Path) -> Path:
        done = batch.with_suffix("")
        try:
            fsync_dir(batch)
            os.replace(batch, done)
            fsync_dir(batch.parent)
        except OSError as exc:
            raise write_error(batch, exc) from None
        return done

    def _apply(self, batch: Path) -> int:
        """Fold one pending batch into the history; return how many answers were new.

        For each month: the totals are updated and the state written first (marked with
        the batch and month), then the month file; a run killed between the two finds
        the mark and only redoes the month file, which skips answers it already holds.
        """
        added = 0
        for spool in sorted(batch.glob("*.jsonl")):
            month = spool.stem
            meta, totals = self._read_state()
            done = meta.get("applied", {})
            already = done.get("batch") == batch.name and month in done.get("months", [])
            db = _open(self.home / HISTORY / f"{month}.json")
            answers, sessions = db.table("answers"), db.table("sessions")
            known = {doc["id"] for doc in answers}
            fresh: dict[str, Answer] = {}
            for line in spool.read_bytes().splitlines():
                answer = history.parse_line(line)
                if answer.id not in known:
                    fresh.setdefault(answer.id, answer)
            if not fresh:
                spool.unlink()
                continue
            new = sorted(fresh.values(), key=lambda a: a.answered_at)
            # Keyed by session and deck: a foreign log might mix decks in one session id.
            totals_of = {
                (doc["session"], doc["deck"]): SessionTotals(
                    **{k: v for k, v in doc.items() if k != "session"}
                )
                for doc in sessions
            }
            touched: dict[tuple[str, str], SessionTotals] = {}
            for answer in new:
                key = (answer.session, answer.deck)
                before = touched.get(key) or totals_of.get(key)
                if already:
                    touched[key] = (before or SessionTotals(answer.deck)).added(answer)
                else:
                    touched[key] = totals.add(answer, before)
            if not already:
                months = done.get("months", []) if done.get("batch") == batch.name else []
                meta["applied"] = {"batch": batch.name, "months": [*months, month]}
                self._write_state(meta, totals)
            answers.insert_multiple(a.to_dict() for a in new)
            doc_ids = {(doc["session"], doc["deck"]): doc.doc_id for doc in sessions}
            for key, session in touched.items():
                row = {"session": key[0], **asdict(session)}
                if key in doc_ids:
                    sessions.update(row, doc_ids=[doc_ids[key]])
                else:
                    sessions.insert(row)
            _save(db)
            added += len(new)
            spool.unlink()
        batch.rmdir()
        fsync_dir(batch.parent)
        return added

    # -- reading ----------------------------------------------------------------------------

    def totals(self) -> Totals:
        """Totals per deck and per question, with every saved answer folded in."""
        with self._locked():
            self._fold_under_lock()
            return self._read_state()[1]

    def _months(self) -> list[Path]:
        return sorted((self.home / HISTORY).glob("*.json"))

    def answers(
        self, *, deck: str | None = None, since: datetime | None = None
    ) -> Iterator[Answer]:
        """Every saved answer, month by month, in time order within a month."""
        self.fold()
        for month in self._months():
            rows = _open(month).table("answers")
            found = [Answer.from_dict(doc) for doc in rows if deck is None or doc["deck"] == deck]
            for answer in sorted(found, key=lambda a: a.answered_at):
                if since is None or answer.answered_at >= since:
                    yield answer

    # -- import, migration ---------------------------------------------------------------

    def import_answers(self, source: IO[bytes], name: str) -> ImportReport:
        """Merge a JSON Lines answer log; refuse the whole file at its first bad line.

        Answers whose id the history already holds are skipped, so importing twice adds
        nothing.
        """
        with self._locked():
            batch = self._new_batch()
            spools: dict[str, IO[bytes]] = {}
            read = 0
            try:
                for number, line in enumerate(source, start=1):
                    if not line.strip():
                        continue
                    try:
                        answer = history.parse_line(line)
                    except ValueError as exc:
                        raise BadInput(
                            f"{name}:{number}: {exc}; nothing was imported. "
                            "Fix that line and import the file again."
                        ) from None
                    month = answer.history_month
                    if month not in spools:
                        spools[month] = open(batch / f"{month}.jsonl", "wb")  # noqa: SIM115
                    spools[month].write(history.dumps(answer))
                    read += 1
                self._close_spools(spools)
            except BaseException:
                for spool in spools.values():
                    spool.close()
                shutil.rmtree(batch, ignore_errors=True)
                raise
            added = self._apply(self._commit_batch(batch))
            return ImportReport(read=read, added=added)

    def _migrate_legacy(self) -> None:
        """Format 0 kept every answer in one `history.json`; refile it, after a backup copy."""
        legacy = self.home / LEGACY
        if not legacy.exists():
            return
        backups = self.home / BACKUPS
        backups.mkdir(exist_ok=True)
        copy = backups / f"history-format0-{clock.now():%Y%m%dT%H%M%S}.json"
        try:
            shutil.copy2(legacy, copy)
            fsync_dir(backups)
        except OSError as exc:
            raise write_error(copy, exc) from None
        rows = _open(legacy).table("answers")
        try:
            answers = [history.answer_from(dict(doc)) for doc in rows]
        except ValueError as exc:
            raise _damaged(legacy, str(exc)) from None
        if answers:
            self._stage(answers)
        self._fold_under_lock()
        legacy.unlink()
        fsync_dir(self.home)

    # -- doctor ---------------------------------------------------------------------------

    def _rebuilt(self) -> tuple[Totals, list[Finding]]:
        """Totals recomputed from the history alone, with what was found on the way."""
        totals = Totals()
        findings: list[Finding] = []
        count = 0
        months = self._months()
        for month in months:
            try:
                rows = _open(month).table("answers")
                answers = sorted(
                    (Answer.from_dict(doc) for doc in rows), key=lambda a: a.answered_at
                )
            except DataError as exc:
                findings.append(Finding(False, exc.message))
                continue
            sessions: dict[tuple[str, str], SessionTotals] = {}
            for answer in answers:
                key = (answer.session, answer.deck)
                sessions[key] = totals.add(answer, sessions.get(key))
            count += len(answers)
        findings.append(Finding(True, f"history: {count:,} answers in {len(months)} month files"))
        return totals, findings

    def check(self) -> list[Finding]:
        """Look the data directory over; report, change nothing but a pending fold."""
        with self._locked():
            self._fold_under_lock()
            _, stored = self._read_state()
            rebuilt, findings = self._rebuilt()
        findings.insert(
            0,
            Finding(True, f"data directory {self.home}, format {FORMAT}, every saved answer filed"),
        )
        if all(f.ok for f in findings):
            agree = rebuilt.to_dict() == stored.to_dict()
            findings.append(
                Finding(
                    agree,
                    "totals agree with the history"
                    if agree
                    else "totals disagree with the history; run "
                    "`quiz doctor --rebuild` to recompute them",
                )
            )
        return findings

    def rebuild(self) -> list[Finding]:
        """Recompute the totals (derived data) from the answer history and save them."""
        with self._locked():
            self._fold_under_lock()
            meta, _ = self._read_state()
            rebuilt, findings = self._rebuilt()
            if not all(f.ok for f in findings):
                return [
                    *findings,
                    Finding(False, "totals not rebuilt: a history file is damaged (see above)"),
                ]
            meta.pop("applied", None)
            self._write_state(meta, rebuilt)
        return [*findings, Finding(True, "totals rebuilt from the history")]
