"""`quiz sync --status`: the devices in a sync folder, and what waits to move, changing nothing."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from quizzer.sync import device as identity
from quizzer.sync import reading
from quizzer.sync.engine import key
from quizzer.sync.folder import Folder
from quizzer.sync.state import load


@dataclass(frozen=True)
class DeviceStatus:
    """One device of the folder: when it last synced something, how many answers it has
    sent, and how many of its entries (answers and undos) this device has yet to take in."""

    id: str
    name: str
    this: bool
    last_sync: str
    answers: int
    waiting: int


@dataclass
class Status:
    """The folder, this device, and every device in the folder."""

    folder: str
    device: str
    joined: bool
    to_send: int | None  # entries in the outbox; None before the first sync (all history)
    devices: list[DeviceStatus] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def status(home: Path, outbox: Path, root: Path) -> Status:
    """What a sync of this device with `root` would find (the folder is only read)."""
    folder = Folder(root)
    folder.check()
    state = load(home)
    me = identity.load(home)
    joined = me is not None and state.folder == key(root) and outbox.exists()
    to_send = _lines(outbox) if joined else None
    found = Status(str(root), me.name if me else identity.default_name(), joined, to_send)
    for dev in folder.devices():
        info = folder.read_info(dev)
        cursors = state.cursors if joined else {}
        waiting = sum(
            reading.waiting(path, cursors.get(folder.key(path))) for path in folder.segments(dev)
        )
        this = me is not None and dev == me.id
        found.devices.append(
            DeviceStatus(
                dev,
                info.name if info else dev,
                this,
                info.synced_at if info else "",
                info.answers if info else 0,
                waiting,
            )
        )
    return found


def _lines(path: Path) -> int:
    try:
        with open(path, "rb") as lines:
            return sum(1 for line in lines if line.endswith(b"\n"))
    except OSError:
        return 0
