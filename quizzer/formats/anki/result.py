"""What reading an Anki package gives: quizzer decks, their history, and every card left out.

These are the values the command line works with: `AnkiImport.summary()` is what
`--dry-run` prints, `AnkiImport.check()` refuses a package with nothing to import,
and each `AnkiDeck` is one deck in quizzer's deck JSON with the answers that belong
to it. Question ids are unique across the decks of one package (they come from Anki's
card ids), so the decks can be merged into one without renaming anything; an answer
moves with `answer._replace(deck=...)`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from quizzer.deckcheck import FORMAT
from quizzer.errors import DeckError
from quizzer.models import Answer

# Kinds of skipped card listed in detail by the summary, beyond their count.
_DETAILS_SHOWN = 10


class SkipReason(str, Enum):
    """Why a card did not become a question (the words the summary prints)."""

    # needs its picture to make sense
    IMAGE_OCCLUSION = "image occlusion"
    MEDIA_ONLY = "only a sound or picture on the front"
    # Anki cannot render it either, and shows the error instead
    TEMPLATE_ERROR = "template error"
    # Anki shows it blank; its Empty Cards tool removes such cards
    EMPTY = "empty card"
    NO_ANSWER = "nothing on the back"
    # a deletion holding {{, }}, | or ::, or an empty one
    CLOZE_SYNTAX = "cloze quizzer cannot write"
    TOO_LONG = "text over 10,000 characters"


@dataclass(frozen=True)
class Skipped:
    """One card left out: which, why, and in which note type and template."""

    card_id: int
    reason: SkipReason
    where: str  # e.g. "Muscle / Name/Origin"
    detail: str = ""  # Anki's own words for a template error


@dataclass(frozen=True)
class ReviewCounts:
    """What became of the rows of Anki's review log."""

    total: int = 0
    answers: int = 0
    of_skipped_cards: int = 0
    of_missing_cards: int = 0  # Anki keeps the log of deleted cards
    not_answers: int = 0  # rescheduling, resets and other entries with no rating
    out_of_range: int = 0  # times before 1970 or after 2199


@dataclass
class AnkiDeck:
    """One Anki deck as a quizzer deck: questions in deck JSON form, and their answers."""

    id: str
    title: str
    anki_name: str
    description: str = ""
    questions: list[dict[str, Any]] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The deck as the JSON file `-o` and `--add` write (format 1)."""
        data: dict[str, Any] = {"format": FORMAT, "id": self.id, "title": self.title}
        if self.description:
            data["description"] = self.description
        data["questions"] = self.questions
        return data

    def counts(self) -> Counter[str]:
        """How many questions of each type."""
        return Counter(str(question["type"]) for question in self.questions)


@dataclass
class AnkiImport:
    """Everything read from one package."""

    layout: str
    cards: int
    decks: list[AnkiDeck]
    skipped: list[Skipped]
    reviews: ReviewCounts
    media_files: int

    @property
    def questions(self) -> int:
        return sum(len(deck.questions) for deck in self.decks)

    @property
    def answers(self) -> list[Answer]:
        """Every answer of every deck, oldest first."""
        return sorted(
            (answer for deck in self.decks for answer in deck.answers),
            key=lambda answer: (answer.answered_at, answer.id),
        )

    def counts(self) -> Counter[str]:
        """Questions of each type, over all decks."""
        total: Counter[str] = Counter()
        for deck in self.decks:
            total.update(deck.counts())
        return total

    def skipped_by_reason(self) -> Counter[SkipReason]:
        return Counter(skip.reason for skip in self.skipped)

    def summary(self, name: str) -> list[str]:
        """The lines `--dry-run` prints: decks, types, skipped cards by reason, reviews."""
        lines = [f"{name} (nothing written): Anki package, {self.layout} layout"]
        lines.append(f"  decks: {len(self.decks)}")
        for deck in self.decks:
            lines.append(
                f"    {deck.id} ({deck.anki_name}): {len(deck.questions)} questions, "
                f"{len(deck.answers)} answers"
            )
        counts = ", ".join(f"{kind} {n}" for kind, n in sorted(self.counts().items()))
        by_type = f" ({counts})" if counts else ""
        lines.append(f"  questions: {self.questions} of {self.cards} cards{by_type}")
        lines += self._skipped_lines()
        r = self.reviews
        lines.append(
            f"  review entries: {r.total} ({r.answers} become answers, {r.of_skipped_cards} of "
            f"skipped cards, {r.not_answers} not answers (rescheduled, reset), "
            f"{r.of_missing_cards} of deleted cards, {r.out_of_range} with impossible times)"
        )
        lines.append(f"  media files: {self.media_files} (not imported)")
        return lines

    def skipped_line(self) -> str:
        """`skipped: N (reason n, ...)`, printed even when N is 0."""
        reasons = self.skipped_by_reason()
        listed = ", ".join(f"{reason.value} {n}" for reason, n in reasons.most_common())
        return f"skipped: {len(self.skipped)}" + (f" ({listed})" if listed else "")

    def _skipped_lines(self) -> list[str]:
        lines = [f"  {self.skipped_line()}"]
        kinds = Counter((s.reason.value, s.where, s.detail) for s in self.skipped)
        for (reason, where, detail), n in kinds.most_common(_DETAILS_SHOWN):
            because = f": {detail}" if detail else ""
            lines.append(f"    {n} x {reason}: {where}{because}")
        if len(kinds) > _DETAILS_SHOWN:
            lines.append(f"    ... and {len(kinds) - _DETAILS_SHOWN} more kinds")
        return lines

    def check(self, name: str) -> None:
        """Raise DeckError (exit 2) naming the reasons when no card became a question."""
        if self.questions:
            return
        if not self.cards:
            raise DeckError(f"{name} holds no cards; there is nothing to import.")
        reasons = "".join(f"\n  {line.strip()}" for line in self._skipped_lines())
        raise DeckError(f"no card of {name} can be made into a question:{reasons}")
