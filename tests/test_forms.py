"""Other forms of a question: believable multiple choice, true or false, typed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from quizzer.decks import load_file
from quizzer.forms import (
    TRUE_FALSE_LABEL,
    as_choice,
    as_true_false,
    as_typed,
    distractors,
)
from quizzer.grading import judge, normalize
from quizzer.models import Deck, Question, QuestionType

DATA = Path(__file__).parent / "data"
MODES = DATA / "modes"
BUILTIN = sorted((Path(__file__).parent.parent / "decks").glob("*.json"))
DECKS = [*BUILTIN, *sorted(MODES.glob("*.json")), DATA / "tiny.json"]
SEEDS = range(25)


def deck(name: str) -> Deck:
    return load_file(MODES / f"{name}.json")


def question(of: Deck, qid: str) -> Question:
    return next(q for q in of.questions if q.id == qid)


def typed(q: Question, answer: str) -> Question:
    """The question as a short answer whose one accepted answer is `answer`."""
    return q._replace(type=QuestionType.SHORT_ANSWER, answer=answer, choices=(), accept=())


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
def test_every_generated_choice_is_believable(path: Path) -> None:
    """Wrong choices: answers of the same type, 0.5x-2x as long, none the right answer in
    other words (as the grader sees it, both ways), no two the same once normalised."""
    source = load_file(path)
    made = 0
    for q in source.questions:
        if q.type not in (QuestionType.FLASHCARD, QuestionType.SHORT_ANSWER):
            continue
        same_type = {str(o.answer) for o in source.questions if o.type is q.type and o.id != q.id}
        for seed in SEEDS:
            form = as_choice(q, source, random.Random(seed))
            if form is None:
                continue
            made += 1
            right = str(q.answer)
            assert form.type is QuestionType.MULTIPLE_CHOICE
            assert form.answer == right and right in form.choices
            assert 3 <= len(form.choices) <= 4
            assert len({normalize(c) for c in form.choices}) == len(form.choices)
            for wrong in (c for c in form.choices if c != right):
                assert wrong in same_type
                assert 0.5 <= len(wrong) / len(right) <= 2
                assert not judge(typed(q, right), wrong).correct
                assert not any(judge(typed(q, a), wrong).correct for a in q.accept)
                assert not judge(typed(q, wrong), right).correct
    if path.parent == MODES and path.stem in ("vocab", "lengths", "numbers", "three"):
        assert made, "these decks are made to give multiple choice"


def test_the_same_answer_in_other_words_is_never_a_wrong_choice() -> None:
    """ "the house", "House!" and "house" are one answer: none is offered against another."""
    vocab = deck("vocab")
    houses = {"house", "the house", "House!"}
    for qid in ("casa", "hogar", "casita"):
        q = question(vocab, qid)
        for seed in SEEDS:
            form = as_choice(q, vocab, random.Random(seed))
            assert form is not None
            assert len(houses & set(form.choices)) == 1, form.choices


def test_wrong_choices_are_the_closest_in_length() -> None:
    """For "Lisbon", the pool is the five other six-letter capitals and Canberra (the next
    closest); Rome and Copenhagen are further, and "Ur" and the Nepal answer out of range."""
    lengths = deck("lengths")
    lisbon = question(lengths, "pt")
    offered: set[str] = set()
    for seed in SEEDS:
        form = as_choice(lisbon, lengths, random.Random(seed))
        assert form is not None and len(form.choices) == 4
        offered.update(form.choices)
    assert offered == {"Lisbon", "Madrid", "Berlin", "Warsaw", "Vienna", "Prague", "Canberra"}


def test_years_are_offered_with_years_and_words_with_words() -> None:
    numbers = deck("numbers")
    for q in numbers.questions:
        form = as_choice(q, numbers, random.Random(1))
        assert form is not None
        assert all(c.isdigit() == q.answer.isdigit() for c in form.choices), form.choices


def test_a_deck_too_small_or_too_uniform_gives_no_choice() -> None:
    uniform = deck("uniform")
    for q in uniform.questions:
        assert as_choice(q, uniform, random.Random(0)) is None
        assert as_true_false(q, uniform, random.Random(0)) is None
    vocab = deck("vocab")
    # No other answer within 0.5x-2x of its length; no other answer with digits.
    assert as_choice(question(vocab, "ayuntamiento"), vocab, random.Random(0)) is None
    assert as_choice(question(vocab, "dos"), vocab, random.Random(0)) is None
    # The only short answer of its deck.
    assert as_choice(question(vocab, "capital"), vocab, random.Random(0)) is None
    tiny = load_file(DATA / "tiny.json")
    assert as_choice(question(tiny, "hola"), tiny, random.Random(0)) is None


def test_fewer_choices_when_the_deck_has_only_two_wrong_ones() -> None:
    three = deck("three")
    form = as_choice(question(three, "hola"), three, random.Random(0))
    assert form is not None
    assert sorted(form.choices) == ["cat", "dog", "hello"]
    assert as_choice(question(three, "hola"), three, random.Random(0), count=2) is not None


def test_choice_forms_are_the_same_for_the_same_seed() -> None:
    vocab = deck("vocab")
    q = question(vocab, "verde")
    first = [as_choice(q, vocab, random.Random(seed)) for seed in SEEDS]
    again = [as_choice(q, vocab, random.Random(seed)) for seed in SEEDS]
    assert first == again
    assert len({f.choices for f in first if f}) > 1, "seeds should vary the choices"


def test_a_form_keeps_the_question_id_prompt_and_explanation() -> None:
    mixed = deck("mixed")
    for q in mixed.questions:
        for form in (
            as_choice(q, mixed, random.Random(2)),
            as_typed(q),
            as_true_false(q, mixed, random.Random(2)),
        ):
            if form is not None:
                assert form.id == q.id
                assert form.prompt.startswith(q.prompt)
                assert form.tags == q.tags


def test_multiple_choice_stays_itself_with_its_choices_shuffled() -> None:
    tiny = load_file(DATA / "tiny.json")
    capital = question(tiny, "capital")
    orders = set()
    for seed in SEEDS:
        form = as_choice(capital, tiny, random.Random(seed))
        assert form is not None
        assert sorted(form.choices) == sorted(capital.choices)
        assert form._replace(choices=capital.choices) == capital
        orders.add(form.choices)
    assert len(orders) > 1


def test_true_false_and_select_all_have_no_choice_or_typed_form() -> None:
    tiny = load_file(DATA / "tiny.json")
    for qid in ("sky", "primes"):
        q = question(tiny, qid)
        assert as_choice(q, tiny, random.Random(0)) is None
        assert as_typed(q) is None
    assert as_true_false(question(tiny, "sky"), tiny, random.Random(0)) == question(tiny, "sky")
    assert as_true_false(question(tiny, "primes"), tiny, random.Random(0)) is None


def test_typed_forms() -> None:
    mixed = deck("mixed")
    short = question(mixed, "de")
    assert as_typed(short) is short
    paris = as_typed(question(mixed, "fr"))
    assert paris is not None
    assert paris.type is QuestionType.SHORT_ANSWER and paris.choices == ()
    assert paris.answer == "Paris"
    assert judge(paris, "Paris").correct and judge(paris, "paris").correct
    assert not judge(paris, "Lyon").correct
    warsaw = as_typed(question(mixed, "pl"))
    assert warsaw is not None and warsaw.answer == "Warsaw"
    assert warsaw.type is QuestionType.SHORT_ANSWER


def test_no_typed_form_for_long_answers_or_questions_that_need_their_choices() -> None:
    mixed = deck("mixed")
    # "Which of the following ...?" cannot be answered without the choices.
    assert as_typed(question(mixed, "which")) is None
    # A flashcard answer of 19 words is recalled, not typed.
    assert as_typed(question(mixed, "hu-history")) is None
    company = load_file(BUILTIN[0])
    employees = question(company, "headcount")
    assert as_typed(employees) is not None
    long_answer = employees._replace(answer="Just over one hundred people", choices=())
    assert as_typed(long_answer) is None


def test_true_false_pairs_a_prompt_with_its_answer_or_a_wrong_one() -> None:
    mixed = deck("mixed")
    fr = question(mixed, "fr")
    truths = set()
    for seed in SEEDS:
        form = as_true_false(fr, mixed, random.Random(seed))
        assert form is not None
        assert form.type is QuestionType.TRUE_FALSE and form.choices == ()
        prompt, shown_line = form.prompt.splitlines()
        assert prompt == fr.prompt
        assert shown_line.startswith(TRUE_FALSE_LABEL)
        shown = shown_line.removeprefix(TRUE_FALSE_LABEL)
        assert shown in fr.choices
        assert form.answer is (shown == "Paris")
        assert form.explanation == "The answer is: Paris"
        truths.add(form.answer)
    assert truths == {True, False}


def test_true_false_of_a_short_answer_uses_a_believable_wrong_answer() -> None:
    lengths = deck("lengths")
    lisbon = question(lengths, "pt")
    allowed = {"Lisbon", "Madrid", "Berlin", "Warsaw", "Vienna", "Prague", "Canberra"}
    for seed in SEEDS:
        form = as_true_false(lisbon, lengths, random.Random(seed))
        assert form is not None
        shown = form.prompt.splitlines()[-1].removeprefix(TRUE_FALSE_LABEL)
        assert shown in allowed
        assert form.answer is (shown == "Lisbon")


def test_distractors_never_repeat_and_never_exceed_what_is_asked() -> None:
    vocab = deck("vocab")
    for q in vocab.questions:
        for wanted in (1, 3, 10):
            found = distractors(q, vocab, random.Random(wanted), wanted)
            assert len(found) <= wanted
            assert len({normalize(f) for f in found}) == len(found)
            assert str(q.answer) not in found


def test_wrong_choices_come_from_the_deck_asked_about() -> None:
    """Each deck's answers are indexed once; a call about another deck uses that deck's."""
    vocab, lengths = deck("vocab"), deck("lengths")
    rng = random.Random(0)
    for _ in range(2):
        for source, qid in ((vocab, "verde"), (lengths, "pt")):
            form = as_choice(question(source, qid), source, rng)
            assert form is not None
            assert set(form.choices) <= {str(q.answer) for q in source.questions}
