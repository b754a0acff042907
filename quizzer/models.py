"""The things quizzer talks about (decks, questions, answers) as plain frozen values.

They are NamedTuples rather than frozen dataclasses: Python 3.11 compiles six methods
for each frozen dataclass when its module is imported (about 1 ms each class), and
these values are needed by every command, so they cost a one-question `quiz start` a
tenth of its time. Change one with `value._replace(field=...)`. For the same reason
the annotations here are evaluated, not postponed (`from __future__ import annotations`):
typing compiles each field's annotation given as a string when a NamedTuple is made.
"""

import re
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any, Literal, NamedTuple

try:  # hashlib's own blake2b, without loading OpenSSL as `import hashlib` does (6 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

Sensitivity = Literal["ignore", "sensitive"]


class GradingRules(NamedTuple):
    """How strictly typed answers are graded; the fields are the keys of a deck's or a
    question's "grading" object, and each default is the forgiving choice."""

    case: Sensitivity = "ignore"
    accents: Sensitivity = "ignore"
    typos: bool = True
    filler: bool = True
    numbers: bool = True

    def to_dict(self, base: "GradingRules | None" = None) -> dict[str, str | bool]:
        """The settings that differ from `base` (the defaults), as deck-format JSON."""
        base = base or GradingRules()
        return {
            name: value
            for name, value, default in zip(self._fields, self, base, strict=True)
            if value != default
        }


class Blank(NamedTuple):
    """One blank of a cloze question: its accepted answers (the first is the one shown)
    and an optional hint (quizzer.cloze reads and writes them)."""

    answers: tuple[str, ...]
    hint: str = ""


class QuestionType(str, Enum):
    """The kinds of question a deck may hold; the type decides the answer's JSON type."""

    MULTIPLE_CHOICE = "multiple_choice"
    TRUE_FALSE = "true_false"
    SHORT_ANSWER = "short_answer"
    MULTI_SELECT = "multi_select"
    FLASHCARD = "flashcard"
    CLOZE = "cloze"


# The one rule for deck and question ids: short, lowercase, safe as a file name.
ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,63}$"
_ID = re.compile(ID_PATTERN)


def is_id(text: str) -> bool:
    """Whether `text` is a valid deck or question id."""
    return _ID.match(text) is not None


# How each question type is named to the learner, everywhere it is shown.
TYPE_NAMES = {
    QuestionType.MULTIPLE_CHOICE: "multiple choice",
    QuestionType.TRUE_FALSE: "true or false",
    QuestionType.SHORT_ANSWER: "short answer",
    QuestionType.MULTI_SELECT: "select all that apply",
    QuestionType.FLASHCARD: "flashcard",
    QuestionType.CLOZE: "fill in the blanks",
}

_SESSION_STAMP = re.compile(r"^(\d{4})(\d{2})(\d{2})T\d{6}Z-")


def session_start(session: str) -> date | None:
    """The UTC date a quizzer-made session id says it started on; None for other ids."""
    found = _SESSION_STAMP.match(session)
    if not found:
        return None
    try:
        return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def new_session_id(started: datetime) -> str:
    """A unique session id that starts with its UTC start time, e.g. `20261128T175507Z-3f2a...`.

    The history is filed by the week a session started, which this prefix tells.
    """
    return f"{started.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:12]}"


def new_answer_id() -> str:
    """A unique answer id, safe to merge across machines."""
    return uuid.uuid4().hex


# The outcome of an answer the learner counted as right over the grader ("I was right").
OVERRULED = "overruled"

# Flashcard self-ratings, as FSRS and Anki name them; 2-4 count as correct.
RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


class Question(NamedTuple):
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
    # A cloze: its text as written, with the blanks in braces (the prompt shows them
    # numbered, and the answer is each blank's first answer).
    text: str = ""
    blanks: tuple[Blank, ...] = ()

    def to_dict(self, deck_grading: GradingRules | None = None) -> dict[str, Any]:
        """The question as deck-format JSON; its grading settings are those that differ
        from `deck_grading`, the settings of the deck it is written in."""
        out: dict[str, Any] = {"id": self.id, "type": self.type.value}
        if self.type is QuestionType.CLOZE:
            out["text"] = self.text
        else:
            out["prompt"] = self.prompt
        if self.choices:
            out["choices"] = list(self.choices)
        if self.type is not QuestionType.CLOZE:
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

    @property
    def version(self) -> str:
        """A short fingerprint of what the question asks and expects: it changes when the
        question is rewritten, so a leech stops being one (see `Card.lapses`)."""
        text = repr((self.type.value, self.prompt, self.answer, self.choices, self.blanks))
        return blake2b(text.encode(), digest_size=4).hexdigest()


class Deck(NamedTuple):
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


class DeckInfo(NamedTuple):
    """What a deck listing shows, without keeping every question in memory."""

    id: str
    title: str
    questions: int
    origin: str
    path: str


class CardState:
    """A Card's `state`, numbered as the fsrs package numbers it (quizzer.recall numbers
    its review kinds from 0, as fsrs-rs does: hence a namespace, not bare names)."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


class Card(NamedTuple):
    """A question's memory state under FSRS, as the fsrs package's `Card.to_dict()` has it.

    Times are ISO 8601 text in UTC, as stored; `due_at` reads one when it is needed.
    """

    card_id: int
    state: int  # 1 learning, 2 review, 3 relearning
    step: int | None
    stability: float | None
    difficulty: float | None
    due: str
    last_review: str | None = None
    lapses: int = 0  # times forgotten after graduating, since the question's text last changed
    version: str = ""  # the question's version its last answer was given to

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Card":
        return cls(
            data["card_id"],
            data["state"],
            data["step"],
            data["stability"],
            data["difficulty"],
            data["due"],
            data.get("last_review"),
            data.get("lapses", 0),
            data.get("version", ""),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "card_id": self.card_id,
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due,
            "last_review": self.last_review,
            "lapses": self.lapses,
            "version": self.version,
        }

    @property
    def due_at(self) -> datetime:
        return datetime.fromisoformat(self.due)

    @property
    def learning(self) -> bool:
        """In its learning or relearning steps (short waits, asked again the same day)."""
        return self.state in (CardState.LEARNING, CardState.RELEARNING)


def card_key(deck: str, question: str) -> str:
    """The key a question's totals and card are kept under: `deck/question`."""
    return f"{deck}/{question}"


def split_card_key(key: str) -> tuple[str, str]:
    """The deck and question of a `card_key` (deck ids hold no "/")."""
    deck, _, question = key.partition("/")
    return deck, question


class Answer(NamedTuple):
    """One answer the learner gave: the unit of history, and the only source of truth."""

    id: str
    deck: str
    question: str
    session: str
    answered_at: datetime
    correct: bool
    response: Any
    elapsed_ms: int
    outcome: str = ""
    rating: int = 0  # the FSRS rating it earned, 1-4; 0 when recorded without one
    day: str = ""  # the learner's local date when answering, YYYY-MM-DD
    practice: bool = False  # counted in stats, but leaves the question's card alone
    kind: str = ""  # the session's kind when not a plain quiz or review: "learn", "test"
    version: str = ""  # the question's `version` when it was answered ("" if unknown)

    def to_dict(self) -> dict[str, Any]:
        """The answer as one line of the history log (the last three only when set)."""
        out = {
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
        if self.practice:
            out["practice"] = True
        if self.kind:
            out["kind"] = self.kind
        if self.version:
            out["version"] = self.version
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Answer":
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
            practice=data.get("practice", False),
            kind=data.get("kind", ""),
            version=data.get("version", ""),
        )

    @property
    def key(self) -> str:
        """The key of its question's totals and card (`deck/question`)."""
        return card_key(self.deck, self.question)

    @property
    def local_day(self) -> str:
        """The date the learner answered on, in their time zone then (for streaks and the
        calendar); for answers recorded without it, the date in today's time zone."""
        return self.day or self.answered_at.astimezone().date().isoformat()

    @property
    def history_week(self) -> str:
        """The ISO week (`2026-W48`, UTC) its session started, or of the answer itself
        for session ids made elsewhere: the history file it is kept in."""
        day = session_start(self.session) or self.answered_at.astimezone(timezone.utc).date()
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"


class Undo(NamedTuple):
    """The learner took an answer back: it leaves everything derived from the history.

    `deck`, `question` and `week` say where the answer is kept, when the run that undid
    it knew (the journal carries them); an undo read from an exported log has only the
    answer's id and the time, and the answer is looked for.
    """

    answer: str
    undone_at: datetime
    deck: str = ""
    question: str = ""
    week: str = ""

    def to_dict(self, *, where: bool = False) -> dict[str, Any]:
        """The undo as one line of the history log (with where the answer is, if asked)."""
        out: dict[str, Any] = {"undo": self.answer, "undone_at": self.undone_at.isoformat()}
        if where:
            out.update(
                (k, v)
                for k, v in (("deck", self.deck), ("question", self.question), ("week", self.week))
                if v
            )
        return out

    @classmethod
    def of(cls, answer: Answer, at: datetime) -> "Undo":
        """The undo of `answer` at `at`, knowing where the answer is kept."""
        return cls(answer.id, at, answer.deck, answer.question, answer.history_week)
