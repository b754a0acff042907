"""Writes a deck as an Anki package (.apkg) with genanki: one note per question.

Anki shows HTML, so deck text is escaped and line breaks become `<br>`. The front
holds the prompt (and the choices, or "True or false?"), the back the answer and the
explanation. A cloze question becomes a note of a cloze type whose every blank is
deletion 1 (`{{c1::answer::hint}}`), so Anki asks them all at once as quizzer does;
Anki has no alternative answers, so a blank keeps its first one. Note ids come from the
deck and question ids, so exporting again and importing into Anki updates the same notes
instead of adding copies.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import re
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from quizzer import clock
from quizzer.files import atomic_output
from quizzer.grading import expected_text
from quizzer.models import Deck, Question, QuestionType

_BLANK = re.compile(r"\{\{(.*?)\}\}", re.S)
_CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: left; }"


def _id(*parts: str) -> int:
    """A stable id in the range Anki uses for models and decks, from some text."""
    digest = hashlib.sha256("/".join(parts).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def front(question: Question) -> str:
    """The front of a question's note, as HTML."""
    parts = [_html(question.prompt)]
    if question.choices:
        items = "".join(f"<li>{_html(c)}</li>" for c in question.choices)
        parts.append(f"<ol>{items}</ol>")
    if question.type is QuestionType.TRUE_FALSE:
        parts.append("<i>True or false?</i>")
    if question.type is QuestionType.MULTI_SELECT:
        parts.append("<i>Select all that apply.</i>")
    return "<br>".join(parts)


def back(question: Question) -> str:
    """The back of a question's note, as HTML."""
    parts = [f"<b>{_html(expected_text(question))}</b>"]
    if question.accept:
        parts.append(f"Also accepted: {_html(', '.join(question.accept))}")
    if question.explanation:
        parts.append(_html(question.explanation))
    return "<br><br>".join(parts)


def cloze_text(question: Question) -> str:
    """A cloze's text in Anki's syntax, as HTML."""
    out, end = [], 0
    for found in _BLANK.finditer(question.text):
        answers, _, hint = found.group(1).partition("::")
        deletion = _html(answers.split("|")[0].strip()) + (
            f"::{_html(hint.strip())}" if hint else ""
        )
        out += [_html(question.text[end : found.start()]), "{{c1::" + deletion + "}}"]
        end = found.end()
    return "".join([*out, _html(question.text[end:])])


def write_apkg(deck: Deck, path: Path) -> None:
    """Write `deck` to `path` as an Anki package, replacing the file whole."""
    import genanki

    model = genanki.Model(
        _id("quizzer-model", "1"),
        "quizzer question",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
        css=_CSS,
    )
    cloze_model = genanki.Model(
        _id("quizzer-cloze-model", "1"),
        "quizzer cloze",
        fields=[{"name": "Text"}, {"name": "Back Extra"}],
        templates=[
            {
                "name": "Cloze",
                "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}<br>{{Back Extra}}",
            }
        ],
        css=_CSS,
        model_type=genanki.Model.CLOZE,
    )
    package_deck = genanki.Deck(_id("quizzer-deck", deck.id), deck.title, _html(deck.description))
    for question in deck.questions:
        cloze = question.type is QuestionType.CLOZE
        package_deck.add_note(
            genanki.Note(
                model=cloze_model if cloze else model,
                fields=[cloze_text(question), _html(question.explanation)]
                if cloze
                else [front(question), back(question)],
                # Anki tags cannot hold spaces.
                tags=["_".join(tag.split()) for tag in question.tags],
                guid=genanki.guid_for("quizzer", deck.id, question.id),
            )
        )
    package = genanki.Package(package_deck)
    stamp = clock.now().timestamp()
    # genanki's own write_to_file leaves its temporary database in the system's temporary
    # directory; this one is made beside the package and always removed.
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}.") as work:
        database = Path(work) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            package.write_to_db(connection.cursor(), stamp, itertools.count(int(stamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        with atomic_output(path) as out, zipfile.ZipFile(out, "w") as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", "{}")
