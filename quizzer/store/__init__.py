"""The learner's answer history: see quizzer.store.facade and ARCHITECTURE.md."""

from quizzer.store.doctor import Finding
from quizzer.store.facade import Store
from quizzer.store.merge import ImportReport
from quizzer.store.snapshot import FORMAT, Projection

__all__ = ["FORMAT", "Finding", "ImportReport", "Projection", "Store"]
