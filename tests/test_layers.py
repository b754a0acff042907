"""The project's layers (ARCHITECTURE.md), held by reading every module's imports.

Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

import quizzer

PACKAGE = Path(quizzer.__file__).parent


def module_name(file: Path) -> str:
    parts = file.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(file: Path) -> set[str]:
    """The quizzer modules a file imports (`quizzer.x.y`), wherever the import stands."""
    names: set[str] = set()
    package = (
        module_name(file) if file.name == "__init__.py" else module_name(file).rpartition(".")[0]
    )
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in names if name == "quizzer" or name.startswith("quizzer.")}


@functools.cache
def _graph() -> dict[str, frozenset[str]]:
    return {module_name(file): frozenset(imports_of(file)) for file in PACKAGE.rglob("*.py")}


def modules() -> dict[str, set[str]]:
    """Each module's quizzer imports (the files are read once per process)."""
    return {name: set(imported) for name, imported in _graph().items()}


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(graph: dict[str, set[str]]) -> list[str]:
    """Every import that crosses a layer the wrong way."""
    found = []
    known = set(graph)
    for module, imported in sorted(graph.items()):
        # `from quizzer.x import name` also lists quizzer.x.name: keep real modules only.
        targets = {name for name in imported if name in known}
        if module in ("quizzer.errors", "quizzer.models"):
            bad = targets - {"quizzer"}
        elif module == "quizzer.clock":
            bad = targets - {"quizzer", "quizzer.errors"}
        elif _within(module, "quizzer.cli") or module == "quizzer.__main__":
            bad = set()  # the wiring may import anything
        elif _within(module, "quizzer.ui"):
            bad = {t for t in targets if _within(t, "quizzer.cli") or _within(t, "quizzer.store")}
        else:  # the domain and the store
            bad = {t for t in targets if _within(t, "quizzer.cli") or _within(t, "quizzer.ui")}
            if not _within(module, "quizzer.store"):
                bad |= {t for t in targets if _within(t, "quizzer.store")}
        found += [f"{module} imports {target}" for target in sorted(bad)]
    return found


def test_every_module_keeps_to_its_layer() -> None:
    assert violations(modules()) == []


@pytest.mark.parametrize(
    ("module", "imports", "why"),
    [
        ("quizzer.deckview", "quizzer.ui.feedback", "a domain module imports ui"),
        ("quizzer.session", "quizzer.cli.common", "a domain module imports cli"),
        ("quizzer.ui.render", "quizzer.store", "ui imports the store"),
        ("quizzer.models", "quizzer.clock", "models imports quizzer"),
        ("quizzer.clock", "quizzer.paths", "clock imports more than errors"),
        ("quizzer.stats", "quizzer.store.facade", "the domain imports the store"),
    ],
)
def test_the_check_catches_a_crossing(module: str, imports: str, why: str) -> None:
    graph = modules()
    graph[module] = {*graph[module], imports}
    assert violations(graph) == [f"{module} imports {imports}"], why
