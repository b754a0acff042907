"""Learning to mastery: rounds, forms, the mastery rule, and saved progress."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from quizzer import learn
from quizzer.decks import load_file
from quizzer.errors import BadInput, DataError
from quizzer.grading import judge
from quizzer.learn import LearnState, QuestionProgress
from quizzer.models import Deck, Question, QuestionType
from quizzer.session import Item

DATA = Path(__file__).parent / "data"
MODES = DATA / "modes"
MC, SA, TF = QuestionType.MULTIPLE_CHOICE, QuestionType.SHORT_ANSWER, QuestionType.TRUE_FALSE


def deck(name: str) -> Deck:
    return load_file(MODES / f"{name}.json")


def right_response(q: Question) -> object:
    """What a learner who knows the answer gives in this form."""
    if q.type is QuestionType.FLASHCARD:
        return 3
    return list(q.answer) if q.type is QuestionType.MULTI_SELECT else q.answer


def learn_all(
    source: Deck, answer: Callable[[Item, int], bool], seed: int = 1
) -> tuple[LearnState, list[Item]]:
    """Rounds until every question is mastered; `answer(item, ask)` says whether the
    learner is right. Returns the state and every item asked."""
    state = learn.start(source)
    rng = random.Random(seed)
    asked: list[Item] = []
    while items := learn.next_round(state, source, rng):
        for item in items:
            correct = answer(item, len(asked))
            response = right_response(item.question) if correct else "no idea"
            assert judge(item.question, response).correct is correct
            learn.record(state, item.question.id, correct, item.question.type)
            asked.append(item)
        assert len(asked) < 200, "learning should end"
    return state, asked


def test_three_questions_right_every_time_master_in_six_asks() -> None:
    three = deck("three")
    state, asked = learn_all(three, lambda item, n: True)
    assert len(asked) == 6
    assert learn.progress(state) == (3, 3)
    assert state.round == 2
    assert [i.question.type for i in asked] == [MC] * 3 + [SA] * 3
    assert {i.question.id for i in asked[:3]} == {"hola", "gato", "perro"}
    assert all(i.deck == "three" for i in asked)
    assert learn.next_round(state, three, random.Random(0)) == []


def test_one_wrong_answer_asks_that_question_twice_more() -> None:
    three = deck("three")
    state, asked = learn_all(three, lambda item, n: n != 0)
    assert len(asked) == 7
    missed = asked[0].question.id
    again = [i.question.type for i in asked if i.question.id == missed]
    assert again == [MC, MC, SA]
    assert learn.progress(state) == (3, 3)


def test_a_wrong_typed_answer_goes_back_to_multiple_choice() -> None:
    three = deck("three")
    state = learn.start(three)
    learn.record(state, "hola", True, MC)
    assert learn.record(state, "hola", False, SA) == QuestionProgress(0, False, False, SA)
    forms = {
        i.question.id: i.question.type for i in learn.next_round(state, three, random.Random(0))
    }
    assert forms == {"hola": MC, "gato": MC, "perro": MC}


def test_two_rights_in_the_easier_form_are_not_mastery() -> None:
    three = deck("three")
    state = learn.start(three)
    learn.record(state, "gato", True, MC)
    progress = learn.record(state, "gato", True, MC)
    assert progress == QuestionProgress(2, False, False, SA)
    learn.record(state, "gato", True, SA)
    assert state.questions["gato"].mastered
    assert learn.progress(state) == (1, 3)


def test_the_count_goes_on_across_rounds() -> None:
    three = deck("three")
    state = learn.start(three)
    rng = random.Random(5)
    first = learn.next_round(state, three, rng)
    learn.record(state, "perro", True, first[0].question.type)
    second = {i.question.id: i.question.type for i in learn.next_round(state, three, rng)}
    assert second == {"hola": MC, "gato": MC, "perro": SA}
    learn.record(state, "perro", True, SA)
    assert state.questions["perro"].mastered
    assert {i.question.id for i in learn.next_round(state, three, rng)} == {"hola", "gato"}
    assert state.round == 3


def test_questions_without_a_harder_form_master_after_two_rights() -> None:
    tiny = load_file(DATA / "tiny.json")
    state, asked = learn_all(tiny, lambda item, n: True)
    forms: dict[str, list[QuestionType]] = {}
    for item in asked:
        forms.setdefault(item.question.id, []).append(item.question.type)
    assert forms == {
        "capital": [MC, SA],  # "Paris" is short enough to type
        "sky": [TF, TF],
        "author": [SA, SA],  # no other short answer to offer as a wrong choice
        "primes": [QuestionType.MULTI_SELECT] * 2,
        "hola": [SA, SA],  # the deck's only flashcard: no wrong choices either
    }
    assert learn.progress(state) == (5, 5)


def test_a_flashcard_too_long_to_type_is_recalled_the_second_time() -> None:
    mixed = deck("mixed")
    state = learn.start(mixed)
    assert state.questions["hu-history"].harder is QuestionType.FLASHCARD
    assert state.questions["which"].harder is None
    assert state.questions["fr"].harder is SA
    state.questions = {"hu-history": replace(state.questions["hu-history"], right_in_a_row=1)}
    (item,) = learn.next_round(state, mixed, random.Random(0))
    assert item.question == next(q for q in mixed.questions if q.id == "hu-history")
    assert learn.record(state, "hu-history", True, QuestionType.FLASHCARD).mastered


def test_a_round_takes_seven_questions_in_deck_order_asked_in_random_order() -> None:
    vocab = deck("vocab")
    state = learn.start(vocab)
    items = learn.next_round(state, vocab, random.Random(3))
    first_seven = [q.id for q in vocab.questions[:7]]
    assert sorted(i.question.id for i in items) == sorted(first_seven)
    assert [i.question.id for i in items] != first_seven
    assert len(learn.next_round(state, vocab, random.Random(3), size=3)) == 3


def test_rounds_are_the_same_for_the_same_seed() -> None:
    vocab = deck("vocab")
    rounds = [learn.next_round(learn.start(vocab), vocab, random.Random(9)) for _ in range(2)]
    assert rounds[0] == rounds[1]


def test_a_mastered_question_stays_mastered() -> None:
    three = deck("three")
    state = learn.start(three)
    learn.record(state, "hola", True, MC)
    done = learn.record(state, "hola", True, SA)
    assert learn.record(state, "hola", False, MC) == done


def test_an_unknown_question_is_refused() -> None:
    state = learn.start(deck("three"))
    with pytest.raises(BadInput) as caught:
        learn.record(state, "ghost", True, MC)
    assert caught.value.message == (
        "question 'ghost' is not in the learning progress of deck 'three'."
    )


def test_the_state_round_trips_through_json() -> None:
    three = deck("three")
    state = learn.start(three)
    learn.next_round(state, three, random.Random(0))
    learn.record(state, "hola", True, MC)
    learn.record(state, "gato", True, MC)
    learn.record(state, "gato", True, SA)
    saved = json.loads(json.dumps(learn.to_dict(state)))
    assert saved == {
        "format": 1,
        "deck": "three",
        "round": 1,
        "questions": {
            "hola": {"right_in_a_row": 1, "last_right_hard": False, "mastered": False},
            "gato": {"right_in_a_row": 2, "last_right_hard": True, "mastered": True},
            "perro": {"right_in_a_row": 0, "last_right_hard": False, "mastered": False},
        },
    }
    assert learn.from_dict(saved, three) == state


def test_a_restarted_session_goes_on_where_it_was() -> None:
    three = deck("three")
    state = learn.start(three)
    rng = random.Random(4)
    for item in learn.next_round(state, three, rng)[:2]:
        learn.record(state, item.question.id, True, item.question.type)
    resumed = learn.from_dict(json.loads(json.dumps(learn.to_dict(state))), three)
    asked = 2
    while items := learn.next_round(resumed, three, rng):
        for item in items:
            learn.record(resumed, item.question.id, True, item.question.type)
            asked += 1
    assert asked == 6
    assert learn.progress(resumed) == (3, 3)


def test_a_state_loads_after_the_deck_changed() -> None:
    three = deck("three")
    saved = {
        "format": 1,
        "deck": "three",
        "round": 4,
        "questions": {
            "ghost": {"right_in_a_row": 1, "last_right_hard": False, "mastered": False},
            "gato": {"right_in_a_row": 2, "last_right_hard": True, "mastered": True},
            "hola": {"right_in_a_row": 1, "last_right_hard": False, "mastered": False},
        },
    }
    state = learn.from_dict(saved, three)
    assert list(state.questions) == ["hola", "gato", "perro"]
    assert state.questions["perro"] == QuestionProgress(harder=SA)
    assert state.questions["hola"] == QuestionProgress(1, False, False, SA)
    assert learn.progress(state) == (1, 3)
    assert state.round == 4


WHY = "Move the file away, or start the deck over (quiz learn DECK --restart)."


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ([], "it is not a JSON object"),
        ({"format": 2, "deck": "three"}, "its format 2 is not one this quizzer knows"),
        ({"format": True, "deck": "three"}, "its format True is not one this quizzer knows"),
        ({"format": 1, "deck": "tiny"}, "it belongs to deck 'tiny', not 'three'"),
        (
            {"format": 1, "deck": "three", "round": -1, "questions": {}},
            "it needs a whole number 'round' and an object 'questions'",
        ),
        (
            {"format": 1, "deck": "three", "round": 0, "questions": []},
            "it needs a whole number 'round' and an object 'questions'",
        ),
        (
            {
                "format": 1,
                "deck": "three",
                "round": 0,
                "questions": {"hola": {"right_in_a_row": "1"}},
            },
            "question 'hola' needs right_in_a_row (a whole number), "
            "last_right_hard and mastered (true or false)",
        ),
    ],
)
def test_a_damaged_state_is_refused_with_a_way_out(data: object, why: str) -> None:
    with pytest.raises(DataError) as caught:
        learn.from_dict(data, deck("three"), "learn/three.json")
    assert caught.value.message == f"cannot read learn/three.json: {why}. {WHY}"


def test_a_damaged_state_without_a_file_name_names_the_deck() -> None:
    with pytest.raises(DataError) as caught:
        learn.from_dict({}, deck("three"))
    assert caught.value.message.startswith("cannot read the learning progress of deck 'three': ")


def test_a_progress_line_counts_over_the_whole_deck() -> None:
    vocab = deck("vocab")
    state = learn.start(vocab)
    assert learn.progress(state) == (0, 14)
    state, asked = learn_all(vocab, lambda item, n: True)
    assert learn.progress(state) == (14, 14)
    assert len(asked) == 28
