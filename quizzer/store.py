"""The learner's answer history, durable and fast at a million answers; the only tinydb user.

Layout of the data directory (format 3):
  journal.jsonl          answers not yet filed: one fsynced JSON line each (an answer is
                         saved once its line is on disk)
  history/YYYY-Www.json  TinyDB: the answers of the sessions started that ISO week (UTC),
                         and each such session's totals
  state.json             TinyDB: format version, totals per deck and per question, and each
                         question's FSRS card (its memory state)
  pending/<batch>/       answers on their way from the journal (or an import) into history
  .lock                  held around every read-modify-write, so two `quiz` runs lose nothing

Recording appends one line to the journal: its cost does not grow with the history.
Folding (at the end of a session, or when the store opens after a crash) files the
journal's answers into the week they belong to and updates the totals and cards; it rewrites one
week's file, not the whole history. Every TinyDB file is written atomically (temp file,
fsync, rename). Folding is idempotent: a kill at any step is finished by the next run.
Cards are folded in by a `reviewer` the caller provides (the scheduler), in time order;
an answer older than its card's last review (merged from another machine) makes the
store replay that question's whole history instead.
"""

from __future__ import annotations

import heapq
import os
import shutil
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone
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
from quizzer.files import (
    atomic_output,
    atomic_write,
    fsync_dir,
    read_error,
    remove_leftovers,
    write_error,
)
from quizzer.models import Answer
from quizzer.paths import data_home
from quizzer.totals import SessionTotals, Totals

FORMAT = 3  # 2 had no study days; 1 no cards; 0 kept every answer in one history.json
STATE = "state.json"
JOURNAL = "journal.jsonl"
HISTORY = "history"
PENDING = "pending"
BACKUPS = "backups"
LOCK = ".lock"
LEGACY = "history.json"  # format 0: one TinyDB file holding every answer
LOCK_NOTICE_AFTER = 1.0
LOCK_GIVE_UP_AFTER = 600.0

# Folds one question's answers (oldest first) into its card: (card or None, answers) -> card.
Reviewer = Callable[[dict[str, Any] | None, list[Answer]], dict[str, Any]]


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


def _rows(db: TinyDB, table: str) -> dict[str, dict[str, Any]]:
    """A table's documents as stored (by doc id), for read-only scans.

    Iterating a TinyDB Table copies every document; a fold scans a whole week of
    answers (tens of thousands), so scans read the storage's data directly.
    """
    return (db.storage.read() or {}).get(table, {})


@dataclass
class State:
    """What state.json holds: format and fold marks, totals, and cards by `deck/question`."""

    meta: dict[str, Any]
    totals: Totals
    cards: dict[str, dict[str, Any]]


def _week_start(path: Path) -> str:
    """The first moment of a history file's ISO week, as UTC ISO text."""
    year, week = path.stem.split("-W")
    start = date.fromisocalendar(int(year), int(week), 1)
    return datetime(start.year, start.month, start.day, tzinfo=timezone.utc).isoformat()


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
        self,
        home: Path | None = None,
        *,
        reviewer: Reviewer,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.home = home or data_home()
        self.reviewer = reviewer
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
        except OSError as exc:
            # Whatever the file (disk full, read-only, permissions), it is named; atomic
            # writes and the journal mean nothing already saved is lost.
            raise DataError(
                f"{exc.filename or self.home}: {exc.strerror or exc}; nothing already saved "
                "was lost. Check free disk space and the data directory's permissions."
            ) from None
        finally:
            self._lock.release()

    def open(self) -> Store:
        """Check the data, finish any fold a killed run left, and clean its temporary files."""
        with self._locked():
            pass
        return self

    def _refuse_links_out(self) -> None:
        """Refuse a data directory whose files link outside it: quizzer writes only inside."""
        home = self.home.resolve()
        for folder in (self.home, self.home / HISTORY, self.home / PENDING):
            for entry in os.scandir(folder):
                if entry.is_symlink():
                    target = Path(entry.path).resolve()
                    if not target.is_relative_to(home):
                        raise DataError(
                            f"{entry.path} links to {target}, outside the data directory; "
                            "quizzer does not follow links out of it. Replace the link "
                            "with the file itself."
                        )

    def _open_under_lock(self) -> None:
        self._refuse_links_out()
        remove_leftovers(self.home)
        remove_leftovers(self.home / HISTORY)
        for tmp in (self.home / PENDING).glob("*.tmp"):
            shutil.rmtree(tmp, ignore_errors=True)
        meta = self._read_meta()
        if meta is None:
            # state.json is derived: a new directory starts empty, a lost file is rebuilt.
            self._write_state(self._rebuilt()[0])
        elif meta.get("format", 0) > FORMAT:
            raise DataError(
                f"{self.home / STATE} was written by a newer quizzer (data format "
                f"{meta['format']}, this one reads {FORMAT}); upgrade quizzer to open it."
            )
        elif meta.get("format", 0) < FORMAT:
            self._backup(self.home / STATE, f"state-format{meta.get('format', 0)}")
            self._write_state(self._rebuilt()[0])
        self._migrate_legacy()
        self._fold_under_lock()
        state = self._read_state()
        self._replay(state)  # a run killed between marking a replay and doing it
        forgetting = state.meta.get("forget")
        if forgetting:  # a reset was cut short: finish it
            self._purge(None if forgetting == "*" else forgetting)

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

    def _read_state(self) -> State:
        db = _open(self.home / STATE)
        docs = db.table("meta").all()
        meta = dict(docs[0]) if docs else {"format": FORMAT}

        def keyed(table: str, key: str) -> dict[str, dict[str, Any]]:
            return {d[key]: {k: v for k, v in d.items() if k != key} for d in db.table(table)}

        totals = Totals.from_dict(
            {"decks": keyed("decks", "deck"), "questions": keyed("questions", "key")}
        )
        return State(meta, totals, keyed("cards", "key"))

    def _write_state(self, state: State) -> None:
        db = _open(self.home / STATE)
        data = state.totals.to_dict()
        for name, rows, key in (
            ("decks", data["decks"], "deck"),
            ("questions", data["questions"], "key"),
            ("cards", state.cards, "key"),
        ):
            table = db.table(name)
            table.truncate()
            table.insert_multiple({key: k, **v} for k, v in rows.items())
        db.table("meta").truncate()
        db.table("meta").insert(state.meta)
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
        batches = [b for b in sorted((self.home / PENDING).iterdir()) if b.suffix != ".tmp"]
        added = sum(self._apply(batch) for batch in batches)
        if batches:
            self._replay(self._read_state())
        return added

    def _replay(self, state: State) -> None:
        """Rebuild the cards of questions marked for a full replay, if any."""
        keys = set(state.meta.pop("replay", []))
        if not keys:
            return
        replayed = self._rebuilt(keys)[0].cards
        for key in keys:
            state.cards.pop(key, None)
        state.cards.update(replayed)
        self._write_state(state)

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

    def _stage(self, answers: Iterable[Answer]) -> Path:
        """Write answers as a pending batch, one spool file per history week; return it.

        If writing (or `answers` itself) fails, the half-written batch is removed; the
        error itself is worded by `_locked`, which names the file.
        """
        batch = self._new_batch()
        spools: dict[str, IO[bytes]] = {}
        try:
            for answer in answers:
                week = answer.history_week
                if week not in spools:
                    spools[week] = open(batch / f"{week}.jsonl", "wb")  # noqa: SIM115
                spools[week].write(history.dumps(answer))
            self._close_spools(spools)
        except BaseException:
            for spool in spools.values():
                spool.close()
            shutil.rmtree(batch, ignore_errors=True)
            raise
        return self._commit_batch(batch)

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

        For each week: the totals are updated and the state written first (marked with
        the batch and week), then the week file; a run killed between the two finds
        the mark and only redoes the week file, which skips answers it already holds.
        """
        added = 0
        for spool in sorted(batch.glob("*.jsonl")):
            added += self._apply_week(batch.name, spool)
            spool.unlink()
        batch.rmdir()
        fsync_dir(batch.parent)
        return added

    def _apply_week(self, batch: str, spool: Path) -> int:
        week = spool.stem
        state = self._read_state()
        done = state.meta.get("applied", {})
        already = done.get("batch") == batch and week in done.get("weeks", [])
        db = _open(self.home / HISTORY / f"{week}.json")
        answers, sessions = db.table("answers"), db.table("sessions")
        known = {doc["id"] for doc in _rows(db, "answers").values()}
        # Spool lines were written by `history.dumps` from checked answers: trusted rows.
        fresh: dict[str, dict[str, Any]] = {}
        for line in spool.read_bytes().splitlines():
            row = orjson.loads(line)
            if row["id"] not in known:
                fresh.setdefault(row["id"], row)
        if not fresh:
            return 0
        # UTC ISO timestamps sort in time order as text.
        new = sorted(fresh.values(), key=lambda row: row["answered_at"])
        # Keyed by session and deck: a foreign log might mix decks in one session id.
        doc_ids: dict[tuple[str, str], int] = {}
        before: dict[tuple[str, str], SessionTotals] = {}
        for doc_id, doc in _rows(db, "sessions").items():
            key = (doc["session"], doc["deck"])
            doc_ids[key] = int(doc_id)
            before[key] = SessionTotals(**{k: v for k, v in doc.items() if k != "session"})
        touched: dict[tuple[str, str], SessionTotals] = {}
        by_question: dict[str, list[Answer]] = {}
        for row in new:
            answer = Answer.from_dict(row)
            key = (answer.session, answer.deck)
            so_far = touched.get(key) or before.get(key)
            if already:
                touched[key] = (so_far or SessionTotals(answer.deck)).added(answer)
            else:
                touched[key] = state.totals.add(answer, so_far)
                by_question.setdefault(f"{answer.deck}/{answer.question}", []).append(answer)
        if not already:
            self._review(state, by_question)
            weeks = done.get("weeks", []) if done.get("batch") == batch else []
            state.meta["applied"] = {"batch": batch, "weeks": [*weeks, week]}
            self._write_state(state)
        answers.insert_multiple(new)
        # One remove and one insert: TinyDB rewrites a table's index on every call.
        sessions.remove(doc_ids=[doc_ids[key] for key in touched if key in doc_ids])
        sessions.insert_multiple({"session": key[0], **asdict(s)} for key, s in touched.items())
        _save(db)
        return len(new)

    def _review(self, state: State, by_question: dict[str, list[Answer]]) -> None:
        """Fold new answers into their cards, or mark a question for a full replay when an
        answer is older than its card's last review."""
        replay = set(state.meta.get("replay", []))
        for key, answers in by_question.items():
            card = state.cards.get(key)
            last = (card or {}).get("last_review")
            if key in replay or (last and answers[0].answered_at.isoformat() < last):
                replay.add(key)
            else:
                state.cards[key] = self.reviewer(card, answers)
        if replay:
            state.meta["replay"] = sorted(replay)

    # -- reading ----------------------------------------------------------------------------

    def state(self) -> State:
        """Totals and cards, with every saved answer folded in."""
        with self._locked():
            self._fold_under_lock()
            return self._read_state()

    def _weeks(self) -> list[Path]:
        return sorted((self.home / HISTORY).glob("*.json"))

    def answers(
        self, *, deck: str | None = None, since: datetime | None = None
    ) -> Iterator[Answer]:
        """Every saved answer, oldest first."""
        self.fold()
        for row in self._in_time_order():
            if deck is None or row["deck"] == deck:
                answer = Answer.from_dict(row)
                if since is None or answer.answered_at >= since:
                    yield answer

    def _in_time_order(self) -> Iterator[dict[str, Any]]:
        """Every stored answer row, oldest first, holding about two weeks in memory.

        A week's file holds the sessions that started that week, so its answers are
        never older than the week's start: rows older than the next file's week can go.
        """
        heap: list[tuple[str, int, dict[str, Any]]] = []
        count = 0
        for week in self._weeks():
            start = _week_start(week)
            while heap and heap[0][0] < start:
                yield heapq.heappop(heap)[2]
            for row in _rows(_open(week), "answers").values():
                heapq.heappush(heap, (row["answered_at"], count, row))
                count += 1
        while heap:
            yield heapq.heappop(heap)[2]

    # -- import, migration ---------------------------------------------------------------

    def import_answers(self, source: IO[bytes], name: str) -> ImportReport:
        """Merge a JSON Lines answer log; refuse the whole file at its first bad line.

        Answers whose id the history already holds are skipped, so importing twice adds
        nothing.
        """
        read = 0

        def checked() -> Iterator[Answer]:
            nonlocal read
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                try:
                    yield history.parse_line(line)
                except ValueError as exc:
                    raise BadInput(
                        f"{name}:{number}: {exc}; nothing was imported. "
                        "Fix that line and import the file again."
                    ) from None
                read += 1

        with self._locked():
            added = self._apply(self._stage(checked()))
            return ImportReport(read=read, added=added)

    def _migrate_legacy(self) -> None:
        """Format 0 kept every answer in one `history.json`; refile it, after a backup copy."""
        legacy = self.home / LEGACY
        if not legacy.exists():
            return
        self._backup(legacy, "history-format0")
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

    def _backup(self, path: Path, name: str) -> None:
        """Copy a file into backups/ before a migration changes it."""
        backups = self.home / BACKUPS
        copy = backups / f"{name}-{clock.now():%Y%m%dT%H%M%S}.json"
        try:
            backups.mkdir(exist_ok=True)
            shutil.copy2(path, copy)
            fsync_dir(backups)
        except OSError as exc:
            raise write_error(copy, exc) from None

    # -- reset ----------------------------------------------------------------------------

    def forget(self, deck: str | None = None) -> tuple[int, Path]:
        """Remove the history of one deck (or all), after saving it as a JSON Lines log.

        Returns how many answers were removed and the log, which `import_answers` restores.
        """
        with self._locked():
            self._fold_under_lock()
            backup = (
                self.home / BACKUPS / f"reset-{deck or 'all'}-{clock.now():%Y%m%dT%H%M%S}.jsonl"
            )
            count = 0
            (self.home / BACKUPS).mkdir(exist_ok=True)
            with atomic_output(backup) as out:
                for row in self._in_time_order():
                    if deck is None or row["deck"] == deck:
                        out.write(orjson.dumps(row) + b"\n")
                        count += 1
            state = self._read_state()
            state.meta["forget"] = deck or "*"
            self._write_state(state)
            self._purge(deck)
        return count, backup

    def _purge(self, deck: str | None) -> None:
        """Drop a deck's answers and sessions (or everything) from the history files, then
        rebuild what is derived; marked in state.json so a cut-short run is finished."""
        for week in self._weeks():
            if deck is None:
                week.unlink()
                continue
            db = _open(week)
            rows = _rows(db, "answers")
            drop = [int(k) for k, row in rows.items() if row["deck"] == deck]
            if drop:
                db.table("answers").remove(doc_ids=drop)
                sessions = _rows(db, "sessions")
                db.table("sessions").remove(
                    doc_ids=[int(k) for k, row in sessions.items() if row["deck"] == deck]
                )
                _save(db)
        fsync_dir(self.home / HISTORY)
        self._write_state(self._rebuilt()[0])

    # -- doctor ---------------------------------------------------------------------------

    def _rebuilt(
        self, keys: set[str] | None = None, *, report: bool = False
    ) -> tuple[State, list[Finding]]:
        """Totals and cards recomputed from the history alone (only `keys`' cards, if given).

        A damaged history file raises, unless `report` asks for it as a finding instead.
        """
        state = State({"format": FORMAT}, Totals(), {})
        pending: dict[str, list[Answer]] = {}
        findings: list[Finding] = []
        count = 0
        try:
            for row in self._in_time_order():
                answer = Answer.from_dict(row)
                key = f"{answer.deck}/{answer.question}"
                count += 1
                if keys is None:
                    state.totals.tally(answer)
                if keys is None or key in keys:
                    # Cards take each question's answers in runs; order within is kept.
                    pending.setdefault(key, []).append(answer)
                    if len(pending[key]) >= 256:
                        state.cards[key] = self.reviewer(state.cards.get(key), pending.pop(key))
        except DataError as exc:
            if not report:
                raise
            findings.append(Finding(False, exc.message))
        for key, answers in pending.items():
            state.cards[key] = self.reviewer(state.cards.get(key), answers)
        weeks = len(self._weeks())
        files = f"{weeks} week file{'' if weeks == 1 else 's'}"
        findings.append(Finding(True, f"history: {count:,} answers in {files}"))
        return state, findings

    def check(self) -> list[Finding]:
        """Look the data directory over; report, change nothing but a pending fold."""
        with self._locked():
            self._fold_under_lock()
            stored = self._read_state()
            rebuilt, findings = self._rebuilt(report=True)
        findings.insert(
            0,
            Finding(True, f"data directory {self.home}, format {FORMAT}, every saved answer filed"),
        )
        if all(f.ok for f in findings):
            for what, mine, theirs in (
                ("totals", stored.totals.to_dict(), rebuilt.totals.to_dict()),
                ("cards", stored.cards, rebuilt.cards),
            ):
                agree = mine == theirs
                findings.append(
                    Finding(
                        agree,
                        f"{what} agree with the history"
                        if agree
                        else f"{what} disagree with the history; run "
                        "`quiz doctor --rebuild` to recompute them",
                    )
                )
        return findings

    def rebuild(self) -> list[Finding]:
        """Recompute totals and cards (derived data) from the answer history and save them."""
        with self._locked():
            self._fold_under_lock()
            rebuilt, findings = self._rebuilt(report=True)
            if not all(f.ok for f in findings):
                return [
                    *findings,
                    Finding(False, "nothing rebuilt: a history file is damaged (see above)"),
                ]
            self._write_state(rebuilt)
        return [*findings, Finding(True, "totals and cards rebuilt from the history")]
