"""What quizzer derives from the answer history and the store keeps: totals, FSRS cards and
each question's review state (true retention is counted from it).

`ProgressProjection` is the store's projection (quizzer.store.snapshot.Projection): the
store files answers and hands them here; it never reads a total or a card itself.
Everything here can be rebuilt by folding the history in time order, which is what
`quiz doctor --rebuild` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from quizzer.models import Answer, Card, card_key
from quizzer.recall import Recalled, Steps, recalled
from quizzer.totals import SessionTotals, Totals

if TYPE_CHECKING:
    from quizzer.scheduler import Scheduler

# Folds one question's answers (oldest first) into its card: (card or None, answers) -> card.
FoldCard = Callable[[Card | None, list[Answer]], Card | None]
SessionKey = tuple[str, str]
# Cards take each question's answers in runs of this many when the whole history is folded.
_RUN = 256


@dataclass
class Progress:
    """Running totals per deck and question, each question's card and its Recalled."""

    totals: Totals = field(default_factory=Totals)
    cards: dict[str, Card] = field(default_factory=dict)
    recall: dict[str, Recalled] = field(default_factory=dict)


class ProgressProjection:
    """Keeps Progress up to date as the store files answers (see the module docstring)."""

    def __init__(self, scheduler: Scheduler) -> None:
        self.fold_card: FoldCard = scheduler.fold
        self.steps = Steps.of(scheduler.settings)

    def tables(self) -> tuple[str, ...]:
        return ("decks", "questions", "cards", "recall")

    def load(self, tables: dict[str, list[dict[str, Any]]]) -> Progress:
        def keyed(name: str, key: str) -> dict[str, dict[str, Any]]:
            return {row[key]: {k: v for k, v in row.items() if k != key} for row in tables[name]}

        totals = Totals.from_dict(
            {"decks": keyed("decks", "deck"), "questions": keyed("questions", "key")}
        )
        cards = {key: Card.from_dict(row) for key, row in keyed("cards", "key").items()}
        recall = {key: Recalled.from_row(row) for key, row in keyed("recall", "key").items()}
        return Progress(totals, cards, recall)

    def dump(self, derived: Progress) -> dict[str, list[dict[str, Any]]]:
        data = derived.totals.to_dict()
        return {
            "decks": [{"deck": k, **v} for k, v in data["decks"].items()],
            "questions": [{"key": k, **v} for k, v in data["questions"].items()],
            "cards": [{"key": k, **v.to_dict()} for k, v in derived.cards.items()],
            "recall": [{"key": k, **v.to_row()} for k, v in derived.recall.items()],
        }

    def key(self, answer: Answer) -> str:
        return card_key(answer.deck, answer.question)

    def file(
        self, derived: Progress, answers: list[Answer], sessions: dict[SessionKey, dict[str, Any]]
    ) -> tuple[dict[SessionKey, dict[str, Any]], set[str]]:
        touched: dict[SessionKey, SessionTotals] = {}
        by_question: dict[str, list[Answer]] = {}
        for answer in answers:
            session = (answer.session, answer.deck)
            so_far = touched.get(session) or _session(sessions.get(session))
            touched[session] = derived.totals.add(answer, so_far)
            by_question.setdefault(self.key(answer), []).append(answer)
        replay = set()
        for key, mine in by_question.items():
            card, recall = derived.cards.get(key), derived.recall.get(key)
            latest = max(recall.last_at if recall else "", (card and card.last_review) or "")
            if mine[0].answered_at.isoformat() < latest:
                replay.add(key)  # an older answer arrived: the question is replayed whole
            else:
                self._fold(derived, key, mine)
        return {session: s._asdict() for session, s in touched.items()}, replay

    def session_rows(
        self, answers: list[Answer], sessions: dict[SessionKey, dict[str, Any]]
    ) -> dict[SessionKey, dict[str, Any]]:
        touched: dict[SessionKey, SessionTotals] = {}
        for answer in answers:
            key = (answer.session, answer.deck)
            so_far = touched.get(key) or _session(sessions.get(key)) or SessionTotals(answer.deck)
            touched[key] = so_far.added(answer)
        return {key: s._asdict() for key, s in touched.items()}

    def replay(self, derived: Progress, keys: set[str], answers: list[Answer]) -> None:
        by_question = self._by_question(answers)
        for key in keys:
            derived.cards.pop(key, None)
            derived.recall.pop(key, None)
            if key in by_question:
                self._fold(derived, key, by_question[key])

    def recount(self, derived: Progress, decks: set[str], answers: list[Answer]) -> None:
        fresh = Totals()
        for answer in answers:
            fresh.tally(answer)
        for deck in decks:
            derived.totals.decks.pop(deck, None)
            if deck in fresh.decks:
                derived.totals.decks[deck] = fresh.decks[deck]
        prefixes = tuple(card_key(deck, "") for deck in decks)
        for key in [k for k in derived.totals.questions if k.startswith(prefixes)]:
            del derived.totals.questions[key]
        derived.totals.questions.update(fresh.questions)
        for key in [k for k in derived.recall if k.startswith(prefixes)]:
            del derived.recall[key]
        for key, mine in self._by_question(answers).items():
            derived.recall[key] = recalled(None, mine, self.steps)

    def rebuild(self, answers: Iterable[Answer]) -> Progress:
        out = Progress()
        pending: dict[str, list[Answer]] = {}
        for answer in answers:
            out.totals.tally(answer)
            key = self.key(answer)
            run = pending.setdefault(key, [])
            run.append(answer)
            if len(run) >= _RUN:
                self._fold(out, key, pending.pop(key))
        for key, run in pending.items():
            self._fold(out, key, run)
        return out

    def compare(self, stored: Progress, rebuilt: Progress) -> list[tuple[str, bool]]:
        return [
            ("totals", stored.totals.to_dict() == rebuilt.totals.to_dict()),
            # a question's review state is part of what its card says
            ("cards", stored.cards == rebuilt.cards and stored.recall == rebuilt.recall),
        ]

    def _by_question(self, answers: list[Answer]) -> dict[str, list[Answer]]:
        """Answers grouped by question key, each group in the order given."""
        out: dict[str, list[Answer]] = {}
        for answer in answers:
            out.setdefault(self.key(answer), []).append(answer)
        return out

    def _fold(self, derived: Progress, key: str, answers: list[Answer]) -> None:
        """Fold one question's answers, newer than any it had, into its card and Recalled."""
        _keep(derived.cards, key, self.fold_card(derived.cards.get(key), answers))
        derived.recall[key] = recalled(derived.recall.get(key), answers, self.steps)


def _keep(cards: dict[str, Card], key: str, card: Card | None) -> None:
    """Keep a folded card; a question answered only in practice has none."""
    if card is not None:
        cards[key] = card


def _session(row: dict[str, Any] | None) -> SessionTotals | None:
    return SessionTotals(**row) if row is not None else None
