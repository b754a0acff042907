"""Learning a deck to mastery, in rounds (as Quizlet Learn does): the state and its rules.

A question is mastered once answered right twice in a row, across rounds, the second
time in its harder form where it has one. Its easier form comes first: multiple choice
(a flashcard's or short answer's with distractors from the deck; a multiple-choice
question as written; true or false and select all as written). Its harder form is typed
(a short answer; a flashcard or a multiple-choice question whose answer is short enough,
see `forms.as_typed`); a flashcard too long to type is recalled and rated instead. A true
or false or select-all question has no harder form. A wrong answer starts the count
again, in the easier form.

Decisions: a round takes the first `size` questions not yet mastered, in deck order, so
a long deck is learnt a handful at a time, and asks them in random order. The state is a
mutable dataclass that `next_round` and `record` update; `QuestionProgress` is frozen, so
a caller that takes an answer back puts back the progress it kept from before (`Course`
does, following the session's answers). A learning run may be narrowed to some questions
(`only`): the others keep their progress. Progress is saved as `learn/DECK.json` in the
data directory, written whole (atomically) after each round and when the learner stops;
two runs on one deck at once each save their own, the last one kept.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from quizzer.errors import BadInput, DataError
from quizzer.files import NotRegular, atomic_write, read_error, read_regular
from quizzer.forms import as_choice, as_typed, can_type
from quizzer.models import Deck, Question, QuestionType
from quizzer.paths import make_dir
from quizzer.selection import shuffled_choices
from quizzer.session import Graded, Item

ROUND_SIZE = 7
# Rights in a row that master a question.
MASTERED_AFTER = 2
# The version of the saved state; a newer one is refused.
FORMAT = 1


@dataclass(frozen=True)
class QuestionProgress:
    """How far one question is: its rights in a row, whether the last right was in its
    harder form, and whether it is mastered; `harder` is the type of its harder form
    (None when it has none), derived from the deck and not saved."""

    right_in_a_row: int = 0
    last_right_hard: bool = False
    mastered: bool = False
    harder: QuestionType | None = None


@dataclass
class LearnState:
    """A deck's learning progress: each question's, in deck order, and the rounds begun."""

    deck: str
    questions: dict[str, QuestionProgress] = field(default_factory=dict)
    round: int = 0


def harder_form(question: Question) -> QuestionType | None:
    """The type of the question's harder form: typed, a long flashcard recalled, or None."""
    typed = can_type(question)
    if question.type is QuestionType.FLASHCARD:
        return QuestionType.SHORT_ANSWER if typed else QuestionType.FLASHCARD
    return QuestionType.SHORT_ANSWER if typed else None


def start(deck: Deck) -> LearnState:
    """A fresh state for `deck`: nothing mastered, no round begun."""
    return LearnState(
        deck.id, {q.id: QuestionProgress(harder=harder_form(q)) for q in deck.questions}
    )


def next_round(
    state: LearnState,
    deck: Deck,
    rng: random.Random,
    size: int = ROUND_SIZE,
    only: Collection[str] | None = None,
) -> list[Item]:
    """The next round: up to `size` questions not mastered (of `only`, if given), each in
    the form it needs (see the module docstring), in random order; empty when all are
    mastered. Counts the round in `state`."""
    by_id = {q.id: q for q in deck.questions}
    todo = [
        qid
        for qid, done in state.questions.items()
        if not done.mastered and qid in by_id and (only is None or qid in only)
    ]
    todo = todo[:size]
    rng.shuffle(todo)
    if todo:
        state.round += 1
    return [Item(deck.id, _form(by_id[qid], state.questions[qid], deck, rng)) for qid in todo]


def _form(
    question: Question, progress: QuestionProgress, deck: Deck, rng: random.Random
) -> Question:
    """The form a question is asked in now: the easier until it has one right in a row,
    then the harder; either one when the question has only that."""
    if progress.right_in_a_row == 0:
        return _easier(question, deck, rng) or _harder(question, progress.harder) or question
    return _harder(question, progress.harder) or _easier(question, deck, rng) or question


def _easier(question: Question, deck: Deck, rng: random.Random) -> Question | None:
    if question.type is QuestionType.TRUE_FALSE:
        return question
    if question.type is QuestionType.MULTI_SELECT:
        return shuffled_choices(question, rng)
    return as_choice(question, deck, rng)


def _harder(question: Question, form: QuestionType | None) -> Question | None:
    if form is QuestionType.SHORT_ANSWER:
        return as_typed(question)
    return question if form is QuestionType.FLASHCARD else None


def record(
    state: LearnState, question_id: str, correct: bool, form: QuestionType
) -> QuestionProgress:
    """Count an answer to `question_id` given in the form of type `form`; returns the
    question's new progress. An answer to a mastered question changes nothing."""
    progress = state.questions.get(question_id)
    if progress is None:
        raise BadInput(
            f"question {question_id!r} is not in the learning progress of deck {state.deck!r}."
        )
    if progress.mastered:
        return progress
    if not correct:
        new = replace(progress, right_in_a_row=0, last_right_hard=False)
    else:
        hard = progress.harder is None or form is progress.harder
        in_a_row = progress.right_in_a_row + 1
        new = replace(
            progress,
            right_in_a_row=in_a_row,
            last_right_hard=hard,
            mastered=in_a_row >= MASTERED_AFTER and hard,
        )
    state.questions[question_id] = new
    return new


def progress(state: LearnState, only: Collection[str] | None = None) -> tuple[int, int]:
    """(mastered, total) of the questions (of `only`, if given), for `Mastered 12 of 45`."""
    counted = [p for qid, p in state.questions.items() if only is None or qid in only]
    return sum(p.mastered for p in counted), len(counted)


def again(state: LearnState, question_ids: Collection[str]) -> None:
    """Start these questions over, mastered or not (a drill of missed or weak questions
    learns them anew)."""
    for qid in question_ids:
        if qid in state.questions:
            state.questions[qid] = QuestionProgress(harder=state.questions[qid].harder)


class Course:
    """One sitting of learning: draws the rounds, keeps the state in step with the
    session's answers, and has it saved.

    The session may take answers back (an undo, even of the round before) or overrule
    them; each time it is followed, the answers it no longer holds are uncounted (the
    progress they replaced put back, latest first) and the new ones counted in order.
    """

    def __init__(
        self,
        state: LearnState,
        deck: Deck,
        rng: random.Random,
        save: Callable[[LearnState], None],
        only: Collection[str] | None = None,
    ) -> None:
        self.state = state
        self.deck = deck
        self.rng = rng
        self.save = save
        self.only = only
        self._counted: list[tuple[str, str, QuestionProgress]] = []  # answer, question, before

    def next_round(self) -> list[Item]:
        return next_round(self.state, self.deck, self.rng, only=self.only)

    def progress(self) -> tuple[int, int]:
        return progress(self.state, self.only)

    def follow(self, graded: Sequence[Graded]) -> None:
        """Count the session's answers as they stand now, then save the state."""
        same = 0
        for (answer, _, _), now in zip(self._counted, graded, strict=False):
            if answer != now.answer.id:
                break
            same += 1
        for _, qid, before in reversed(self._counted[same:]):
            self.state.questions[qid] = before
        del self._counted[same:]
        for now in graded[same:]:
            qid = now.item.question.id
            before = self.state.questions.get(qid, QuestionProgress())
            record(self.state, qid, now.verdict.correct, now.item.question.type)
            self._counted.append((now.answer.id, qid, before))
        self.save(self.state)


def to_dict(state: LearnState) -> dict[str, Any]:
    """The state as JSON, for the caller to save (`harder` is derived, not saved)."""
    return {
        "format": FORMAT,
        "deck": state.deck,
        "round": state.round,
        "questions": {
            qid: {
                "right_in_a_row": p.right_in_a_row,
                "last_right_hard": p.last_right_hard,
                "mastered": p.mastered,
            }
            for qid, p in state.questions.items()
        },
    }


def from_dict(data: Any, deck: Deck, where: str = "") -> LearnState:
    """A saved state for `deck` as the deck is now: questions no longer in it are dropped,
    new ones start from nothing. Raises DataError naming `where` (the file) when the data
    is not a state quizzer saved for this deck."""
    where = where or f"the learning progress of deck {deck.id!r}"
    if not isinstance(data, dict):
        raise _unreadable(where, "it is not a JSON object")
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT:
        raise _unreadable(where, f"its format {version!r} is not one this quizzer knows")
    if data.get("deck") != deck.id:
        raise _unreadable(where, f"it belongs to deck {data.get('deck')!r}, not {deck.id!r}")
    rounds: Any = data.get("round")
    saved = data.get("questions")
    if not _count(rounds) or not isinstance(saved, dict):
        raise _unreadable(where, "it needs a whole number 'round' and an object 'questions'")
    state = start(deck)
    state.round = rounds
    for qid, fresh in state.questions.items():
        if qid in saved:
            state.questions[qid] = _progress(saved[qid], fresh, where, qid)
    return state


def _progress(value: Any, fresh: QuestionProgress, where: str, qid: str) -> QuestionProgress:
    if (
        not isinstance(value, dict)
        or not _count(value.get("right_in_a_row"))
        or not isinstance(value.get("last_right_hard"), bool)
        or not isinstance(value.get("mastered"), bool)
    ):
        raise _unreadable(
            where,
            f"question {qid!r} needs right_in_a_row (a whole number), "
            "last_right_hard and mastered (true or false)",
        )
    return replace(
        fresh,
        right_in_a_row=value["right_in_a_row"],
        last_right_hard=value["last_right_hard"],
        mastered=value["mastered"],
    )


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _unreadable(where: str, why: str) -> DataError:
    return DataError(
        f"cannot read {where}: {why}. Move the file away, or start the deck over "
        "(quiz learn DECK --restart)."
    )


FOLDER = "learn"


def state_file(home: Path, deck_id: str) -> Path:
    """Where the learning progress of a deck is kept in the data directory `home`."""
    return home / FOLDER / f"{deck_id}.json"


def load_state(home: Path, deck: Deck) -> LearnState:
    """The saved progress on `deck` (see `from_dict`), or a fresh state when there is none."""
    path = state_file(home, deck.id)
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        return start(deck)
    except NotRegular:
        raise _unreadable(str(path), "it is not a regular file") from None
    except OSError as exc:
        raise read_error(path, exc) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _unreadable(str(path), "it is not UTF-8 JSON") from None
    return from_dict(data, deck, str(path))


def save_state(home: Path, state: LearnState) -> None:
    """Save the progress whole: a kill leaves the old file or the new one."""
    make_dir(home / FOLDER)
    atomic_write(
        state_file(home, state.deck), (json.dumps(to_dict(state), indent=2) + "\n").encode()
    )
