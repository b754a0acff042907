"""The learner's answer history: see quizzer.store.facade and ARCHITECTURE.md.

The names below load on first use, so what needs only a path of the data directory
(`quizzer.store.datadir`, for `quiz sync` with nothing to do) loads no TinyDB.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizzer.store.doctor import Finding
    from quizzer.store.facade import Store
    from quizzer.store.merge import ImportReport
    from quizzer.store.snapshot import FORMAT, Projection

__all__ = ["FORMAT", "Finding", "ImportReport", "Projection", "Store"]

_MODULES = {
    "FORMAT": "snapshot",
    "Finding": "doctor",
    "ImportReport": "merge",
    "Projection": "snapshot",
    "Store": "facade",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
