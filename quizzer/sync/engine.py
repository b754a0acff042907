"""A sync: this device's new answers into its segments, the others' into its history.

Under the data directory's lock: a device syncing with this folder for the first time sends
its whole history, in a file of its own; then every segment is read from its cursor and what
is new is merged through the same idempotent path as `quiz history import` (cards are
replayed where older answers arrive); then the outbox is appended to this device's last
segment, fsynced, and emptied; then decks; then `device.json`. ARCHITECTURE.md says what a
kill at each step leaves. `up_to_date` tells, without the lock or the store, whether a sync
would do anything: a few stats and small reads, whatever the folder's size.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from quizzer import clock
from quizzer.errors import BadInput, QuizzerError
from quizzer.files import fsync_dir, write_error
from quizzer.sync import device as identity
from quizzer.sync import reading, writing
from quizzer.sync.decks import DeckSync, unchanged
from quizzer.sync.device import Device
from quizzer.sync.folder import DeckVersion, DeviceInfo, Folder
from quizzer.sync.state import State, load, save

if TYPE_CHECKING:
    from quizzer.history import Entry


class Imported(Protocol):
    added: int
    undos: int


class Places(Protocol):
    """The data directory's files the sync touches (the store's DataDir)."""

    @property
    def outbox(self) -> Path: ...

    @property
    def backups(self) -> Path: ...


class Local(Protocol):
    """What a sync needs of this device's history (quizzer.store.Store)."""

    @property
    def home(self) -> Path: ...

    @property
    def folder(self) -> Places: ...

    def held(self) -> AbstractContextManager[None]: ...

    def import_answers(self, source: IO[bytes], name: str, *, publish: bool = ...) -> Imported: ...

    def log(self) -> Iterator[Entry]: ...


@dataclass(frozen=True)
class Arrival:
    """Answers (and undos) new to this device, from one other device."""

    device: str
    answers: int
    undos: int


@dataclass
class Report:
    """What a sync did, for `quiz sync` and for the one line a session shows."""

    device: Device
    joined: bool = False
    sent: int = 0
    arrivals: list[Arrival] = field(default_factory=list)
    decks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stuck: list[str] = field(default_factory=list)

    def arrived(self) -> str:
        """`Synced: 34 answers from laptop, 3 answers from desktop`, or "" when nothing
        arrived (devices by name)."""
        parts = []
        for arrival in sorted(self.arrivals, key=lambda arrival: arrival.device):
            counts = [
                f"{count:,} {noun}{'s' * (count != 1)}"
                for count, noun in ((arrival.answers, "answer"), (arrival.undos, "undo"))
                if count
            ]
            if counts:
                parts.append(f"{' and '.join(counts)} from {arrival.device}")
        return f"Synced: {', '.join(parts)}" if parts else ""


def key(root: Path) -> str:
    """The folder as the sync state names it."""
    return str(root.resolve())


def up_to_date(home: Path, outbox: Path, decks: Path, root: Path) -> bool:
    """Whether a sync would find nothing to send, take in or write (no lock taken)."""
    try:
        state = load(home)
        device = identity.load(home)
        if device is None or state.folder != key(root) or outbox.stat().st_size:
            return False
        folder = Folder(root)
        mine = folder.read_info(device.id)
        if mine is None or mine.name != device.name:
            return False
        for dev in folder.devices():
            for path in folder.segments(dev):
                cursor = state.cursors.get(folder.key(path))
                if cursor is None or not reading.unchanged(path, cursor):
                    return False
        return unchanged(decks, state, others(folder, device))
    except (QuizzerError, OSError):
        return False  # a sync says what is wrong


def others(folder: Folder, device: Device) -> dict[str, DeviceInfo]:
    """The other devices' records that can be read now."""
    found = {}
    for dev in folder.devices():
        info = folder.read_info(dev) if dev != device.id else None
        if info is not None:
            found[dev] = info
    return found


def run(local: Local, root: Path, decks: Path) -> Report:
    """Sync this device with the folder `root`; `decks` holds the learner's own decks."""
    folder = Folder(root)
    folder.check()
    with local.held():
        device = identity.ensure(local.home)
        report = Report(device)
        state = load(local.home)
        folder.prepare(device)
        if state.folder != key(root) or not local.folder.outbox.exists():
            state = _join(local, folder, state, report)
        stuck = _receive(local, folder, state, report)
        _send(local, folder, state, report, stuck)
        deck_sync = DeckSync(decks, local.folder.backups, folder, device)
        listed = deck_sync.run(state, others(folder, device))
        report.decks, report.warnings = (
            deck_sync.news.taken,
            report.warnings + deck_sync.news.warnings,
        )
        _record(folder, device, listed, report)
        save(local.home, state)
    return report


def _join(local: Local, folder: Folder, old: State, report: Report) -> State:
    """Send this device's whole history, in a file of its own, before anything arrives
    (what arrives is then not sent back); every file in the folder is read from its start.

    The outbox is made first: from then on the store copies into it every batch it files.
    """
    state = State(key(folder.root), decks=old.decks, local=old.local)
    outbox = local.folder.outbox
    try:
        with open(outbox, "ab"):
            pass
        fsync_dir(outbox.parent)
    except OSError as exc:
        raise write_error(outbox, exc) from None
    from quizzer.history import dumps

    lines = (dumps(entry, where=True) for entry in local.log())
    written = writing.append(folder, report.device, lines, fresh=True)
    _advance(folder, state, written)
    _empty(outbox)
    save(local.home, state)
    report.joined = True
    report.sent += written.answers
    return state


def _receive(local: Local, folder: Folder, state: State, report: Report) -> set[str]:
    """Take in what every segment holds past its cursor; return the files left stuck on a
    line that cannot be read."""
    present: set[str] = set()
    stuck: set[str] = set()
    for dev in folder.devices():
        taken = []
        for path in folder.segments(dev):
            present.add(folder.key(path))
            try:
                news = reading.take(path, state.cursors.get(folder.key(path)))
            except OSError as exc:
                report.warnings.append(
                    f"warning: {path} cannot be read ({exc.strerror or exc}); it is read "
                    "again at the next sync."
                )
                stuck.add(folder.key(path))
                continue
            if news.data:
                taken.append(news)
            else:
                state.cursors[folder.key(path)] = news.cursor
        if taken:
            stuck |= _take_in(local, folder, dev, taken, state, report)
    state.cursors = {k: v for k, v in state.cursors.items() if k in present}
    return stuck


def _take_in(
    local: Local,
    folder: Folder,
    dev: str,
    taken: list[reading.Taken],
    state: State,
    report: Report,
) -> set[str]:
    """Merge one device's new lines; a line that is not an answer or an undo stops its
    file there (the lines before it are merged, the rest waits)."""
    info = folder.read_info(dev)
    name = info.name if info else dev
    stuck = set()
    try:
        imported = _merge(local, taken, name)
    except BadInput:
        checked = [reading.good_part(news) for news in taken]
        taken = [news for news, _ in checked]
        for news, problem in checked:
            if problem:
                report.stuck.append(problem)
                stuck.add(folder.key(news.path))
        imported = _merge(local, taken, name)
    for news in taken:
        state.cursors[folder.key(news.path)] = news.cursor
    save(local.home, state)
    if imported.added or imported.undos:
        report.arrivals.append(Arrival(name, imported.added, imported.undos))
    return stuck


def _merge(local: Local, taken: list[reading.Taken], name: str) -> Imported:
    with tempfile.TemporaryFile() as spool:
        for news in taken:
            spool.write(news.data)
        spool.seek(0)
        return local.import_answers(spool, name, publish=False)


def _send(local: Local, folder: Folder, state: State, report: Report, stuck: set[str]) -> None:
    """Append the outbox to this device's last segment, then empty it: a kill in between
    sends it again, and readers skip the answers they have."""
    outbox = local.folder.outbox
    if not outbox.stat().st_size:
        return
    own = folder.own_segments(report.device.id)
    last = folder.key(own[-1][1]) if own else ""
    fresh = bool(own) and (last not in state.cursors or last in stuck)
    with open(outbox, "rb") as lines:
        written = writing.append(folder, report.device, lines, fresh=fresh)
    _advance(folder, state, written)
    save(local.home, state)
    _empty(outbox)
    report.sent += written.answers


def _advance(folder: Folder, state: State, written: writing.Written) -> None:
    """Move this device's cursors past what it has just written to its own files."""
    for path, count in written.files.items():
        before = state.cursors.get(folder.key(path))
        lines = (before.lines if before else 0) + count
        state.cursors[folder.key(path)] = reading.cursor_at(path, path.stat().st_size, lines)


def _empty(outbox: Path) -> None:
    try:
        with open(outbox, "r+b") as out:
            out.truncate(0)
            os.fsync(out.fileno())
    except OSError as exc:
        raise write_error(outbox, exc) from None


def _record(folder: Folder, device: Device, listed: dict[str, DeckVersion], report: Report) -> None:
    """Write this device's `device.json` when something moved or its details changed."""
    before = folder.read_info(device.id)
    same = before is not None and (before.name, _plain(before.decks)) == (
        device.name,
        _plain(listed),
    )
    if same and not (report.joined or report.sent or report.arrivals or report.decks):
        return
    sent = (before.answers if before else 0) + report.sent
    stamp = clock.now().isoformat(timespec="seconds")
    folder.write_info(DeviceInfo(device.id, device.name, stamp, sent, listed))


def _plain(decks: dict[str, DeckVersion]) -> dict[str, dict[str, str]]:
    return {deck: version.to_dict() for deck, version in decks.items()}
