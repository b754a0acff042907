"""Remembers big decks that passed validation, so they list and start without a re-check.

Parsing and validating a 100,000-question deck takes seconds, and `quiz start`,
`quiz stats` and `quiz deck list` read every deck. A deck file of at least MIN_BYTES
that passes validation is kept in `cache/decks/` of the data directory in marshal form,
keyed by its resolved path, size, modification time and inode, and by the versions of
quizzer and Python: any change to the file makes the entry stale, and the file is
validated again. The cache is only a shortcut: an entry that cannot be read or
written is ignored, never reported.
"""

from __future__ import annotations

import contextlib
import marshal
import mmap
import os
import struct
import sys
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any, overload

from quizzer import __version__
from quizzer.deckcheck import TYPES, quiet_collector
from quizzer.errors import DataError
from quizzer.files import atomic_write, open_regular
from quizzer.models import Blank, Deck, GradingRules, Question
from quizzer.paths import data_home

# 3: a deck's and its questions' free-text `source` is cleaned of control characters.
CACHE_FORMAT = 4  # 4: grading settings and cloze blanks
# Smaller decks validate faster than the cache would save (about 3,000 questions).
MIN_BYTES = 1 << 20
_LENGTH = struct.Struct("<Q")
_START = array("Q")  # where each question starts in an entry (native byte order)
# A header holds an id, a title, a description and a few numbers: more is a damaged entry.
_MAX_HEADER = 1 << 20
_HEADER = 8  # the key, id, title, count, description, source, tags, grading
# A question type as the cache keeps it: its name (an Enum's `.value` is a slow lookup).
_TYPE_NAMES = {kind: name for name, kind in TYPES.items()}
_UNREADABLE = (OSError, EOFError, ValueError, TypeError, IndexError, KeyError)


def cache_dir() -> Path:
    """Where validated decks are kept."""
    return data_home() / "cache" / "decks"


def _entry(file: Path) -> Path:
    import hashlib  # only for decks big enough to cache: it loads OpenSSL (6 ms)

    name = hashlib.sha256(os.fsencode(file.resolve())).hexdigest()[:32]
    return cache_dir() / f"{name}.marshal"


def _key(file: Path, stat: os.stat_result) -> tuple[Any, ...]:
    return (
        CACHE_FORMAT,
        __version__,
        tuple(sys.version_info[:2]),
        str(file.resolve()),
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ino,
    )


def _read(file: Path, stat: os.stat_result, *, whole: bool) -> tuple[Any, memoryview] | None:
    """An entry's header and, when `whole`, its questions' bytes; None if stale.

    An entry is the header's length (8 bytes), the header, then the questions, so a
    listing reads a few bytes and not the questions (marshal.load on a file reads in
    small pieces, ten times slower than loads on bytes read at once).
    """
    if stat.st_size < MIN_BYTES:
        return None
    found = _open_entry(_entry(file), whole=whole)
    if found is None or found[0][0] != _key(file, stat):
        return None
    return found


def _open_entry(entry: Path, *, whole: bool) -> tuple[Any, memoryview] | None:
    """The header, and with `whole` the rest of the entry mapped into memory: the pages of
    the questions a session asks are read, not all 30 MB of a 100,000-question deck.

    Entries are replaced by renaming, never written in place, so a mapped entry stays
    whole however long the command runs.
    """
    try:
        # open_regular: a FIFO named like an entry must not block every command.
        with os.fdopen(open_regular(entry), "rb") as handle:
            (size,) = _LENGTH.unpack(handle.read(_LENGTH.size))
            if size > _MAX_HEADER:
                return None
            header = marshal.loads(handle.read(size))
            if not isinstance(header, tuple) or len(header) != _HEADER or len(header[0]) != 7:
                return None
            if not whole:
                return header, memoryview(b"")
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            return header, memoryview(mapped)[_LENGTH.size + size :]
    except (*_UNREADABLE, struct.error):
        return None


def read_info(file: Path) -> tuple[str, str, int] | None:
    """A cached deck's id, title and question count, without reading its questions."""
    try:
        stat = file.stat()
    except OSError:
        return None
    found = _read(file, stat, whole=False)
    if found is None:
        return None
    _, deck_id, title, count, *_ = found[0]
    return deck_id, title, count


class CachedQuestions(Sequence[Question]):
    """A cached deck's questions, each unpacked and built only when it is needed.

    The entry holds every question marshalled on its own, after a table of where each
    starts: a quiz of ten questions from a 100,000-question deck unpacks ten, not
    100,000, which keeps `quiz start` on a big deck about as quick as on a small one.
    """

    def __init__(self, starts: array[int], body: memoryview) -> None:
        self._starts = starts
        self._body = body

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, index: int) -> Question: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Question, ...]: ...

    def __getitem__(self, index: int | slice) -> Question | tuple[Question, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        row = marshal.loads(self._body[self._starts[index] : self._starts[index + 1]])
        qid, kind, prompt, answer, choices, accept, explanation, source, tags = row[:9]
        grading, text, blanks = row[9:]
        return Question(
            qid,
            TYPES[kind],
            prompt,
            answer,
            choices,
            accept,
            explanation,
            source,
            tags,
            grading=_rules(grading),
            text=text,
            blanks=tuple(Blank(answers, hint) for answers, hint in blanks),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]


def read_deck(file: Path, stat: os.stat_result, *, origin: str) -> Deck | None:
    """The validated deck as it was cached for this very file, or None."""
    found = _read(file, stat, whole=True)
    if found is None:
        return None
    header, body = found
    _, deck_id, title, count, description, source, tags, grading = header
    table = (count + 1) * _START.itemsize
    starts = array(_START.typecode)
    try:
        starts.frombytes(body[:table])
    except ValueError:
        return None
    if len(starts) != count + 1 or starts[-1] != len(body) - table:
        return None
    questions = CachedQuestions(starts, body[table:])
    return Deck(
        deck_id, title, questions, description, source, tags, origin, str(file), _rules(grading)
    )


def write(file: Path, stat: os.stat_result, deck: Deck) -> None:
    """Keep a deck that just passed validation, if it is big enough to be worth it."""
    if stat.st_size < MIN_BYTES:
        return
    header = (
        _key(file, stat),
        deck.id,
        deck.title,
        len(deck.questions),
        deck.description,
        deck.source,
        deck.tags,
        _settings(deck.grading),
    )
    with quiet_collector():  # 100,000 rows of new tuples: collections would scan them all
        rows = [
            marshal.dumps(
                (
                    q.id,
                    _TYPE_NAMES[q.type],
                    q.prompt,
                    q.answer,
                    q.choices,
                    q.accept,
                    q.explanation,
                    q.source,
                    q.tags,
                    _settings(q.grading),
                    q.text,
                    tuple(map(tuple, q.blanks)),  # marshal takes tuples, not NamedTuples
                )
            )
            for q in deck.questions
        ]
    starts = array(_START.typecode, [0])
    for row in rows:
        starts.append(starts[-1] + len(row))
    try:
        entry = _entry(file)
        entry.parent.mkdir(parents=True, exist_ok=True)
        _prune(entry.parent)
        head = marshal.dumps(header)
        body = starts.tobytes() + b"".join(rows)
        atomic_write(entry, _LENGTH.pack(len(head)) + head + body)
    except (OSError, DataError, ValueError):
        pass  # a cache that cannot be written only costs speed


def _settings(rules: GradingRules | None) -> tuple[Any, ...] | None:
    """Grading settings as marshal keeps them (None for the defaults)."""
    return None if rules is None else tuple(rules)


def _rules(settings: tuple[Any, ...] | None) -> GradingRules | None:
    return None if settings is None else GradingRules(*settings)


def _prune(folder: Path) -> None:
    """Drop the entries of deck files that are gone (moved or deleted), and broken ones."""
    for entry in folder.glob("*.marshal"):
        found = _open_entry(entry, whole=False)
        if found is None or not Path(found[0][0][3]).exists():  # the deck file's path
            entry.unlink(missing_ok=True)


def forget(file: Path) -> None:
    """Drop the entry of a deck file that is being removed."""
    with contextlib.suppress(OSError):
        _entry(file).unlink(missing_ok=True)
