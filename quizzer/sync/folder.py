"""The sync folder: one subfolder per device, holding only the files that device writes.

`DIR/<device id>/` holds the device's answer segments (`answers-0001.jsonl`, ...), copies of
its decks (`decks/<deck>.json`) and `device.json`: its name, when it last synced, how many
answers it has sent, and the version of each deck it has. A file-sync tool may add conflict
copies beside any of them (`answers-0001 (conflicted copy 2026-03-01).jsonl`,
`answers-0001.sync-conflict-20260301-101010-ABCDEFG.jsonl`, `answers-0001 (1).jsonl`): every
visible `.jsonl` file in a device's folder is read as a segment, since answers have ids.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizzer.errors import DataError
from quizzer.files import atomic_write, read_regular, remove_leftovers
from quizzer.sync.device import ID, Device

INFO = "device.json"
DECKS = "decks"
_OWN_SEGMENT = re.compile(r"^answers-(\d{4,})\.jsonl$")


@dataclass(frozen=True, order=True)
class DeckVersion:
    """One version of a deck: when it was edited (ISO 8601, UTC), a hash of its bytes, and
    the hash of the version it was edited from ("" for a new deck).

    Versions order by edit time, then hash, so every device picks the same newest one.
    """

    edited_at: str
    sha: str
    parent: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, str]:
        return {"edited_at": self.edited_at, "sha": self.sha, "parent": self.parent}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeckVersion:
        return cls(str(data["edited_at"]), str(data["sha"]), str(data.get("parent", "")))


@dataclass
class DeviceInfo:
    """What a device says of itself in its `device.json`."""

    id: str
    name: str
    synced_at: str = ""
    answers: int = 0
    decks: dict[str, DeckVersion] = field(default_factory=dict)

    def to_json(self) -> bytes:
        data: dict[str, Any] = {
            "format": 1,
            "id": self.id,
            "name": self.name,
            "synced_at": self.synced_at,
            "answers": self.answers,
            "decks": {deck: version.to_dict() for deck, version in self.decks.items()},
        }
        return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()


class Folder:
    """The paths of a sync folder, and the device records in it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def check(self) -> None:
        """Refuse a folder that is not there (an unmounted drive, a typo): writing into a
        new one would leave this device syncing with nobody."""
        if not self.root.is_dir():
            why = "is not a folder" if self.root.exists() else "does not exist"
            raise DataError(
                f"sync folder {self.root} {why}; check that it is mounted, or create it "
                "(mkdir) if this is the first device to sync."
            )

    def device_dir(self, device_id: str) -> Path:
        return self.root / device_id

    def devices(self) -> list[str]:
        """The ids of the devices with a folder here, in order."""
        try:
            return sorted(p.name for p in self.root.iterdir() if ID.match(p.name) and p.is_dir())
        except OSError as exc:
            raise self.unreadable(exc) from None

    def segments(self, device_id: str) -> list[Path]:
        """Every answer segment in a device's folder, conflict copies included."""
        try:
            return sorted(
                p
                for p in self.device_dir(device_id).iterdir()
                if p.suffix == ".jsonl" and not p.name.startswith(".") and p.is_file()
            )
        except OSError as exc:
            raise self.unreadable(exc) from None

    def own_segments(self, device_id: str) -> list[tuple[int, Path]]:
        """The segments a device writes itself (not conflict copies), by number."""
        found = []
        for path in self.segments(device_id):
            number = _OWN_SEGMENT.match(path.name)
            if number:
                found.append((int(number[1]), path))
        return sorted(found)

    def segment(self, device_id: str, number: int) -> Path:
        return self.device_dir(device_id) / f"answers-{number:04d}.jsonl"

    def deck_copy(self, device_id: str, deck_id: str) -> Path:
        return self.device_dir(device_id) / DECKS / f"{deck_id}.json"

    def key(self, path: Path) -> str:
        """A file's name relative to the folder, as the sync state keeps it."""
        return path.relative_to(self.root).as_posix()

    def read_info(self, device_id: str) -> DeviceInfo | None:
        """A device's record; None when it is missing or cannot be read yet (a sync tool
        may still be bringing it)."""
        try:
            data = json.loads(read_regular(self.device_dir(device_id) / INFO))
            decks = {str(d): DeckVersion.from_dict(v) for d, v in data.get("decks", {}).items()}
            return DeviceInfo(
                device_id,
                str(data["name"])[:80],
                str(data.get("synced_at", "")),
                int(data.get("answers", 0)),
                decks,
            )
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def write_info(self, info: DeviceInfo) -> None:
        """Write this device's record, after the files it names are in place."""
        own = self.prepare(Device(info.id, info.name))
        atomic_write(own / INFO, info.to_json())

    def prepare(self, device: Device) -> Path:
        """This device's folder, made if missing, without temporary files a killed sync
        left in it."""
        own = self.device_dir(device.id)
        try:
            (own / DECKS).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataError(
                f"{own}: cannot create this device's folder ({exc.strerror or exc}); check "
                "that the sync folder can be written."
            ) from None
        remove_leftovers(own)
        remove_leftovers(own / DECKS)
        return own

    def unreadable(self, exc: OSError) -> DataError:
        return DataError(
            f"sync folder {self.root} cannot be read ({exc.strerror or exc}); check that it "
            "is mounted and that you may read it."
        )
