"""Which questions a session asks, in which order: filters, what to study by its history
(missed, weakest, new, leeches), shuffling, limits.

Decisions: the history options together pick every question any of them picks (`--missed
--new` is the missed and the new), and `--tag`/`--type` narrow that; `--weakest N` takes
the N of lowest accuracy among questions answered at least twice (ties: the most wrong
answers, then deck order). A leech is a question forgotten (answered wrong after it had
graduated to review) at least `leech_threshold` times since its text last changed: a card
whose version is not the question's was last answered to older text, so its lapses do not
count; a card without a version (answers recorded before versions were kept) is taken at
its word.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from quizzer.errors import BadInput
from quizzer.models import Card, Deck, Question, QuestionType, card_key
from quizzer.totals import Totals

# `--weakest` looks only at questions answered at least this many times.
WEAKEST_AFTER = 2


class Focus(NamedTuple):
    """What to study by its history: `--missed` (latest answer wrong), `--weakest N`,
    `--new` (never answered), `--leeches`; none set is the whole deck."""

    missed: bool = False
    weakest: int | None = None
    new: bool = False
    leeches: bool = False

    @property
    def chosen(self) -> bool:
        return self.missed or self.weakest is not None or self.new or self.leeches

    def options(self, *, used: bool = True) -> list[str]:
        """The options used as typed (`--missed`, `--weakest 5`); with `used=False`, the
        others, to suggest (`--weakest 10`)."""
        weakest = f"--weakest {10 if self.weakest is None else self.weakest}"
        return [
            name
            for name, chosen in (
                ("--missed", self.missed),
                (weakest, self.weakest is not None),
                ("--new", self.new),
                ("--leeches", self.leeches),
            )
            if chosen is used
        ]


# No history option set: the whole deck.
WHOLE_DECK = Focus()


class Studied(NamedTuple):
    """What the store derived from the history that choosing by it reads."""

    totals: Totals
    cards: Mapping[str, Card]
    leech_threshold: int


def is_leech(card: Card | None, question: Question, threshold: int) -> bool:
    """Whether the question is a leech (see the module docstring)."""
    return card is not None and card.lapses >= threshold and card.version in ("", question.version)


def select_questions(
    deck: Deck,
    *,
    tags: Iterable[str] = (),
    types: Iterable[QuestionType] = (),
    limit: int | None = None,
    shuffle: bool = True,
    seed: int | None = None,
    focus: Focus = WHOLE_DECK,
    studied: Studied | None = None,
) -> list[Question]:
    """The questions of a session: filtered by tag, type and history, shuffled (choices
    too), limited.

    Without filters only the questions asked are touched, so a 100,000-question deck
    starts as quickly as a small one.
    """
    questions = deck.questions
    picks = narrowed(deck, tags=tags, types=types, focus=focus, studied=studied)
    count = min(limit, len(picks)) if limit else len(picks)
    if not shuffle:
        return [questions[i] for i in picks[:count]]
    rng = random.Random(seed)
    return [shuffled_choices(questions[i], rng) for i in rng.sample(picks, count)]


def narrowed(
    deck: Deck,
    *,
    tags: Iterable[str] = (),
    types: Iterable[QuestionType] = (),
    focus: Focus = WHOLE_DECK,
    studied: Studied | None = None,
) -> Sequence[int]:
    """The places in the deck of the questions the filters keep, in deck order. Raises
    BadInput, saying why and what to try, when none is left; `studied` is needed when
    `focus` chooses anything."""
    questions = deck.questions
    wanted_tags, wanted_types = set(tags), set(types)
    picks: Sequence[int] = range(len(questions))
    if wanted_tags or wanted_types:
        picks = [
            i
            for i, q in enumerate(questions)
            if (not wanted_tags or wanted_tags & set(q.tags))
            and (not wanted_types or q.type in wanted_types)
        ]
    if not picks:
        available = sorted({t for q in questions for t in q.tags})
        raise BadInput(
            f"no question in deck {deck.id!r} matches the --tag/--type filters; "
            f"its tags are: {', '.join(available) or 'none'}."
        )
    if not focus.chosen:
        return picks
    if studied is None:
        raise ValueError("choosing by history needs what was studied")
    kept = _focused(deck, picks, focus, studied)
    if not kept:
        raise _nothing_to_study(deck, focus, studied, filtered=bool(wanted_tags or wanted_types))
    return kept


def _focused(deck: Deck, picks: Sequence[int], focus: Focus, studied: Studied) -> list[int]:
    """The picks any of the focus options chooses, in deck order."""
    kept: set[int] = set()
    for i in picks:
        question = deck.questions[i]
        key = card_key(deck.id, question.id)
        seen = studied.totals.questions.get(key)
        if (
            (focus.missed and seen is not None and seen.answered and not seen.last_correct)
            or (focus.new and (seen is None or not seen.answered))
            or (
                focus.leeches
                and is_leech(studied.cards.get(key), question, studied.leech_threshold)
            )
        ):
            kept.add(i)
    if focus.weakest is not None:
        kept.update(_weakest(deck, picks, studied.totals, focus.weakest))
    return sorted(kept)


def _weakest(deck: Deck, picks: Sequence[int], totals: Totals, count: int) -> list[int]:
    """The `count` picks of lowest accuracy among those answered at least twice."""
    ranked = []
    for i in picks:
        seen = totals.questions.get(card_key(deck.id, deck.questions[i].id))
        if seen is not None and seen.answered >= WEAKEST_AFTER:
            wrong = seen.answered - seen.correct
            ranked.append((seen.correct / seen.answered, -wrong, i))
    return [i for *_, i in sorted(ranked)[:count]]


def _nothing_to_study(deck: Deck, focus: Focus, studied: Studied, *, filtered: bool) -> BadInput:
    """Why the history options chose nothing, and what to try instead."""
    reasons = []
    if focus.missed:
        reasons.append("no question's latest answer was wrong")
    if focus.weakest is not None:
        reasons.append(f"no question has been answered {WEAKEST_AFTER} times yet")
    if focus.new:
        reasons.append("every question has been answered")
    if focus.leeches:
        reasons.append(
            f"no question has been forgotten {studied.leech_threshold} times "
            "(quiz config set leech_threshold N changes how many)"
        )
    among = " among the questions --tag/--type keep" if filtered else ""
    others = focus.options(used=False)
    instead = f", or try {' or '.join(others)}" if others else ""
    return BadInput(
        f"nothing to study in deck {deck.id!r}{among}: {'; '.join(reasons)}. "
        f"Leave out {' and '.join(focus.options())} to take the whole deck{instead}."
    )


def shuffled_choices(question: Question, rng: random.Random) -> Question:
    """The question with its choices in a random order."""
    if not question.choices:
        return question
    choices = list(question.choices)
    rng.shuffle(choices)
    return question._replace(choices=tuple(choices))
