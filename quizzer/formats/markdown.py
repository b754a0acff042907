"""Reads and writes decks as hashcards-style Markdown, so cards can live in plain text under git.

The format (hashcards' README and parser tests): a card starts at a line beginning
`Q:` (the question, until a line beginning `A:`, the answer) or `C:` (a cloze: text
whose `[...]` parts are hidden; `\\[` and `\\]` are literal brackets, `![..](..)` is an
image). Either runs until the next card, a `---` line or the end. Only blank lines may
sit between cards. A file may open with TOML front matter between two `---` lines;
its `name` is the deck's title. hashcards keeps one copy of identical cards; so does
this reader.

- Q/A cards become flashcards. A `C:` card becomes one cloze question whose blanks are
  all its deletions (hashcards drills each deletion as its own card, quizzer asks the
  blanks together, so one card stays one question and the round trip keeps it). A
  deletion holding `|`, `::`, `{{` or `}}` cannot be said in quizzer's cloze syntax
  and is reported.
- A card whose question or answer is only an image or a sound is reported: quizzer
  shows text. Other Markdown (images beside text, `$math$`, lists) stays as written.
- What Markdown cannot say (question ids, explanations, tags, sources, accepted
  answers, a cloze's alternatives and hints, and the type, choices and answer of the
  other question types) the writer puts in an HTML comment line ending the card,
  `<!-- quizzer: {...} -->`, which hashcards' renderer hides. Its fields are used only
  while the card's text is still what the writer wrote from them; once the text is
  edited, the text wins (the card is read as a flashcard or cloze, keeping the id,
  explanation, tags and source) and the dry run names the card.
- Multiple choice, true or false and select-all questions are written as Q/A cards
  that list the choices under the question; with the comment they come back as
  themselves, so an export read back gives the same deck, every question type alike.
  Deck-level fields other than the title go in a `[quizzer]` table of the front matter.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from typing import Any

from quizzer.errors import BadInput
from quizzer.formats import Converted, RowNote, slug
from quizzer.models import Deck, is_id
from quizzer.text import clean

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the one backport, for Python 3.10
    import tomli as tomllib

_COMMENT = re.compile(r"<!-- quizzer: (\{.*\}) -->\s*")
_COMMENT_START = "<!-- quizzer:"
_MEDIA = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_BLANK = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# Fields a comment keeps even once the card's text was edited: they do not depend on it.
_KEPT = ("id", "explanation", "source", "tags")
_ORDER = ("id", "type", "prompt", "text", "choices", "answer", "accept", "explanation", "source")
_MARKS = {"multi_select": "(select all that apply)", "true_false": "(true or false)"}


@dataclass
class _Card:
    """One card as written: where it starts, its Q:/C: text, its A: text, its comment."""

    line: int
    cloze: bool
    question: list[str] = field(default_factory=list)
    answer: list[str] | None = None
    comment: str | None = None
    problem: str = ""

    def texts(self) -> tuple[str, str | None]:
        answer = None if self.answer is None else "\n".join(self.answer).strip()
        return "\n".join(self.question).strip(), answer


def _front_matter(lines: list[str]) -> tuple[dict[str, Any], int]:
    """The TOML between a first `---` line and the next, and how many lines it takes."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise BadInput("line 1: the front matter opened by --- has no closing --- line; add one.")
    try:
        return tomllib.loads("\n".join(lines[1:end])), end + 1
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"lines 2-{end}: the front matter is not TOML: {exc}.") from None


def _cards(lines: list[str], first: int) -> tuple[list[_Card], list[RowNote]]:
    """The cards of the body (lines from `first`), and text that belongs to no card."""
    cards: list[_Card] = []
    stray: list[RowNote] = []
    card: _Card | None = None
    for number, line in enumerate(lines[first:], start=first + 1):
        if line[:2] in ("Q:", "C:"):
            card = _Card(number, line[:2] == "C:", [line[2:]])
            cards.append(card)
        elif line.strip() == "---":
            card = None
        elif line[:2] == "A:" and (card is None or card.problem == "stray"):
            stray.append(RowNote(number, "an A: line without a Q: before it; fix the card."))
            card = None
        elif line[:2] == "A:" and card is not None:
            if card.cloze or card.answer is not None:
                card.problem = card.problem or (
                    f"an A: line (line {number}) in a C: card, which has no answer line."
                    if card.cloze
                    else f"a second A: line (line {number}); a card has one answer."
                )
            else:
                card.answer = [line[2:]]
        elif card is not None and line.startswith(_COMMENT_START):
            card.comment = line
        elif card is not None:
            (card.question if card.answer is None else card.answer).append(line)
        elif line.strip():
            stray.append(
                RowNote(number, "text outside a card: start it with Q: or C:, or remove it.")
            )
            card = _Card(number, False, problem="stray")  # swallows the rest of the text
    return cards, stray


def _image_only(text: str) -> bool:
    return bool(text) and not _MEDIA.sub("", text).strip()


def _cloze_text(text: str) -> tuple[str, str]:
    """hashcards cloze text in quizzer's syntax (`[x]` -> `{{x}}`), or "" and why it cannot be."""
    out: list[str] = []
    blank: list[str] | None = None
    count, image, at = 0, False, 0
    while at < len(text):
        char, after = text[at], text[at + 1 : at + 2]
        into = out if blank is None else blank
        at += 1
        if char == "\\" and after in ("[", "]") and after:
            into.append(after)
            at += 1
        elif char == "!" and after == "[":
            into.append(char)
            image = True
        elif char in "[]" and image:
            into.append(char)
            image = char == "["
        elif char == "[":
            out += blank or []  # hashcards: a second [ starts the deletion anew
            blank = []
        elif char == "]" and blank is not None:
            inner = "".join(blank)
            if not inner.strip():
                return "", "it has an empty deletion []; put the hidden words inside"
            marks = [mark for mark in ("|", "::", "{{", "}}") if mark in inner]
            if marks:
                why = f"the deletion [{inner}] holds {marks[0]!r}, which quizzer's cloze syntax"
                return "", f"{why} reads as its own; reword it"
            out.append("{{" + inner + "}}")
            blank, count = None, count + 1
        elif char != "]":
            into.append(char)
    out += blank or []
    joined = "".join(out)
    if any(mark in _BLANK.sub("", joined) for mark in ("{{", "}}")):
        return "", "its text holds {{ or }}, which quizzer's cloze syntax reads as a blank"
    return (joined, "") if count else ("", "it has no [deletion]; put [ ] around the words to hide")


def _plain(question: str, answer: str | None) -> dict[str, Any] | str:
    """The question the card's text alone makes, or why it makes none."""
    if answer is None:
        text, why = _cloze_text(question)
        if why:
            return f"C: card: {why}."
        words = slug(_BLANK.sub(" ", text), limit=48)
        return {"id": words or "cloze", "type": "cloze", "text": clean(text)}
    for what, value in (("question", question), ("answer", answer)):
        if not value:
            return f"the card's {what} is empty; write it or remove the card."
        if _image_only(value):
            return (
                f"the card's {what} is only an image or a sound, which quizzer cannot show; "
                "describe it in words or remove the card."
            )
    return {"type": "flashcard", "prompt": clean(question), "answer": clean(answer)}


def _escape(text: str) -> str:
    """Lines that would start a card, end one or pass for a comment, made into plain text."""
    out = []
    for line in text.split("\n"):
        if line.strip() == "---":
            line = "\\" + line.strip()
        elif line[:2] in ("Q:", "A:", "C:") or line.startswith(_COMMENT_START):
            line = " " + line
        out.append(line)
    return "\n".join(out)


def _cloze_markdown(text: str) -> str:
    """quizzer cloze text as hashcards writes it: `{{Paris|Lutetia::city}}` -> `[Paris]`."""
    out, at = [], 0

    def literal(part: str) -> str:
        return part.replace("[", "\\[").replace("]", "\\]")

    for found in _BLANK.finditer(text):
        first = found[1].split("::")[0].split("|")[0]
        out += [literal(text[at : found.start()]), "[", literal(first), "]"]
        at = found.end()
    return "".join([*out, literal(text[at:])])


def _rendered(question: dict[str, Any]) -> tuple[str, str | None]:
    """The card's text the writer makes of a question: (Q: or C: text, A: text or None)."""
    kind, prompt, answer = question.get("type"), question.get("prompt"), question.get("answer")
    if kind == "cloze":
        return _escape(_cloze_markdown(str(question.get("text", "")))).strip(), None
    lines = [str(prompt)]
    choices = question.get("choices")
    if isinstance(choices, list):
        lines += ["", *(f"- {choice}" for choice in choices)]
    if kind in _MARKS:
        lines += ["", _MARKS[str(kind)]]
    if isinstance(answer, bool):
        answer = "True" if answer else "False"
    elif isinstance(answer, list):
        answer = "\n".join(f"- {pick}" for pick in answer)
    return _escape("\n".join(lines)).strip(), _escape(str(answer)).strip()


def _comment(line: str) -> dict[str, Any] | None:
    found = _COMMENT.fullmatch(line)
    if found is None:
        return None
    payload = found[1].replace("\\[", "[").replace("\\]", "]")
    try:
        data = json.loads(payload)
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def _question(card: _Card) -> tuple[dict[str, Any] | str, bool]:
    """The card as a question (or why it cannot be one), and whether its comment no longer fits.

    A comment's fields are used when the writer, given them, would write the card's
    text exactly as it is; otherwise the text wins and only `_KEPT` fields are taken.
    """
    if card.problem:
        return card.problem, False
    question, answer = card.texts()
    if answer is None and not card.cloze:
        return "a Q: card with no A: line; write its answer.", False
    plain = _plain(question, answer)
    meta = _comment(card.comment) if card.comment is not None else None
    if card.comment is not None and meta is None:
        return "its <!-- quizzer: ... --> comment is not a JSON object; fix or remove it.", False
    if meta is None:
        return plain, False
    candidate = {**(plain if isinstance(plain, dict) else {}), **meta}
    if card.cloze and isinstance(plain, dict) and not is_id(str(candidate.get("id"))):
        candidate["id"] = plain["id"]  # the importer makes ids from prompts; a cloze has none
    if _rendered(candidate) == (question, answer):
        return _ordered(candidate), False
    if isinstance(plain, str):
        return plain, False
    return _ordered({**plain, **{key: meta[key] for key in _KEPT if key in meta}}), True


def _ordered(question: dict[str, Any]) -> dict[str, Any]:
    """The question's keys in the order deck files use (`Question.to_dict`'s)."""
    rank = {key: i for i, key in enumerate(_ORDER)}
    return dict(sorted(question.items(), key=lambda item: rank.get(item[0], len(rank))))


def read_markdown(text: str) -> Converted:
    """Questions from a hashcards-style Markdown deck; cards that cannot be used are noted."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    front, skipped = _front_matter(lines)
    out = Converted()
    out.details.append(("format", "markdown (hashcards Q:/A: and C: cards)"))
    _deck_fields(out, front)
    cards, stray = _cards(lines, skipped)
    out.bad += stray
    seen: set[tuple[str, str | None, str | None]] = set()
    repeated, edited = [], []
    for card in cards:
        key = (*card.texts(), card.comment)
        if key in seen:
            repeated.append(card.line)
            continue
        seen.add(key)
        made, changed = _question(card)
        if isinstance(made, str):
            out.bad.append(RowNote(card.line, made))
        else:
            out.questions.append((card.line, made))
        if changed:
            edited.append(card.line)
    if repeated:
        out.details.append(
            ("repeated cards", f"left out, as hashcards does: lines {_list(repeated)}")
        )
    if edited:
        out.details.append(
            ("edited cards", f"read from their text, not their comment: lines {_list(edited)}")
        )
    out.details.append(("cards", str(len(cards))))
    return out


def _list(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:10]))
    return shown + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")


def _deck_fields(out: Converted, front: dict[str, Any]) -> None:
    """The title from hashcards' `name`, other deck fields from the `[quizzer]` table."""
    name = front.get("name")
    if name is not None and not isinstance(name, str):
        raise BadInput('the front matter\'s name must be text, e.g. name = "Geography".')
    extra = front.get("quizzer", {})
    if not isinstance(extra, dict):
        raise BadInput("the front matter's quizzer must be a table: [quizzer] with id = ...")
    out.meta = {key: extra[key] for key in ("id", "description", "source", "tags") if key in extra}
    out.title = clean(name.strip()) if name else ""
    if out.title:
        out.details.append(("title", f"{out.title} (from the front matter)"))


def _toml(value: Any) -> str:
    """A TOML value for a string, a list of strings or a `{"paragraph": N}` source."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_toml(v)}" for key, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    # A JSON string is a TOML basic string, once DEL (which TOML wants escaped) is.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _card_markdown(question: dict[str, Any]) -> str:
    """One question as a card, with a comment for what its text does not say."""
    text, answer = _rendered(question)
    card = [("C: " if answer is None else "Q: ") + text]
    if answer is not None:
        card.append(f"A:\n{answer}" if "\n" in answer else f"A: {answer}")
    plain = _plain(text, answer)
    meta = {
        key: value
        for key, value in question.items()
        if not isinstance(plain, dict) or plain.get(key) != value
    }
    if meta:
        # `>` could end the HTML comment and brackets would be deletions in a C: card;
        # the reader undoes the backslashes (`_comment`), JSON reads `\u003e`.
        payload = json.dumps(meta, ensure_ascii=False).replace(">", "\\u003e")
        payload = payload.replace("[", "\\[").replace("]", "\\]")
        card.append(f"{_COMMENT_START} {payload} -->")
    return "\n".join(card)


def write_markdown(deck: Deck) -> str:
    """The deck as hashcards-style Markdown that `read_markdown` reads back to the same deck."""
    return deck_markdown(deck.to_dict())


def deck_markdown(data: dict[str, Any]) -> str:
    """A deck's JSON (format 1, as `Deck.to_dict` makes it) as hashcards-style Markdown."""
    head = ["---", f"name = {_toml(data['title'])}"]
    extra = {key: data[key] for key in ("id", "description", "source", "tags") if key in data}
    head += ["", "[quizzer]", *(f"{key} = {_toml(value)}" for key, value in extra.items())]
    cards = [_card_markdown(question) for question in data["questions"]]
    return "\n\n".join(["\n".join([*head, "---"]), *cards]) + "\n"
