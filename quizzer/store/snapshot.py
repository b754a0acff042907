"""state.json: the data format, the recovery marks, and what is derived from the answers.

The derived part (totals, cards) belongs to the projection the store is handed; the store
keeps it as tables it never reads into. The marks say which steps of a fold or a reset a
killed run left half done (ARCHITECTURE.md describes each).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from quizzer.models import Answer
from quizzer.store.tables import StorageClass, TableFile, damaged

# 3 had no review states; 2 no study days; 1 no cards; 0 kept every answer in one history.json
FORMAT = 4
META = "meta"

D = TypeVar("D")
Tables = dict[str, list[dict[str, Any]]]
SessionKey = tuple[str, str]  # (session, deck)


class Projection(Protocol[D]):
    """Computes what is derived from the answer history; the store keeps and files it."""

    def tables(self) -> tuple[str, ...]:
        """The state.json tables the derived data is kept in."""

    def load(self, tables: Tables) -> D:
        """Derived data from its tables (empty lists for a new directory)."""

    def dump(self, derived: D) -> Tables:
        """Derived data as tables of JSON-ready rows."""

    def file(
        self, derived: D, answers: list[Answer], sessions: dict[SessionKey, dict[str, Any]]
    ) -> tuple[dict[SessionKey, dict[str, Any]], set[str]]:
        """Fold new answers of one week (oldest first) into `derived`.

        `sessions` holds that week's session rows so far; returns the rows that changed and
        the question keys whose cards must be replayed from their whole history (an answer
        arrived that is older than the card's last review).
        """

    def session_rows(
        self, answers: list[Answer], sessions: dict[SessionKey, dict[str, Any]]
    ) -> dict[SessionKey, dict[str, Any]]:
        """The session rows `file` would return, without touching the derived data."""

    def replay(self, derived: D, keys: set[str], answers: list[Answer]) -> None:
        """Rebuild the cards of `keys` from all their answers (oldest first)."""

    def recount(self, derived: D, decks: set[str], answers: list[Answer]) -> None:
        """Recompute what is derived for `decks` from all their answers (oldest first):
        after an undo, what an answer added cannot simply be taken away."""

    def key(self, answer: Answer) -> str:
        """The question key an answer's card is kept under."""

    def rebuild(self, answers: Any) -> D:
        """Everything derived, from every answer of the history in time order."""

    def compare(self, stored: D, rebuilt: D) -> list[tuple[str, bool]]:
        """Which parts of stored data agree with a rebuild, e.g. [("totals", True)]."""


@dataclass
class Marks:
    """Steps a killed run may have left half done; the next run finishes them."""

    # batch name -> the weeks whose answers are counted in the derived data already
    # (their week file may still lack them)
    applied: dict[str, list[str]] = field(default_factory=dict)
    # question keys whose cards must be replayed from their whole history
    replay: list[str] = field(default_factory=list)
    # a confirmed reset not finished yet: a deck id, or "*" for all decks
    forget: str | None = None
    # decks with an answer undone after it was filed: totals to recount, rows to remove
    recount: list[str] = field(default_factory=list)

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> Marks:
        applied = meta.get("applied") or {}
        if "batch" in applied:  # written by quizzer 0.1: one batch at a time
            applied = {applied["batch"]: applied.get("weeks", [])}
        return cls(
            dict(applied),
            list(meta.get("replay", [])),
            meta.get("forget"),
            list(meta.get("recount", [])),
        )

    def copy(self) -> Marks:
        """A copy that shares no list with this one."""
        applied = {batch: list(weeks) for batch, weeks in self.applied.items()}
        return Marks(applied, list(self.replay), self.forget, list(self.recount))

    def to_meta(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.applied:
            out["applied"] = self.applied
        if self.replay:
            out["replay"] = sorted(self.replay)
        if self.forget:
            out["forget"] = self.forget
        if self.recount:
            out["recount"] = sorted(self.recount)
        return out


@dataclass
class Snapshot(Generic[D]):
    """state.json read into memory."""

    format: int
    marks: Marks
    derived: D


def read_format(path: Path, storage: StorageClass) -> int | None:
    """The data format state.json was written in, or None when there is none yet."""
    docs = list(TableFile(path, storage).rows(META).values())
    if not docs:
        return None
    found = docs[0].get("format", 0)
    if not isinstance(found, int) or isinstance(found, bool):
        raise damaged(path, "its format is not a number")
    return found


def read_marks(path: Path, storage: StorageClass) -> Marks:
    """Only the recovery marks of state.json: most reads just look for unfinished steps,
    and loading the derived data for them would cost each fold several loads."""
    docs = list(TableFile(path, storage).rows(META).values())
    try:
        return Marks.from_meta(docs[0] if docs else {})
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise damaged(path, f"a row of the wrong shape ({type(exc).__name__}: {exc})") from None


def read(path: Path, storage: StorageClass, projection: Projection[D]) -> Snapshot[D]:
    """state.json as a Snapshot (an empty one when the file does not exist)."""
    file = TableFile(path, storage)
    docs = list(file.rows(META).values())
    meta = docs[0] if docs else {"format": FORMAT}
    try:
        derived = projection.load(
            {name: list(file.rows(name).values()) for name in projection.tables()}
        )
        marks = Marks.from_meta(meta)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise damaged(path, f"a row of the wrong shape ({type(exc).__name__}: {exc})") from None
    return Snapshot(meta.get("format", 0), marks, derived)


def write(
    path: Path, storage: StorageClass, projection: Projection[D], snapshot: Snapshot[D]
) -> None:
    """Replace state.json with `snapshot`, in one atomic write (it holds nothing else)."""
    file = TableFile(path, storage, new=True)
    file.replace(META, [{"format": FORMAT, **snapshot.marks.to_meta()}])
    for name, rows in projection.dump(snapshot.derived).items():
        file.replace(name, rows)
    file.save()
