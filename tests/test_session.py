"""The quiz engine, driven by a fake asker: selection, grading, recording, interruption."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import DATA

from quizzer.decks import load_file
from quizzer.errors import BadInput, Interrupted
from quizzer.grading import Verdict
from quizzer.models import Answer, Question, QuestionType
from quizzer.scheduler import Scheduler
from quizzer.session import FixedQueue, SessionCards, run, select_questions
from quizzer.totals import Totals

DECK = load_file(DATA / "tiny.json")


def quiz(questions: list[Question], asker: Any, recorder: Any) -> Any:
    """A `quiz start`-like run of `questions` from the tiny deck, with fresh memory."""
    cards = SessionCards(Scheduler(), {}, Totals())
    return run(DECK.title, FixedQueue(DECK.id, questions), asker, recorder, cards)


RIGHT = {"capital": "Paris", "sky": False, "author": "victor hugo", "primes": ["2", "5"], "hola": 3}
WRONG = {"capital": "Lyon", "sky": True, "author": "Zola", "primes": ["4"], "hola": 1}


class FakeAsker:
    """Answers from a table; raises what it is told to raise at a given question."""

    def __init__(
        self,
        answers: dict[str, Any],
        stop_at: int = 0,
        stop_with: type[BaseException] = KeyboardInterrupt,
    ) -> None:
        self.answers = answers
        self.stop_at = stop_at
        self.stop_with = stop_with
        self.asked: list[tuple[str, int, int]] = []
        self.told: list[tuple[str, Verdict]] = []

    def ask(self, question: Question, number: int, total: int, intervals: dict[int, str]) -> Any:
        if number == self.stop_at:
            raise self.stop_with
        self.asked.append((question.id, number, total))
        return self.answers[question.id]

    def tell(self, question: Question, verdict: Verdict) -> None:
        self.told.append((question.id, verdict))


class ListRecorder:
    def __init__(self, asker: FakeAsker | None = None) -> None:
        self.answers: list[Answer] = []
        self.asker = asker

    def record(self, answer: Answer) -> None:
        # Recorded before the learner is told the verdict.
        if self.asker is not None:
            assert len(self.asker.told) == len(self.answers)
        self.answers.append(answer)


def test_all_right() -> None:
    asker = FakeAsker(RIGHT)
    recorder = ListRecorder(asker)
    questions = select_questions(DECK, shuffle=False)
    result = quiz(questions, asker, recorder)
    assert (result.answered, result.correct, result.score) == (5, 5, 1.0)
    assert [a[0] for a in asker.asked] == ["capital", "sky", "author", "primes", "hola"]
    assert [a.question for a in recorder.answers] == [a[0] for a in asker.asked]
    assert {a.session for a in recorder.answers} == {result.session}
    assert len({a.id for a in recorder.answers}) == 5
    assert recorder.answers[3].response == ["2", "5"]
    assert result.missed == []


def test_all_wrong_lists_the_missed_questions() -> None:
    result = quiz(select_questions(DECK, shuffle=False), FakeAsker(WRONG), ListRecorder())
    assert (result.answered, result.correct) == (5, 0)
    assert [(q.id, v.expected) for q, v in result.missed] == [
        ("capital", "Paris"),
        ("sky", "False"),
        ("author", "Victor Hugo"),
        ("primes", "2, 5"),
        ("hola", "hello"),
    ]


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_interruption_keeps_what_was_answered(stop: type[BaseException]) -> None:
    recorder = ListRecorder()
    with pytest.raises(Interrupted) as caught:
        quiz(select_questions(DECK, shuffle=False), FakeAsker(RIGHT, 3, stop), recorder)
    assert caught.value.saved == 2
    assert caught.value.exit_code == 130
    assert caught.value.message == "interrupted; 2 answers saved."
    assert len(recorder.answers) == 2


def test_filters_limit_and_seeded_shuffle() -> None:
    assert [q.id for q in select_questions(DECK, tags=["geo", "math"], shuffle=False)] == [
        "capital",
        "primes",
    ]
    only = select_questions(DECK, types=[QuestionType.TRUE_FALSE], shuffle=False)
    assert [q.id for q in only] == ["sky"]
    assert len(select_questions(DECK, limit=2)) == 2
    first = select_questions(DECK, seed=7)
    again = select_questions(DECK, seed=7)
    assert [(q.id, q.choices) for q in first] == [(q.id, q.choices) for q in again]
    orders = {tuple(q.id for q in select_questions(DECK, seed=s)) for s in range(20)}
    assert len(orders) > 1
    choice_orders = {
        next(q.choices for q in select_questions(DECK, seed=s) if q.id == "primes")
        for s in range(20)
    }
    assert len(choice_orders) > 1


def test_a_filter_that_matches_nothing_says_which_tags_exist() -> None:
    with pytest.raises(BadInput) as caught:
        select_questions(DECK, tags=["nope"])
    assert "its tags are: books, geo, math, nature, words" in str(caught.value)
