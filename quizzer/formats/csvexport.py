"""Writes a deck as the csv that `quiz deck export --format csv` gives: Anki-style header
lines (the deck's own fields in `#quizzer:`), then one row per question, which
`formats.delimited` reads back into the same deck.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from quizzer.errors import DeckError
from quizzer.models import Deck, Question, QuestionType

# The columns `quiz deck export --format csv` writes, in order.
EXPORT_COLUMNS = (
    "prompt", "answer", "type", "choices", "accept", "explanation", "tags", "source", "id",
)  # fmt: skip


def write_csv(deck: Deck) -> str:
    """The deck as csv with Anki-style header lines; `quiz deck import` reads it back."""
    buffer = io.StringIO()
    title = " ".join(deck.title.split())
    meta: dict[str, Any] = {"id": deck.id, "title": deck.title}
    for key, value in (("description", deck.description), ("tags", list(deck.tags))):
        if value:
            meta[key] = value
    if deck.source is not None:
        meta["source"] = deck.source
    buffer.write("#separator:comma\n#html:false\n")
    buffer.write(f"#deck:{title}\n#quizzer:{json.dumps(meta, ensure_ascii=False)}\n")
    buffer.write(f"#columns:{','.join(EXPORT_COLUMNS)}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    for i, question in enumerate(deck.questions):
        writer.writerow(_row(question, f"$.questions[{i}]"))
    return buffer.getvalue()


def _row(question: Question, where: str) -> list[str]:
    answer = question.answer
    if question.type is QuestionType.TRUE_FALSE:
        answer_cell = "true" if answer else "false"
    elif question.type is QuestionType.MULTI_SELECT:
        answer_cell = _list_cell(answer, f"{where}.answer")
    elif question.type is QuestionType.CLOZE:
        answer_cell = ""  # the answers are in the text, in braces
    else:
        answer_cell = answer
    source = question.source
    if isinstance(source, dict):
        source = f"paragraph {source['paragraph']}"
    return [
        question.text if question.type is QuestionType.CLOZE else question.prompt,
        answer_cell,
        question.type.value,
        _list_cell(question.choices, f"{where}.choices"),
        _list_cell(question.accept, f"{where}.accept"),
        question.explanation,
        _list_cell(question.tags, f"{where}.tags"),
        source or "",
        question.id,
    ]


def _list_cell(items: Iterable[str], where: str) -> str:
    items = list(items)
    for item in items:
        if "\n" in item:
            raise DeckError(
                f"{where}: {item!r} holds a line break, which the csv export uses between "
                "items; export as json or apkg instead."
            )
    return "\n".join(items)
