"""Reads any JSON quiz file through a mapping (formats/mapping.py) of paths to question fields.

- Every path is evaluated once per item of its list. Paths over the same list read the
  same item; paths over different lists (parallel lists) must match as many items as
  the prompt's path.
- The type: `type=` forces one; otherwise an item with choices is multiple_choice and
  one without is a flashcard (as csv rows become flashcards unless told otherwise: a
  flashcard never marks a right answer wrong; force short_answer for short, exact
  answers).
- Text must be JSON strings: a number is refused rather than turned into text, because
  the likeliest number is a position in a list (`"answer": 0`), whose text is wrong.
  true_false answers may be JSON booleans, multi_select answers lists of strings, ids
  whole numbers.
- An item without a prompt or an answer, or with a value of the wrong kind, is a row
  that cannot be converted (named by its line, and by its JSON path for files on one
  line); a path that matches nothing in any item, or only values of the wrong kind, is
  an error naming the path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from quizzer.errors import BadInput
from quizzer.formats import Converted, RowNote
from quizzer.formats.mapping import JsonPath, Mapping, Step
from quizzer.locate import key_path, offsets, positions
from quizzer.models import QuestionType
from quizzer.text import clean


@dataclass(frozen=True)
class _Miss:
    """Why an item gives no value for a path: it has none (`absent`), or one of the wrong kind."""

    why: str
    absent: bool = False


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    names = {dict: "an object", list: "a list", str: "text", int: "a number", float: "a number"}
    return names.get(type(value), "null")


def _keys(value: Any) -> str:
    keys = sorted(value)[:10] if isinstance(value, dict) else []
    return f" (its keys: {', '.join(keys)})" if keys else ""


def _step_text(where: str, step: Step) -> str:
    return f"{where}[{step}]" if isinstance(step, int) else key_path(where, str(step))


def _walk(value: Any, steps: tuple[Step, ...], where: str) -> tuple[Any, str] | _Miss:
    """The value at `steps` below `value` (at `where`), or why there is none."""
    for step in steps:
        if isinstance(step, int):
            if not isinstance(value, list) or step >= len(value):
                size = f"a list of {len(value)}" if isinstance(value, list) else _kind(value)
                return _Miss(f"{where} is {size}, with no item [{step}]", absent=True)
        elif not isinstance(value, dict) or step not in value:
            what = "has no key"
            if not isinstance(value, dict):
                what = f"is {_kind(value)}, not an object with"
            name = json.dumps(step, ensure_ascii=False)
            return _Miss(f"{where} {what} {name}{_keys(value)}", absent=True)
        value, where = value[step], _step_text(where, step)
    return value, where


@dataclass
class _Column:
    """What one path finds in each item of its list (a _Miss where it finds nothing)."""

    path: JsonPath
    where: str  # the list, as a JSON path
    values: list[Any | _Miss] = field(default_factory=list)


def _column(data: Any, path: JsonPath) -> _Column:
    cut = path.steps.index(None)
    found = _walk(data, path.steps[:cut], "$")
    if isinstance(found, _Miss):
        raise BadInput(f"--map {path} matches nothing: {found.why}.")
    items, where = found
    if not isinstance(items, list):
        raise BadInput(
            f"--map {path} matches nothing: [*] needs a list at {where}, which is "
            f"{_kind(items)}{_keys(items)}."
        )
    if not items:
        raise BadInput(f"--map {path} matches nothing: {where} is an empty list.")
    rest = path.steps[cut + 1 :]
    values: list[Any | _Miss] = []
    for i, item in enumerate(items):
        got = _walk(item, rest, f"{where}[{i}]")
        if not isinstance(got, _Miss) and got[0] is None:
            got = _Miss(f"{got[1]} is null", absent=True)
        values.append(got if isinstance(got, _Miss) else got[0])
    if all(isinstance(v, _Miss) for v in values):
        seen = sorted({k for item in items if isinstance(item, dict) for k in item})[:10]
        keys = f" (their keys: {', '.join(seen)})" if seen else ""
        raise BadInput(
            f"--map {path} matches nothing in any of the {len(items)} items of {where}{keys}."
        )
    return _Column(path, where, values)


def _text(value: Any, path: JsonPath) -> str | _Miss:
    if not isinstance(value, str):
        return _Miss(f"--map {path} is {_kind(value)} here ({_shown(value)}), not text")
    if not value.strip():
        return _Miss(f"--map {path} is empty here")
    value = value.strip()
    return value if value.isprintable() else clean(value)  # isprintable: one fast C call


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _strings(value: Any, path: JsonPath) -> list[str] | _Miss:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        text = _text(item, path)
        if isinstance(text, _Miss):
            return text
        out.append(text)
    return out


def _answer(value: Any, path: JsonPath, qtype: QuestionType | None) -> Any:
    if qtype is QuestionType.TRUE_FALSE:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        return _Miss(f"--map {path} is {_shown(value)} here, not true or false")
    if qtype is QuestionType.MULTI_SELECT:
        return _strings(value, path)
    return _text(value, path)


def _ident(value: Any, path: JsonPath) -> str | _Miss:
    """Question ids may be whole numbers too (`"id": 7`): they are names, not answers."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(value, path)


def _converted(column: _Column, convert: Any, lines: list[int]) -> list[Any]:
    """Each item's value made into what the field takes (a _Miss where it cannot be).

    A path that finds only values of the wrong kind is a mistake in the mapping, not in
    the file: BadInput, naming the first such item.
    """
    out = [v if isinstance(v, _Miss) else convert(v, column.path) for v in column.values]
    if all(isinstance(v, _Miss) for v in out):
        first = next(i for i, v in enumerate(out) if not v.absent)
        hint = ""
        if isinstance(column.values[first], int):
            hint = "; if the number is a position in a list, map that list's item, e.g. LIST[0]"
        raise BadInput(
            f"{out[first].why} (line {lines[first]}), as in every item that has it; "
            f"map {column.path.key}= to text{hint}."
        )
    return out


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"line {exc.lineno}:{exc.colno}: broken JSON: {exc.msg}.") from None
    except RecursionError:
        raise BadInput("the JSON is nested too deeply to read.") from None


def _title(data: Any, path: JsonPath) -> str:
    found = _walk(data, path.steps, "$")
    if isinstance(found, _Miss):
        raise BadInput(f"--map {path} matches nothing: {found.why}.")
    title = _text(found[0], path)
    if isinstance(title, _Miss):
        raise BadInput(f"{title.why.replace(' here', '')}; map title= to text.")
    return title


def read_mapped(text: str, mapping: Mapping) -> Converted:
    """Questions from any JSON file, through `mapping`; items that cannot be used are noted."""
    data = _parsed(text)
    prompt = _column(data, mapping.prompt)
    count = len(prompt.values)
    spots = offsets(text, [f"{prompt.where}[{i}]" for i in range(count)])
    found = positions(text, spots.values())
    lines = [found[spots[f"{prompt.where}[{i}]"]].line for i in range(count)]
    columns: dict[str, list[list[Any]]] = {}
    converters = {"prompt": _text, "answer": lambda v, p: _answer(v, p, mapping.type)}
    converters |= {"explanation": _text, "id": _ident, "choices": _strings, "tags": _strings}
    for key, paths in _paths(mapping).items():
        for path in paths:
            column = prompt if path == mapping.prompt else _column(data, path)
            if len(column.values) != count:
                raise BadInput(
                    f"--map {path} matches {len(column.values)} items, but {mapping.prompt} "
                    f"matches {count}; map both to the same list, or to lists as long."
                )
            columns.setdefault(key, []).append(_converted(column, converters[key], lines))
    out = Converted()
    out.details.append(("format", "json (read through --map)"))
    out.details.append(("map", mapping.text()))
    out.details.append(("questions from", f"{prompt.where} ({count:,} items)"))
    if mapping.title is not None:
        out.title = _title(data, mapping.title)
        out.details.append(("title", out.title))
    for i, line in enumerate(lines):
        made = _question({key: [c[i] for c in cols] for key, cols in columns.items()}, mapping)
        if isinstance(made, _Miss):
            out.bad.append(RowNote(line, made.why + "."))
        else:
            out.questions.append((line, made))
    out.details.append(("rows", str(count)))
    return out


def _paths(mapping: Mapping) -> dict[str, tuple[JsonPath, ...]]:
    """The paths of each question field the mapping names."""
    out: dict[str, tuple[JsonPath, ...]] = {
        "prompt": (mapping.prompt,),
        "answer": (mapping.answer,),
    }
    if mapping.explanation is not None:
        out["explanation"] = (mapping.explanation,)
    if mapping.id is not None:
        out["id"] = (mapping.id,)
    if mapping.choices:
        out["choices"] = mapping.choices
    if mapping.tags:
        out["tags"] = mapping.tags
    return out


def _question(row: dict[str, list[Any]], mapping: Mapping) -> dict[str, Any] | _Miss:
    """One item as a question (with an id only if mapped), or why it cannot be one."""
    for key, path in (("prompt", mapping.prompt), ("answer", mapping.answer)):
        value = row[key][0]
        if isinstance(value, _Miss):
            return (
                _Miss(f"--map {path} matches nothing here: {value.why}") if value.absent else value
            )
    wrong = [v for values in row.values() for v in values if isinstance(v, _Miss) and not v.absent]
    if wrong:
        return wrong[0]
    got = {key: [v for v in values if not isinstance(v, _Miss)] for key, values in row.items()}
    choices = [choice for part in got.get("choices", []) for choice in part]
    qtype = mapping.type or (QuestionType.MULTIPLE_CHOICE if choices else QuestionType.FLASHCARD)
    question: dict[str, Any] = {"type": qtype.value, "prompt": got["prompt"][0]}
    if choices:
        question["choices"] = choices
    question["answer"] = got["answer"][0]
    for key in ("explanation", "id"):
        if got.get(key):
            question[key] = got[key][0]
    tags = [tag for part in got.get("tags", []) for tag in part]
    if tags:
        question["tags"] = list(dict.fromkeys(tags))
    return question
