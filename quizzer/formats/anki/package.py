"""Opens an Anki package (.apkg, .colpkg) of any layout and reads its collection as plain values.

A package is a zip. The legacy layouts hold an SQLite collection of schema 11 (note
types and decks as JSON in the `col` row) as `collection.anki2`, or as
`collection.anki21` beside a stub `collection.anki2`. The current layout (Anki 2.1.50+)
adds a `meta` file and holds a zstd-compressed collection of schema 18, where note
types, templates and decks have tables of their own with protobuf blobs, as
`collection.anki21b`; its `media` map is zstd-compressed protobuf too. The newest
database in the zip is read; the stub that tells old Anki versions to update never is.

The database is copied to a private temporary directory (SQLite reads files, not
zip members) and opened read-only; only the member names Anki writes are read, so
nothing in the zip is ever written under a name it chose.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import IO, Any

from quizzer.errors import BadInput
from quizzer.files import open_regular
from quizzer.formats.anki import protobuf

# Larger collections than this are refused rather than unpacked to the disk.
MAX_DATABASE_BYTES = 1 << 30
_CHUNK = 1 << 20
_LEGACY, _LEGACY_21, _LATEST = "collection.anki2", "collection.anki21", "collection.anki21b"
_LAYOUTS = {
    _LATEST: "current (collection.anki21b, zstd)",
    _LEGACY_21: "legacy (collection.anki21)",
    _LEGACY: "legacy (collection.anki2)",
}
# The package version in `meta` of the current layout (1 and 2 are the legacy ones).
_NEWEST_VERSION = 3
# Anki's OriginalStockKind; names of stock note types may be translated or renamed.
STOCK_AND_REVERSED, STOCK_OPTIONAL_REVERSED, STOCK_IMAGE_OCCLUSION = 2, 3, 6


@dataclass(frozen=True)
class Template:
    """One card template of a note type: what its front and back show."""

    name: str
    front: str
    back: str


@dataclass(frozen=True)
class NoteType:
    """A note type: its fields, its card templates, and whether it is a cloze type."""

    id: int
    name: str
    cloze: bool
    stock_kind: int
    fields: tuple[str, ...]
    templates: tuple[Template, ...]


@dataclass(frozen=True)
class DeckInfo:
    """An Anki deck; `name` keeps Anki's `Parent::Child` path.

    Filtered decks are read like the others, but hold no cards of their own: a card in
    one is read as in its home deck (`odid`), where it returns when the filter ends.
    """

    id: int
    name: str
    description: str


@dataclass(frozen=True)
class Note:
    """A note: the field values its cards are rendered from, and its tags."""

    id: int
    type_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Card:
    """A card: which note, which template (or cloze number - 1), and its home deck."""

    id: int
    note_id: int
    deck_id: int
    ord: int
    flags: int


@dataclass(frozen=True)
class Review:
    """One row of Anki's review log (`revlog`)."""

    id: int  # the time of the review in milliseconds since 1970, unique in a collection
    card_id: int
    ease: int  # 1 Again, 2 Hard, 3 Good, 4 Easy; 0 for entries that were not answers
    kind: int  # 0 learn, 1 review, 2 relearn, 3 filtered (cram), 4 manual, 5 rescheduled
    time_ms: int


@dataclass(frozen=True)
class Collection:
    """What a package holds, read out of its database."""

    layout: str
    note_types: dict[int, NoteType]
    decks: dict[int, DeckInfo]
    notes: dict[int, Note]
    cards: list[Card]
    reviews: list[Review]
    media_files: int
    # The v1 scheduler logged learning answers with 3 buttons: its ease 2 is Good, 3 Easy.
    v1_scheduler: bool


def _not_a_package(path: Path, why: str) -> BadInput:
    return BadInput(
        f"{path} is not a readable Anki package: {why}. Export it again from Anki "
        "(File > Export, 'Anki Deck Package' or 'Anki Collection Package')."
    )


def read_collection(path: Path) -> Collection:
    """Read the collection inside the package at `path`; BadInput if it is not one."""
    try:
        # Opened as a regular file only: a FIFO named x.apkg would block forever.
        file = open(open_regular(path), "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file; check the path.") from None
    except OSError as exc:
        raise _not_a_package(path, f"it cannot be read ({exc.strerror})") from None
    with file:
        try:
            archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError) as exc:
            raise _not_a_package(path, f"not a zip file ({exc})") from None
        with archive:
            return _read_archive(path, archive)


def _read_archive(path: Path, archive: zipfile.ZipFile) -> Collection:
    """The newest collection in the zip, unpacked to a private directory and read."""
    zstd = _zstd()
    with tempfile.TemporaryDirectory(prefix="quizzer-anki-") as work:
        names = set(archive.namelist())
        if "meta" in names:
            _check_version(path, archive)
        member = next((name for name in _LAYOUTS if name in names), None)
        if member is None:
            raise _not_a_package(path, "it holds no collection.anki2, .anki21 or .anki21b")
        database = Path(work) / "collection.sqlite"
        try:
            with archive.open(member) as source, open(database, "wb") as target:
                _copy(zstd.ZstdFile(source) if member == _LATEST else source, target, path)
            media = _media_count(archive, member == _LATEST) if "media" in names else 0
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zstd.ZstdError) as exc:
            raise _not_a_package(path, f"{member} cannot be unpacked ({exc})") from None
        try:
            with _open_database(database) as connection:
                return _read(connection, _LAYOUTS[member], media)
        except (sqlite3.DatabaseError, ValueError, KeyError, TypeError) as exc:
            raise _not_a_package(path, f"its collection cannot be read ({exc})") from None


def _check_version(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a package made for a later layout than the three quizzer knows."""
    try:
        version = protobuf.number(protobuf.message(archive.read("meta")), 1)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _not_a_package(path, f"its meta file cannot be read ({exc})") from None
    if version > _NEWEST_VERSION:
        raise BadInput(
            f"{path} was written by a newer Anki (package version {version}) than quizzer "
            "reads; export it again with 'Support older Anki versions' ticked."
        )


def _zstd() -> ModuleType:
    """Python's own zstd module from 3.14 on, its backport before."""
    if sys.version_info >= (3, 14):
        from compression import zstd
    else:
        from backports import zstd
    return zstd


def _copy(source: IO[bytes], target: IO[bytes], path: Path) -> None:
    copied = 0
    while chunk := source.read(_CHUNK):
        copied += len(chunk)
        if copied > MAX_DATABASE_BYTES:
            raise BadInput(
                f"{path}: the collection inside is over {MAX_DATABASE_BYTES >> 20:,} MB; "
                "export a smaller deck from Anki instead of the whole collection."
            )
        target.write(chunk)


def _media_count(archive: zipfile.ZipFile, compressed: bool) -> int:
    """How many media files the package holds (quizzer shows none of them)."""
    with archive.open("media") as raw:
        data = _zstd().ZstdFile(raw).read(MAX_DATABASE_BYTES) if compressed else raw.read()
    if compressed:
        return len(protobuf.messages(protobuf.message(data), 1))
    mapping = json.loads(data.decode("utf-8") or "{}")
    return len(mapping) if isinstance(mapping, dict) else 0


@contextmanager
def _open_database(database: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        # Anki declares its name columns with a collation of its own.
        connection.create_collation("unicase", _unicase)
        yield connection
    finally:
        connection.close()


def _unicase(left: str, right: str) -> int:
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


def _read(connection: sqlite3.Connection, layout: str, media: int) -> Collection:
    tables = {row[0] for row in connection.execute("select name from sqlite_master")}
    # Anki reads a collection without a scheduler version as version 1.
    if "notetypes" in tables:
        note_types, decks = _note_types_18(connection), _decks_18(connection)
        found = connection.execute("select val from config where key = 'schedVer'").fetchone()
        scheduler = json.loads(found[0]) if found else 1
    else:
        row = connection.execute("select models, decks, conf from col").fetchone()
        note_types, decks = _note_types_11(json.loads(row[0])), _decks_11(json.loads(row[1]))
        scheduler = json.loads(row[2]).get("schedVer", 1)
    notes = {}
    for nid, mid, fields, tags in connection.execute("select id, mid, flds, tags from notes"):
        notes[nid] = Note(nid, mid, tuple(fields.split("\x1f")), tuple(tags.split()))
    cards = [
        Card(cid, nid, odid or did, ord_, flags)
        for cid, nid, did, odid, ord_, flags in connection.execute(
            "select id, nid, did, odid, ord, flags from cards order by id"
        )
    ]
    reviews = [
        Review(*row)
        for row in connection.execute("select id, cid, ease, type, time from revlog order by id")
    ]
    return Collection(layout, note_types, decks, notes, cards, reviews, media, scheduler == 1)


def _note_types_11(models: dict[str, Any]) -> dict[int, NoteType]:
    out = {}
    for model in models.values():
        fields = sorted(model["flds"], key=lambda f: f["ord"])
        templates = sorted(model["tmpls"], key=lambda t: t["ord"])
        out[int(model["id"])] = NoteType(
            id=int(model["id"]),
            name=str(model["name"]),
            cloze=model.get("type") == 1,
            stock_kind=int(model.get("originalStockKind") or 0),
            fields=tuple(str(f["name"]) for f in fields),
            templates=tuple(
                Template(str(t["name"]), str(t["qfmt"]), str(t["afmt"])) for t in templates
            ),
        )
    return out


def _decks_11(decks: dict[str, Any]) -> dict[int, DeckInfo]:
    return {
        int(deck["id"]): DeckInfo(int(deck["id"]), str(deck["name"]), str(deck.get("desc") or ""))
        for deck in decks.values()
    }


def _note_types_18(connection: sqlite3.Connection) -> dict[int, NoteType]:
    fields: dict[int, list[str]] = {}
    for ntid, name in connection.execute("select ntid, name from fields order by ntid, ord"):
        fields.setdefault(ntid, []).append(name)
    templates: dict[int, list[Template]] = {}
    for ntid, name, config in connection.execute(
        "select ntid, name, config from templates order by ntid, ord"
    ):
        parts = protobuf.message(config)
        templates.setdefault(ntid, []).append(
            Template(name, protobuf.text(parts, 1), protobuf.text(parts, 2))
        )
    out = {}
    for ntid, name, config in connection.execute("select id, name, config from notetypes"):
        parts = protobuf.message(config)
        out[ntid] = NoteType(
            id=ntid,
            name=name,
            cloze=protobuf.number(parts, 1) == 1,
            stock_kind=protobuf.number(parts, 9),
            fields=tuple(fields.get(ntid, ())),
            templates=tuple(templates.get(ntid, ())),
        )
    return out


def _decks_18(connection: sqlite3.Connection) -> dict[int, DeckInfo]:
    out = {}
    for did, name, kind in connection.execute("select id, name, kind from decks"):
        parts = protobuf.message(kind)
        normal = protobuf.messages(parts, 1)
        description = protobuf.text(protobuf.message(normal[-1]), 4) if normal else ""
        out[did] = DeckInfo(did, name.replace("\x1f", "::"), description)
    return out
