"""Renders an Anki card's front and back from its note type's templates, as Anki does.

Anki's template language: `{{Field}}`, filters applied right to left
(`{{text:cloze:Field}}`), sections `{{#Field}}...{{/Field}}` and `{{^Field}}...{{/Field}}`,
`{{FrontSide}}` on the back, the special fields Tags, Type, Deck, Subdeck, Card and
CardFlag, `{{#c1}}` on cloze cards, HTML comments left untouched, and the legacy
`{{=<% %>=}}` delimiters when a template starts with them. What Anki refuses (a field
that does not exist, a section closed in the wrong order) raises TemplateError; a
card whose front Anki would show as blank comes back with `empty` set.

What a terminal cannot use is rendered simply: a `{{type:...}}` box becomes the
TYPE_BOX marker (the field it checks is listed in `typed`), `{{tts ...:Field}}` and
`{{hint:Field}}` become nothing but the text they carry. Written from Anki's
documented behaviour and checked card by card against the `anki` library's own
rendering of the samples in tests/data/anki.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from quizzer.formats.anki import cloze

TYPE_BOX = "\ue104"
_ALT_SYNTAX = "{{=<% %>=}}"
_COMMENT_START, _COMMENT_END = "<!--", "-->"
_EMPTY_FIELD = re.compile(r"^(?:\s|</?(?:br|div) ?/?>)*$", re.IGNORECASE)
_CLOZE_CONDITIONAL = re.compile(r"^c\d+$")
_FURIGANA = re.compile(r" ?([^ >]+?)\[(.+?)\]")
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


class TemplateError(Exception):
    """A template Anki cannot render either; the message says what is wrong, as Anki does."""


@dataclass(frozen=True)
class _Text:
    text: str


@dataclass(frozen=True)
class _Field:
    key: str
    filters: tuple[str, ...]  # in the order they apply: the one next to the name first


@dataclass(frozen=True)
class _Section:
    key: str
    negated: bool
    children: tuple[_Node, ...]


_Node = _Text | _Field | _Section


def _tokens(template: str) -> list[tuple[str, str]]:
    """("text", ...) and ("tag", inner) pairs, Anki's way: a `{{` with no `}}` is text."""
    start, end = "{{", "}}"
    if template.lstrip().startswith(_ALT_SYNTAX):
        template = template.lstrip()[len(_ALT_SYNTAX) :]
        start, end = "<%", "%>"
    out: list[tuple[str, str]] = []
    at = text_from = 0
    while at < len(template):
        handle = template.find(start, at)
        comment = template.find(_COMMENT_START, at)
        candidates = [i for i in (handle, comment) if i != -1]
        if not candidates:
            break
        at = min(candidates)
        if at == comment and (close := template.find(_COMMENT_END, at + 4)) != -1:
            at = close + len(_COMMENT_END)  # a comment stays text, tags in it unread
            continue
        if at == handle and (close := template.find(end, at + len(start))) != -1:
            if at > text_from:
                out.append(("text", template[text_from:at]))
            out.append(("tag", template[at + len(start) : close]))
            at = text_from = close + len(end)
            continue
        at += 1
    if text_from < len(template):
        out.append(("text", template[text_from:]))
    return out


@lru_cache(maxsize=256)
def parse(template: str) -> tuple[_Node, ...]:
    """The template as nodes; TemplateError for sections that do not close properly.

    Cached: every card of a note type is rendered from the same few templates.
    """
    stack: list[tuple[str, bool, list[_Node]]] = [("", False, [])]
    for kind, value in _tokens(template):
        nodes = stack[-1][2]
        if kind == "text":
            nodes.append(_Text(value))
            continue
        inner = value.lstrip("{").strip()
        mark, rest = (inner[:1], inner[1:].lstrip()) if len(inner) >= 2 else ("", inner)
        if mark in ("#", "^"):
            stack.append((rest, mark == "^", []))
        elif mark == "/":
            if len(stack) == 1:
                raise TemplateError(
                    f"Found '{{{{/{rest}}}}}', but there is no matching "
                    f"'{{{{#{rest}}}}}' or '{{{{^{rest}}}}}'"
                )
            key, negated, children = stack.pop()
            if key != rest:
                raise TemplateError(f"Found '{{{{/{rest}}}}}', but expected '{{{{/{key}}}}}'")
            stack[-1][2].append(_Section(key, negated, tuple(children)))
        else:
            *filters, key = inner.split(":")
            nodes.append(_Field(key, tuple(reversed(filters))))
    if len(stack) > 1:
        raise TemplateError(f"Missing '{{{{/{stack[-1][0]}}}}}'")
    return tuple(stack[0][2])


def field_is_empty(value: str) -> bool:
    """Whether a field holds nothing but spaces and empty `<br>`/`<div>` tags, as Anki sees it."""
    return _EMPTY_FIELD.match(value) is not None


def shows_something(nodes: tuple[_Node, ...], filled: set[str]) -> bool:
    """Whether a front template shows any filled field (Anki's test for a blank front)."""
    for node in nodes:
        if isinstance(node, _Field) and node.key in filled:
            return True
        if (
            isinstance(node, _Section)
            and (node.key in filled) != node.negated
            and shows_something(node.children, filled)
        ):
            return True
    return False


@dataclass
class Context:
    """What a template is rendered with: the fields (special ones included) and the side."""

    fields: dict[str, str]
    number: int  # the card's number: template index + 1, or the cloze number
    question: bool = True
    front_side: str = ""
    typed: list[tuple[str, str]] = field(default_factory=list)  # (filter, field name)
    filled: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.filled = {name for name, value in self.fields.items() if not field_is_empty(value)}


def render(nodes: tuple[_Node, ...], context: Context) -> str:
    """The HTML a template gives, with cloze blanks and type boxes as markers."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, _Text):
            out.append(node.text)
        elif isinstance(node, _Section):
            shown = _condition(node, context)
            # A branch not shown is still rendered, as Anki does, to find its errors.
            text = render(node.children, context)
            out.append(text if shown else "")
        elif node.key == "FrontSide":
            out.append("" if context.question else context.front_side)
        elif node.key or not node.filters:
            if node.key not in context.fields:
                written = ":".join((*reversed(node.filters), node.key))
                raise TemplateError(
                    f"Found '{{{{{written}}}}}', but there is no field called '{node.key}'"
                )
            out.append(_apply(context.fields[node.key], node, context))
    return "".join(out)


def _condition(node: _Section, context: Context) -> bool:
    if node.key in context.filled:
        return not node.negated
    if node.key in context.fields or _CLOZE_CONDITIONAL.match(node.key):
        return node.negated
    mark = "^" if node.negated else "#"
    raise TemplateError(
        f"Found '{{{{{mark}{node.key}}}}}', but there is no field called '{node.key}'"
    )


def _apply(text: str, node: _Field, context: Context) -> str:
    filters = node.filters
    if filters and filters[-1] == "type":
        kind = {("cloze", "type"): "type-cloze", ("nc", "type"): "type-nc"}
        filters = (kind.get(filters, "type") if len(filters) == 2 else "type",)
    for name in filters:
        text = _filter(name, text, node.key, context)
    return text


def _filter(name: str, text: str, key: str, context: Context) -> str:
    if name == "text":
        return html.unescape(_TAG.sub("", text))
    if name in ("furigana", "kanji", "kana"):
        return _ruby(name, text)
    if name.startswith("type"):
        if context.question:
            context.typed.append((name, key))
        return TYPE_BOX
    if name == "hint":
        # Anki hides the text behind a link named after the field; a terminal shows both.
        return text if not text.strip() else f"<a>{key}</a><div>{text}</div>"
    if name == "cloze":
        return cloze.reveal(text, context.number, question=context.question)
    if name == "cloze-only":
        return ", ".join(cloze.active_texts(text, context.number, question=context.question))
    if name.startswith("tts "):
        return ""  # spoken by Anki, nothing to read
    return text  # an empty or unknown filter leaves the text as it is


def _ruby(name: str, text: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match[2].startswith("sound:"):
            return match[0]
        if name == "kanji":
            return match[1]
        if name == "kana":
            return match[2]
        return f"<ruby><rb>{match[1]}</rb><rt>{match[2]}</rt></ruby>"

    return _FURIGANA.sub(one, text.replace("&nbsp;", " "))


def fields_shown(template: str) -> set[str]:
    """The fields a template shows (not those it only tests); empty if it does not parse."""
    try:
        nodes = parse(template)
    except TemplateError:
        return set()

    def walk(nodes: tuple[_Node, ...]) -> set[str]:
        found: set[str] = set()
        for node in nodes:
            if isinstance(node, _Field):
                found.add(node.key)
            elif isinstance(node, _Section):
                found |= walk(node.children)
        return found

    return walk(nodes)


@dataclass(frozen=True)
class RenderedCard:
    """A card's two sides as HTML with markers, and what its front asks to type."""

    front: str
    back: str
    typed: tuple[tuple[str, str], ...]
    empty: bool  # Anki would show "the front of this card is blank" (or "no cloze N")


def render_card(
    front: str, back: str, fields: dict[str, str], number: int, *, is_cloze: bool
) -> RenderedCard:
    """Render both sides of one card; TemplateError names the side Anki would blame."""
    context = Context(fields, number)
    try:
        nodes = parse(front)
        question = render(nodes, context)
    except TemplateError as exc:
        raise TemplateError(f"front template: {exc}") from None
    if is_cloze:
        empty = not any(number in cloze.numbers(value) for value in fields.values())
    else:
        empty = not shows_something(nodes, context.filled)
    if empty:
        return RenderedCard(question, "", (), empty=True)
    answer_context = Context(fields, number, question=False, front_side=question)
    try:
        answer = render(parse(back), answer_context)
    except TemplateError as exc:
        raise TemplateError(f"back template: {exc}") from None
    return RenderedCard(question, answer, tuple(context.typed), empty=False)
