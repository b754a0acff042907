"""Turns each card of an Anki collection into one quizzer question, or says why it cannot.

Every card is rendered as Anki renders it (quizzer.formats.anki.template), then:
- a cloze card whose front shows blanks becomes a `cloze` question: Anki's
  `{{c1::Paris::city}}` on card 1 becomes `{{Paris::city}}`, other numbers' deletions
  are plain text; what the back adds (an Extra field) becomes the explanation;
- a card whose front has a `{{type:Field}}` box becomes a `short_answer` whose answer
  is that field (for `{{type:cloze:Field}}`, the card's deletions);
- any other card becomes a `flashcard`: its front is the prompt, its back the answer
  (what follows `<hr id=answer>`, or else the back's lines that the front lacks);
- a note written by quizzer's own export comes back as the question it was (ours).
The second card of a reversed note type (stock "and reversed" or "optional reversed",
or any two-template type whose second front shows what the first asks for) is tagged
`reverse`. Question ids are `anki-<card id>`, so a re-import finds the same questions.
Questions carry no `source`: the id names the card, and a note type's name is not
stable (Anki renames one that clashes on import, e.g. "cloze" to "cloze+").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from quizzer.deckfields import MAX_TEXT
from quizzer.formats.anki import cloze, markup, ours
from quizzer.formats.anki.package import (
    STOCK_AND_REVERSED,
    STOCK_IMAGE_OCCLUSION,
    STOCK_OPTIONAL_REVERSED,
    Card,
    Collection,
    Note,
    NoteType,
    Template,
)
from quizzer.formats.anki.result import Skipped, SkipReason
from quizzer.formats.anki.template import (
    TYPE_BOX,
    RenderedCard,
    TemplateError,
    fields_shown,
    render_card,
)
from quizzer.text import clean

REVERSE_TAG = "reverse"
_BLANK = re.compile("\ue101([^\ue101-\ue104]*)(?:\ue102([^\ue101-\ue104]*))?\ue103")
_MARKERS = re.compile("[\ue101-\ue104]")
# What would be read as cloze syntax inside a blank's answer, or its hint, or around blanks.
_NOT_IN_ANSWER = ("|", "::", "{{", "}}")
_NOT_IN_TEXT = ("{{", "}}")


@dataclass(frozen=True)
class CardQuestion:
    """A converted card: the Anki deck it is in, and the question in deck JSON form."""

    card: Card
    question: dict[str, Any]


class _Skip(Exception):
    def __init__(self, reason: SkipReason, detail: str = "") -> None:
        super().__init__(reason.value)
        self.reason, self.detail = reason, detail


def convert_cards(collection: Collection) -> tuple[list[CardQuestion], list[Skipped]]:
    """Every card as a question or a skip, in note order (a note's cards together)."""
    converted: list[CardQuestion] = []
    skipped: list[Skipped] = []
    reversed_types = {nt.id for nt in collection.note_types.values() if _has_reverse(nt)}
    for card in sorted(collection.cards, key=lambda c: (c.note_id, c.ord, c.id)):
        note = collection.notes.get(card.note_id)
        note_type = collection.note_types.get(note.type_id) if note else None
        if note is None or note_type is None:
            what = "its note" if note is None else "its note type"
            skipped.append(Skipped(card.id, SkipReason.TEMPLATE_ERROR, "?", f"{what} is missing"))
            continue
        index = 0 if note_type.cloze else card.ord
        template = note_type.templates[index] if index < len(note_type.templates) else None
        name = template.name if template else f"card {card.ord + 1}"
        where = f"{note_type.name} / {name}" + (f" {card.ord + 1}" if note_type.cloze else "")
        try:
            question = _card_question(collection, card, note, note_type, template)
        except _Skip as skip:
            skipped.append(Skipped(card.id, skip.reason, where, skip.detail))
            continue
        reverse = note_type.id in reversed_types and card.ord == 1
        # Sorted: Anki keeps a note's tags in no fixed order (it re-sorts them on import).
        tags = sorted({clean(tag) for tag in note.tags}, key=lambda t: (t.casefold(), t))
        tags += [REVERSE_TAG] * reverse
        question = {"id": f"anki-{card.id}", **question}
        if tags:
            question["tags"] = tags
        converted.append(CardQuestion(card, question))
    return converted, skipped


def _card_question(
    collection: Collection,
    card: Card,
    note: Note,
    note_type: NoteType,
    template: Template | None,
) -> dict[str, Any]:
    """The question one card becomes (deck JSON without id and tags), or _Skip saying why not."""
    if template is None:
        raise _Skip(SkipReason.TEMPLATE_ERROR, f"the note type has no card {card.ord + 1}")
    if ours.is_ours(note_type) and len(note.fields) == 2:
        written = ours.question_from(*note.fields)
        if written is not None:
            return _cleaned(written)
    if note_type.stock_kind == STOCK_IMAGE_OCCLUSION or any(
        cloze.is_image_occlusion(value) for value in note.fields
    ):
        raise _Skip(SkipReason.IMAGE_OCCLUSION)
    fields = fields_for(collection, card, note_type, template.name, note.fields, note.tags)
    try:
        rendered = render_card(
            template.front, template.back, fields, card.ord + 1, is_cloze=note_type.cloze
        )
    except TemplateError as exc:
        raise _Skip(SkipReason.TEMPLATE_ERROR, str(exc)) from None
    if rendered.empty:
        raise _Skip(SkipReason.EMPTY)
    return _question(rendered, fields, card.ord + 1)


def fields_for(
    collection: Collection,
    card: Card,
    note_type: NoteType,
    template: str,
    values: tuple[str, ...],
    tags: tuple[str, ...],
) -> dict[str, str]:
    """The note's fields by name, then the special fields Anki adds unless a field has the name."""
    # A note may carry more or fewer values than its type has fields; Anki pads with "".
    padded = (*values, *[""] * len(note_type.fields))
    fields = {
        name: _MARKERS.sub("", value) for name, value in zip(note_type.fields, padded, strict=False)
    }
    deck = collection.decks.get(card.deck_id)
    deck_name = deck.name if deck else "(Deck)"
    special = {
        "Tags": " ".join(tags),
        "Type": note_type.name,
        "Deck": deck_name,
        "Subdeck": deck_name.rsplit("::", 1)[-1],
        "CardFlag": f"flag{card.flags}",
        "Card": template,
        f"c{card.ord + 1}": "1",
    }
    for name, value in special.items():
        fields.setdefault(name, value)
    return fields


def _has_reverse(note_type: NoteType) -> bool:
    """Whether the note type's second card asks the first card's question the other way round."""
    if note_type.cloze or len(note_type.templates) != 2:
        return False
    if note_type.stock_kind in (STOCK_AND_REVERSED, STOCK_OPTIONAL_REVERSED):
        return True
    first, second = note_type.templates
    asks, answers = fields_shown(first.front), fields_shown(first.back)
    reverse_asks = fields_shown(second.front)
    return bool(asks and reverse_asks) and not asks & reverse_asks and reverse_asks <= answers


def _question(rendered: RenderedCard, fields: dict[str, str], number: int) -> dict[str, Any]:
    marked = markup.to_text(rendered.front.replace(TYPE_BOX, ""))
    # Markers are plain characters to the HTML parser, so filling the text is filling the HTML.
    front = "\n".join(markup.one_line(line) for line in _filled(marked).split("\n")).strip()
    if not markup.without_media(_MARKERS.sub("", marked)):
        raise _Skip(SkipReason.MEDIA_ONLY if markup.has_media(rendered.front) else SkipReason.EMPTY)
    back = _back_only(front, rendered.back)
    if _BLANK.search(marked):
        text = _cloze_text(marked)
        out = {"type": "cloze", "text": text, "explanation": back}
    elif rendered.typed:
        kind, key = rendered.typed[0]
        expected = fields.get(key, "")
        if kind == "type-cloze":
            expected = cloze.typed_answer(expected, number)
        answer = markup.one_line(markup.to_text(expected))
        out = {"type": "short_answer", "prompt": front, "answer": answer, "explanation": back}
        if markup.one_line(back) == answer:
            out["explanation"] = ""
    else:
        out = {"type": "flashcard", "prompt": front, "answer": back}
    if not out.get("answer", True):
        raise _Skip(SkipReason.NO_ANSWER)
    return _cleaned({key: value for key, value in out.items() if value})


def _cleaned(question: dict[str, Any]) -> dict[str, Any]:
    """The question with its text made safe to show; _Skip if any text is too long."""
    out: dict[str, Any] = {}
    for key, value in question.items():
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and len(text) > MAX_TEXT for text in texts):
            raise _Skip(SkipReason.TOO_LONG)
        if isinstance(value, str):
            value = clean(value)
        elif isinstance(value, list):
            value = [clean(text) for text in value]
        out[key] = value
    return out


def _filled(marked: str) -> str:
    """HTML or text with each blank showing its answer and type boxes gone (as on the back)."""
    return _MARKERS.sub("", _BLANK.sub(lambda m: m[1], marked))


def _back_only(front: str, back: str) -> str:
    """What the back shows beyond the front: after `<hr id=answer>`, or the lines it adds."""
    after = markup.after_answer_rule(back)
    if after is not None:
        return markup.to_text(_filled(after))
    seen = set(front.splitlines())
    lines = [line for line in markup.to_text(_filled(back)).splitlines() if line not in seen]
    return "\n".join(lines).strip()


def _cloze_text(marked: str) -> str:
    """quizzer's cloze text from the front's text: each blank as `{{answer::hint}}`."""
    problems: list[str] = []

    def blank(match: re.Match[str]) -> str:
        answer = markup.one_line(match[1])
        hint = markup.one_line(match[2] or "")
        if not answer:
            problems.append("an empty deletion")
        if any(mark in answer for mark in _NOT_IN_ANSWER) or any(
            mark in hint for mark in _NOT_IN_ANSWER
        ):
            problems.append(f"{answer!r} holds {{{{, }}}}, | or ::")
        return "{{" + answer + (f"::{hint}" if hint else "") + "}}"

    outside = _BLANK.sub("", marked)
    if any(mark in outside for mark in _NOT_IN_TEXT):
        problems.append("the text around the blanks holds {{ or }}")
    text = _MARKERS.sub("", _BLANK.sub(blank, marked))
    if problems:
        raise _Skip(SkipReason.CLOZE_SYNTAX, problems[0])
    return text
