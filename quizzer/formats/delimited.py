"""Reads delimited text: Anki's plain-text exports, Quizlet's, and plain csv/tsv.

Reading honours Anki's `#` header lines (`#separator:`, `#html:`, `#columns:`,
`#tags:`, `#deck:`, `#notetype column:`, `#deck column:`, `#tags column:`,
`#guid column:`), a header row naming the columns (`prompt,answer`, `Front,Back`,
`term,definition`...), quoted fields that span lines, and separators of any length.
Without a `#separator:` or `--separator`, `formats.separators` detects the separator.
The csv that `quiz deck export --format csv` gives (`formats.csvexport`) reads back into
the same deck.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from itertools import takewhile
from typing import Any

from quizzer.deckcheck import TYPES
from quizzer.errors import BadInput
from quizzer.formats import Converted, RowNote, slug
from quizzer.formats.html import html_to_text, looks_like_html
from quizzer.formats.separators import (
    Record,
    detect_separator,
    modal_width,
    parse_separator,
    separator_name,
    split_rows,
)
from quizzer.models import QuestionType
from quizzer.text import clean

# Column names a header row or `#columns:` may use, by the role of the column.
_ROLES = {
    "prompt": {"prompt", "question", "front", "term", "text", "word"},
    "answer": {"answer", "back", "definition", "meaning"},
    "explanation": {"explanation", "extra", "back extra", "notes", "note"},
    "tags": {"tags", "tag"},
    "type": {"type"},
    "choices": {"choices"},
    "accept": {"accept"},
    "source": {"source"},
    "id": {"id"},
}
_ROLE_OF = {name: role for role, names in _ROLES.items() for name in names}
# Anki's header lines that give a column a meaning of its own.
_META_COLUMNS = {
    "notetype column": "notetype",
    "deck column": "deck",
    "tags column": "anki-tags",
    "guid column": "guid",
}

_CLOZE = re.compile(r"\{\{c\d+::")
_ANSWER_RULE = re.compile(r"<hr\s+id\s*=\s*[\"']?answer[\"']?\s*/?>", re.IGNORECASE)
_PARAGRAPH = re.compile(r"paragraph (\d+)")
_TRUE = {"true", "t", "yes", "y"}
_FALSE = {"false", "f", "no", "n"}


def _headers(lines: list[str]) -> tuple[dict[str, str], int]:
    """Anki's header lines at the top of the file, and how many lines they take."""
    headers: dict[str, str] = {}
    count = 0
    if lines and lines[0].startswith("tags:"):  # Anki's oldest header, first line only
        headers["tags"] = lines[0][len("tags:") :]
        count = 1
    while count < len(lines) and lines[count].startswith("#"):
        key, colon, value = lines[count][1:].partition(":")
        if colon:
            headers[key.strip().lower()] = value
        count += 1
    return headers, count


def _split_list(cell: str) -> list[str]:
    return [item.strip() for item in cell.split("\n") if item.strip()]


class _Columns:
    """What each column of a file holds, from Anki's headers, a header row, or position."""

    def __init__(self, width: int, headers: dict[str, str], separator: str) -> None:
        self.width = width
        self.roles: list[str | None] = [None] * width
        self.named = False
        for key, role in _META_COLUMNS.items():
            index = headers.get(key, "").strip()
            if index.isdigit() and 1 <= int(index) <= width:
                self.roles[int(index) - 1] = role
        if "columns" in headers:
            names = next(csv.reader([headers["columns"]], delimiter=separator[0]), [])
            self.name(names)

    def name(self, names: list[str]) -> None:
        for index, name in enumerate(names[: self.width]):
            role = _ROLE_OF.get(name.strip().lower())
            if role and self.roles[index] is None and role not in self.roles:
                self.roles[index] = role
                self.named = True

    @staticmethod
    def is_header_row(fields: list[str]) -> bool:
        names = [f.strip().lower() for f in fields if f.strip()]
        roles = [_ROLE_OF.get(n) for n in names]
        return bool(names) and None not in roles and "prompt" in roles

    def fill(self, records: list[Record]) -> None:
        """Unnamed columns by position: prompt, answer, then explanation.

        A last column empty in every row (Anki's older export ends each line with an
        empty tags column) is left out.
        """
        last = self.width - 1
        if (
            self.width > 2
            and self.roles[last] is None
            and all(len(f) <= last or not f[last].strip() for _, f in records)
        ):
            self.roles[last] = "unused"
        for index, role in enumerate(self.roles):
            if role is None:
                missing = [r for r in ("prompt", "answer") if r not in self.roles]
                self.roles[index] = missing[0] if missing else "explanation"

    def describe(self) -> str:
        shown = {"anki-tags": "tags (separated by spaces)"}
        return ", ".join(
            f"{i} {shown.get(role or '', role)}" for i, role in enumerate(self.roles, start=1)
        )


def read_delimited(text: str, *, separator: str | None, as_type: QuestionType) -> Converted:
    """Questions from delimited text; see the module docstring for what is understood."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headers, skipped = _headers(lines)
    body, first_line = "\n".join(lines[skipped:]), skipped + 1
    out = Converted()
    kind = "Anki notes in plain text" if skipped else "delimited text"
    out.details.append(("format", f"csv ({kind})"))
    if skipped:
        out.details.append(("header lines", f"{skipped} (lines 1-{skipped})"))
    if separator is not None:
        separator, why = parse_separator(separator), "given"
    elif "separator" in headers:
        separator, why = parse_separator(headers["separator"]), "from the #separator line"
    else:
        separator, why = detect_separator(body, first_line)
    out.details.append(("separator", f"{separator_name(separator)} ({why})"))
    records = split_rows(body, separator, first_line)
    width, _ = modal_width(records)
    columns = _Columns(max(width, 2), headers, separator)
    if not columns.named and records and columns.is_header_row(records[0][1]):
        columns.name(records[0][1])
        out.details.append(("header row", f"line {records[0][0]}"))
        records = records[1:]
    columns.fill(records)
    out.details.append(("columns", columns.describe()))
    if "prompt" not in columns.roles or "answer" not in columns.roles:
        raise BadInput(
            f"no column is left for the prompt or the answer (columns: {columns.describe()}); "
            "add a header row such as `prompt,answer`, or pass --separator."
        )
    if "html" in headers:
        html = headers["html"].strip().lower() == "true"
        out.details.append(("html", f"{'yes' if html else 'no'} (from the #html line)"))
    else:
        html = any(looks_like_html(f) for _, fields in records for f in fields)
        out.details.append(("html", f"{'yes' if html else 'no'} (guessed from the fields)"))
    _deck_level(out, headers, columns, records)
    common = [clean(t) for t in headers.get("tags", "").split()]
    deck_at = columns.roles.index("deck") if "deck" in columns.roles else None
    several = deck_at is not None and len({f[deck_at] for _, f in records if len(f) > deck_at}) > 1
    for line, fields in records:
        made = _question(fields, columns, html=html, as_type=as_type, width=width)
        if isinstance(made, str):
            out.bad.append(RowNote(line, made))
            continue
        extra = list(common)
        if several and deck_at is not None and len(fields) > deck_at and slug(fields[deck_at]):
            extra.append(slug(fields[deck_at]))  # which deck of the export it came from
        if extra:
            made["tags"] = list(dict.fromkeys([*made.get("tags", []), *extra]))
        out.questions.append((line, made))
    out.details.append(("rows", f"{len(records)}"))
    return out


def _deck_level(
    out: Converted, headers: dict[str, str], columns: _Columns, records: list[Record]
) -> None:
    """Title and deck fields from `#deck:`, the deck column, or the export's `#quizzer:`."""
    if "quizzer" in headers:
        try:
            meta = json.loads(headers["quizzer"])
        except json.JSONDecodeError:
            meta = None
        if isinstance(meta, dict):
            out.meta = meta
            out.title = str(meta.get("title", ""))
    if not out.title and headers.get("deck", "").strip():
        out.title = headers["deck"].strip()
    if not out.title and "deck" in columns.roles:
        index = columns.roles.index("deck")
        names = Counter(f[index].strip() for _, f in records if len(f) > index and f[index].strip())
        # Several decks of one export share their parent deck: "Geography::Rivers" and
        # "Geography::Capitals" make "Geography".
        paths = [name.split("::") for name in names]
        common = takewhile(lambda parts: len(set(parts)) == 1, zip(*paths, strict=False))
        shared = [parts[0] for parts in common]
        if shared:
            out.title = "::".join(shared)
        elif names:
            out.title = names.most_common(1)[0][0]
    if out.title:
        out.details.append(("title", out.title))


def _text(cell: str, *, html: bool) -> str:
    return clean(html_to_text(cell) if html else cell.strip())


def _question(
    fields: list[str], columns: _Columns, *, html: bool, as_type: QuestionType, width: int
) -> dict[str, Any] | str:
    """One row as a question (without its id), or why it cannot be one."""
    if len(fields) > width:
        return (
            f"{len(fields)} fields where the other rows have {width}; a field holds the "
            'separator: put that field in double quotes ("...") or pass --separator.'
        )
    cells: dict[str, list[str]] = {}
    for role, cell in zip(columns.roles, fields, strict=False):
        cells.setdefault(role or "", []).append(cell)
    raw_prompt = "\n".join(cells.get("prompt", []))
    raw_answer = "\n".join(cells.get("answer", []))
    if _CLOZE.search(raw_prompt) or _CLOZE.search(raw_answer):
        return "a cloze deletion ({{c1::...}}), which quizzer cannot ask; leave it out."
    if html:
        # Anki's "cards in plain text" export puts the front before the back's answer.
        raw_answer = _ANSWER_RULE.split(raw_answer)[-1]
    prompt, answer = _text(raw_prompt, html=html), _text(raw_answer, html=html)
    column = columns.roles.index("prompt") + 1
    if not prompt:
        return _empty("prompt", column, raw_prompt, html)
    if not answer and not cells.get("type"):
        return _empty("answer", columns.roles.index("answer") + 1, raw_answer, html)
    kind = (cells.get("type") or [""])[0].strip()
    qtype = TYPES.get(kind, as_type) if kind else as_type
    if kind and kind not in TYPES:
        return f"{kind!r} is not a question type; use one of {', '.join(TYPES)}."
    question = _answered(qtype, prompt, answer, raw_answer)
    if isinstance(question, str):
        return question
    choices = [clean(c) for c in _split_list("\n".join(cells.get("choices", [])))]
    if choices:
        question["choices"] = choices
    accept = [clean(a) for a in _split_list("\n".join(cells.get("accept", [])))]
    if accept:
        question["accept"] = accept
    explanation = "\n".join(_text(c, html=html) for c in cells.get("explanation", []) if c.strip())
    if explanation:
        question["explanation"] = explanation
    source = "\n".join(cells.get("source", [])).strip()
    if source:
        found = _PARAGRAPH.fullmatch(source)
        question["source"] = {"paragraph": int(found[1])} if found else clean(source)
    tags = [clean(t) for c in cells.get("tags", []) for t in _split_list(c)]
    tags += [clean(t) for c in cells.get("anki-tags", []) for t in c.split()]
    if tags:
        question["tags"] = list(dict.fromkeys(tags))
    own = (cells.get("id") or [""])[0].strip()
    if own:
        question["id"] = own
    return question


def _empty(what: str, column: int, raw: str, html: bool) -> str:
    if html and raw.strip():
        return (
            f"the {what} (column {column}) has no text once its HTML is removed "
            "(pictures and sounds cannot be shown in a terminal); leave the row out."
        )
    return f"the {what} (column {column}) is empty; fill it in or leave the row out."


def _answered(
    qtype: QuestionType, prompt: str, answer: str, raw_answer: str
) -> dict[str, Any] | str:
    """The question's type, prompt and answer from a row (a cloze's text is its prompt
    cell, blanks and all), or why they do not make a question."""
    if qtype is QuestionType.CLOZE:
        return {"type": qtype.value, "text": prompt}
    question: dict[str, Any] = {"prompt": prompt, "type": qtype.value}
    if qtype is QuestionType.TRUE_FALSE:
        word = answer.lower()
        if word not in _TRUE | _FALSE:
            return f"a true_false answer must be true or false, not {answer!r}."
        question["answer"] = word in _TRUE
    elif qtype is QuestionType.MULTI_SELECT:
        question["answer"] = [clean(a) for a in _split_list(raw_answer)]
    else:
        question["answer"] = answer
    return question
