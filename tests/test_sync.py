"""`quiz sync`: devices joining with their histories, converging in any order, and what
file-sync tools do to a folder (cut-off lines, conflict copies, decks edited twice, clocks
that disagree, resets and restored backups)."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from synced import T0, Device, same_everywhere

from quizzer import history
from quizzer.sync import device


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "Sync"
    made.mkdir()
    return made


@pytest.fixture
def laptop(home: Path) -> Device:
    return Device(home, "laptop")


@pytest.fixture
def desktop(tmp_path: Path) -> Device:
    return Device(tmp_path / "desktop", "desktop")


def reference(tmp_path: Path, *devices: Device) -> Device:
    """One device that took every answer (and undo) the others hold."""
    one = Device(tmp_path / "one", "one")
    for other in devices:
        done = other.quiz("history", "export")
        log = tmp_path / f"{other.name}.jsonl"
        log.write_text(done.stdout, encoding="utf-8")
        assert one.quiz("history", "import", str(log)).returncode == 0
    return one


def carry(source: Path, target: Path) -> None:
    """What a file-sync tool does: make `target` hold every file `source` holds."""
    shutil.copytree(source, target, dirs_exist_ok=True)


def test_two_devices_join_with_their_histories_and_converge(
    laptop: Device, desktop: Device, folder: Path, tmp_path: Path
) -> None:
    laptop.answer(4)
    desktop.answer(3, T0 + timedelta(days=1))
    done = laptop.quiz("sync", str(folder))
    assert (done.returncode, done.stdout) == (
        0,
        f"Joined {folder} as laptop: sent your 4 answers.\n",
    )
    done = desktop.quiz("sync", str(folder))
    assert done.stdout == (
        f"Joined {folder} as desktop: sent your 3 answers.\nSynced: 4 answers from laptop\n"
    )
    assert laptop.quiz("sync", str(folder)).stdout == "Synced: 3 answers from desktop\n"
    assert laptop.quiz("sync", str(folder)).stdout == f"Up to date with {folder}.\n"
    assert desktop.quiz("sync", str(folder)).stdout == f"Up to date with {folder}.\n"
    same_everywhere(laptop, desktop, reference(tmp_path, laptop, desktop))


def test_what_arrives_from_several_devices_is_one_line(
    laptop: Device, desktop: Device, folder: Path, tmp_path: Path
) -> None:
    laptop.sync(folder)
    desktop.answer(2)
    desktop.sync(folder)
    tablet = Device(tmp_path / "tablet", "tablet")
    tablet.answer(1, T0 + timedelta(days=1))
    tablet.sync(folder)
    done = laptop.quiz("sync", str(folder))
    assert done.stdout == "Synced: 2 answers from desktop, 1 answer from tablet\n"


def test_undos_and_practice_answers_travel(
    laptop: Device, desktop: Device, folder: Path, tmp_path: Path
) -> None:
    given = laptop.answer(4, practice=True)
    laptop.sync(folder)
    desktop.sync(folder)
    laptop.undo(given[1], T0 + timedelta(hours=1))
    laptop.sync(folder)
    report = desktop.sync(folder)
    assert report.arrived() == "Synced: 1 undo from laptop"
    assert sorted(desktop.ids()) == sorted(a.id for a in given if a != given[1])
    same_everywhere(laptop, desktop)
    assert '"practice":true' in desktop.export()[0]


def test_a_segment_cut_off_mid_line_is_read_up_to_its_last_whole_line(
    laptop: Device, desktop: Device, tmp_path: Path
) -> None:
    mine, theirs = tmp_path / "laptop-view", tmp_path / "desktop-view"
    mine.mkdir()
    theirs.mkdir()
    laptop.answer(3)
    laptop.sync(mine)
    carry(mine, theirs)
    desktop.sync(theirs)
    laptop.answer(2, T0 + timedelta(days=1))
    laptop.sync(mine)
    segment = laptop.own_segment(mine)
    whole = segment.read_bytes()
    copy = theirs / segment.relative_to(mine)
    copy.write_bytes(whole[:-40])  # the sync tool has brought all but the last 40 bytes
    done = desktop.quiz("sync", str(theirs))
    assert (done.returncode, done.stdout, done.stderr) == (0, "Synced: 1 answer from laptop\n", "")
    copy.write_bytes(whole)
    done = desktop.quiz("sync", str(theirs))
    assert (done.returncode, done.stdout) == (0, "Synced: 1 answer from laptop\n")
    assert sorted(desktop.ids()) == sorted(laptop.ids())
    assert len(desktop.ids()) == 5


@pytest.mark.parametrize(
    "name",
    [
        "answers-0001 (conflicted copy 2026-03-03).jsonl",
        "answers-0001.sync-conflict-20260303-101010-ABCDEFG.jsonl",
        "answers-0001 (1).jsonl",
    ],
)
def test_a_conflict_copy_is_merged_like_any_segment(
    laptop: Device, desktop: Device, folder: Path, tmp_path: Path, name: str
) -> None:
    laptop.answer(3)
    laptop.sync(folder)
    desktop.sync(folder)
    # Another version of laptop's segment: the same start, then answers of its own.
    segment = laptop.own_segment(folder)
    other = Device(tmp_path / "elsewhere", "elsewhere").answer(2, T0 + timedelta(days=2))
    extra = b"".join(history.dumps(answer) for answer in other)
    (segment.parent / name).write_bytes(segment.read_bytes() + extra)
    done = desktop.quiz("sync", str(folder))
    assert (done.returncode, done.stdout, done.stderr) == (0, "Synced: 2 answers from laptop\n", "")
    done = laptop.quiz("sync", str(folder))
    assert (done.returncode, done.stdout) == (0, "Synced: 2 answers from laptop\n")
    assert desktop.quiz("sync", str(folder)).stdout == f"Up to date with {folder}.\n"
    same_everywhere(laptop, desktop)
    assert len(laptop.ids()) == 5


DECK = {
    "format": 1,
    "id": "capitals",
    "title": "Capitals",
    "questions": [
        {"id": "fr", "type": "short_answer", "prompt": "Capital of France?", "answer": "Paris"}
    ],
}


def _write_deck(on: Device, title: str, edited: float) -> Path:
    import os

    path = on.home / "decks" / "capitals.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**DECK, "title": title}), encoding="utf-8")
    os.utime(path, (edited, edited))
    return path


def test_a_deck_edited_on_two_devices_keeps_the_newer_edit_and_a_backup_of_the_other(
    laptop: Device, desktop: Device, folder: Path
) -> None:
    start = T0.timestamp()
    _write_deck(laptop, "Capitals", start)
    laptop.sync(folder)
    done = desktop.quiz("sync", str(folder))
    assert done.stdout == (
        f"Joined {folder} as desktop: sent your 0 answers.\nDeck capitals added from laptop.\n"
    )
    ours = _write_deck(laptop, "Capitals (laptop)", start + 3600)
    theirs = _write_deck(desktop, "Capitals (desktop)", start + 7200)
    laptop.sync(folder)  # the laptop's edit reaches the folder first...
    done = desktop.quiz("sync", str(folder))  # ...but the desktop's is newer, and stays
    assert (done.returncode, done.stdout, done.stderr) == (0, f"Up to date with {folder}.\n", "")
    done = laptop.quiz("sync", str(folder), QUIZZER_NOW="2026-03-03T08:00:00+00:00")
    backup = laptop.home / "backups" / "deck-capitals-20260303T080000.json"
    assert done.returncode == 0
    assert done.stdout == "Deck capitals updated from desktop.\n"
    assert done.stderr == (
        "quiz: warning: deck capitals was changed here and on desktop; the newer edit "
        f"(desktop's, 2026-03-02 11:00 UTC) is kept, and this device's is in {backup}\n"
    )
    assert json.loads(backup.read_text())["title"] == "Capitals (laptop)"
    assert ours.read_bytes() == theirs.read_bytes()
    assert laptop.quiz("sync", str(folder)).stdout == f"Up to date with {folder}.\n"
    assert desktop.quiz("sync", str(folder)).stdout == f"Up to date with {folder}.\n"


def test_an_edit_made_from_the_other_devices_version_replaces_it_quietly(
    laptop: Device, desktop: Device, folder: Path
) -> None:
    start = T0.timestamp()
    _write_deck(laptop, "Capitals", start)
    laptop.sync(folder)
    desktop.sync(folder)
    _write_deck(desktop, "Capitals, edited", start + 60)
    desktop.sync(folder)
    done = laptop.quiz("sync", str(folder))
    assert (done.stdout, done.stderr) == ("Deck capitals updated from desktop.\n", "")
    assert not (laptop.home / "backups").exists()
    assert "Capitals, edited" in laptop.quiz("deck", "list").stdout


def test_a_clock_three_hours_ahead_loses_no_answer(
    laptop: Device, desktop: Device, folder: Path, tmp_path: Path
) -> None:
    laptop.answer(5, T0 + timedelta(hours=1))
    desktop.answer(5, T0 + timedelta(hours=3))  # its clock says 12:00 when it is 09:00
    laptop.sync(folder)
    desktop.sync(folder)
    laptop.sync(folder)
    # Back on the laptop at 10:30, its cards' last reviews are "in the future": a quiz goes
    # on, and its answers come before the desktop's in every history.
    done = laptop.quiz(
        "start", "deepseek-company", "--plain", "--no-shuffle", "-n", "2", "--no-retry",
        stdin="1\n1\n", QUIZZER_NOW="2026-03-02T10:30:00+00:00",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    laptop.sync(folder)
    desktop.sync(folder)
    assert len(laptop.ids()) == 12
    same_everywhere(laptop, desktop, reference(tmp_path, laptop, desktop))
    times = [
        json.loads(line)["answered_at"]
        for line in laptop.quiz("history", "export").stdout.splitlines()
    ]
    assert times == sorted(times)


def test_a_device_restored_from_a_backup_gets_back_what_it_sent_since(
    laptop: Device, desktop: Device, folder: Path, tmp_path: Path
) -> None:
    laptop.answer(3)
    laptop.sync(folder)
    saved = tmp_path / "laptop-backup"
    shutil.copytree(laptop.home, saved)
    laptop.answer(2, T0 + timedelta(days=1))
    laptop.sync(folder)
    desktop.sync(folder)
    shutil.rmtree(laptop.home)
    shutil.copytree(saved, laptop.home)
    assert len(laptop.ids()) == 3
    done = laptop.quiz("sync", str(folder))
    assert done.stdout == "Synced: 2 answers from laptop\n"
    same_everywhere(laptop, desktop)


def test_a_reset_is_local_unless_everywhere(
    laptop: Device, desktop: Device, folder: Path, tmp_path: Path
) -> None:
    laptop.answer(3)
    laptop.answer(2, T0, deck="deepseek-strategy")
    laptop.sync(folder)
    desktop.sync(folder)
    assert laptop.quiz("reset", "deepseek-company", "--yes").returncode == 0
    laptop.sync(folder)
    desktop.sync(folder)
    assert len(laptop.ids()) == 2, "a local reset: the folder does not bring them back"
    assert len(desktop.ids()) == 5, "a local reset: the other devices keep them"
    later = desktop.answer(1, T0 + timedelta(days=1))
    desktop.sync(folder)
    assert laptop.sync(folder).arrived() == "Synced: 1 answer from desktop"
    assert later[0].id in laptop.ids()

    done = desktop.quiz("reset", "deepseek-company", "--everywhere", "--yes")
    backup = next((desktop.home / "backups").glob("reset-deepseek-company-*.jsonl"))
    assert done.stdout == (
        f"Cleared 4 answers from the history of deck 'deepseek-company' on every device. "
        f"A copy is in {backup}\n"
        "Your other devices clear them at their next sync; they cannot be imported again.\n"
    )
    desktop.sync(folder)
    laptop.sync(folder)
    assert len(laptop.ids()) == len(desktop.ids()) == 2
    same_everywhere(laptop, desktop)
    assert laptop.stats()["decks"] == desktop.stats()["decks"]
    fresh = Device(tmp_path / "tablet", "tablet")
    fresh.sync(folder)
    same_everywhere(laptop, fresh)


def test_reset_everywhere_needs_a_device_that_syncs(laptop: Device) -> None:
    laptop.answer(2)
    done = laptop.quiz("reset", "--everywhere", "--yes")
    assert (done.returncode, done.stderr) == (
        2,
        "quiz: error: --everywhere is for a device that syncs (`quiz sync --help`), and this "
        "one never has; without it, the reset clears this device's history alone.\n",
    )
    assert len(laptop.ids()) == 2


def test_sessions_sync_at_the_start_and_the_end(
    laptop: Device, desktop: Device, folder: Path
) -> None:
    desktop.answer(3)
    desktop.sync(folder)
    assert laptop.quiz("config", "set", "sync_dir", str(folder)).returncode == 0
    done = laptop.quiz(
        "start", "deepseek-company", "--plain", "--no-shuffle", "-n", "1", stdin="1\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "Synced: 3 answers from desktop\n"
    assert desktop.sync(folder).arrived() == "Synced: 1 answer from laptop"
    done = laptop.quiz("review", "--plain", "-n", "1", stdin="1\n")
    assert done.returncode == 0, done.stderr
    assert "Synced" not in done.stderr


def test_an_unreachable_folder_is_one_line_and_the_session_goes_on(
    laptop: Device, folder: Path
) -> None:
    assert laptop.quiz("config", "set", "sync_dir", str(folder)).returncode == 0
    folder.rmdir()  # an unmounted drive, say
    done = laptop.quiz(
        "start", "deepseek-company", "--plain", "--no-shuffle", "-n", "1", stdin="1\n"
    )
    why = (
        f"quiz: sync: sync folder {folder} does not exist; check that it is mounted, or "
        "create it (mkdir) if this is the first device to sync; "
    )
    assert done.returncode == 0
    assert done.stderr == (
        f"{why}this session goes on with the answers on this device.\n"
        f"{why}this session's answers are sent at the next sync.\n"
    )
    folder.mkdir()
    assert laptop.quiz("sync").stdout == f"Joined {folder} as laptop: sent your 1 answer.\n"


def test_a_line_that_cannot_be_read_stops_its_file_there(
    laptop: Device, desktop: Device, folder: Path
) -> None:
    desktop.answer(3)
    desktop.sync(folder)
    segment = desktop.own_segment(folder)
    lines = segment.read_bytes().splitlines(keepends=True)
    segment.write_bytes(lines[0] + b'{"id": "half\n' + lines[2])
    done = laptop.quiz("sync", str(folder))
    assert done.returncode == 1
    assert done.stdout == (
        f"Joined {folder} as laptop: sent your 0 answers.\nSynced: 1 answer from desktop\n"
    )
    assert done.stderr == (
        f"quiz: warning: {segment} line 2: not valid JSON (unexpected control character in "
        "string: line 1 column 13 (char 12))\n"
        f"quiz: error: 1 file in {folder} could not be read past the line named above; "
        "everything else was synced. That line waits until it can be read: a newer quizzer "
        "may have written it (upgrade), or fix it.\n"
    )
    segment.write_bytes(b"".join(lines))  # the sync tool brings the good copy
    done = laptop.quiz("sync", str(folder))
    assert (done.returncode, done.stdout) == (0, "Synced: 2 answers from desktop\n")


def test_status_lists_the_devices_and_what_waits(
    laptop: Device, desktop: Device, folder: Path
) -> None:
    laptop.answer(2)
    laptop.sync(folder)
    desktop.answer(3, T0 + timedelta(days=1))
    desktop.sync(folder)
    laptop.answer(1, T0 + timedelta(days=2))
    done = laptop.quiz("sync", "--status", "--json", str(folder))
    status = json.loads(done.stdout)
    assert (status["folder"], status["device"]) == (str(folder), "laptop")
    assert (status["joined"], status["to_send"]) == (True, 1)
    assert {
        row["id"]: (row["name"], row["this"], row["answers"], row["waiting"])
        for row in status["devices"]
    } == {_id(laptop): ("laptop", True, 2, 0), _id(desktop): ("desktop", False, 3, 3)}
    assert all(row["last_sync"].startswith("20") for row in status["devices"])
    text = laptop.quiz("sync", "--status", str(folder)).stdout
    assert text.startswith(f"Sync folder {folder}; this device: laptop.\n")
    assert "laptop (this device)" in text
    assert text.endswith("Waiting to be sent: 1.\n")


def _id(on: Device) -> str:
    found = device.load(on.home)
    assert found is not None
    return found.id


def test_usage_mistakes_are_named(laptop: Device, folder: Path) -> None:
    done = laptop.quiz("sync")
    assert (done.returncode, done.stderr) == (
        2,
        "quiz: error: no sync folder: name one (quiz sync ~/Sync/quizzer), or set it once "
        "with `quiz config set sync_dir ~/Sync/quizzer`.\n",
    )
    done = laptop.quiz("sync", "--json", str(folder))
    assert (done.returncode, done.stderr) == (
        2,
        "quiz: error: --json goes with --status: quiz sync --status --json\n",
    )
    done = laptop.quiz("sync", "--name", " ")
    assert (done.returncode, done.stderr) == (
        2,
        "quiz: error: ' ' is not a device name; give 1 to 40 printable characters, such as "
        "laptop.\n",
    )
    done = laptop.quiz("sync", "--name", "work  laptop")
    assert done.stdout == (
        "This device is now called work laptop; the others see it after its next sync.\n"
    )


def test_a_deck_that_breaks_the_format_is_not_taken_in(
    laptop: Device, desktop: Device, folder: Path
) -> None:
    broken = desktop.home / "decks" / "mine.json"
    broken.parent.mkdir(parents=True)
    broken.write_text('{"format": 1, "id": "mine", "title": "Mine", "questions": []}')
    desktop.sync(folder)
    done = laptop.quiz("sync", str(folder))
    assert (done.returncode, done.stdout) == (
        0,
        f"Joined {folder} as laptop: sent your 0 answers.\n",
    )
    assert done.stderr == (
        "quiz: warning: deck mine from desktop breaks the deck format ($.questions: must be a "
        "non-empty list of questions); it was not taken.\n"
    )
    assert not (laptop.home / "decks" / "mine.json").exists()
    assert laptop.quiz("sync", str(folder)).stdout == f"Up to date with {folder}.\n"


def test_a_deck_removed_on_one_device_stays_on_the_others(
    laptop: Device, desktop: Device, folder: Path
) -> None:
    _write_deck(laptop, "Capitals", T0.timestamp())
    laptop.sync(folder)
    desktop.sync(folder)
    assert laptop.quiz("deck", "remove", "capitals", "--yes").returncode == 0
    assert laptop.quiz("sync", str(folder)).stdout == f"Up to date with {folder}.\n"
    assert laptop.quiz("sync", str(folder)).stdout == f"Up to date with {folder}.\n"
    assert not (laptop.home / "decks" / "capitals.json").exists()
    assert desktop.quiz("sync", str(folder)).stdout == f"Up to date with {folder}.\n"
    assert (desktop.home / "decks" / "capitals.json").exists()
    _write_deck(desktop, "Capitals, edited", T0.timestamp() + 60)
    desktop.sync(folder)
    done = laptop.quiz("sync", str(folder))
    assert done.stdout == "Deck capitals added from desktop.\n", "an edit elsewhere brings it back"


def test_a_device_name_from_the_folder_is_shown_escaped(
    laptop: Device, desktop: Device, folder: Path
) -> None:
    desktop.answer(1)
    desktop.sync(folder)
    record = folder / _id(desktop) / "device.json"
    record.write_text(record.read_text().replace('"desktop"', '"desk\\u001b[2Jtop"'))
    assert laptop.quiz("sync", str(folder)).stdout == (
        f"Joined {folder} as laptop: sent your 0 answers.\nSynced: 1 answer from desk\\x1b[2Jtop\n"
    )
