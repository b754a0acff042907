"""Three devices and one folder, in any order of answers, undos, syncs and killed syncs: each
device ends with the same history, totals and cards as one device that took every answer.

The third device's clock is three hours ahead. A killed sync is modelled as what a kill
leaves on disk: part of the outbox appended to the device's segment, torn mid-line, with
the outbox kept and the cursors not moved (tests/test_sync_kill.py kills real processes).
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from conftest import open_store
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    rule,
    run_state_machine_as_test,
)
from synced import T0, Device

from quizzer.models import Answer, Undo

SKEW = (timedelta(0), timedelta(0), timedelta(hours=3))
DECKS = ("deepseek-company", "deepseek-strategy")


class Devices(RuleBasedStateMachine):
    """The devices, the folder, and every entry any device saved, in order."""

    base: Path

    def __init__(self) -> None:
        super().__init__()
        root = Path(tempfile.mkdtemp(dir=self.base))
        self.folder = root / "Sync"
        self.folder.mkdir()
        self.devices = [Device(root / f"home{n}", f"device{n}") for n in range(3)]
        self.one = Device(root / "one", "one")
        self.saved: list[Answer | Undo] = []
        self.mine: list[list[Answer]] = [[], [], []]
        self.clock = T0

    @initialize(counts=st.lists(st.integers(0, 3), min_size=3, max_size=3))
    def histories(self, counts: list[int]) -> None:
        """Devices may hold answers before their first sync."""
        for who, count in enumerate(counts):
            if count:
                self.answer(who, count, DECKS[who % 2], practice=False)

    def _tick(self, who: int) -> timedelta:
        self.clock += timedelta(minutes=7)
        return self.clock - T0 + SKEW[who]

    @rule(
        who=st.integers(0, 2),
        count=st.integers(1, 4),
        deck=st.sampled_from(DECKS),
        practice=st.booleans(),
    )
    def answer(self, who: int, count: int, deck: str, practice: bool) -> None:
        at = T0 + self._tick(who)
        given = self.devices[who].answer(count, at, deck=deck, first=who, practice=practice)
        self.saved += given
        self.mine[who] += given

    @rule(who=st.integers(0, 2), pick=st.integers(0, 10**6))
    def undo(self, who: int, pick: int) -> None:
        if not self.mine[who]:
            return
        answer = self.mine[who].pop(pick % len(self.mine[who]))
        self.saved.append(self.devices[who].undo(answer, T0 + self._tick(who)))

    @rule(who=st.integers(0, 2))
    def sync(self, who: int) -> None:
        self.devices[who].sync(self.folder)

    @rule(who=st.integers(0, 2), fraction=st.floats(0, 1))
    def killed_sync(self, who: int, fraction: float) -> None:
        dev = self.devices[who]
        outbox = dev.home / "outbox.jsonl"
        if not outbox.exists():
            return  # before its first sync a device has nothing in the folder to tear
        with open_store(dev.home) as store:
            store.fold()  # what the journal holds goes to the outbox, as at a session's end
        sent = outbox.read_bytes()
        with open(dev.own_segment(self.folder), "ab") as segment:
            segment.write(sent[: int(len(sent) * fraction)])

    def teardown(self) -> None:
        for _ in range(2):
            for dev in self.devices:
                dev.sync(self.folder)
        self.one.record(*self.saved)
        expected = (self.one.export(), self.one.stats())
        for dev in self.devices:
            assert dev.export() == expected[0], f"{dev.name}'s history differs"
            assert dev.stats() == expected[1], f"{dev.name}'s totals or cards differ"
            ids = dev.ids()
            assert len(ids) == len(set(ids)), f"{dev.name} holds an answer twice"


def test_three_devices_converge_whatever_the_order(home: Path, tmp_path: Path) -> None:
    Devices.base = tmp_path
    run_state_machine_as_test(
        Devices,
        settings=settings(
            max_examples=10,
            stateful_step_count=20,
            derandomize=True,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
