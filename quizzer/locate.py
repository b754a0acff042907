"""Finds where a JSON path such as `$.questions[3].answer` sits in a file, as line and column.

Python's json module tells where broken JSON breaks but not where a value is, and a
deck author needs the line of the bad `answer`, not only its path. The scan descends
only into the parts of the document that lead to a wanted path and skips everything
else with the json module's C scanner, so locating a few problems in a
100,000-question deck costs little.
"""

import json
import re
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, cast

Step = str | int
Steps = tuple[Step, ...]

# Paths are written and read only where there are problems: `re` compiles these on first use.
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_STEP = r'\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]'
_SPACE = re.compile(r"[ \t\n\r]*")
_COMMA = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")
# The standard library's own scanners (json.decoder's, in C where available): a value's end
# is found exactly as json.loads would find it. typeshed does not declare them.
scanstring = cast(Any, json.decoder).scanstring
_scan_once = cast(Any, json.JSONDecoder()).scan_once


class Position(NamedTuple):
    """A place in a file: 1-based line, and 1-based column counted in characters."""

    line: int
    column: int


def key_path(base: str, key: str) -> str:
    """The path of member `key` of the object at `base`: `$.title`, or `$["odd key"]`."""
    if re.fullmatch(_NAME, key):
        return f"{base}.{key}"
    return f"{base}[{json.dumps(key, ensure_ascii=False)}]"


def parse_path(path: str) -> Steps:
    """`$.questions[3].answer` as ("questions", 3, "answer"); the inverse of `key_path`."""
    if not path.startswith("$"):
        raise ValueError(f"not a JSON path: {path!r}")
    steps: list[Step] = []
    at = 1
    while at < len(path):
        found = re.compile(_STEP).match(path, at)
        if found is None:
            raise ValueError(f"not a JSON path: {path!r}")
        name, index, quoted = found.groups()
        steps.append(name if name is not None else int(index) if index else json.loads(quoted))
        at = found.end()
    return tuple(steps)


class Index(NamedTuple):
    """Where each element of the top object's arrays starts, noted while parsing, and the
    offset just past each array: by member key."""

    arrays: dict[str, tuple[list[int], int]]


NOWHERE = Index({})  # nothing noted: every path is found by scanning


def load_indexed(text: str, hook: Callable[[list[tuple[str, Any]]], Any]) -> tuple[Any, Index]:
    """`json.loads(text, object_pairs_hook=hook)`, noting the Index on the way, so that
    locating problems in a 100,000-question deck need not scan all of it again (0.8 s).

    The top object is walked here and every value in it parsed by the json module's own
    scanner; anything else (another document, or broken JSON) is left to `json.loads`,
    whose errors are the ones to report, with an empty Index.
    """
    try:
        return _load_indexed(text, hook)
    except (ValueError, StopIteration, RecursionError):
        return json.loads(text, object_pairs_hook=hook), NOWHERE


def _load_indexed(text: str, hook: Callable[[list[tuple[str, Any]]], Any]) -> tuple[Any, Index]:
    scan = cast(Any, json.JSONDecoder(object_pairs_hook=hook)).scan_once
    at = _space(text, 0)
    if not text.startswith("{", at):
        raise ValueError("not an object")
    pairs: list[tuple[str, Any]] = []
    arrays: dict[str, tuple[list[int], int]] = {}
    at = _space(text, at + 1)
    empty = text.startswith("}", at)
    while not empty:
        if not text.startswith('"', at):
            raise ValueError("not a key")
        key, at = scanstring(text, at + 1)
        at = _space(text, at)
        if not text.startswith(":", at):
            raise ValueError("no colon")
        at = _space(text, at + 1)
        if text.startswith("[", at):
            value, starts, at = _array(text, at, scan)
            arrays[key] = (starts, at)
        else:
            value, at = scan(text, at)
        pairs.append((key, value))
        at = _space(text, at)
        if text.startswith("}", at):
            break
        if not text.startswith(",", at):
            raise ValueError("no comma")
        at = _space(text, at + 1)
    if _space(text, at + 1) != len(text):
        raise ValueError("extra data")
    return hook(pairs), Index(arrays)


def _array(
    text: str, at: int, scan: Callable[[str, int], tuple[Any, int]]
) -> tuple[Any, list[int], int]:
    """The array at `at`, where each of its elements starts, and the offset past it."""
    values: list[Any] = []
    starts: list[int] = []
    at = _space(text, at + 1)
    if text.startswith("]", at):
        return values, starts, at + 1
    comma = _COMMA.match
    while True:
        starts.append(at)
        value, at = scan(text, at)
        values.append(value)
        found = comma(text, at)
        if found is None:
            break
        at = found.end()
    at = _space(text, at)
    if not text.startswith("]", at):
        raise ValueError("no comma")
    return values, starts, at + 1


class _Scan:
    """One walk over a document, recording the offsets of the nodes of a path trie."""

    def __init__(self, text: str, index: Index) -> None:
        self.text = text
        self.arrays = {(key,): found for key, found in index.arrays.items()}
        self.values: dict[Steps, int] = {}
        self.keys: dict[Steps, int] = {}

    def skip(self, at: int) -> int:
        try:
            return int(_scan_once(self.text, at)[1])
        except StopIteration:
            raise ValueError(f"no JSON value at offset {at}") from None

    def value(self, at: int, steps: Steps, wanted: dict[Step, Any]) -> int:
        """Record where the value at `steps` starts; return the offset just past it."""
        self.values[steps] = at
        if not wanted:
            return self.skip(at)
        text = self.text
        if text.startswith("{", at):
            at = _space(text, at + 1)
            if text.startswith("}", at):
                return at + 1
            while True:
                key, after = scanstring(text, at + 1)
                child = wanted.get(key)
                here = (*steps, key)
                value_at = _space(text, _space(text, after) + 1)  # past the colon
                if child is None:
                    at = self.skip(value_at)
                else:
                    self.keys[here] = at
                    at = self.value(value_at, here, child)
                at = _space(text, at)
                if not text.startswith(",", at):
                    return at + 1
                at = _space(text, at + 1)
        if text.startswith("[", at):
            if steps in self.arrays:  # its elements' offsets are known: go to the wanted ones
                starts, end = self.arrays[steps]
                for index, child in wanted.items():
                    if not isinstance(index, int) or index >= len(starts):
                        continue
                    if child:
                        self.value(starts[index], (*steps, index), child)
                    else:  # nothing wanted inside: no need to scan it
                        self.values[(*steps, index)] = starts[index]
                return end
            at = _space(text, at + 1)
            if text.startswith("]", at):
                return at + 1
            index = 0
            while True:
                child = wanted.get(index)
                at = self.skip(at) if child is None else self.value(at, (*steps, index), child)
                at = _space(text, at)
                if not text.startswith(",", at):
                    return at + 1
                at = _space(text, at + 1)
                index += 1
        return self.skip(at)


def _trie(paths: Iterable[Steps]) -> dict[Step, Any]:
    root: dict[Step, Any] = {}
    for steps in paths:
        node = root
        for step in steps:
            node = node.setdefault(step, {})
    return root


def offsets(
    text: str, paths: Iterable[str], *, keys: Iterable[str] = (), index: Index = NOWHERE
) -> dict[str, int]:
    """Character offsets in `text` (valid JSON) of each path in `paths` and `keys`.

    A path in `paths` maps to the start of its value, one in `keys` to its member's key.
    A path that is not in the document maps to its nearest ancestor that is, so a
    missing `answer` points at its question. `index`: what `load_indexed` noted.
    """
    wanted = {path: parse_path(path) for path in (*paths, *keys)}
    scan = _Scan(text, index)
    scan.value(_space(text, 0), (), _trie(wanted.values()))
    by_key = set(keys)
    found: dict[str, int] = {}
    for path, steps in wanted.items():
        if path in by_key and steps in scan.keys:
            found[path] = scan.keys[steps]
            continue
        for end in range(len(steps), -1, -1):
            if steps[:end] in scan.values:
                found[path] = scan.values[steps[:end]]
                break
    return found


def positions(text: str, spots: Iterable[int]) -> dict[int, Position]:
    """Line and column of each character offset, counting newlines once for all of them."""
    out: dict[int, Position] = {}
    line, counted = 1, 0
    for spot in sorted(set(spots)):
        line += text.count("\n", counted, spot)
        counted = spot
        out[spot] = Position(line, spot - text.rfind("\n", 0, spot))
    return out


def duplicate_keys(text: str) -> list[tuple[str, str, int]]:
    """The path, key and offset of every key that repeats an earlier key of its object.

    It walks the whole document in Python: only for a file known to repeat a key.
    """
    found: list[tuple[str, str, int]] = []

    def walk(at: int, path: str) -> int:
        if text.startswith("{", at):
            seen: set[str] = set()
            at = _space(text, at + 1)
            if text.startswith("}", at):
                return at + 1
            while True:
                key, after = scanstring(text, at + 1)
                member = key_path(path, key)
                if key in seen:
                    found.append((member, key, at))
                seen.add(key)
                at = _space(text, walk(_space(text, _space(text, after) + 1), member))
                if not text.startswith(",", at):
                    return at + 1
                at = _space(text, at + 1)
        if text.startswith("[", at):
            at = _space(text, at + 1)
            if text.startswith("]", at):
                return at + 1
            index = 0
            while True:
                at = _space(text, walk(at, f"{path}[{index}]"))
                if not text.startswith(",", at):
                    return at + 1
                at = _space(text, at + 1)
                index += 1
        return int(_scan_once(text, at)[1])

    walk(_space(text, 0), "$")
    return found


def _space(text: str, at: int) -> int:
    found = _SPACE.match(text, at)
    return found.end() if found else at
