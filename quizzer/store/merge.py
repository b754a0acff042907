"""Merging an answer log (another machine's, a backup) into the history, idempotently.

Every line is checked before anything is filed; answers whose id the history holds, in
any week, are skipped. A session id not made by quizzer says nothing of when the session
started, so the time of its first answer in the log is put in front of it
(`s1` becomes `20260301T090000Z-s1`): all its answers then sit in one week file and
count as one session, here and on every machine that imports them.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import IO

from quizzer import history
from quizzer.errors import BadInput
from quizzer.models import Answer, Undo, session_start
from quizzer.store import batches, weeks
from quizzer.store.filing import Filing
from quizzer.store.snapshot import D
from quizzer.store.tables import TableFile


@dataclass
class ImportReport:
    """What `import_answers` did: answers read and added, and undos read."""

    read: int = 0
    added: int = 0
    undos: int = 0

    @property
    def skipped(self) -> int:
        return self.read - self.added


def import_answers(
    filing: Filing[D], source: IO[bytes], name: str, *, publish: bool = True
) -> ImportReport:
    """Merge a JSON Lines answer log; refuse the whole file at its first bad line (lock held).

    `publish`: send the log on to this device's others at the next `quiz sync` (not for
    what `quiz sync` itself brings in, which they have).
    """
    report = ImportReport()
    with tempfile.TemporaryFile(dir=filing.folder.pending) as side:
        entries = _checked(source, name, report, side)
        batch = batches.stage(filing.folder.pending, entries, publish=publish)
    report.added = filing.file([batch], known=known_ids(filing))
    return report


def known_ids(filing: Filing[D]) -> set[str]:
    """The id of every answer in the history."""
    return {
        row["id"]
        for week in filing.week_files()
        for row in weeks.answer_rows(TableFile(week, filing.storage)).values()
    }


def _checked(
    source: IO[bytes], name: str, report: ImportReport, side: IO[bytes]
) -> Iterator[Answer | Undo]:
    """The log's answers, sessions made elsewhere renamed (after every line was read)."""
    first: dict[str, datetime] = {}
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            answer = history.parse_entry(line)
        except ValueError as exc:
            raise BadInput(
                f"{name}:{number}: {exc}; nothing was imported. "
                "Fix that line and import the file again."
            ) from None
        if isinstance(answer, Undo):
            report.undos += 1
            yield answer
            continue
        report.read += 1
        if _stamped(answer):
            yield answer
        else:
            side.write(history.dumps(answer))
            seen = first.get(answer.session)
            first[answer.session] = min(seen, answer.answered_at) if seen else answer.answered_at
    side.seek(0)
    renamed = {session: _session_id(session, start) for session, start in first.items()}
    for line in side:
        answer = history.parse_line(line)
        yield answer._replace(session=renamed[answer.session])


def _stamped(answer: Answer) -> bool:
    """Whether the session id is quizzer's and its answer no older than the id says."""
    started = session_start(answer.session)
    return started is not None and answer.answered_at.date() >= started


def _session_id(session: str, start: datetime) -> str:
    stamp = f"{start.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}"
    if len(stamp) + 1 + len(session) <= history.MAX_TOKEN:
        return f"{stamp}-{session}"
    return f"{stamp}-{hashlib.blake2b(session.encode(), digest_size=12).hexdigest()}"
