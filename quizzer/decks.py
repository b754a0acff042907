"""Finds decks (built-in, the learner's own, or any file) and loads them, refusing broken ones.

Validation reports every problem with its JSON path (and line and column when the
JSON itself is broken), so a deck author can fix them all in one go.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizzer.errors import DeckError
from quizzer.models import Deck, Question, QuestionType
from quizzer.paths import user_decks_dir
from quizzer.text import clean

FORMAT = 1
ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,63}$"
_ID_RE = re.compile(ID_PATTERN)
# Limits that keep a hostile or broken deck from hanging the tool (documented in README).
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_QUESTIONS = 100_000
MAX_TEXT = 10_000
_MAX_SHOWN = 10

_DECK_KEYS = {"format", "id", "title", "description", "source", "tags", "questions"}
_QUESTION_KEYS = {
    "id",
    "type",
    "prompt",
    "answer",
    "choices",
    "accept",
    "explanation",
    "source",
    "tags",
}
_TYPES = [t.value for t in QuestionType]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a deck: where (JSON path, line and column when known) and what."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def render(self, file: str) -> str:
        """`FILE:LINE:COL: PATH: message`, leaving out what is not known."""
        where = file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.path}: {self.message}"


@dataclass(frozen=True)
class DeckInfo:
    """What a deck listing shows, without keeping every question in memory."""

    id: str
    title: str
    questions: int
    origin: str
    path: str


def builtin_dir() -> Path:
    """The built-in decks: inside the installed package, or `decks/` in a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "decks"
    return packaged if packaged.is_dir() else here.parent / "decks"


def _deck_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def list_decks() -> tuple[list[DeckInfo], list[str]]:
    """Every built-in and user deck, plus a message for each user deck file that is broken."""
    infos: list[DeckInfo] = []
    broken: list[str] = []
    for origin, folder in (("builtin", builtin_dir()), ("user", user_decks_dir())):
        for file in _deck_files(folder):
            try:
                deck = load_file(file, origin=origin)
            except DeckError as exc:
                broken.append(exc.message)
                continue
            infos.append(DeckInfo(deck.id, deck.title, len(deck.questions), origin, str(file)))
    return infos, broken


def find_deck(ref: str) -> Deck:
    """Load a deck by id (built-in first, then the learner's) or by path to a deck file."""
    candidate = Path(ref).expanduser()
    if ref.endswith(".json") or "/" in ref or candidate.is_file():
        if not candidate.is_file():
            raise DeckError(f"{ref}: no such deck file; check the path.")
        return load_file(candidate, origin="file")
    if not _ID_RE.match(ref):
        raise DeckError(
            f"{ref!r} is not a deck id or a deck file; ids use lowercase letters, digits, "
            "'-', '_' and '.'. See `quiz deck list`."
        )
    for origin, folder in (("builtin", builtin_dir()), ("user", user_decks_dir())):
        file = folder / f"{ref}.json"
        if file.is_file():
            return load_file(file, origin=origin)
    known = ", ".join(info.id for info in list_decks()[0]) or "none"
    raise DeckError(f"no deck with id {ref!r}; decks you have: {known}. See `quiz deck list`.")


def load_file(file: Path, *, origin: str = "file") -> Deck:
    """Read, parse and validate one deck file; raise DeckError listing every problem."""
    name = str(file)
    data, problems = read_json(file)
    deck = None
    if not problems:
        deck, problems = check_deck(data, origin=origin, path=name)
    if problems or deck is None:
        shown = "\n".join("  " + p.render(name) for p in problems[:_MAX_SHOWN])
        more = len(problems) - _MAX_SHOWN
        tail = f"\n  ... and {more} more" if more > 0 else ""
        raise DeckError(
            f"{name} is not a valid deck ({len(problems)} problem"
            f"{'' if len(problems) == 1 else 's'}):\n{shown}{tail}\n"
            "Fix these and try again; `quiz deck schema` prints the format."
        )
    return deck


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def read_json(file: Path) -> tuple[Any, list[Problem]]:
    """Parse a JSON file strictly (UTF-8, optional BOM, no duplicate keys, size-limited)."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(
                    "$",
                    f"the file is {size:,} bytes, over the limit of "
                    f"{MAX_FILE_BYTES:,}; split it into smaller decks.",
                )
            ]
        raw = file.read_bytes()
    except OSError as exc:
        raise DeckError(
            f"{file}: cannot read it ({exc.strerror}); check the path and its permissions."
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                "$",
                f"not UTF-8: byte {exc.start} is 0x{raw[exc.start]:02x}; save the file as UTF-8.",
            )
        ]
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates), []
    except json.JSONDecodeError as exc:
        return None, [Problem("$", f"broken JSON: {exc.msg}", exc.lineno, exc.colno)]
    except _DuplicateKey as exc:
        return None, [
            Problem("$", f"the key {exc.args[0]!r} appears twice in one object; keep only one.")
        ]
    except RecursionError:
        return None, [Problem("$", "JSON nested too deeply for a deck.")]


class _Checker:
    """Collects every problem in one pass instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def text(self, obj: dict[str, Any], key: str, path: str, *, required: bool) -> str:
        value = obj.get(key)
        where = f"{path}.{key}"
        if value is None:
            if required:
                self.add(where, f'missing; add "{key}" with some text.')
            return ""
        if not isinstance(value, str):
            self.add(where, f"must be a string, not {_kind(value)}.")
            return ""
        if required and not value.strip():
            self.add(where, "is empty; write some text.")
        if len(value) > MAX_TEXT:
            self.add(where, f"is {len(value):,} characters long, over the limit of {MAX_TEXT:,}.")
        return value

    def strings(self, obj: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = obj.get(key)
        if value is None:
            return ()
        where = f"{path}.{key}"
        if not isinstance(value, list):
            self.add(where, f"must be a list of strings, not {_kind(value)}.")
            return ()
        good = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add(f"{where}[{i}]", f"must be a non-empty string, not {_kind(item)}.")
            elif len(item) > MAX_TEXT:
                self.add(f"{where}[{i}]", f"is over the limit of {MAX_TEXT:,} characters.")
            else:
                good.append(item)
        return tuple(good)

    def ident(self, obj: dict[str, Any], path: str) -> str:
        value = obj.get("id")
        where = f"{path}.id"
        if value is None:
            self.add(where, 'missing; add an "id" such as "my-deck".')
            return ""
        if not isinstance(value, str) or not _ID_RE.match(value):
            self.add(
                where,
                f"{_show(value)} is not a valid id; use 1-64 lowercase letters, "
                "digits, '-', '_' or '.', starting with a letter or digit.",
            )
            return ""
        return value

    def unknown_keys(self, obj: dict[str, Any], allowed: set[str], path: str) -> None:
        for key in obj:
            if key not in allowed:
                self.add(
                    f"{path}.{key}", f"unknown key; allowed keys are {', '.join(sorted(allowed))}."
                )

    def source(self, obj: dict[str, Any], path: str) -> Any:
        value = obj.get("source")
        if value is None or isinstance(value, str):
            return value
        paragraph = value.get("paragraph") if isinstance(value, dict) else None
        if (
            isinstance(value, dict)
            and set(value) == {"paragraph"}
            and isinstance(paragraph, int)
            and not isinstance(paragraph, bool)
            and paragraph >= 1
        ):
            return value
        self.add(f"{path}.source", 'must be free text or {"paragraph": N} with N >= 1.')
        return None


def _kind(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def check_deck(
    data: Any, *, origin: str = "file", path: str = ""
) -> tuple[Deck | None, list[Problem]]:
    """Validate parsed deck JSON; return the deck (cleaned for display) or the problems."""
    c = _Checker()
    if not isinstance(data, dict):
        c.add("$", f"a deck is a JSON object, not {_kind(data)}.")
        return None, c.problems
    c.unknown_keys(data, _DECK_KEYS, "$")
    fmt = data.get("format")
    if fmt is None:
        c.add("$.format", f'missing; add "format": {FORMAT}.')
    elif fmt != FORMAT or isinstance(fmt, bool):
        c.add(
            "$.format",
            f"{_show(fmt)} is not a format this quizzer reads; it reads format "
            f"{FORMAT} (a newer format needs a newer quizzer).",
        )
    deck_id = c.ident(data, "$")
    title = c.text(data, "title", "$", required=True)
    description = c.text(data, "description", "$", required=False)
    source = c.source(data, "$")
    tags = c.strings(data, "tags", "$")
    questions = _check_questions(c, data.get("questions"))
    if c.problems:
        return None, c.problems
    deck = Deck(
        id=deck_id,
        title=clean(title),
        questions=tuple(questions),
        description=clean(description),
        source=source,
        tags=tuple(clean(t) for t in tags),
        origin=origin,
        path=path,
    )
    return deck, []


def _check_questions(c: _Checker, value: Any) -> list[Question]:
    if value is None:
        c.add("$.questions", 'missing; add "questions": a list of at least one question.')
        return []
    if not isinstance(value, list) or not value:
        c.add("$.questions", "must be a non-empty list of questions.")
        return []
    if len(value) > MAX_QUESTIONS:
        c.add(
            "$.questions",
            f"{len(value):,} questions is over the limit of {MAX_QUESTIONS:,}; split the deck.",
        )
        return []
    seen: dict[str, int] = {}
    out = []
    for i, item in enumerate(value):
        path = f"$.questions[{i}]"
        question = _check_question(c, item, path)
        qid = item.get("id") if isinstance(item, dict) else None
        if isinstance(qid, str) and qid in seen:
            c.add(
                f"{path}.id",
                f"{qid!r} is already the id of $.questions[{seen[qid]}]; "
                "ids must be unique in a deck.",
            )
        elif isinstance(qid, str):
            seen[qid] = i
        if question is not None:
            out.append(question)
    return out


def _check_question(c: _Checker, item: Any, path: str) -> Question | None:
    if not isinstance(item, dict):
        c.add(path, f"a question is a JSON object, not {_kind(item)}.")
        return None
    before = len(c.problems)
    c.unknown_keys(item, _QUESTION_KEYS, path)
    qid = c.ident(item, path)
    prompt = c.text(item, "prompt", path, required=True)
    explanation = c.text(item, "explanation", path, required=False)
    source = c.source(item, path)
    tags = c.strings(item, "tags", path)
    raw_type = item.get("type")
    if raw_type not in _TYPES:
        what = "missing" if raw_type is None else f"{_show(raw_type)} is not a question type"
        c.add(f"{path}.type", f"{what}; use one of {', '.join(_TYPES)}.")
        return None
    qtype = QuestionType(raw_type)
    choices: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    answer = item.get("answer")
    where = f"{path}.answer"
    if qtype in (QuestionType.MULTIPLE_CHOICE, QuestionType.MULTI_SELECT):
        choices = _check_choices(c, item, path)
    elif "choices" in item:
        c.add(f"{path}.choices", f"a {qtype.value} question has no choices; remove them.")
    if qtype is QuestionType.SHORT_ANSWER:
        accept = c.strings(item, "accept", path)
    elif "accept" in item:
        c.add(f"{path}.accept", 'only short_answer questions take "accept"; remove it.')

    if answer is None:
        c.add(where, 'missing; add the correct "answer".')
    elif qtype is QuestionType.MULTIPLE_CHOICE:
        if not isinstance(answer, str):
            c.add(where, f"must be one of the choices (a string), not {_kind(answer)}.")
        elif choices and answer not in choices:
            c.add(where, f"{_show(answer)} is not one of the choices; make it exactly one of them.")
    elif qtype is QuestionType.TRUE_FALSE:
        if not isinstance(answer, bool):
            c.add(where, f"must be true or false (JSON booleans, no quotes), not {_show(answer)}.")
    elif qtype is QuestionType.MULTI_SELECT:
        if not isinstance(answer, list) or not answer:
            c.add(where, "must be a non-empty list of the right choices.")
        else:
            for i, pick in enumerate(answer):
                if choices and pick not in choices:
                    c.add(
                        f"{where}[{i}]",
                        f"{_show(pick)} is not one of the choices; make it exactly one of them.",
                    )
            if len(set(map(_show, answer))) != len(answer):
                c.add(where, "lists a choice twice; list each right choice once.")
            answer = tuple(answer)
    elif not isinstance(answer, str) or not answer.strip():
        c.add(where, f"must be a non-empty string, not {_show(answer)}.")
    elif len(answer) > MAX_TEXT:
        c.add(where, f"is over the limit of {MAX_TEXT:,} characters.")
    if len(c.problems) > before:
        return None
    if isinstance(answer, str):
        answer = clean(answer)
    elif isinstance(answer, tuple):
        answer = tuple(clean(a) for a in answer)
    return Question(
        id=qid,
        type=qtype,
        prompt=clean(prompt),
        answer=answer,
        choices=tuple(clean(x) for x in choices),
        accept=tuple(clean(a) for a in accept),
        explanation=clean(explanation),
        source=source,
        tags=tuple(clean(t) for t in tags),
    )


def _check_choices(c: _Checker, item: dict[str, Any], path: str) -> tuple[str, ...]:
    raw = item.get("choices")
    if raw is None:
        c.add(f"{path}.choices", 'missing; add "choices": a list of at least 2 strings.')
        return ()
    choices = c.strings(item, "choices", path)
    if isinstance(raw, list) and len(raw) < 2:
        c.add(f"{path}.choices", "needs at least 2 choices.")
    if len(set(choices)) != len(choices):
        c.add(f"{path}.choices", "has the same choice twice; make every choice different.")
    return choices


def schema_text() -> str:
    """The JSON Schema of deck format 1, as shipped in the package."""
    return (Path(__file__).parent / "schema" / "deck.schema.json").read_text(encoding="utf-8")
