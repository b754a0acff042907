"""Other forms of a question, made from its deck, for learn and test modes to ask.

A flashcard or short answer can be offered as multiple choice, its wrong choices drawn
from the deck's other answers; a question with a text answer can be paired with its own
answer or a wrong one as true or false; a question whose answer is short can be typed.
Decisions:

- A generated form keeps its question's id: an answer to any form is an answer to that
  question and moves the same card and totals on.
- Wrong choices ("distractors") are answers of the deck's other questions of the same
  type, between half and twice the right answer's length, holding digits if and only if
  the right answer does (a year is offered with years, never with words). The closest
  in length make a pool twice as large as needed, from which `rng` draws, so the choices
  vary between rounds. A candidate is left out when the grader would accept it for the right answer
  (or the right answer for it), or it repeats a choice already taken.
- A true-or-false form shows the prompt, then `Suggested answer: X` on its own line,
  X being the right answer or a wrong one (from a multiple-choice question's own
  choices, else a distractor) with even odds. Quizlet Test shows a term and a
  definition side by side with True and False buttons; a line of text reads as plainly
  in a terminal and on paper. The form's explanation says the right answer.
- Fewer than three choices is not multiple choice, so a deck too small or too uniform
  gives None, and the caller uses the forms it can.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from quizzer.grading import judge, normalize
from quizzer.models import Deck, Question, QuestionType
from quizzer.selection import shuffled_choices

# The fewest choices that make a multiple-choice question.
MIN_CHOICES = 3
# Distractors may be this many times shorter or longer than the right answer.
LENGTH_RATIO = 2
# Distractors are drawn from the closest candidates in length, this many per choice wanted.
POOL_PER_CHOICE = 2
# A multiple-choice answer is short enough to type up to this many words and characters;
# a flashcard's answer up to these.
CHOICE_TYPED_WORDS, CHOICE_TYPED_CHARS = 4, 40
FLASHCARD_TYPED_WORDS, FLASHCARD_TYPED_CHARS = 8, 80

_TEXT_TYPES = (QuestionType.FLASHCARD, QuestionType.SHORT_ANSWER, QuestionType.MULTIPLE_CHOICE)
# A multiple-choice question that points at its own choices cannot be asked without them.
_NEEDS_CHOICES = re.compile(
    r"\b(?:of the following|of these|of those|following|listed|above|below|both|neither)\b",
    re.IGNORECASE,
)
TRUE_FALSE_LABEL = "Suggested answer: "


def as_choice(
    question: Question, deck: Deck, rng: random.Random, count: int = 4
) -> Question | None:
    """The question as multiple choice with up to `count` choices in random order: a
    multiple-choice question as it is; a flashcard or short answer with distractors from
    the deck; None when fewer than three choices can be offered, or for other types."""
    if question.type is QuestionType.MULTIPLE_CHOICE:
        return shuffled_choices(question, rng)
    if question.type not in (QuestionType.FLASHCARD, QuestionType.SHORT_ANSWER):
        return None
    right = str(question.answer)
    wrong = distractors(question, deck, rng, count - 1)
    if len(wrong) + 1 < min(count, MIN_CHOICES):
        return None
    choices = [right, *wrong]
    rng.shuffle(choices)
    return question._replace(
        type=QuestionType.MULTIPLE_CHOICE, answer=right, choices=tuple(choices)
    )


def as_typed(question: Question) -> Question | None:
    """The question as a short answer to type (see `can_type`), or None."""
    if question.type is QuestionType.SHORT_ANSWER:
        return question
    return _typed(question, str(question.answer)) if can_type(question) else None


def can_type(question: Question) -> bool:
    """Whether the question can be typed: a short answer; a flashcard whose answer is
    short enough; a multiple-choice question whose answer is short and that does not point
    at its choices ("which of the following")."""
    right = str(question.answer)
    if question.type is QuestionType.FLASHCARD:
        return _short(right, FLASHCARD_TYPED_WORDS, FLASHCARD_TYPED_CHARS)
    if question.type is QuestionType.MULTIPLE_CHOICE:
        return _short(right, CHOICE_TYPED_WORDS, CHOICE_TYPED_CHARS) and not any(
            _NEEDS_CHOICES.search(text) for text in (question.prompt, right)
        )
    return question.type is QuestionType.SHORT_ANSWER


def as_true_false(question: Question, deck: Deck, rng: random.Random) -> Question | None:
    """The question as a true-or-false statement (see the module docstring): a true or
    false question as it is; None when no believable wrong answer can be paired with it,
    or for a select-all-that-apply question."""
    if question.type is QuestionType.TRUE_FALSE:
        return question
    if question.type not in _TEXT_TYPES:
        return None
    right = str(question.answer)
    if question.type is QuestionType.MULTIPLE_CHOICE:
        wrong = [c for c in question.choices if normalize(c) != normalize(right)]
    else:
        wrong = distractors(question, deck, rng, 1)
    if not wrong:
        return None
    truth = rng.random() < 0.5
    shown = right if truth else rng.choice(wrong)
    said = f"The answer is: {right}"
    return question._replace(
        type=QuestionType.TRUE_FALSE,
        prompt=f"{question.prompt}\n{TRUE_FALSE_LABEL}{shown}",
        answer=truth,
        choices=(),
        accept=(),
        explanation=f"{said} {question.explanation}" if question.explanation else said,
    )


def distractors(question: Question, deck: Deck, rng: random.Random, wanted: int) -> list[str]:
    """Up to `wanted` believable wrong answers to a flashcard or short answer (see the
    module docstring), in the order `rng` drew them."""
    right = str(question.answer)
    taken = [right, *question.accept]
    pool: list[str] = []
    for candidate in _candidates(question, deck):
        if len(pool) == wanted * POOL_PER_CHOICE:
            break
        if not any(_same_answer(question, kept, candidate) for kept in taken):
            pool.append(candidate)
            taken.append(candidate)
    return rng.sample(pool, min(wanted, len(pool)))


@dataclass(frozen=True)
class _Entry:
    length: int
    index: int  # the question's place in the deck: deck order among answers as close
    text: str
    question: str


# A deck's text answers by (question type, holds digits), each once (as normalised),
# sorted by length, and the lengths found; built once per deck so that finding
# distractors in a 100,000-question deck costs a few lookups, not a pass over the deck.
_Index = dict[tuple[QuestionType, bool], tuple[list[_Entry], list[int]]]
_last_index: list[tuple[Deck, _Index]] = []  # the last deck's index (decks are frozen)


def _index(deck: Deck) -> _Index:
    if _last_index and _last_index[0][0] is deck:
        return _last_index[0][1]
    groups: dict[tuple[QuestionType, bool], list[_Entry]] = {}
    seen: set[tuple[QuestionType, str]] = set()
    for index, question in enumerate(deck.questions):
        if question.type not in (QuestionType.FLASHCARD, QuestionType.SHORT_ANSWER):
            continue
        text = str(question.answer).strip()
        # An answer given before in other words would be offered once at most anyway.
        same = (question.type, normalize(text))
        if same[1] and same not in seen:
            seen.add(same)
            key: tuple[QuestionType, bool] = (question.type, _has_digits(text))
            groups.setdefault(key, []).append(_Entry(len(text), index, text, question.id))
    built: _Index = {}
    for key, entries in groups.items():
        entries.sort(key=lambda e: (e.length, e.index))
        built[key] = (entries, [e.length for e in entries])
    _last_index[:] = [(deck, built)]
    return built


def _candidates(question: Question, deck: Deck) -> Iterator[str]:
    """Answers of the deck's other questions of the same type and a similar length,
    holding digits as the right answer does, closest in length first (as a ratio), in
    deck order among those as close; each answer once, as first written in the deck."""
    right = str(question.answer).strip()
    entries, lengths = _index(deck).get((question.type, _has_digits(right)), ([], []))
    if not right or not entries:
        return
    size = len(right)
    low = bisect_left(lengths, -(-size // LENGTH_RATIO))
    high = bisect_right(lengths, size * LENGTH_RATIO)
    tiers: dict[Fraction, list[int]] = {}
    for length in sorted(set(lengths[low:high])):
        tiers.setdefault(Fraction(max(length, size), min(length, size)), []).append(length)
    for _, tier in sorted(tiers.items()):
        found = [
            entry
            for length in tier
            for entry in entries[bisect_left(lengths, length) : bisect_right(lengths, length)]
        ]
        for entry in sorted(found, key=lambda e: e.index) if len(tier) > 1 else found:
            if entry.question != question.id:
                yield entry.text


def _same_answer(question: Question, one: str, other: str) -> bool:
    """Whether two texts are one answer in other words, as the question's grader sees it:
    equal once normalised, or either accepted when the other is the answer."""
    if normalize(one) == normalize(other):
        return True
    return (
        judge(_typed(question, one), other).correct or judge(_typed(question, other), one).correct
    )


def _typed(question: Question, answer: str) -> Question:
    """The question as a short answer whose only accepted answer is `answer`; its grading
    settings are kept."""
    return question._replace(type=QuestionType.SHORT_ANSWER, answer=answer, choices=(), accept=())


def _has_digits(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _short(text: str, words: int, chars: int) -> bool:
    return 0 < len(text.strip()) <= chars and len(text.split()) <= words
