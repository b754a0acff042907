"""Reads the few protobuf messages of Anki's current package layout without a protobuf library.

Anki 2.1.50+ keeps note types, card templates and decks as protobuf blobs in SQLite,
and writes the package's `meta` and media map as protobuf too. Only the wire format is
needed to pick out a handful of fields (a name, a template, a kind), so this reads it
directly rather than depending on Anki's generated classes.
"""

from __future__ import annotations

from collections import defaultdict

# Wire types: varint, 64-bit, length-delimited, 32-bit (groups are not used by Anki).
_VARINT, _FIXED64, _BYTES, _FIXED32 = 0, 1, 2, 5


class ProtobufError(ValueError):
    """A blob that is not a well-formed protobuf message."""


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(data) or shift > 63:
            raise ProtobufError("truncated or overlong varint")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def message(data: bytes) -> dict[int, list[int | bytes]]:
    """Every field of one message by number, each a list of its values in order.

    Varints and fixed-width numbers come back as ints, length-delimited fields (strings,
    bytes, nested messages) as bytes for the caller to decode.
    """
    out: dict[int, list[int | bytes]] = defaultdict(list)
    at = 0
    while at < len(data):
        key, at = _varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == _VARINT:
            value, at = _varint(data, at)
            out[number].append(value)
        elif wire == _BYTES:
            size, at = _varint(data, at)
            if at + size > len(data):
                raise ProtobufError(f"field {number} runs past the end")
            out[number].append(data[at : at + size])
            at += size
        elif wire in (_FIXED64, _FIXED32):
            width = 8 if wire == _FIXED64 else 4
            if at + width > len(data):
                raise ProtobufError(f"field {number} runs past the end")
            out[number].append(int.from_bytes(data[at : at + width], "little"))
            at += width
        else:
            raise ProtobufError(f"field {number} has unknown wire type {wire}")
    return out


def text(fields: dict[int, list[int | bytes]], number: int) -> str:
    """A string field (its last value, as protobuf readers take it), or "" when absent."""
    values = fields.get(number)
    value = values[-1] if values else b""
    if not isinstance(value, bytes):
        raise ProtobufError(f"field {number} is a number, not a string")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtobufError(f"field {number} is not UTF-8") from None


def number(fields: dict[int, list[int | bytes]], field: int) -> int:
    """A numeric field (its last value), or 0 when absent."""
    values = fields.get(field)
    value = values[-1] if values else 0
    if not isinstance(value, int):
        raise ProtobufError(f"field {field} is a string, not a number")
    return value


def messages(fields: dict[int, list[int | bytes]], field: int) -> list[bytes]:
    """The values of a repeated (or single) nested-message field."""
    found = [value for value in fields.get(field, []) if isinstance(value, bytes)]
    if len(found) != len(fields.get(field, [])):
        raise ProtobufError(f"field {field} is a number, not a message")
    return found
