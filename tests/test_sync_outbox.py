"""What is new on a device is known without reading its history: the store's outbox, and the
cheap check that tells a sync has nothing to do."""

from __future__ import annotations

import io
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import open_store
from synced import T0, Device

from quizzer import history
from quizzer.sync import device, engine


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "Sync"
    made.mkdir()
    return made


def _outbox(on: Device) -> list[str]:
    """The answer ids (and undone ids) waiting in a device's outbox, in order."""
    lines = (on.home / "outbox.jsonl").read_bytes().splitlines()
    return [json.loads(line).get("id") or json.loads(line)["undo"] for line in lines]


def test_the_outbox_exists_once_the_device_syncs_and_holds_what_it_files(
    home: Path, folder: Path, tmp_path: Path
) -> None:
    laptop = Device(home, "laptop")
    laptop.answer(2)
    assert not (home / "outbox.jsonl").exists(), "a device that never synced keeps no outbox"
    laptop.sync(folder)
    assert _outbox(laptop) == []
    given = laptop.answer(2, T0 + timedelta(days=1))
    taken_back = laptop.undo(given[0], T0 + timedelta(days=2))
    log = b"".join(history.dumps(a) for a in Device(tmp_path / "o", "o").answer(1))
    with open_store(home) as store:
        store.import_answers(io.BytesIO(log), "old.jsonl")  # another machine's export
        imported = json.loads(log)["id"]
        store.import_answers(io.BytesIO(log.replace(b'"x"', b'"y"')), "sync", publish=False)
    assert _outbox(laptop) == [given[0].id, given[1].id, taken_back.answer, imported]
    laptop.sync(folder)
    assert _outbox(laptop) == []


def test_a_reset_everywhere_puts_an_undo_of_each_answer_in_the_outbox(
    home: Path, folder: Path
) -> None:
    laptop = Device(home, "laptop")
    given = laptop.answer(3)
    laptop.sync(folder)
    with open_store(home) as store:
        count, _ = store.forget("deepseek-company", everywhere=True)
    assert count == 3
    assert sorted(_outbox(laptop)) == sorted(a.id for a in given)
    assert laptop.ids() == []
    undone = [json.loads(line)["undo"] for line in laptop.export()]
    assert sorted(undone) == sorted(a.id for a in given), "kept as undos, exported as such"


def test_up_to_date_sees_each_kind_of_news(home: Path, folder: Path, tmp_path: Path) -> None:
    laptop, desktop = Device(home, "laptop"), Device(tmp_path / "desktop", "desktop")

    def quiet() -> bool:
        return engine.up_to_date(home, home / "outbox.jsonl", home / "decks", folder)

    assert not quiet(), "before the first sync"
    laptop.sync(folder)
    assert quiet()
    laptop.answer(1)
    assert not quiet(), "an answer in the outbox"
    laptop.sync(folder)
    assert quiet()
    desktop.answer(1)
    desktop.sync(folder)
    assert not quiet(), "another device's new segment"
    laptop.sync(folder)
    desktop.answer(1, T0 + timedelta(days=1))
    desktop.sync(folder)
    assert not quiet(), "another device's segment grew"
    laptop.sync(folder)
    assert quiet()
    deck = home / "decks" / "mine.json"
    deck.parent.mkdir()
    question = {"id": "q", "type": "true_false", "prompt": "True?", "answer": True}
    deck.write_text(json.dumps({"format": 1, "id": "mine", "title": "M", "questions": [question]}))
    assert not quiet(), "a deck of this device"
    laptop.sync(folder)
    assert quiet()
    os.utime(deck, (T0.timestamp(), T0.timestamp()))
    assert not quiet(), "a deck touched here"
    laptop.sync(folder)
    desktop.sync(folder)
    assert not quiet(), "another device's deck list"
    laptop.sync(folder)
    device.rename(home, "work laptop")
    assert not quiet(), "a new name to publish"
    laptop.sync(folder)
    assert quiet()
    assert not engine.up_to_date(home, home / "outbox.jsonl", home / "decks", tmp_path)
