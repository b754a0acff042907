"""The quiz engine, driven by a fake asker: selection, grading, recording, interruption."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import DATA

from quizzer.decks import load_file
from quizzer.errors import BadInput, Interrupted
from quizzer.grading import Verdict
from quizzer.models import Answer, Question, QuestionType, Undo
from quizzer.scheduler import Scheduler
from quizzer.selection import select_questions
from quizzer.session import Action, FixedQueue, Prompt, Session, SessionCards, run
from quizzer.totals import Totals

DECK = load_file(DATA / "tiny.json")


def quiz(questions: list[Question], asker: Any, recorder: Any) -> Any:
    """A `quiz start`-like run of `questions` from the tiny deck, with fresh memory."""
    cards = SessionCards(Scheduler(), {}, Totals())
    return run(DECK.title, FixedQueue.of(DECK.id, questions), asker, recorder, cards)


RIGHT = {"capital": "Paris", "sky": False, "author": "victor hugo", "primes": ["2", "5"], "hola": 3}
WRONG = {"capital": "Lyon", "sky": True, "author": "Zola", "primes": ["4"], "hola": 1}


class FakeAsker:
    """Answers from a table, or from a script of responses and actions; raises what it is
    told to raise at a given question."""

    def __init__(
        self,
        answers: dict[str, Any],
        stop_at: int = 0,
        stop_with: type[BaseException] = KeyboardInterrupt,
        script: list[Any] | None = None,
        after: dict[int, Action] | None = None,
    ) -> None:
        self.answers = answers
        self.stop_at = stop_at
        self.stop_with = stop_with
        self.script = list(script or [])
        self.after = after or {}
        self.asked: list[tuple[str, int, int]] = []
        self.told: list[tuple[str, Verdict]] = []
        self.said: list[str] = []

    def ask(self, prompt: Prompt) -> Any:
        if len(self.asked) + 1 == self.stop_at:
            raise self.stop_with
        self.asked.append((prompt.question.id, prompt.number, prompt.total))
        if self.script:
            return self.script.pop(0)
        return self.answers[prompt.question.id]

    def tell(self, prompt: Prompt, verdict: Verdict, *, can_overrule: bool) -> Action:
        self.told.append((prompt.question.id, verdict))
        return self.after.get(len(self.told), Action.NEXT)

    def say(self, message: str) -> None:
        self.said.append(message)


class ListRecorder:
    def __init__(self, asker: FakeAsker | None = None) -> None:
        self.answers: list[Answer] = []
        self.undos: list[Undo] = []
        self.asker = asker

    def record(self, entry: Answer | Undo) -> None:
        if isinstance(entry, Undo):
            self.undos.append(entry)
            return
        # Recorded before the learner is told the verdict.
        if self.asker is not None:
            assert len(self.asker.told) == len(self.answers) - len(self.undos)
        self.answers.append(entry)

    def kept(self) -> list[Answer]:
        gone = {u.answer for u in self.undos}
        return [a for a in self.answers if a.id not in gone]


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
    assert [(g.item.question.id, g.verdict.expected) for g in result.missed] == [
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
    assert caught.value.message == "interrupted after 2 answers (2 right); all 2 are saved."
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


def _in_order() -> list[Question]:
    return select_questions(DECK, shuffle=False)


def test_undo_takes_the_last_answers_back_in_turn_and_asks_them_again() -> None:
    script = ["Paris", True, Action.UNDO, Action.UNDO, "Lyon", False, "Hugo", ["2", "5"], 3]
    asker = FakeAsker(RIGHT, script=script)
    recorder = ListRecorder()
    result = quiz(_in_order(), asker, recorder)
    assert [a[0] for a in asker.asked] == [
        "capital",
        "sky",
        "author",
        "sky",
        "capital",
        "sky",
        "author",
        "primes",
        "hola",
    ]
    assert [u.answer for u in recorder.undos] == [recorder.answers[1].id, recorder.answers[0].id]
    assert [a.response for a in recorder.kept()][:2] == ["Lyon", False]
    assert (result.answered, result.correct) == (5, 4)  # the undone answers are gone


def test_undo_with_nothing_to_undo_says_so_and_asks_again() -> None:
    asker = FakeAsker(RIGHT, script=[Action.UNDO])
    result = quiz(_in_order()[:1], asker, ListRecorder())
    assert asker.said == ["Nothing to undo yet."]
    assert [a[0] for a in asker.asked] == ["capital", "capital"]
    assert result.correct == 1


def test_an_undo_restores_the_card_as_it_was() -> None:
    cards = SessionCards(Scheduler(), {}, Totals())
    asker = FakeAsker(RIGHT, script=["Paris", Action.UNDO, "Paris"])
    run(DECK.title, FixedQueue.of(DECK.id, _in_order()[:1]), asker, ListRecorder(), cards)
    once = SessionCards(Scheduler(), {}, Totals())
    run(DECK.title, FixedQueue.of(DECK.id, _in_order()[:1]), FakeAsker(RIGHT), ListRecorder(), once)
    assert cards.cards["tiny/capital"].stability == once.cards["tiny/capital"].stability


def test_skip_moves_a_question_to_the_end_and_a_second_skip_leaves_it_out() -> None:
    asker = FakeAsker(RIGHT, script=[Action.SKIP, False, "Hugo", ["2", "5"], 3, Action.SKIP])
    result = quiz(_in_order(), asker, ListRecorder())
    assert [a[0] for a in asker.asked] == ["capital", "sky", "author", "primes", "hola", "capital"]
    assert [item.question.id for item in result.unanswered] == ["capital"]
    assert (result.answered, result.correct) == (4, 4)


def test_i_was_right_counts_a_wrong_answer_as_right_rated_hard() -> None:
    asker = FakeAsker(WRONG, after={1: Action.RIGHT})
    recorder = ListRecorder()
    result = quiz(_in_order()[:2], asker, recorder)
    first, overruled, _ = recorder.answers
    assert recorder.undos[0].answer == first.id
    assert (overruled.correct, overruled.outcome, overruled.rating) == (True, "overruled", 2)
    assert overruled.response == first.response and overruled.answered_at == first.answered_at
    assert (result.answered, result.correct) == (2, 1)
    assert asker.said == ["Counted as right, as you said (rated Hard)."]


def test_i_was_right_typed_at_the_next_question_then_that_question_is_asked() -> None:
    asker = FakeAsker(WRONG, script=["Lyon", Action.RIGHT, True])
    result = quiz(_in_order()[:2], asker, ListRecorder())
    assert [a[0] for a in asker.asked] == ["capital", "sky", "sky"]
    assert result.correct == 1


def test_only_an_answer_marked_wrong_can_be_overruled() -> None:
    asker = FakeAsker(RIGHT, script=["Paris", Action.RIGHT, False])
    quiz(_in_order()[:2], asker, ListRecorder())
    assert asker.said == ["Only an answer just marked wrong can be counted as right."]


def test_a_retry_asks_what_is_still_missed_and_the_score_stays_the_first_attempts() -> None:
    cards = SessionCards(Scheduler(), {}, Totals())
    recorder = ListRecorder()
    session = Session(DECK.title, FakeAsker(WRONG), recorder, cards)
    result = session.run(FixedQueue.of(DECK.id, _in_order()[:3]))
    assert [item.question.id for item in result.still_missed()] == ["capital", "sky", "author"]
    session.asker = FakeAsker(RIGHT, script=["Paris", True, "Hugo"])
    session.run(FixedQueue(result.still_missed()), retry=True)
    assert [item.question.id for item in result.still_missed()] == ["sky"]
    assert (result.correct, len(result.firsts), result.answered, result.right) == (0, 3, 6, 2)
    assert len({a.session for a in recorder.answers}) == 1
