"""Makes text from decks and learners safe to show: no terminal control sequences get through.

A deck is data from strangers. Control characters (C0 except tab and newline, DEL, C1)
and bidirectional overrides are replaced by a visible escape such as `\\x1b`, so an
escape sequence in a prompt is shown, never obeyed by the terminal. Lone surrogates
(`"\\ud800"` in JSON, or bytes that were not UTF-8 read with `surrogateescape`) cannot
be encoded at all: decks and typed answers holding one are refused where they enter
(`surrogate_at`), and `clean` escapes any that slip through, so printing never fails.
"""

from __future__ import annotations

import re

# Patterns, not compiled ones: `re` compiles each on first use and keeps it, and most
# commands never need them (compiling both at import cost 1.5 ms of every start).
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_SURROGATE = "[\ud800-\udfff]"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """Return `text` with every control, bidi-override or lone surrogate character escaped."""
    return re.sub(_UNSAFE, _escape, text)


def surrogate_at(text: str) -> int | None:
    """Where `text` holds a lone surrogate (text that cannot be written as UTF-8), or None."""
    if text.isascii():  # one flag check in CPython: almost all text stops here
        return None
    found = re.search(_SURROGATE, text)
    return None if found is None else found.start()
