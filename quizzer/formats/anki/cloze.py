"""Anki's cloze deletions (`{{c1::answer::hint}}`, nested too) read as Anki reads them.

Anki makes one card per cloze number. On card N's front, deletions numbered N are
hidden and the others shown as plain text; on its back all are shown. Deletions may
nest (`{{c1::outer {{c2::inner}}}}`), a `::` inside a deletion starts its hint, a
stray `}}` is text, and a deletion left open at the end of a field is dropped. Hidden
deletions are written between private-use markers (BLANK_OPEN, BLANK_HINT,
BLANK_CLOSE) so that the caller can turn each into a quizzer blank, after the
surrounding HTML has become text, or show it as Anki does (`[...]`, `[hint]`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BLANK_OPEN, BLANK_HINT, BLANK_CLOSE = "\ue101", "\ue102", "\ue103"
MARKERS = BLANK_OPEN + BLANK_HINT + BLANK_CLOSE
# Anki ignores deletions nested deeper than this.
_MAX_DEPTH = 10
_TOKEN = re.compile(r"\{\{c(\d+)::|\}\}")
_IMAGE_OCCLUSION = "image-occlusion:"


@dataclass
class _Deletion:
    number: int
    parts: list[str | _Deletion] = field(default_factory=list)
    hint: str | None = None

    def text(self) -> str:
        """Everything the deletion covers, nested deletions shown."""
        return "".join(p if isinstance(p, str) else p.text() for p in self.parts)


def _parse(text: str) -> list[str | _Deletion]:
    top: list[str | _Deletion] = []
    open_: list[_Deletion] = []

    def add_text(chunk: str) -> None:
        if not chunk:
            return
        if open_:
            head, colons, hint = chunk.partition("::")
            if colons:
                open_[-1].hint = hint
            open_[-1].parts.append(head)
        else:
            top.append(chunk)

    at = 0
    for match in _TOKEN.finditer(text):
        add_text(text[at : match.start()])
        at = match.end()
        if match[1] is not None:
            if len(open_) < _MAX_DEPTH:
                open_.append(_Deletion(int(match[1])))
        elif open_:
            done = open_.pop()
            (open_[-1].parts if open_ else top).append(done)
        else:
            top.append("}}")
    add_text(text[at:])
    return top


def _walk(parts: list[str | _Deletion]) -> list[_Deletion]:
    found = []
    for part in parts:
        if isinstance(part, _Deletion):
            found.append(part)
            found += _walk(part.parts)
    return found


def numbers(text: str) -> set[int]:
    """The cloze numbers used in a field (0 is not a cloze number)."""
    return {d.number for d in _walk(_parse(text)) if d.number > 0}


def is_image_occlusion(text: str) -> bool:
    """Whether a field holds Image Occlusion shapes, which only make sense on the picture."""
    return any(
        d.parts and isinstance(d.parts[0], str) and d.parts[0].startswith(_IMAGE_OCCLUSION)
        for d in _walk(_parse(text))
    )


def reveal(text: str, number: int, *, question: bool) -> str:
    """The field as card `number` shows it: its deletions marked as blanks on the front.

    A field with no deletion of that number shows nothing, as in Anki.
    """
    out: list[str] = []
    found = False

    def render(parts: list[str | _Deletion]) -> None:
        nonlocal found
        for part in parts:
            if isinstance(part, str):
                out.append(part)
                continue
            active = part.number == number
            found = found or active
            if active and question:
                hint = "" if part.hint is None else BLANK_HINT + part.hint
                out.append(f"{BLANK_OPEN}{part.text()}{hint}{BLANK_CLOSE}")
                # Nested deletions of the same number are hidden with it.
                found = True
            else:
                render(part.parts)

    render(_parse(text))
    return "".join(out) if found else ""


def active_texts(text: str, number: int, *, question: bool) -> list[str]:
    """What each deletion numbered `number` shows: its hint (or "...") or its text."""
    return [
        (d.hint if d.hint is not None else "...") if question else d.text()
        for d in _walk(_parse(text))
        if d.number == number
    ]


def typed_answer(text: str, number: int) -> str:
    """What `{{type:cloze:Field}}` expects: the deletions' texts, once if all the same."""
    texts = active_texts(text, number, question=False)
    return texts[0] if texts and len(set(texts)) == 1 else ", ".join(texts)
