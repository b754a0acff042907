"""The checks of single fields of a deck (text, lists of text, ids, sources, grading), each
problem recorded with its JSON path; quizzer.deckcheck checks the deck as a whole."""

from __future__ import annotations

import json
from typing import Any

from quizzer.deckfile import WARNING, Problem
from quizzer.grading import read_rules
from quizzer.locate import key_path
from quizzer.models import GradingRules, is_id
from quizzer.text import clean, surrogate_at

MAX_TEXT = 10_000


class Checker:
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
            self.add(where, f"must be a string, not {kind(value)}.")
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
            self.add(where, f"must be a list of strings, not {kind(value)}.")
            return ()
        good = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add(f"{where}[{i}]", f"must be a non-empty string, not {show(item)}.")
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
            f"{show(value)} is not a valid id; use 1-64 lowercase letters, "
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
            return cleaned(value) if self.encodes(value, f"{path}.source") else None
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


def kind(value: Any) -> str:
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


def show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def cleaned(text: str) -> str:
    """Deck text made safe to show (quizzer.text.clean), quickly for ordinary text."""
    # isprintable() is one C call and true for almost all deck text; clean() is a regex.
    return text if text.isprintable() else clean(text)


def cleaned_all(texts: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if "".join(texts).isprintable():
        return tuple(texts)
    return tuple(clean(t) for t in texts)


def loose(text: str) -> str:
    """Text compared the way a learner reads it: case and spacing ignored."""
    return " ".join(text.split()).casefold()
