"""Reads the notes quizzer's own Anki export writes back as the questions they came from.

quizzer.formats.apkg writes each question as a note of the note type "quizzer
question" (fields Front and Back, HTML-escaped text): the front holds the prompt, then
the choices as a list and "True or false?" or "Select all that apply."; the back holds
the answer in bold, "Also accepted: ..." and the explanation, separated by blank lines.
Such a note comes back as its own question type rather than as a flashcard. What the
export does not keep stays lost: a short answer without accepted alternatives looks
like a flashcard in Anki and comes back as one, and the question id is the card's.
"""

from __future__ import annotations

import html
import re
from itertools import combinations
from typing import Any

from quizzer.formats.anki.package import NoteType

NOTE_TYPE = "quizzer question"
_FRONT = re.compile(
    r"(.*?)(?:<br><ol>((?:<li>.*?</li>)*)</ol>)?"
    r"(?:<br><i>(True or false\?|Select all that apply\.)</i>)?",
    re.DOTALL,
)
_CHOICE = re.compile(r"<li>(.*?)</li>", re.DOTALL)
_ANSWER = re.compile(r"<b>(.*?)</b>", re.DOTALL)
_ACCEPTED = "Also accepted: "
# More choices than this are not searched for the right set of a "select all".
_MAX_CHOICES = 12


def is_ours(note_type: NoteType) -> bool:
    """Whether notes of this type were written by quizzer's export."""
    return (
        note_type.name == NOTE_TYPE
        and note_type.fields == ("Front", "Back")
        and len(note_type.templates) == 1
        and note_type.templates[0].front == "{{Front}}"
    )


def _plain(markup: str) -> str:
    return html.unescape(markup.replace("<br>", "\n"))


def question_from(front: str, back: str) -> dict[str, Any] | None:
    """The question (deck JSON, no id) a note was written from, or None if it is not one."""
    shape = _FRONT.fullmatch(front)
    parts = back.split("<br><br>")
    bold = _ANSWER.fullmatch(parts[0])
    if shape is None or bold is None:
        return None
    prompt, answer = _plain(shape[1]), _plain(bold[1])
    choices = [_plain(choice) for choice in _CHOICE.findall(shape[2] or "")]
    rest = parts[1:]
    accept: list[str] = []
    if rest and rest[0].startswith(_ACCEPTED):
        accept = _plain(rest.pop(0)[len(_ACCEPTED) :]).split(", ")
    kind, marker = "", shape[3]
    parsed: Any = answer
    if marker == "True or false?" and not choices and answer in ("True", "False"):
        kind, parsed = "true_false", answer == "True"
    elif marker == "Select all that apply." and choices:
        kind, parsed = "multi_select", _picked(choices, answer)
    elif not marker and choices and answer in choices:
        kind = "multiple_choice"
    elif not marker and not choices:
        kind = "short_answer" if accept else "flashcard"
    if not kind or parsed is None:
        return None
    out: dict[str, Any] = {"type": kind, "prompt": prompt}
    if choices:
        out["choices"] = choices
    out["answer"] = parsed
    if accept:
        out["accept"] = accept
    if rest:
        out["explanation"] = _plain("<br><br>".join(rest))
    return out


def _picked(choices: list[str], answer: str) -> list[str] | None:
    """The right choices of a "select all", which the export lists in choice order."""
    if len(choices) > _MAX_CHOICES:
        return None
    for size in range(1, len(choices) + 1):
        for picked in combinations(choices, size):
            if ", ".join(picked) == answer:
                return list(picked)
    return None
