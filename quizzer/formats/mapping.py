"""Reads the `--map` text of `quiz deck import FILE.json`: which JSON paths hold what.

`--map prompt=PATH,answer=PATH[,choices=PATH][,explanation=PATH][,tags=PATH][,id=PATH]
[,title=PATH][,type=TYPE]`. A PATH is a small subset of JSONPath (formats/jsonmap.py
evaluates it; no library is needed for it): names joined by dots, `[N]` for the Nth
item (from 0), `["odd key"]` for a key with dots, spaces or commas, and exactly one
`[*]` (or `.*`), the list whose items become questions: `questions[*].question`,
`[*].answer`, `data.items[*].q`, `$.cards[*].front`. `choices` and `tags` may join
several paths with `+` (`choices=[*].incorrect_answers+[*].correct_answer`), and a last
`[*]` on them reads the list's items, as without it; `title` is a path without `[*]`;
`type=` forces one question type for every item.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from quizzer.errors import BadInput
from quizzer.models import QuestionType

KEYS = ("prompt", "answer", "choices", "explanation", "tags", "id", "title", "type")
# Keys whose paths may be joined with `+` and may end in a `[*]` over a list of strings.
_LISTS = ("choices", "tags")
# A cloze has text with blanks, not a prompt and an answer: it cannot be mapped from them.
_TYPES = {t.value: t for t in QuestionType if t.value != "cloze"}
_WITH_CHOICES = (QuestionType.MULTIPLE_CHOICE, QuestionType.MULTI_SELECT)
_STEP = re.compile(
    r"""(?P<dot>\.)?(?:(?P<name>[^.\[\]\s"'*]+)|(?P<star>\*))
      |\[\s*(?:(?P<index>\d+)|(?P<all>\*)|"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>[^']*)')\s*\]""",
    re.VERBOSE,
)
_SYNTAX = (
    "write names joined by dots, [N] for the Nth item (from 0), [*] for every item and "
    '["odd key"] for a key with dots or spaces, e.g. questions[*].answer'
)

Step = str | int | None  # None is `[*]`


@dataclass(frozen=True)
class JsonPath:
    """One path of a mapping, as written and as steps."""

    key: str
    text: str
    steps: tuple[Step, ...]

    def __str__(self) -> str:
        return f"{self.key}={self.text}"

    @property
    def wildcards(self) -> int:
        return self.steps.count(None)


@dataclass(frozen=True)
class Mapping:
    """What `--map` says: the paths of each question field, and a forced type."""

    prompt: JsonPath
    answer: JsonPath
    choices: tuple[JsonPath, ...] = ()
    explanation: JsonPath | None = None
    tags: tuple[JsonPath, ...] = ()
    id: JsonPath | None = None
    title: JsonPath | None = None
    type: QuestionType | None = None

    def text(self) -> str:
        """The mapping written back as `--map` text (for the dry run)."""
        parts = [str(self.prompt), str(self.answer)]
        for key, paths in (("choices", self.choices), ("tags", self.tags)):
            if paths:
                parts.append(f"{key}=" + "+".join(p.text for p in paths))
        parts += [str(p) for p in (self.explanation, self.id, self.title) if p is not None]
        if self.type is not None:
            parts.append(f"type={self.type.value}")
        return ",".join(parts)


def _split(text: str, separator: str) -> list[str]:
    """`text` cut at `separator`, except inside quotes (a quoted key may hold one)."""
    parts, quote, start = [], "", 0
    for at, char in enumerate(text):
        if quote:
            quote = "" if char == quote and text[at - 1] != "\\" else quote
        elif char in "\"'":
            quote = char
        elif char == separator:
            parts.append(text[start:at])
            start = at + 1
    parts.append(text[start:])
    return [part.strip() for part in parts]


def parse_path(key: str, text: str) -> JsonPath:
    """One PATH of `--map` as steps; BadInput says where its syntax breaks."""
    at = 1 if text.startswith("$") else 0
    if not text[at:]:
        raise BadInput(f"--map {key}= has no path; {_SYNTAX}.")
    steps: list[Step] = []
    while at < len(text):
        found = _STEP.match(text, at)
        bare = found is not None and (found["name"] or found["star"]) and not found["dot"]
        if found is None or (bare and steps):
            raise BadInput(
                f"--map {key}={text}: cannot read the path at character {at + 1} "
                f"({text[at:]!r}); {_SYNTAX}."
            )
        if found["name"] is not None:
            steps.append(found["name"])
        elif found["index"] is not None:
            steps.append(int(found["index"]))
        elif found["dq"] is not None:
            steps.append(json.loads(f'"{found["dq"]}"'))
        elif found["sq"] is not None:
            steps.append(found["sq"])
        else:
            steps.append(None)
        at = found.end()
    return JsonPath(key, text, tuple(steps))


def _row_path(key: str, text: str) -> JsonPath:
    path = parse_path(key, text)
    lists = key in _LISTS and path.steps[-1] is None
    wildcards = path.wildcards - lists
    if wildcards != 1:
        raise BadInput(
            f"--map {path}: a path needs exactly one [*], the list whose items are the "
            f"questions (this one has {wildcards}), e.g. questions[*].{key}."
        )
    return path if not lists else JsonPath(key, text, path.steps[:-1])


def parse_mapping(text: str) -> Mapping:
    """The `--map` text as a Mapping; BadInput for an unknown key, a bad path or a missing one."""
    found: dict[str, str] = {}
    for item in _split(text, ","):
        key, equals, value = (part.strip() for part in item.partition("="))
        if not equals:
            raise BadInput(
                f"--map: {item!r} is not KEY=PATH; write e.g. "
                "prompt=questions[*].question,answer=questions[*].answer."
            )
        if key not in KEYS:
            raise BadInput(f"--map: unknown key {key!r}; use {', '.join(KEYS)}.")
        if key in found:
            raise BadInput(f"--map: {key}= is given twice; give it once.")
        found[key] = value
    missing = [key for key in ("prompt", "answer") if key not in found]
    if missing:
        raise BadInput(f"--map has no {' or '.join(missing)}=; both are needed.")
    forced = _forced_type(found.get("type"))
    if forced is not None and forced not in _WITH_CHOICES and "choices" in found:
        raise BadInput(f"--map: type={forced.value} takes no choices; leave out choices=.")
    title = parse_path("title", found["title"]) if "title" in found else None
    if title is not None and title.wildcards:
        raise BadInput(f"--map {title}: the title is one value; write a path without [*].")

    def one(key: str) -> JsonPath | None:
        return _row_path(key, found[key]) if key in found else None

    def joined(key: str) -> tuple[JsonPath, ...]:
        return tuple(_row_path(key, part) for part in _split(found.get(key, ""), "+") if part)

    return Mapping(
        prompt=_row_path("prompt", found["prompt"]),
        answer=_row_path("answer", found["answer"]),
        choices=joined("choices"),
        explanation=one("explanation"),
        tags=joined("tags"),
        id=one("id"),
        title=title,
        type=forced,
    )


def _forced_type(value: str | None) -> QuestionType | None:
    if value is None:
        return None
    if value not in _TYPES:
        raise BadInput(f"--map: type={value!r} is not a question type; use {', '.join(_TYPES)}.")
    return _TYPES[value]
