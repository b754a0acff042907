"""Makes text from decks and learners safe to show: no terminal control sequences get through.

A deck is data from strangers. Control characters (C0 except tab and newline, DEL, C1)
and bidirectional overrides are replaced by a visible escape such as `\\x1b`, so an
escape sequence in a prompt is shown, never obeyed by the terminal.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """Return `text` with every control or bidi-override character shown as an escape."""
    return _UNSAFE.sub(_escape, text)
