"""Running totals per deck, session and question, kept up to date one answer at a time.

They are derived data: folding the answer history through `Totals.add` rebuilds them,
which is how `quiz doctor --rebuild` repairs them. `quiz stats` reads deck totals
instead of scanning a history that may hold a million answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from quizzer.models import OVERRULED, Answer


class SessionTotals(NamedTuple):
    """One session: its deck, how many answered and right, first and last answer times."""

    deck: str
    answered: int = 0
    correct: int = 0
    first_at: str = ""
    last_at: str = ""
    elapsed_ms: int = 0

    @property
    def score(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    def added(self, answer: Answer, at: str = "") -> SessionTotals:
        """These totals with one more answer (`at`: its time as ISO text, if already known)."""
        at = at or answer.answered_at.isoformat()
        return SessionTotals(
            deck=self.deck,
            answered=self.answered + 1,
            correct=self.correct + answer.correct,
            first_at=min(self.first_at, at) if self.first_at else at,
            last_at=max(self.last_at, at),
            elapsed_ms=self.elapsed_ms + answer.elapsed_ms,
        )


def session_kind(answer: Answer) -> str:
    """The kind of session an answer was given in: its own ("learn", "test"), "practice"
    for a practice quiz, or "" for a quiz or a review."""
    return answer.kind or ("practice" if answer.practice else "")


def _score_key(session: SessionTotals) -> str:
    return f"{session.score:.4f}"


RECENT_SESSIONS = 30
# The items of a recent session's row (see DeckTotals).
RECENT_ROW = 6


@dataclass
class DeckTotals:
    """One deck's figures.

    `scores` counts sessions by score, so the best is always known; `days` maps each local
    date studied to [answers, correct, elapsed_ms]; `recent` keeps the latest sessions
    (by start) as [first_at, last_at, answered, correct, elapsed_ms, kind] (see
    `session_kind`; rows saved before kinds were kept have five items, and are read as
    quizzes, which every session was then).
    """

    sessions: int = 0
    answered: int = 0
    correct: int = 0
    last_played: str = ""
    overruled: int = 0  # answers the learner counted as right over the grader
    scores: dict[str, int] = field(default_factory=dict)
    days: dict[str, list[int]] = field(default_factory=dict)
    recent: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def best_score(self) -> float:
        return max((float(k) for k in self.scores), default=0.0)


@dataclass
class QuestionTotals:
    """How one question has fared: answered, right, time spent, first and last answer."""

    answered: int = 0
    correct: int = 0
    elapsed_ms: int = 0
    first_at: str = ""
    last_at: str = ""
    last_correct: bool = False
    overruled: int = 0

    @property
    def typical_ms(self) -> float | None:
        """The mean time taken to answer, once there are two answers to judge by."""
        return self.elapsed_ms / self.answered if self.answered >= 2 else None


@dataclass
class Totals:
    """Totals per deck and per question (keys `deck/question`)."""

    decks: dict[str, DeckTotals] = field(default_factory=dict)
    questions: dict[str, QuestionTotals] = field(default_factory=dict)
    _sessions: dict[tuple[str, str], SessionTotals] = field(default_factory=dict, repr=False)

    def tally(self, answer: Answer) -> None:
        """Count one answer of a history folded from its start (sessions tracked here)."""
        key = (answer.session, answer.deck)
        self._sessions[key] = self.add(answer, self._sessions.get(key))

    def add(self, answer: Answer, before: SessionTotals | None) -> SessionTotals:
        """Count one answer, given its session's totals so far; return the session's new totals."""
        at = answer.answered_at.isoformat()
        after = (before or SessionTotals(answer.deck)).added(answer, at)
        deck = self.decks.setdefault(answer.deck, DeckTotals())
        deck.answered += 1
        deck.correct += answer.correct
        overruled = answer.outcome == OVERRULED
        deck.overruled += overruled
        deck.last_played = max(deck.last_played, after.last_at)
        if before is None or before.answered == 0:
            deck.sessions += 1
        else:
            old = _score_key(before)
            deck.scores[old] -= 1
            if not deck.scores[old]:
                del deck.scores[old]
        new = _score_key(after)
        deck.scores[new] = deck.scores.get(new, 0) + 1
        day = deck.days.setdefault(answer.local_day, [0, 0, 0])
        day[0] += 1
        day[1] += answer.correct
        day[2] += answer.elapsed_ms
        deck.recent[answer.session] = [
            after.first_at,
            after.last_at,
            after.answered,
            after.correct,
            after.elapsed_ms,
            session_kind(answer),
        ]
        if len(deck.recent) > RECENT_SESSIONS:
            del deck.recent[min(deck.recent, key=lambda s: deck.recent[s][0])]
        key = f"{answer.deck}/{answer.question}"
        question = self.questions.setdefault(key, QuestionTotals())
        question.answered += 1
        question.correct += answer.correct
        question.overruled += overruled
        question.elapsed_ms += answer.elapsed_ms
        question.first_at = min(question.first_at, at) if question.first_at else at
        if at >= question.last_at:
            question.last_at, question.last_correct = at, answer.correct
        return after

    def to_dict(self) -> dict[str, Any]:
        """The totals as JSON-ready rows, for writing at once: the rows share their lists
        and dicts with these totals (`asdict` would copy a deck's every study day, a
        tenth of a second per session at a million answers)."""
        return {
            "decks": {k: dict(vars(v)) for k, v in self.decks.items()},
            "questions": {k: dict(vars(v)) for k, v in self.questions.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Totals:
        decks = {k: DeckTotals(**v) for k, v in data.get("decks", {}).items()}
        for deck in decks.values():
            for row in deck.recent.values():
                row.extend([""] * (RECENT_ROW - len(row)))  # an older row: a quiz
        return cls(
            decks=decks,
            questions={k: QuestionTotals(**v) for k, v in data.get("questions", {}).items()},
        )
