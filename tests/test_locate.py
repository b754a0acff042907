"""`locate.load_indexed` parses exactly as `json.loads` does, and the offsets it notes
find every path where a whole scan finds it."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.locate import NOWHERE, load_indexed, offsets

SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=12,
)
DOCUMENTS = st.dictionaries(st.sampled_from(["questions", "id", "a b", "x"]), VALUES) | VALUES
LAYOUTS = st.sampled_from(
    [{}, {"indent": 2}, {"indent": 0}, {"separators": (",", ":")}, {"separators": (" , ", " : ")}]
)


def _outcome(parse: Any) -> tuple[str, Any]:
    """What parsing gives: the value (pairs kept in order, repeats and all) or the error."""
    try:
        return "value", parse()
    except json.JSONDecodeError as exc:
        return "error", (exc.msg, exc.pos)


def _paths(value: Any, path: str = "$") -> list[str]:
    out = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            out += _paths(inner, f"{path}[{json.dumps(key)}]")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            out += _paths(inner, f"{path}[{index}]")
    return out


@settings(max_examples=100, deadline=None)
@given(
    DOCUMENTS,
    LAYOUTS,
    st.integers(0, 10**6),
    st.sampled_from(["", " ", "]", ",", "}", "{", "1"]),
    st.booleans(),
)
def test_it_parses_as_json_loads_does_broken_or_not(
    document: Any, layout: dict[str, Any], spot: int, edit: str, at_end: bool
) -> None:
    text = " " + json.dumps(document, **layout) + "\n"
    if at_end:  # something after the document
        text += edit
    elif edit:  # broken in one place (or, by chance, still whole)
        at = spot % len(text)
        text = text[:at] + edit + text[at + 1 :]
    expected = _outcome(lambda: json.loads(text, object_pairs_hook=list))
    assert _outcome(lambda: load_indexed(text, list)[0]) == expected


@settings(max_examples=100, deadline=None)
@given(DOCUMENTS, LAYOUTS, st.data())
def test_noted_offsets_find_each_path_where_a_scan_does(
    document: Any, layout: dict[str, Any], data: st.DataObject
) -> None:
    text = json.dumps(document, **layout)
    _, index = load_indexed(text, dict)
    if isinstance(document, dict):
        arrays = [key for key, value in document.items() if isinstance(value, list)]
        assert sorted(index.arrays) == sorted(arrays)
    else:
        assert index == NOWHERE
    every = _paths(document)
    missing = [f"{path}[7]" for path in every] + [f"{path}.gone" for path in every]
    wanted = data.draw(st.lists(st.sampled_from(every + missing), max_size=6))
    assert offsets(text, wanted, index=index) == offsets(text, wanted)
