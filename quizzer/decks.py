"""Finds decks (built-in, the learner's own, or any file) and loads them, refusing broken ones.

Validation reports every problem with its JSON path and the line and column it points
at in the file, so a deck author can fix them all in one go; `quiz deck validate`
adds warnings about likely mistakes (quizzer.lint) that do not stop a deck loading.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from quizzer.errors import DeckError
from quizzer.files import NotRegular, open_regular
from quizzer.grading import DEFAULT_RULES, read_rules
from quizzer.locate import duplicate_keys, key_path, offsets, positions
from quizzer.models import Deck, DeckInfo, GradingRules, Question, QuestionType, is_id
from quizzer.paths import user_decks_dir
from quizzer.text import clean, surrogate_at

FORMAT = 1
# Limits that keep a hostile or broken deck from hanging the tool (documented in README).
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_QUESTIONS = 100_000
MAX_TEXT = 10_000
_MAX_SHOWN = 10
# A user deck is kept as `<id>.json`; Windows gives these names (before any dot) to devices.
RESERVED_NAMES = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(1, 10)),
    *(f"lpt{n}" for n in range(1, 10)),
}

ERROR = "error"
WARNING = "warning"

_DECK_KEYS = {"format", "id", "title", "description", "source", "tags", "grading", "questions"}
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
    "grading",
}
# Question types by their name in the deck format: the one map from names to types.
TYPES = {t.value: t for t in QuestionType}
_WITH_CHOICES = {QuestionType.MULTIPLE_CHOICE, QuestionType.MULTI_SELECT}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a deck: where (JSON path, line and column) and what to do."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    severity: str = ERROR
    # Point at the member's key rather than its value (an unknown or repeated key).
    at_key: bool = False

    def render(self, file: str) -> str:
        """`FILE:LINE:COL: PATH: message` (`PATH: warning: message` for warnings).

        Paths and messages quote the deck, so control characters are shown escaped.
        """
        where = file if self.line is None else f"{file}:{self.line}:{self.column}"
        label = "warning: " if self.severity == WARNING else ""
        return clean(f"{where}: {self.path}: {label}{self.message}")

    def to_json(self, file: str) -> dict[str, Any]:
        """The problem as one entry of `quiz deck validate --json`."""
        return {
            "file": clean(file),
            "line": self.line,
            "column": self.column,
            "path": clean(self.path),
            "message": clean(self.message),
            "severity": self.severity,
        }


def builtin_dir() -> Path:
    """The built-in decks: inside the installed package, or `decks/` in a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "decks"
    return packaged if packaged.is_dir() else here.parent / "decks"


def user_deck_file(deck_id: str) -> Path:
    """Where the learner's deck with this id is kept (the id is checked first)."""
    return user_decks_dir() / f"{checked_deck_id(deck_id)}.json"


def is_builtin(deck_id: str) -> bool:
    """Whether a built-in deck has this id (those can never be replaced or removed)."""
    return is_deck_id(deck_id) and (builtin_dir() / f"{deck_id}.json").is_file()


def is_deck_id(text: str) -> bool:
    """Whether `text` is a valid deck or question id: the one id rule of quizzer."""
    return is_id(text)


def checked_deck_id(text: str) -> str:
    """`text` if it is a valid deck id, else DeckError; every path built from an id the
    learner typed goes through here, so `../x` or `/etc/x` never reaches the file system."""
    if is_deck_id(text):
        return text
    raise DeckError(
        f"{text!r} is not a deck id; ids use 1-64 lowercase letters, digits, '-', '_' "
        "or '.', starting with a letter or digit. `quiz deck list` shows your decks."
    )


def _links_out(file: Path) -> bool:
    """Whether a file in the data directory is a link to somewhere outside it."""
    home = user_decks_dir().parent.resolve()
    return file.is_symlink() and not file.resolve().is_relative_to(home)


def _linked_out(file: Path) -> DeckError:
    return DeckError(
        f"{file} links to {file.resolve()}, outside the data directory; quizzer does not "
        "follow links out of it. Add the deck with `quiz deck add` instead."
    )


def _deck_files(folder: Path, broken: list[str]) -> list[Path]:
    """The deck files in `folder`; one it cannot read is a warning in `broken`, so the
    learner's decks are never hidden without a word."""
    try:
        names = [e.name for e in os.scandir(folder) if e.name.endswith(".json")]
    except FileNotFoundError:
        return []
    except OSError as exc:
        broken.append(
            f"cannot read the folder {folder} ({exc.strerror or exc}), so the decks in it are "
            "not listed; check that it is a folder you can read."
        )
        return []
    return sorted(folder / name for name in names if not name.startswith("."))


def _deck_sources(broken: list[str]) -> Iterator[tuple[str, Path]]:
    """Every built-in and user deck file with its origin; a user file that links out of
    the data directory is left out, with a warning in `broken`."""
    for origin, folder in (("builtin", builtin_dir()), ("user", user_decks_dir())):
        for file in _deck_files(folder, broken):
            if origin == "user" and _links_out(file):
                broken.append(f"skipped a broken deck: {_linked_out(file).message}")
            else:
                yield origin, file


def list_decks() -> tuple[list[DeckInfo], list[str]]:
    """Every built-in and user deck, plus a warning for each user deck file that is broken
    (and for a decks folder that cannot be read).

    Big cached decks are listed from their cache entry, without reading their questions.
    """
    from quizzer import deckcache

    infos: list[DeckInfo] = []
    broken: list[str] = []
    for origin, file in _deck_sources(broken):
        known = deckcache.read_info(file)
        if known is None:
            try:
                deck = load_file(file, origin=origin)
            except DeckError as exc:
                broken.append(f"skipped a broken deck: {exc.message}")
                continue
            known = (deck.id, deck.title, len(deck.questions))
        infos.append(DeckInfo(*known, origin, str(file)))
    return infos, broken


def load_decks() -> tuple[list[Deck], list[str]]:
    """Every built-in and user deck, loaded, plus a warning for each one that is broken."""
    decks: list[Deck] = []
    broken: list[str] = []
    for origin, file in _deck_sources(broken):
        try:
            decks.append(load_file(file, origin=origin))
        except DeckError as exc:
            broken.append(f"skipped a broken deck: {exc.message}")
    return decks, broken


def find_deck(ref: str) -> Deck:
    """Load a deck by id (built-in first, then the learner's) or by path to a deck file."""
    candidate = Path(ref).expanduser()
    if ref.endswith(".json") or "/" in ref or candidate.is_file():
        if not candidate.exists():
            raise DeckError(f"{ref}: no such deck file; check the path.")
        return load_file(candidate, origin="file")
    if not is_deck_id(ref):
        raise DeckError(
            f"{ref!r} is not a deck id or a deck file; ids use 1-64 lowercase letters, "
            "digits, '-', '_' or '.', starting with a letter or digit. See `quiz deck list`."
        )
    for origin, folder in (("builtin", builtin_dir()), ("user", user_decks_dir())):
        file = folder / f"{ref}.json"
        if origin == "user" and _links_out(file):
            raise _linked_out(file)
        if file.is_file():
            return load_file(file, origin=origin)
    known = ", ".join(info.id for info in list_decks()[0]) or "none"
    raise DeckError(f"no deck with id {ref!r}; decks you have: {known}. See `quiz deck list`.")


@contextmanager
def _quiet_collector() -> Iterator[None]:
    """Pause the cyclic garbage collector while a big deck's objects are made.

    Decks hold no reference cycles; without the pause a 100,000-question deck triggers
    hundreds of collections that scan every object made so far (a third of load time).
    What was made is then frozen (`gc.freeze`), so no later collection scans it either:
    a deck lives as long as the command.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()


def load_file(file: Path, *, origin: str = "file") -> Deck:
    """Read, parse and validate one deck file; raise DeckError listing every problem.

    Big decks that passed once are read back from quizzer.deckcache while unchanged.
    """
    from quizzer import deckcache

    name = str(file)
    stat = _stat(file)
    with _quiet_collector():
        cached = deckcache.read_deck(file, stat, origin=origin)
        if cached is not None:
            return cached
        deck, problems = check_file(file, origin=origin)
        if deck is not None:
            deckcache.write(file, stat, deck)
            return deck
    raise invalid_deck(name, problems)


def invalid_deck(name: str, problems: list[Problem]) -> DeckError:
    """The error for a deck that breaks the format: its first problems, located."""
    shown = "\n".join("  " + p.render(name) for p in problems[:_MAX_SHOWN])
    more = len(problems) - _MAX_SHOWN
    tail = f"\n  ... and {more} more" if more > 0 else ""
    return DeckError(
        f"{name} is not a valid deck ({len(problems)} problem"
        f"{'' if len(problems) == 1 else 's'}):\n{shown}{tail}\n"
        "Fix these and try again; `quiz deck validate` lists them all and "
        "`quiz deck schema` prints the format."
    )


def _stat(file: Path) -> os.stat_result:
    try:
        return file.stat()
    except OSError as exc:
        raise _unreadable(file, exc) from None


def _unreadable(file: Path, exc: OSError) -> DeckError:
    return DeckError(
        f"{file}: cannot read it ({exc.strerror}); check the path and its permissions."
    )


def check_file(
    file: Path, *, origin: str = "file", warnings: bool = False
) -> tuple[Deck | None, list[Problem]]:
    """Validate one deck file: the deck (None if it has errors) and its located problems.

    With `warnings`, likely mistakes are reported too (they never make the deck None).
    """
    text, problems = read_text(file)
    if text is None:
        return None, problems
    with _quiet_collector():
        return check_text(text, origin=origin, path=str(file), warnings=warnings)


def check_text(
    text: str, *, origin: str = "file", path: str = "", warnings: bool = False
) -> tuple[Deck | None, list[Problem]]:
    """Validate a deck's JSON text; problems carry the line and column they point at."""
    data, problems = parse_json(text)
    if data is None and problems:
        return None, problems
    deck, found = check_deck(data, origin=origin, path=path, warnings=warnings)
    if any(p.severity == ERROR for p in problems):
        deck = None
    located = problems + locate_problems(text, found)
    return deck, sorted(located, key=lambda p: (p.line or 0, p.column or 0))


def locate_problems(text: str, problems: list[Problem]) -> list[Problem]:
    """The problems with the line and column of the value (or key) each path names."""
    if not problems:
        return problems
    values = [p.path for p in problems if not p.at_key]
    keys = [p.path for p in problems if p.at_key]
    where = offsets(text, values, keys=keys)
    lines = positions(text, where.values())
    out = []
    for problem in problems:
        spot = lines[where[problem.path]]
        out.append(replace(problem, line=spot.line, column=spot.column))
    return out


def read_text(file: Path) -> tuple[str | None, list[Problem]]:
    """A deck file's text (UTF-8, a BOM allowed, size-limited), or why it is not a deck.

    Raises DeckError when the file cannot be read at all.
    """
    try:
        with os.fdopen(open_regular(file), "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return None, [
                    Problem(
                        "$",
                        f"the file is {size:,} bytes, over the limit of "
                        f"{MAX_FILE_BYTES:,}; split it into smaller decks.",
                        1,
                        1,
                    )
                ]
            raw = handle.read()
    except NotRegular:
        raise DeckError(
            f"{file} is not a regular file (a folder, a FIFO or a device); a deck is a JSON "
            "file: move it out of the way or name the file itself."
        ) from None
    except OSError as exc:
        raise _unreadable(file, exc) from None
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[start : exc.start].decode("utf-8", "replace")) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [
            Problem(
                "$",
                f"not UTF-8: byte {exc.start} is 0x{raw[exc.start]:02x}; save the file as UTF-8.",
                line,
                column,
            )
        ]


class _Repeats:
    """An `object_pairs_hook` that notices repeated keys without slowing the parse much."""

    def __init__(self) -> None:
        self.seen = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        if len(out) != len(pairs):
            self.seen = True
        return out


def parse_json(text: str) -> tuple[Any, list[Problem]]:
    """Parse strictly: broken JSON and repeated keys are problems with line and column."""
    repeats = _Repeats()
    try:
        data = json.loads(text, object_pairs_hook=repeats)
    except json.JSONDecodeError as exc:
        return None, [Problem("$", f"broken JSON: {exc.msg}.", exc.lineno, exc.colno)]
    except RecursionError:
        return None, [Problem("$", "JSON nested too deeply for a deck.", 1, 1)]
    if not repeats.seen:
        return data, []
    problems = []
    try:
        found = duplicate_keys(text)
    except RecursionError:  # as deep as json.loads could go, deeper than this walk can
        return None, [Problem("$", "JSON nested too deeply for a deck.", 1, 1)]
    lines = positions(text, [spot for _, _, spot in found])
    for path, key, spot in found:
        problems.append(
            Problem(
                path,
                f"the key {key!r} appears twice in one object; keep only one.",
                lines[spot].line,
                lines[spot].column,
            )
        )
    return data, problems


class _Checker:
    """Collects every problem in one pass instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, *, at_key: bool = False) -> None:
        self.problems.append(Problem(path, message, at_key=at_key))

    def warn(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message, severity=WARNING))

    def encodes(self, value: str, where: str) -> bool:
        """Whether `value` is text; a lone surrogate (`"\\ud800"` in JSON) is not, and
        would make every command that prints the deck fail."""
        at = surrogate_at(value)
        if at is None:
            return True
        self.add(
            where,
            f"holds a lone surrogate (\\u{ord(value[at]):04x}) at character {at + 1}, which is "
            "not text and cannot be shown; remove it or write the character it stands for.",
        )
        return False

    def text(self, obj: dict[str, Any], key: str, path: str, *, required: bool) -> str:
        value = obj.get(key)
        if (
            value.__class__ is str
            and value
            and len(value) <= MAX_TEXT
            and value[0] > " "
            and (value.isascii() or surrogate_at(value) is None)
        ):
            return value  # the common case, checked in one go
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
        self.encodes(value, where)
        return value

    def strings(self, obj: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = obj.get(key)
        if value is None:
            return ()
        if value.__class__ is list:
            for item in value:
                if (
                    item.__class__ is not str
                    or not item
                    or item[0] <= " "
                    or len(item) > MAX_TEXT
                    or not (item.isascii() or surrogate_at(item) is None)
                ):
                    break
            else:
                return tuple(value)  # the common case: short, non-blank strings
        where = f"{path}.{key}"
        if not isinstance(value, list):
            self.add(where, f"must be a list of strings, not {_kind(value)}.")
            return ()
        good = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add(f"{where}[{i}]", f"must be a non-empty string, not {_show(item)}.")
            elif len(item) > MAX_TEXT:
                self.add(f"{where}[{i}]", f"is over the limit of {MAX_TEXT:,} characters.")
            elif self.encodes(item, f"{where}[{i}]"):
                good.append(item)
        return tuple(good)

    def ident(self, obj: dict[str, Any], path: str) -> str:
        value = obj.get("id")
        if value.__class__ is str and is_id(value):
            return value
        where = f"{path}.id"
        if value is None:
            self.add(where, 'missing; add an "id" such as "my-deck".')
            return ""
        self.add(
            where,
            f"{_show(value)} is not a valid id; use 1-64 lowercase letters, "
            "digits, '-', '_' or '.', starting with a letter or digit.",
        )
        return ""

    def unknown_keys(self, obj: dict[str, Any], allowed: set[str], path: str) -> None:
        if obj.keys() <= allowed:
            return
        for key in obj:
            if key not in allowed:
                self.add(
                    key_path(path, key),
                    f"unknown key; allowed keys are {', '.join(sorted(allowed))}.",
                    at_key=True,
                )

    def source(self, obj: dict[str, Any], path: str) -> Any:
        """The source as loaded: free text (cleaned for display) or `{"paragraph": N}`."""
        value = obj.get("source")
        if value is None:
            return None
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                self.add(f"{path}.source", f"is over the limit of {MAX_TEXT:,} characters.")
            return _clean(value) if self.encodes(value, f"{path}.source") else None
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

    def grading(self, obj: dict[str, Any], path: str, base: GradingRules) -> GradingRules:
        """The grading settings of a deck or question, applied over `base` (the deck's)."""
        if "grading" not in obj:
            return base
        where = f"{path}.grading"
        rules, problems = read_rules(obj["grading"], base)
        for key, message in problems:
            if key.startswith("*"):
                self.add(key_path(where, key[1:]), message, at_key=True)
            else:
                self.add(key_path(where, key) if key else where, message)
        return rules


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


def _clean(text: str) -> str:
    # isprintable() is one C call and true for almost all deck text; clean() is a regex.
    return text if text.isprintable() else clean(text)


def _clean_all(texts: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if "".join(texts).isprintable():
        return tuple(texts)
    return tuple(clean(t) for t in texts)


def _loose(text: str) -> str:
    """Text compared the way a learner reads it: case and spacing ignored."""
    return " ".join(text.split()).casefold()


def check_deck(
    data: Any, *, origin: str = "file", path: str = "", warnings: bool = False
) -> tuple[Deck | None, list[Problem]]:
    """Validate parsed deck JSON; return the deck (cleaned for display) or the problems.

    Problems carry JSON paths; `check_text` adds lines and columns. With `warnings`,
    likely mistakes are listed too, after the errors of the same question.
    """
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
    if deck_id.split(".")[0] in RESERVED_NAMES:
        c.add(
            "$.id",
            f"{deck_id!r} names a device on Windows, so it cannot be a deck file's "
            f'name; give the deck another "id", such as "{deck_id}-deck".',
        )
        deck_id = ""
    title = c.text(data, "title", "$", required=True)
    description = c.text(data, "description", "$", required=False)
    source = c.source(data, "$")
    tags = c.strings(data, "tags", "$")
    rules = c.grading(data, "$", DEFAULT_RULES)
    questions = _check_questions(c, data.get("questions"), warnings, rules)
    if any(p.severity == ERROR for p in c.problems):
        return None, c.problems
    deck = Deck(
        id=deck_id,
        title=_clean(title),
        questions=tuple(questions),
        description=_clean(description),
        source=source,
        tags=_clean_all(tags),
        origin=origin,
        path=path,
        grading=None if rules == DEFAULT_RULES else rules,
    )
    return deck, c.problems


def _check_questions(
    c: _Checker, value: Any, warnings: bool, rules: GradingRules
) -> list[Question]:
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
    lint = None
    if warnings:
        from quizzer.lint import DeckLint

        lint = DeckLint(c.warn)
    for i, item in enumerate(value):
        path = f"$.questions[{i}]"
        question = _check_question(c, item, path, rules)
        qid = item.get("id") if isinstance(item, dict) else None
        if qid.__class__ is str:
            first = seen.setdefault(qid, i)
            if first != i:
                c.add(
                    f"{path}.id",
                    f"{qid!r} is already the id of $.questions[{first}]; "
                    "ids must be unique in a deck.",
                )
        if question is not None:
            out.append(question)
            if lint is not None:
                lint.question(question, path)
    if lint is not None:
        lint.finish()
    return out


def _check_question(c: _Checker, item: Any, path: str, deck_rules: GradingRules) -> Question | None:
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
    qtype = TYPES.get(raw_type) if raw_type.__class__ is str else None
    if qtype is None:
        what = "missing" if raw_type is None else f"{_show(raw_type)} is not a question type"
        c.add(f"{path}.type", f"{what}; use one of {', '.join(TYPES)}.")
        return None
    choices: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    if qtype in _WITH_CHOICES:
        choices = _check_choices(c, item, path)
    elif "choices" in item:
        c.add(f"{path}.choices", f"a {qtype.value} question has no choices; remove them.")
    rules = None
    if qtype is QuestionType.SHORT_ANSWER:
        accept = c.strings(item, "accept", path)
        rules = c.grading(item, path, deck_rules)
        rules = None if rules == deck_rules == DEFAULT_RULES else rules
    else:
        for key in ("accept", "grading"):
            if key in item:
                c.add(f"{path}.{key}", f'only short_answer questions take "{key}"; remove it.')
    answer = _check_answer(c, qtype, item.get("answer"), choices, f"{path}.answer")
    if len(c.problems) > before:
        return None
    if isinstance(answer, str):
        answer = _clean(answer)
    elif isinstance(answer, list):
        answer = _clean_all(answer)
    return Question(
        id=qid,
        type=qtype,
        prompt=_clean(prompt),
        answer=answer,
        choices=_clean_all(choices),
        accept=_clean_all(accept),
        explanation=_clean(explanation),
        source=source,
        tags=_clean_all(tags),
        grading=rules,
    )


def _not_a_choice(value: Any, choices: tuple[str, ...]) -> str:
    near = [x for x in choices if _loose(x) == _loose(value)] if isinstance(value, str) else []
    hint = f" (did you mean {_show(near[0])}?)" if near else ""
    return f"{_show(value)} is not one of the choices{hint}; make it exactly one of them."


def _check_answer(
    c: _Checker, qtype: QuestionType, answer: Any, choices: tuple[str, ...], where: str
) -> Any:
    if answer is None:
        c.add(where, 'missing; add the correct "answer".')
    elif qtype is QuestionType.MULTIPLE_CHOICE:
        if not isinstance(answer, str):
            c.add(where, f"must be one of the choices (a string), not {_kind(answer)}.")
        elif choices and answer not in choices:
            c.add(where, _not_a_choice(answer, choices))
    elif qtype is QuestionType.TRUE_FALSE:
        if not isinstance(answer, bool):
            c.add(where, f"must be true or false (JSON booleans, no quotes), not {_show(answer)}.")
    elif qtype is QuestionType.MULTI_SELECT:
        if not isinstance(answer, list) or not answer:
            c.add(where, "must be a non-empty list of the right choices.")
        else:
            for i, pick in enumerate(answer):
                if choices and pick not in choices:
                    c.add(f"{where}[{i}]", _not_a_choice(pick, choices))
            if len(set(map(_show, answer))) != len(answer):
                c.add(where, "lists a choice twice; list each right choice once.")
    elif not isinstance(answer, str) or not answer.strip():
        c.add(where, f"must be a non-empty string, not {_show(answer)}.")
    elif len(answer) > MAX_TEXT:
        c.add(where, f"is over the limit of {MAX_TEXT:,} characters.")
    else:
        c.encodes(answer, where)
    return answer


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
