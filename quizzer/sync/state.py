"""What this device has taken from its sync folder, kept in `sync.json` in the data directory.

A cursor per segment file says how far it was read; the deck versions say what the devices
last agreed on, so an edit made here can be told from one made elsewhere. The file is
written whole (atomically); losing it costs a re-read of the folder, never an answer
counted twice, since answers have ids.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from quizzer.errors import DataError
from quizzer.files import atomic_write, read_error, read_regular
from quizzer.paths import make_dir
from quizzer.sync.folder import DeckVersion

FILE = "sync.json"
FORMAT = 1


@dataclass(frozen=True)
class Cursor:
    """How far a segment was read: `offset` bytes of whole lines (`lines` of them), out of
    `size` bytes then, with hashes of the file's first bytes and of those just before
    `offset`, so a file replaced or shrunk since is read again from its start."""

    offset: int = 0
    lines: int = 0
    size: int = 0
    head: str = ""
    tail: str = ""


@dataclass(frozen=True)
class LocalDeck:
    """A deck file of this device and its hash, trusted while its size and time stay."""

    mtime_ns: int
    size: int
    sha: str


@dataclass(frozen=True)
class Agreed:
    """The version of a deck this device last synced, and whether it was made here."""

    version: DeckVersion
    mine: bool


@dataclass
class State:
    """The sync state of one data directory (for one sync folder at a time)."""

    folder: str = ""  # the folder joined, resolved; "" before the first sync
    cursors: dict[str, Cursor] = field(default_factory=dict)
    decks: dict[str, Agreed] = field(default_factory=dict)
    local: dict[str, LocalDeck] = field(default_factory=dict)
    seen: dict[str, str] = field(default_factory=dict)  # device id -> hash of its deck list

    def to_json(self) -> bytes:
        data = {"format": FORMAT, **asdict(self)}  # Agreed nests DeckVersion as a dict
        return json.dumps(data, separators=(",", ":")).encode()


def load(home: Path) -> State:
    """The sync state; an empty one before the first sync."""
    path = home / FILE
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        return State()
    except OSError as exc:
        raise read_error(path, exc) from None
    try:
        data: dict[str, Any] = json.loads(raw)
        if data.get("format") != FORMAT:
            raise ValueError("another format")
        return State(
            str(data["folder"]),
            {k: Cursor(**v) for k, v in data["cursors"].items()},
            {
                k: Agreed(DeckVersion.from_dict(v["version"]), bool(v["mine"]))
                for k, v in data["decks"].items()
            },
            {k: LocalDeck(**v) for k, v in data["local"].items()},
            {str(k): str(v) for k, v in data["seen"].items()},
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        raise DataError(
            f"{path} is damaged; delete it, and the next `quiz sync` reads the sync folder "
            "again from the start (nothing is counted twice)."
        ) from None


def save(home: Path, state: State) -> None:
    atomic_write(make_dir(home) / FILE, state.to_json())
