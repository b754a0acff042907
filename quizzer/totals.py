"""Running totals per deck, session and question, kept up to date one answer at a time.

They are derived data: folding the answer history through `Totals.add` in any order
rebuilds them exactly, which is how a damaged or missing totals file is repaired.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from quizzer.models import Answer


@dataclass
class SessionTotals:
    """One session: which deck, how many answered and right, first and last answer times."""

    deck: str
    answered: int = 0
    correct: int = 0
    first_at: str = ""
    last_at: str = ""
    elapsed_ms: int = 0

    @property
    def score(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass
class QuestionTotals:
    """How one question has fared: answered, right, and the last answer."""

    answered: int = 0
    correct: int = 0
    last_at: str = ""
    last_correct: bool = False


@dataclass
class Totals:
    """All running totals; keys of `questions` are `deck/question`."""

    sessions: dict[str, SessionTotals] = field(default_factory=dict)
    questions: dict[str, QuestionTotals] = field(default_factory=dict)

    def add(self, answer: Answer) -> None:
        """Count one answer (timestamps compare as UTC ISO strings)."""
        at = answer.answered_at.isoformat()
        session = self.sessions.get(answer.session)
        if session is None:
            session = self.sessions[answer.session] = SessionTotals(answer.deck, first_at=at)
        session.answered += 1
        session.correct += answer.correct
        session.elapsed_ms += answer.elapsed_ms
        session.first_at = min(session.first_at, at)
        session.last_at = max(session.last_at, at)
        key = f"{answer.deck}/{answer.question}"
        question = self.questions.get(key)
        if question is None:
            question = self.questions[key] = QuestionTotals()
        question.answered += 1
        question.correct += answer.correct
        if at >= question.last_at:
            question.last_at, question.last_correct = at, answer.correct

    def to_dict(self) -> dict[str, Any]:
        return {
            "sessions": {k: asdict(v) for k, v in self.sessions.items()},
            "questions": {k: asdict(v) for k, v in self.questions.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Totals:
        return cls(
            sessions={k: SessionTotals(**v) for k, v in data.get("sessions", {}).items()},
            questions={k: QuestionTotals(**v) for k, v in data.get("questions", {}).items()},
        )
