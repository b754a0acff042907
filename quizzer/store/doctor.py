"""`quiz doctor`: what the data directory holds, whether the derived data agrees with the
history, and the rebuild that makes it agree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from quizzer.errors import DataError
from quizzer.models import Answer
from quizzer.store import batches, snapshot, undos, weeks
from quizzer.store.filing import Filing
from quizzer.store.snapshot import D, Marks, Snapshot


@dataclass
class Finding:
    """One line of `quiz doctor`'s report."""

    ok: bool
    message: str


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def strays(filing: Filing[D]) -> list[Finding]:
    """Files quizzer ignores, and journals set aside with lines it could not read."""
    folder = filing.folder
    found = [
        Finding(
            False,
            f"{path} is not one of quizzer's week files, so it is ignored; move it out of "
            f"{folder.history} (a copy a sync tool made holds no answers the week files lack).",
        )
        for path in weeks.strays(folder.history, filing.storage, known=(undos.FILE,))
    ]
    found += [
        Finding(False, f"{path} is not a pending batch, so it is ignored; move it aside.")
        for path in batches.strays(folder.pending)
    ]
    if folder.backups.is_dir():
        found += [
            Finding(
                False,
                f"{path} holds a journal with lines that could not be read; fix or delete "
                "those lines, `quiz history import` the file (answers you have are skipped), "
                "then delete it.",
            )
            for path in sorted(folder.backups.glob("journal-damaged-*.jsonl"))
        ]
    return found


def rebuilt(filing: Filing[D]) -> tuple[Snapshot[D] | None, list[Finding]]:
    """The state recomputed from the history, or None and why when a file is damaged."""
    count = 0

    def counted() -> Iterator[Answer]:
        nonlocal count
        for answer in filing.answers():
            count += 1
            yield answer

    try:
        derived = filing.projection.rebuild(counted())
    except DataError as exc:
        return None, [Finding(False, exc.message)]
    files = _plural(len(filing.week_files()), "week file")
    found = Finding(True, f"history: {count:,} answers in {files}")
    return Snapshot(snapshot.FORMAT, Marks(), derived), [found]


def check(filing: Filing[D]) -> list[Finding]:
    """Every finding, comparing the stored totals and cards with a rebuild (lock held)."""
    stored = filing.read_state()
    fresh, findings = rebuilt(filing)
    home = filing.folder.home
    out = [
        Finding(True, f"data directory {home}, format {snapshot.FORMAT}, every saved answer filed"),
        *strays(filing),
        *findings,
    ]
    if fresh is not None:
        for what, agree in filing.projection.compare(stored.derived, fresh.derived):
            out.append(
                Finding(
                    agree,
                    f"{what} agree with the history"
                    if agree
                    else f"{what} disagree with the history; run "
                    "`quiz doctor --rebuild` to recompute them",
                )
            )
    return out


def rebuild(filing: Filing[D]) -> list[Finding]:
    """Recompute what is derived from the history and save it (lock held)."""
    fresh, findings = rebuilt(filing)
    if fresh is None:
        return [*findings, Finding(False, "nothing rebuilt: a history file is damaged (see above)")]
    filing.write_state(fresh)
    return [*strays(filing), *findings, Finding(True, "totals and cards rebuilt from the history")]
