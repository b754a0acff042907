"""Turns files made elsewhere (Anki, Quizlet, Open Trivia DB, spreadsheets) into valid decks.

Each reader (`delimited`, `opentdb`) turns a file into questions tagged with the line
they came from, and notes the rows it could not convert. This module gives the deck
its ids and title, runs the result through the deck validator, and reports every
problem by line, so what it hands back is always a valid format-1 deck.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizzer import cloze
from quizzer.deckcheck import FORMAT, check_deck
from quizzer.deckfile import ERROR, read_text
from quizzer.decks import is_deck_id
from quizzer.errors import BadInput, DeckError
from quizzer.locate import parse_path
from quizzer.models import Deck, QuestionType
from quizzer.text import clean

# Longest question id made from a prompt; room is left for a "-2" suffix.
_SLUG_MAX = 48
# Rows listed in an error before "... and N more".
_SHOWN = 10
_QUESTION_PATH = re.compile(r"\$\.questions\[(\d+)\]")


@dataclass(frozen=True)
class RowNote:
    """Something about one row of the imported file: why it was left out, or a warning."""

    line: int
    message: str

    def render(self, file: str) -> str:
        """`FILE:LINE: message`, control characters shown escaped."""
        return clean(f"{file}:{self.line}: {self.message}")


@dataclass
class Converted:
    """What a reader made of a file, before ids, title and validation."""

    questions: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    bad: list[RowNote] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)
    title: str = ""
    # Deck-level fields a file carries (the csv export's `#quizzer:` line).
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportOptions:
    """What the learner told `quiz deck import`; None means "guess it"."""

    format: str | None = None
    separator: str | None = None
    deck_id: str | None = None
    title: str | None = None
    as_type: QuestionType = QuestionType.FLASHCARD
    # `--map` text: which JSON paths hold the prompt, the answer... (formats/mapping.py).
    mapping: str | None = None


@dataclass
class Imported:
    """A file turned into a deck: its JSON, where each question came from, what went wrong."""

    format: str
    details: list[tuple[str, str]]
    data: dict[str, Any]
    lines: list[int]
    bad: list[RowNote]
    warnings: list[RowNote]
    deck: Deck | None
    rows: int

    def text(self) -> str:
        """The deck as the JSON file `-o` and `--add` write."""
        return json.dumps(self.data, indent=2, ensure_ascii=False) + "\n"

    def check_rows(self, name: str, *, skip_bad: bool) -> None:
        """Raise DeckError if nothing converted, or if some rows did not and not `skip_bad`."""
        shown = "".join(f"\n  {note.render(name)}" for note in self.bad[:_SHOWN])
        more = len(self.bad) - _SHOWN
        shown += f"\n  ... and {more} more" if more > 0 else ""
        if not self.lines:
            raise DeckError(f"no row of {name} could be made into a question:{shown}")
        if self.bad and not skip_bad:
            raise DeckError(
                f"{len(self.bad)} of {self.rows} rows of {name} cannot be converted; "
                f"nothing was written:{shown}\n"
                "Fix them, or pass --skip-bad to import the other rows."
            )

    def preview(self, name: str, *, first: int = 5) -> list[str]:
        """What `--dry-run` prints: what was detected, the first questions, the problems."""
        from quizzer.deckview import question_lines

        lines = [f"{name} (nothing written):"]
        lines += [f"  {label}: {clean(value)}" for label, value in self.details]
        lines.append(f"  deck: id {self.data['id']!r}, title {self.data['title']!r}")
        count = len(self.lines)
        lines.append(
            f"  questions: {count:,} of {self.rows:,} rows ({len(self.bad):,} cannot be converted)"
        )
        if self.deck is not None:
            shown = self.deck.questions[:first]
            lines.append(f"First {len(shown)} question{'s' * (len(shown) != 1)}:")
            for number, question in enumerate(shown, start=1):
                lines.append(f"  (line {self.lines[number - 1]})")
                lines += [f"  {text}" for text in question_lines(question, number, answers=True)]
        for title, notes in (
            ("Rows that cannot be converted", self.bad),
            ("Warnings", self.warnings),
        ):
            if notes:
                lines.append(f"{title}:")
                lines += [f"  {note.render(name)}" for note in notes]
        return lines


def slug(text: str, *, limit: int = 64) -> str:
    """Lowercase ASCII letters, digits and single hyphens: "Les Misérables!" -> "les-miserables"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or "-".join(words)[:limit].strip("-")


def guess_format(path: Path, text: str) -> str:
    """The format of a file from its content (and its name when the content says little)."""
    if path.suffix.lower() in (".md", ".markdown"):
        return "markdown"
    start = text.lstrip()[:1]
    if start in ("{", "["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            return "opentdb"
        if isinstance(data, dict) and "questions" in data and "format" in data:
            raise BadInput(
                f"{path} is already a quizzer deck; check it with `quiz deck validate` "
                "and add it with `quiz deck add`."
            )
        if data is not None:
            raise BadInput(
                f"{path} is JSON but not an Open Trivia DB response "
                '({"response_code": 0, "results": [...]}); say where its questions are with '
                "--map prompt=PATH,answer=PATH (e.g. --map prompt=questions[*].q,"
                "answer=questions[*].a); see `quiz deck import --help`."
            )
    return "tsv" if path.suffix.lower() == ".tsv" else "csv"


def _read(path: Path) -> str:
    text, problems = read_text(path)
    if text is None:  # too big, or not UTF-8
        raise BadInput(problems[0].render(str(path)))
    return text


def import_file(path: Path, options: ImportOptions) -> Imported:
    """Read a file made by another tool and turn it into a valid deck (see Imported)."""
    if options.deck_id is not None and not is_deck_id(options.deck_id):
        raise BadInput(
            f"--id {options.deck_id!r} is not a valid deck id; use 1-64 lowercase letters, "
            "digits, '-', '_' or '.', starting with a letter or digit."
        )
    text = _read(path)
    fmt = options.format or ("json" if options.mapping else guess_format(path, text))
    fmt = "markdown" if fmt == "md" else fmt
    if options.mapping is not None and fmt != "json":
        raise BadInput(f"--map reads JSON files; it does not apply to --format {fmt}.")
    if fmt == "json":
        from quizzer.formats.jsonmap import read_mapped
        from quizzer.formats.mapping import parse_mapping

        if options.mapping is None:
            raise BadInput("--format json needs --map to say where the questions are.")
        converted = read_mapped(text, parse_mapping(options.mapping))
    elif fmt == "markdown":
        from quizzer.formats.markdown import read_markdown

        converted = read_markdown(text)
    elif fmt == "opentdb":
        from quizzer.formats.opentdb import read_opentdb

        converted = read_opentdb(text)
    else:
        from quizzer.formats.delimited import read_delimited

        separator = "\t" if fmt == "tsv" and options.separator is None else options.separator
        converted = read_delimited(text, separator=separator, as_type=options.as_type)
    rows = len(converted.questions) + len(converted.bad)
    title = options.title or converted.title or title_from(path)
    deck_id = options.deck_id or converted.meta.get("id") or slug(title) or "imported"
    return _finish(fmt, converted, deck_id, title, rows)


def title_from(path: Path) -> str:
    """A deck title from a file's name: "capital_cities.csv" -> "Capital cities"."""
    return " ".join(path.stem.replace("_", " ").replace("-", " ").split()).capitalize()


def _question_ids(questions: list[dict[str, Any]]) -> None:
    """Give each question a stable id: its own if valid, else one made from its prompt."""
    taken: set[str] = set()
    for number, question in enumerate(questions, start=1):
        own = question.get("id")
        base = (
            own
            if isinstance(own, str) and is_deck_id(own)
            else slug(
                question.get("prompt") or cloze.filled(question.get("text", "")), limit=_SLUG_MAX
            )
        )
        base = base or f"q{number}"
        qid, n = base, 1
        while qid in taken:
            n += 1
            qid = f"{base}-{n}"
        taken.add(qid)
        question["id"] = qid


def _deck_data(meta: dict[str, Any], deck_id: str, title: str, questions: list[Any]) -> Any:
    data: dict[str, Any] = {"format": FORMAT, "id": deck_id, "title": title}
    for key in ("description", "source", "tags"):
        if meta.get(key):
            data[key] = meta[key]
    data["questions"] = questions
    return data


def _row_message(path: str, message: str, lines: list[int]) -> str:
    """`answer: message` for a problem at `$.questions[3].answer`, other rows named by line."""
    steps = parse_path(path)[2:]
    where = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in steps).lstrip(".")
    message = _QUESTION_PATH.sub(lambda m: f"the row on line {lines[int(m[1])]}", message)
    return f"{where}: {message}" if where else message


def _finish(fmt: str, converted: Converted, deck_id: str, title: str, rows: int) -> Imported:
    lines = [line for line, _ in converted.questions]
    questions = [question for _, question in converted.questions]
    _question_ids(questions)
    bad = list(converted.bad)
    # With no question at all, Imported.check_rows explains why; there is nothing to check.
    _, problems = (
        check_deck(_deck_data(converted.meta, deck_id, title, questions), warnings=True)
        if questions
        else (None, [])
    )
    dropped: set[int] = set()
    warnings: list[RowNote] = []
    for problem in problems:
        steps = parse_path(problem.path)
        if len(steps) < 2 or steps[0] != "questions":
            if problem.severity == ERROR:
                where = f"{problem.path}: {problem.message}"
                raise DeckError(f"the imported deck is not valid: {where}")
            continue
        index = int(steps[1])
        note = RowNote(lines[index], _row_message(problem.path, problem.message, lines))
        if problem.severity == ERROR:
            dropped.add(index)
            bad.append(note)
        else:
            warnings.append(note)
    kept = [i for i in range(len(questions)) if i not in dropped]
    data = _deck_data(converted.meta, deck_id, title, [questions[i] for i in kept])
    deck = None
    if kept:
        deck, problems = check_deck(data)
        if deck is None:  # every question was checked alone above; a bug if this happens
            raise DeckError(f"the imported deck is not valid: {problems[0].message}")
        # What is written is the deck as loaded, its text cleaned like every deck's: the
        # file's own fields (a `#quizzer:` line's description, say) never pass through raw.
        data = deck.to_dict()
    bad.sort(key=lambda note: note.line)
    return Imported(
        format=fmt,
        details=converted.details,
        data=data,
        lines=[lines[i] for i in kept],
        bad=bad,
        warnings=warnings,
        deck=deck,
        rows=rows,
    )
