"""`quiz sync`: this device's answers and decks kept in step with the others' through a folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quizzer.cli.common import notice
from quizzer.errors import BadInput, DataError

if TYPE_CHECKING:
    from quizzer.sync.engine import Report
    from quizzer.sync.status import Status


# The argument and options of `quiz sync`.
FolderArgument = Annotated[
    Path | None,
    typer.Argument(
        metavar="[DIR]",
        help="The sync folder (the sync_dir setting when left out).",
        show_default=False,
    ),
]
NameOption = Annotated[
    str | None,
    typer.Option("--name", metavar="NAME", help="Call this device NAME.", show_default=False),
]
StatusOption = Annotated[
    bool,
    typer.Option("--status", help="Show the devices and what waits to move; change nothing."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="With --status: as JSON.")]


def sync(
    folder: FolderArgument = None,
    name: NameOption = None,
    status: StatusOption = False,
    as_json: JsonOption = False,
) -> None:
    """Sync your answers and decks with your other devices through a folder.

    Examples:

      quiz sync ~/Sync/quizzer                  through a Syncthing folder

      quiz config set sync_dir ~/Sync/quizzer   every quiz and review syncs too

      quiz sync                                 through the sync_dir folder

      quiz sync --name laptop                   what the others call this device

      quiz sync --status --json

    DIR must exist, and Syncthing, Dropbox, a git repository or any tool that copies
    files keeps it in step between your devices. Each device writes only its own files
    there: its answers (and undos), its decks, and its name. A device's first sync sends
    its whole history; later ones send what is new and take in what the others sent,
    skipping answers already here, so syncing twice or in any order adds nothing. With
    sync_dir set, `quiz start` and `quiz review` sync at the start and the end.
    """
    from quizzer.paths import data_home
    from quizzer.sync import device

    home = data_home()
    if as_json and not status:
        raise BadInput("--json goes with --status: quiz sync --status --json")
    if name is not None:
        renamed = device.rename(home, name)
        print(f"This device is now called {renamed.name}; the others see it after its next sync.")
    root = folder if folder is not None else _configured(home)
    if root is None:
        if name is not None:
            return
        raise BadInput(
            "no sync folder: name one (quiz sync ~/Sync/quizzer), or set it once with "
            "`quiz config set sync_dir ~/Sync/quizzer`."
        )
    if status:
        _show_status(home, root, as_json)
        return
    _sync(home, root)


def _configured(home: Path) -> Path | None:
    from quizzer import config

    return config.sync_dir(home)


def _sync(home: Path, root: Path) -> None:
    from quizzer.cli.common import open_store
    from quizzer.paths import user_decks_dir
    from quizzer.store.datadir import DataDir
    from quizzer.sync import engine

    if engine.up_to_date(home, DataDir(home).outbox, user_decks_dir(), root):
        print(f"Up to date with {root}.")
        return
    with open_store() as store:
        report = engine.run(store, root, user_decks_dir())
    for line in report.warnings:
        notice(line)
    _print_report(report, root)
    if report.stuck:
        for line in report.stuck:
            notice(f"warning: {line}")
        raise DataError(
            f"{len(report.stuck)} file{'s' * (len(report.stuck) != 1)} in {root} could not "
            "be read past the line named above; everything else was synced. That line waits "
            "until it can be read: a newer quizzer may have written it (upgrade), or fix it."
        )


def _print_report(report: Report, root: Path) -> None:
    """What a sync did; device names come from the folder, so they are shown escaped."""
    from quizzer.text import clean

    if report.joined:
        print(
            f"Joined {root} as {report.device.name}: sent your {report.sent:,} "
            f"answer{'s' * (report.sent != 1)}."
        )
    elif report.sent:
        print(f"Sent {report.sent:,} answer{'s' * (report.sent != 1)} to {root}.")
    if report.arrived():
        print(clean(report.arrived()))
    for line in report.decks:
        print(clean(line))
    if not (report.joined or report.sent or report.arrived() or report.decks):
        print(f"Up to date with {root}.")


def _show_status(home: Path, root: Path, as_json: bool) -> None:
    from quizzer.store.datadir import DataDir
    from quizzer.sync.status import status

    found = status(home, DataDir(home).outbox, root)
    if as_json:
        print(json.dumps(found.to_json(), indent=2))
        return
    _print_status(found)


def _print_status(found: Status) -> None:
    from quizzer.text import clean

    print(f"Sync folder {clean(found.folder)}; this device: {clean(found.device)}.")
    if not found.devices:
        print("No device has synced here yet.")
    else:
        print(f"{'device':<24} {'last sync (UTC)':<20} {'answers sent':>12} {'waiting here':>12}")
        for dev in found.devices:
            label = clean(f"{dev.name} (this device)" if dev.this else dev.name)[:24]
            when = dev.last_sync[:16].replace("T", " ") or "-"
            print(f"{label:<24} {when:<20} {dev.answers:>12,} {dev.waiting:>12,}")
    if found.to_send is None:
        print("Not synced with this folder yet: the first sync sends your whole history.")
    else:
        print(f"Waiting to be sent: {found.to_send:,}.")
