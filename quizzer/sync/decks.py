"""The learner's own decks on every device: copies in the sync folder, the newest edit kept.

Each device copies its decks into its folder and lists their versions (edit time, hash, and
the version each was edited from) in its `device.json`. A device takes a deck another one
offers when it is newer than its own. When that replaces an edit made here that the newer
one was not made from (the same deck changed on two devices), the edit made here is copied
to `backups/` first and named in a one-line warning. A deck removed on one device stays on
the others, and does not come back here unless it is edited elsewhere.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from quizzer import clock
from quizzer.files import atomic_write, read_regular, write_error
from quizzer.models import is_id
from quizzer.paths import make_dir
from quizzer.sync.device import Device
from quizzer.sync.folder import DeckVersion, DeviceInfo, Folder
from quizzer.sync.state import Agreed, LocalDeck, State


@dataclass
class DeckNews:
    """What syncing the decks did: one line per deck taken in, and warnings."""

    taken: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _sha(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def offered(info: DeviceInfo) -> str:
    """A hash of a device's deck list, to tell cheaply whether it changed since."""
    listed = {deck: version.to_dict() for deck, version in info.decks.items()}
    return _sha(json.dumps(listed, sort_keys=True).encode())


def scan(decks: Path, state: State) -> dict[str, LocalDeck]:
    """This device's deck files, each with its hash (reused while its size and time stay)."""
    found = {}
    try:
        files = [p for p in decks.iterdir() if p.suffix == ".json" and is_id(p.stem)]
    except OSError:
        return {}
    for path in files:
        try:
            info = path.stat()
            known = state.local.get(path.stem)
            if known and (known.mtime_ns, known.size) == (info.st_mtime_ns, info.st_size):
                found[path.stem] = known
            else:
                found[path.stem] = LocalDeck(
                    info.st_mtime_ns, info.st_size, _sha(read_regular(path))
                )
        except OSError:
            continue  # not a readable regular file: `quiz deck list` names it
    return found


def unchanged(decks: Path, state: State, infos: dict[str, DeviceInfo]) -> bool:
    """Whether no deck changed here or in the other devices' lists since the last sync."""
    if scan(decks, state) != state.local:
        return False
    return all(state.seen.get(dev) == offered(info) for dev, info in infos.items())


def version_here(deck: str, local: LocalDeck, state: State) -> DeckVersion:
    """The version of a deck file here: the one last synced, or an edit made since."""
    agreed = state.decks.get(deck)
    if agreed is not None and agreed.version.sha == local.sha:
        return agreed.version
    edited = datetime.fromtimestamp(local.mtime_ns / 1e9, timezone.utc)
    return DeckVersion(
        edited.isoformat(timespec="microseconds"), local.sha, agreed.version.sha if agreed else ""
    )


class DeckSync:
    """Takes in the newest version of every deck, then lists and copies this device's."""

    def __init__(self, decks: Path, backups: Path, folder: Folder, device: Device) -> None:
        self.decks = decks
        self.backups = backups
        self.folder = folder
        self.device = device
        self.news = DeckNews()

    def run(self, state: State, infos: dict[str, DeviceInfo]) -> dict[str, DeckVersion]:
        """Sync every deck; return this device's deck list for its `device.json`."""
        local = scan(self.decks, state)
        offers: dict[str, list[tuple[DeckVersion, str]]] = {}
        for dev, info in infos.items():
            state.seen[dev] = offered(info)
            for deck, version in info.decks.items():
                offers.setdefault(deck, []).append((version, dev))
        for deck, versions in sorted(offers.items()):
            newest, dev = max(versions)
            if not self._take(deck, newest, infos[dev], local, state):
                state.seen.pop(dev, None)  # its copy is not here whole yet: try next time
        state.local = local
        return self._publish(local, state)

    def _take(
        self,
        deck: str,
        newest: DeckVersion,
        source: DeviceInfo,
        local: dict[str, LocalDeck],
        state: State,
    ) -> bool:
        """Take `newest` in if it beats the version here; False if its copy is not whole."""
        agreed = state.decks.get(deck)
        here = version_here(deck, local[deck], state) if deck in local else None
        if here is not None and newest <= here:
            return True
        if here is None and agreed is not None and newest <= agreed.version:
            return True  # removed here, and not edited elsewhere since
        from quizzer.deckcheck import check_text  # only here: a sync with nothing new skips them
        from quizzer.decks import is_builtin

        if not is_id(deck) or is_builtin(deck):
            return True
        try:
            data = read_regular(self.folder.deck_copy(source.id, deck))
        except OSError:
            return False
        if _sha(data) != newest.sha:
            return False
        found, problems = check_text(data.decode("utf-8", "replace"), origin="user")
        if found is None or found.id != deck:
            first = problems[0] if problems else None
            why = f"{first.path}: {first.message.rstrip('.')}" if first else f"its id is not {deck}"
            keeps = "this device keeps its own" if here else "it was not taken"
            self.news.warnings.append(
                f"warning: deck {deck} from {source.name} breaks the deck format ({why}); {keeps}."
            )
            return True
        if here is not None:
            mine = here.sha != (agreed.version.sha if agreed else "") or bool(
                agreed and agreed.mine
            )
            if mine and newest.parent != here.sha:
                self._keep_aside(deck, source, newest)
        path = make_dir(self.decks) / f"{deck}.json"
        atomic_write(path, data)
        info = path.stat()
        local[deck] = LocalDeck(info.st_mtime_ns, info.st_size, newest.sha)
        state.decks[deck] = Agreed(newest, mine=False)
        self.news.taken.append(f"Deck {deck} {'updated' if here else 'added'} from {source.name}.")
        return True

    def _keep_aside(self, deck: str, source: DeviceInfo, newest: DeckVersion) -> None:
        """Copy this device's edit of a deck to backups/ before a newer one replaces it."""
        backup = self.backups / f"deck-{deck}-{clock.now():%Y%m%dT%H%M%S}.json"
        try:
            make_dir(self.backups)
            atomic_write(backup, read_regular(self.decks / f"{deck}.json"))
        except OSError as exc:
            raise write_error(backup, exc) from None
        self.news.warnings.append(
            f"warning: deck {deck} was changed here and on {source.name}; the newer edit "
            f"({source.name}'s, {newest.edited_at[:16].replace('T', ' ')} UTC) is kept, and "
            f"this device's is in {backup}"
        )

    def _publish(self, local: dict[str, LocalDeck], state: State) -> dict[str, DeckVersion]:
        """Copy each deck whose version here is new to the folder; drop removed decks'."""
        listed = {}
        mine = self.folder.read_info(self.device.id)
        before = mine.decks if mine else {}
        for deck, found in sorted(local.items()):
            version = version_here(deck, found, state)
            if deck not in before or before[deck].sha != version.sha:
                atomic_write(
                    self.folder.deck_copy(self.device.id, deck),
                    read_regular(self.decks / f"{deck}.json"),
                )
            agreed = state.decks.get(deck)
            made_here = agreed is None or agreed.version.sha != version.sha or agreed.mine
            state.decks[deck] = Agreed(version, mine=made_here)
            listed[deck] = version
        for deck in set(before) - set(listed):
            self.folder.deck_copy(self.device.id, deck).unlink(missing_ok=True)
        return listed
