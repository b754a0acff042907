"""Splitting delimited text into rows of fields, and the separator that does it: named
(`tab`, `comma`...), given as text, or detected as the one candidate that splits every row
into the same number of fields (not the first candidate character seen: a field holding
`9:00` must not make `:` the separator).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

from quizzer.errors import BadInput, DeckError

NAMED = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
# Tried in this order; when several split every row evenly, the earlier one wins.
CANDIDATES = ("\t", ",", ";", "|", " - ", ":")
_NAMES = {value: name for name, value in NAMED.items()}

Record = tuple[int, list[str]]


def separator_name(separator: str) -> str:
    """How a separator is shown: `tab`, `comma`... or the text itself in quotes."""
    return _NAMES.get(separator, json.dumps(separator))


def parse_separator(value: str) -> str:
    """A `--separator` or `#separator:` value: a name (tab, comma...), `\\t`, or literal text."""
    if value.strip().lower() in NAMED:
        return NAMED[value.strip().lower()]
    if value == "\\t":
        return "\t"
    if not value or "\n" in value or '"' in value:
        raise BadInput(
            f"{value!r} cannot separate fields; use tab, comma, semicolon, space, pipe, "
            "colon or some other text without quotes or line breaks."
        )
    return value


def split_rows(body: str, separator: str, first_line: int) -> list[Record]:
    """The non-blank rows of `body` with the line each starts on."""
    if len(separator) > 1:  # csv quoting needs a one-character separator
        return [
            (first_line + n, line.split(separator))
            for n, line in enumerate(body.split("\n"))
            if line.strip()
        ]
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator, strict=False)
    out: list[Record] = []
    read = 0
    try:
        for fields in reader:
            start, read = read + 1, reader.line_num
            if any(f.strip() for f in fields):
                out.append((first_line + start - 1, fields))
    except csv.Error as exc:
        raise DeckError(f"line {first_line + read}: {exc}; check the quotes around it.") from None
    return out


def modal_width(records: list[Record]) -> tuple[int, int]:
    """The most common number of fields in a row, and how many rows have it."""
    if not records:
        return 0, 0
    return Counter(len(fields) for _, fields in records).most_common(1)[0]


def detect_separator(body: str, first_line: int) -> tuple[str, str]:
    """The separator that splits every row alike, and why it was chosen."""
    best: tuple[int, str] | None = None
    for candidate in CANDIDATES:
        records = split_rows(body, candidate, first_line)
        width, rows = modal_width(records)
        if width < 2:
            continue
        if rows == len(records):
            return candidate, f"every row splits into {width} fields"
        if best is None or rows > best[0]:
            best = (rows, candidate)
    if best is None:
        raise BadInput(
            "cannot tell what separates the fields: no tab, comma, semicolon, pipe, ' - ' "
            "or colon splits the rows; pass --separator."
        )
    return best[1], f"most rows split evenly ({best[0]}); the others are reported"
