"""Reading a deck file: its text (UTF-8, size-limited), its JSON (repeated keys found), and
every problem located at a line and column, so a deck author can fix them all in one go.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, NamedTuple

from quizzer.errors import DeckError
from quizzer.files import NotRegular, open_regular
from quizzer.locate import NOWHERE, Index, duplicate_keys, load_indexed, offsets, positions
from quizzer.text import clean

ERROR = "error"
WARNING = "warning"
# Limits that keep a hostile or broken deck from hanging the tool (documented in README).
MAX_FILE_BYTES = 50 * 1024 * 1024
_MAX_SHOWN = 10


class Problem(NamedTuple):
    """One thing wrong with a deck: where (JSON path, line and column) and what to do."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    severity: str = ERROR
    # Point at the member's key rather than its value (an unknown or repeated key).
    at_key: bool = False

    def render(self, file: str) -> str:
        """`FILE:LINE:COL: PATH: message` (`PATH: warning: message` for warnings).

        Paths and messages quote the deck, so control characters are shown escaped.
        """
        where = file if self.line is None else f"{file}:{self.line}:{self.column}"
        label = "warning: " if self.severity == WARNING else ""
        return clean(f"{where}: {self.path}: {label}{self.message}")

    def to_json(self, file: str) -> dict[str, Any]:
        """The problem as one entry of `quiz deck validate --json`."""
        return {
            "file": clean(file),
            "line": self.line,
            "column": self.column,
            "path": clean(self.path),
            "message": clean(self.message),
            "severity": self.severity,
        }


def invalid_deck(name: str, problems: list[Problem]) -> DeckError:
    """The error for a deck that breaks the format: its first problems, located."""
    shown = "\n".join("  " + p.render(name) for p in problems[:_MAX_SHOWN])
    more = len(problems) - _MAX_SHOWN
    tail = f"\n  ... and {more} more" if more > 0 else ""
    return DeckError(
        f"{name} is not a valid deck ({len(problems)} problem"
        f"{'' if len(problems) == 1 else 's'}):\n{shown}{tail}\n"
        "Fix these and try again; `quiz deck validate` lists them all and "
        "`quiz deck schema` prints the format."
    )


def unreadable(file: Path, exc: OSError) -> DeckError:
    return DeckError(
        f"{file}: cannot read it ({exc.strerror}); check the path and its permissions."
    )


def locate_problems(text: str, problems: list[Problem], index: Index = NOWHERE) -> list[Problem]:
    """The problems with the line and column of the value (or key) each path names
    (`index`: what parsing noted, which spares a scan of the whole text)."""
    if not problems:
        return problems
    values = [p.path for p in problems if not p.at_key]
    keys = [p.path for p in problems if p.at_key]
    where = offsets(text, values, keys=keys, index=index)
    lines = positions(text, where.values())
    out = []
    for problem in problems:
        spot = lines[where[problem.path]]
        out.append(problem._replace(line=spot.line, column=spot.column))
    return out


def read_text(file: Path) -> tuple[str | None, list[Problem]]:
    """A deck file's text (UTF-8, a BOM allowed, size-limited), or why it is not a deck.

    Raises DeckError when the file cannot be read at all.
    """
    try:
        with os.fdopen(open_regular(file), "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return None, [
                    Problem(
                        "$",
                        f"the file is {size:,} bytes, over the limit of "
                        f"{MAX_FILE_BYTES:,}; split it into smaller decks.",
                        1,
                        1,
                    )
                ]
            raw = handle.read()
    except NotRegular:
        raise DeckError(
            f"{file} is not a regular file (a folder, a FIFO or a device); a deck is a JSON "
            "file: move it out of the way or name the file itself."
        ) from None
    except OSError as exc:
        raise unreadable(file, exc) from None
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[start : exc.start].decode("utf-8", "replace")) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [
            Problem(
                "$",
                f"not UTF-8: byte {exc.start} is 0x{raw[exc.start]:02x}; save the file as UTF-8.",
                line,
                column,
            )
        ]


class _Repeats:
    """An `object_pairs_hook` that notices repeated keys without slowing the parse much."""

    def __init__(self) -> None:
        self.seen = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        if len(out) != len(pairs):
            self.seen = True
        return out


def parse_json(text: str) -> tuple[Any, list[Problem], Index]:
    """Parse strictly: broken JSON and repeated keys are problems with line and column.
    The Index (where the questions start) is for `locate_problems`."""
    repeats = _Repeats()
    try:
        data, index = load_indexed(text, repeats)
    except json.JSONDecodeError as exc:
        return None, [Problem("$", f"broken JSON: {exc.msg}.", exc.lineno, exc.colno)], NOWHERE
    except RecursionError:
        return None, [Problem("$", "JSON nested too deeply for a deck.", 1, 1)], NOWHERE
    if not repeats.seen:
        return data, [], index
    problems = []
    try:
        found = duplicate_keys(text)
    except RecursionError:  # as deep as json.loads could go, deeper than this walk can
        return None, [Problem("$", "JSON nested too deeply for a deck.", 1, 1)], NOWHERE
    lines = positions(text, [spot for _, _, spot in found])
    for path, key, spot in found:
        problems.append(
            Problem(
                path,
                f"the key {key!r} appears twice in one object; keep only one.",
                lines[spot].line,
                lines[spot].column,
            )
        )
    return data, problems, index
