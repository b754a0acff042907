"""Mutated and broken decks never crash the loader or `quiz deck validate` (hypothesis).

Mutations start from the built-in decks: keys deleted, values of the wrong type, random
bytes inserted, the file cut short, values nested deep, keys repeated, bytes that are
not UTF-8. The number of examples is bounded so the suite stays quick; the seed is fixed
so a failure shows again on the next run.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import QUIZ
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzer.decks import builtin_dir, load_file
from quizzer.errors import DeckError

SOURCES = [f.read_bytes() for f in sorted(builtin_dir().glob("*.json"))]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _containers(node: Any, out: list[Any]) -> list[Any]:
    if isinstance(node, (dict, list)):
        out.append(node)
        for child in node.values() if isinstance(node, dict) else node:
            _containers(child, out)
    return out


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A built-in deck with one or two mutations."""
    raw = draw(st.sampled_from(SOURCES))
    for _ in range(draw(st.integers(1, 2))):
        kind = draw(
            st.sampled_from(["delete", "retype", "bytes", "truncate", "nest", "repeat", "latin1"])
        )
        if kind in ("delete", "retype", "nest"):
            try:
                data = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                continue
            nodes = [n for n in _containers(data, []) if n]
            if not nodes:
                continue
            node = draw(st.sampled_from(nodes))
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            key = draw(st.sampled_from(keys))
            if kind == "delete":
                del node[key]
            elif kind == "retype":
                node[key] = draw(JSON_VALUES)
            else:
                value = node[key]
                for _ in range(draw(st.sampled_from([2, 20, 200, 5000]))):
                    value = [value]
                node[key] = value
            try:
                raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
            except RecursionError:
                raw = b"[" * 5000 + raw + b"]" * 5000
        elif kind == "bytes":
            at = draw(st.integers(0, len(raw)))
            raw = raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
        elif kind == "truncate":
            raw = raw[: draw(st.integers(0, len(raw)))]
        elif kind == "repeat":
            at = raw.find(b"{") + 1
            raw = raw[:at] + b'"id": "again", ' + raw[at:]
        else:
            raw = raw.decode("utf-8", "replace").encode("latin-1", "replace")
    return raw


def _write(folder: str, raw: bytes) -> Path:
    path = Path(folder) / "mutant.json"
    path.write_bytes(raw)
    return path


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_the_loader_returns_a_deck_or_a_deck_error_naming_the_file(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, raw)
        try:
            deck = load_file(path)
        except DeckError as exc:
            assert exc.exit_code == 2
            assert str(path) in exc.message
        else:
            assert deck.questions


@pytest.mark.e2e
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_validate_in_a_process_never_shows_a_traceback(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, raw)
        done = subprocess.run(
            [QUIZ, "deck", "validate", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            env={"QUIZZER_HOME": folder, "PATH": "/usr/bin:/bin"},
        )
        assert "Traceback" not in done.stdout + done.stderr
        assert "internal error" not in done.stderr
        assert str(path) in done.stdout + done.stderr
        try:
            load_file(path)
            valid = True
        except DeckError:
            valid = False
        assert done.returncode == (0 if valid else 2), done.stdout + done.stderr
