"""The things quizzer talks about (decks, questions, answers) as plain frozen values."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizzer.grading import GradingRules


class QuestionType(str, Enum):
    """The five kinds of question a deck may hold; the type decides the answer's JSON type."""

    MULTIPLE_CHOICE = "multiple_choice"
    TRUE_FALSE = "true_false"
    SHORT_ANSWER = "short_answer"
    MULTI_SELECT = "multi_select"
    FLASHCARD = "flashcard"


_SESSION_STAMP = re.compile(r"^(\d{4})(\d{2})(\d{2})T\d{6}Z-")


def new_session_id(started: datetime) -> str:
    """A unique session id that starts with its UTC start time, e.g. `20261128T175507Z-3f2a...`.

    The history is filed by the week a session started, which this prefix tells.
    """
    return f"{started.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:12]}"


def new_answer_id() -> str:
    """A unique answer id, safe to merge across machines."""
    return uuid.uuid4().hex


# Flashcard self-ratings, as FSRS and Anki name them; 2-4 count as correct.
RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


@dataclass(frozen=True)
class Question:
    """One question of a deck, already validated."""

    id: str
    type: QuestionType
    prompt: str
    answer: Any
    choices: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    explanation: str = ""
    source: Any = None
    tags: tuple[str, ...] = ()
    # How typed answers are graded, the deck's settings included; None for the defaults.
    grading: GradingRules | None = None

    def to_dict(self, deck_grading: GradingRules | None = None) -> dict[str, Any]:
        """The question as deck-format JSON; its grading settings are those that differ
        from `deck_grading`, the settings of the deck it is written in."""
        out: dict[str, Any] = {"id": self.id, "type": self.type.value, "prompt": self.prompt}
        if self.choices:
            out["choices"] = list(self.choices)
        out["answer"] = list(self.answer) if isinstance(self.answer, tuple) else self.answer
        if self.accept:
            out["accept"] = list(self.accept)
        if self.explanation:
            out["explanation"] = self.explanation
        if self.source is not None:
            out["source"] = self.source
        if self.tags:
            out["tags"] = list(self.tags)
        if self.grading is not None and (settings := self.grading.to_dict(deck_grading)):
            out["grading"] = settings
        return out


@dataclass(frozen=True)
class Deck:
    """A validated deck; `origin` says where it was found (builtin, user or file)."""

    id: str
    title: str
    questions: Sequence[Question]
    description: str = ""
    source: Any = None
    tags: tuple[str, ...] = ()
    origin: str = "file"
    path: str = ""
    # How the deck grades typed answers unless a question says otherwise; None for the defaults.
    grading: GradingRules | None = None

    def to_dict(self) -> dict[str, Any]:
        """The deck as deck-format JSON (format 1)."""
        out: dict[str, Any] = {"format": 1, "id": self.id, "title": self.title}
        if self.description:
            out["description"] = self.description
        if self.source is not None:
            out["source"] = self.source
        if self.tags:
            out["tags"] = list(self.tags)
        if self.grading is not None and (settings := self.grading.to_dict()):
            out["grading"] = settings
        out["questions"] = [q.to_dict(self.grading) for q in self.questions]
        return out


@dataclass(frozen=True)
class Answer:
    """One answer the learner gave: the unit of history, and the only source of truth."""

    id: str
    deck: str
    question: str
    session: str
    answered_at: datetime
    correct: bool
    response: Any
    elapsed_ms: int
    outcome: str = field(default="")
    rating: int = 0  # the FSRS rating it earned, 1-4; 0 when recorded without one
    day: str = ""  # the learner's local date when answering, YYYY-MM-DD

    def to_dict(self) -> dict[str, Any]:
        """The answer as one line of the history log."""
        return {
            "id": self.id,
            "deck": self.deck,
            "question": self.question,
            "session": self.session,
            "answered_at": self.answered_at.isoformat(),
            "correct": self.correct,
            "response": self.response,
            "elapsed_ms": self.elapsed_ms,
            "outcome": self.outcome,
            "rating": self.rating,
            "day": self.local_day,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        """Rebuild an answer from `to_dict` output (validated by the caller); times become UTC."""
        return cls(
            id=data["id"],
            deck=data["deck"],
            question=data["question"],
            session=data["session"],
            answered_at=datetime.fromisoformat(data["answered_at"]).astimezone(timezone.utc),
            correct=data["correct"],
            response=data["response"],
            elapsed_ms=data["elapsed_ms"],
            outcome=data.get("outcome", ""),
            rating=data.get("rating", 0),
            day=data.get("day", ""),
        )

    @property
    def local_day(self) -> str:
        """The date the learner answered on, in their time zone then (for streaks and the
        calendar); for answers recorded without it, the date in today's time zone."""
        return self.day or self.answered_at.astimezone().date().isoformat()

    @property
    def history_week(self) -> str:
        """The ISO week (`2026-W48`, UTC) its session started, or of the answer itself
        for session ids made elsewhere: the history file it is kept in."""
        found = _SESSION_STAMP.match(self.session)
        if found:
            day = date(int(found[1]), int(found[2]), int(found[3]))
        else:
            day = self.answered_at.astimezone(timezone.utc).date()
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
