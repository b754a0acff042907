"""This device's identity in the sync folder: an id chosen on first use, and a readable name."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from quizzer.errors import BadInput, DataError
from quizzer.files import atomic_write, read_error, read_regular
from quizzer.paths import make_dir

FILE = "device.json"
ID = re.compile(r"^[0-9a-f]{12}$")
MAX_NAME = 40


@dataclass(frozen=True)
class Device:
    """Which device this data directory is: `id` names its folder in the sync folder."""

    id: str
    name: str


def checked_name(text: str) -> str:
    """A device name from what the learner typed (spaces folded), or BadInput."""
    name = " ".join(text.split())
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise BadInput(
            f"{text[:60]!r} is not a device name; give 1 to {MAX_NAME} printable "
            "characters, such as laptop."
        )
    return name


def default_name() -> str:
    """The host name's first label (`laptop` for laptop.local), or `device`."""
    import socket

    host = socket.gethostname().split(".")[0]
    try:
        return checked_name(host[:MAX_NAME])
    except BadInput:
        return "device"


def load(home: Path) -> Device | None:
    """This data directory's device, or None before its first sync."""
    path = home / FILE
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise read_error(path, exc) from None
    try:
        data = json.loads(raw)
        device = Device(str(data["id"]), checked_name(str(data["name"])))
        if not ID.match(device.id):
            raise ValueError("not an id")
    except (ValueError, TypeError, KeyError, BadInput):
        raise DataError(
            f"{path} is damaged; delete it, and the next `quiz sync` makes this device a "
            "new one in the sync folder (answers already there are not counted twice)."
        ) from None
    return device


def save(home: Path, device: Device) -> None:
    text = json.dumps({"id": device.id, "name": device.name}, indent=2) + "\n"
    atomic_write(make_dir(home) / FILE, text.encode())


def ensure(home: Path) -> Device:
    """This data directory's device, made (with a new id) on first use."""
    import uuid

    device = load(home)
    if device is None:
        device = Device(uuid.uuid4().hex[:12], default_name())
        save(home, device)
    return device


def rename(home: Path, name: str) -> Device:
    """Give this device another name; other devices see it after its next sync."""
    device = Device(ensure(home).id, checked_name(name))
    save(home, device)
    return device
