"""True retention counted the long way, for tests: the whole history replayed through
`review_kinds`, as `quiz stats` counted it before review states were kept in state.json."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, timedelta

from quizzer.models import Answer, card_key
from quizzer.recall import AGAIN, REVIEW, Recalled, Steps, TrueRetention, recalled, review_kinds
from quizzer.scheduler import Settings, rating_of


def scanned(
    answers: Iterable[Answer],
    settings: Settings,
    today: date,
    decks: Collection[str],
    days: int = 30,
) -> dict[str, TrueRetention]:
    """Each deck's true retention over the `days` local days to `today`, from every answer."""
    first, last = (today - timedelta(days=days - 1)).isoformat(), today.isoformat()
    counts = {deck: [0, 0] for deck in decks}
    for answer, kind in review_kinds(answers, settings):
        if answer.deck in counts and kind == REVIEW and first <= answer.local_day <= last:
            counts[answer.deck][0] += rating_of(answer) > AGAIN
            counts[answer.deck][1] += 1
    return {deck: TrueRetention(passed, reviews) for deck, (passed, reviews) in counts.items()}


def book(answers: Iterable[Answer], settings: Settings, run: int = 1) -> dict[str, Recalled]:
    """Each question's Recalled, its answers (oldest first) added `run` at a time, as
    filing adds them a week at a time."""
    steps = Steps.of(settings)
    pending: dict[str, list[Answer]] = {}
    out: dict[str, Recalled] = {}
    for answer in answers:
        key = card_key(answer.deck, answer.question)
        pending.setdefault(key, []).append(answer)
        if len(pending[key]) >= run:
            out[key] = recalled(out.get(key), pending.pop(key), steps)
    for key, rest in pending.items():
        out[key] = recalled(out.get(key), rest, steps)
    return out
