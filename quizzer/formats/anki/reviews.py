"""Turns Anki's review log into quizzer answers, so spaced repetition continues from it.

Each row of `revlog` that records an answer (ease 1-4) of a card that became a
question becomes one Answer: rating = ease (1 Again, 2 Hard, 3 Good, 4 Easy; a
collection still on Anki's v1 scheduler logged learning and relearning answers with
three buttons, so there ease 2 is Good and 3 Easy, converted as Anki's upgrade does),
correct = ease > 1, response = the ease as a flashcard rating, elapsed_ms = Anki's
time taken, answered_at = the row id (milliseconds since 1970, UTC), day = the local
date on this machine. Learning, review and relearning rows are all answers: quizzer's
FSRS takes every rating in order, as Anki's FSRS does. Rows from filtered decks
(cram) that carry an ease were real answers too and are kept. Rows with ease 0 (manual
rescheduling, "set due date", resets, FSRS rescheduling) record no answer and are
counted, not converted, as are rows of cards that were skipped or deleted.

Ids are stable, so importing the same log twice adds nothing: an answer's id is
`anki-<revlog id>-<card id>`, and its session is one per quizzer deck and local day,
`<time of that day's first review>Z-<12 hex digits of a hash of deck and day>`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from quizzer.clock import MAX_ELAPSED_MS, in_window
from quizzer.formats.anki.package import Review
from quizzer.formats.anki.result import ReviewCounts
from quizzer.models import RATINGS, Answer

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# Anki's review kinds that record no answer, whatever their ease says.
_MANUAL, _RESCHEDULED = 4, 5
# Learning and relearning: the kinds the v1 scheduler answered with three buttons.
_THREE_BUTTONS = (0, 2)


def convert_reviews(
    reviews: Iterable[Review],
    questions: dict[int, tuple[str, str]],
    skipped: set[int],
    *,
    v1_scheduler: bool,
) -> tuple[list[Answer], ReviewCounts]:
    """Answers for the rows whose card is in `questions` (card id -> deck id, question id)."""
    total = of_skipped = missing = not_answers = out_of_range = 0
    kept: list[tuple[Review, datetime, str, str]] = []
    for review in reviews:
        total += 1
        if review.card_id not in questions:
            if review.card_id in skipped:
                of_skipped += 1
            else:
                missing += 1
            continue
        if review.ease not in RATINGS or review.kind in (_MANUAL, _RESCHEDULED):
            not_answers += 1
            continue
        moment = _moment(review.id)
        if moment is None:
            out_of_range += 1
            continue
        if v1_scheduler and review.kind in _THREE_BUTTONS and review.ease in (2, 3):
            review = replace(review, ease=review.ease + 1)
        deck, question = questions[review.card_id]
        kept.append((review, moment, deck, question))
    sessions = _sessions((deck, moment) for _, moment, deck, _ in kept)
    answers = [
        Answer(
            id=f"anki-{review.id}-{review.card_id}",
            deck=deck,
            question=question,
            session=sessions[deck, _day(moment)],
            answered_at=moment,
            correct=review.ease > 1,
            response=review.ease,
            elapsed_ms=min(max(review.time_ms, 0), MAX_ELAPSED_MS),
            outcome=RATINGS[review.ease].lower(),
            rating=review.ease,
            day=_day(moment),
        )
        for review, moment, deck, question in kept
    ]
    counts = ReviewCounts(total, len(answers), of_skipped, missing, not_answers, out_of_range)
    return answers, counts


def _moment(review_id: int) -> datetime | None:
    try:
        moment = _EPOCH + timedelta(milliseconds=review_id)
    except OverflowError:
        return None
    return moment if in_window(moment) else None


def _day(moment: datetime) -> str:
    return moment.astimezone().date().isoformat()


def _sessions(reviews: Iterable[tuple[str, datetime]]) -> dict[tuple[str, str], str]:
    """A session id for each deck and local day, stamped with the day's first review."""
    first: dict[tuple[str, str], datetime] = {}
    for deck, moment in reviews:
        key = (deck, _day(moment))
        if key not in first or moment < first[key]:
            first[key] = moment
    out = {}
    for (deck, day), moment in first.items():
        digest = hashlib.sha256(f"anki/{deck}/{day}".encode()).hexdigest()[:12]
        out[deck, day] = f"{moment:%Y%m%dT%H%M%SZ}-{digest}"
    return out
