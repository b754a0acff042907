"""A test built from any deck (as Quizlet Test does): its questions in a mix of forms,
its grading into a report, its printable Markdown, and its time limit.

Decisions: a test asks multiple choice, true or false, typed answers and select all that
apply, never a flashcard (it would be rated by the learner, and a test gives no feedback
until the end). Questions are drawn at random; each is given the form used least so far
that it can take (ties broken at random), so the forms come in an even mix. A question
that can take none of the chosen forms is left out for another (after 200 such, the draw
stops); a form that no drawn question could take is named in `Exam.notes`, select all
that apply only when the learner chose the forms.
"""

from __future__ import annotations

import json
import random
import re
import textwrap
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from quizzer.errors import BadInput
from quizzer.forms import as_choice, as_true_false, as_typed
from quizzer.grading import expected_text, judge
from quizzer.models import TYPE_NAMES, Deck, Question, QuestionType
from quizzer.selection import shuffled_choices
from quizzer.text import clean

DEFAULT_SIZE = 20
FORMS = (
    QuestionType.MULTIPLE_CHOICE,
    QuestionType.TRUE_FALSE,
    QuestionType.SHORT_ANSWER,
    QuestionType.MULTI_SELECT,
)
# Why no drawn question could take a form, for the notes.
_CANNOT = {
    QuestionType.MULTIPLE_CHOICE: "the deck has too few answers of the same type and a "
    "similar length to offer as wrong choices",
    QuestionType.TRUE_FALSE: "the deck has too few answers of the same type and a similar "
    "length to pair as false statements",
    QuestionType.SHORT_ANSWER: "no answer is short enough to type",
    QuestionType.MULTI_SELECT: "the deck has no select-all-that-apply questions",
}
# Forms worth a note when no question could take them, even if the learner did not choose
# the forms; most decks have no select-all questions, which is not news.
_ALWAYS_NOTED = (QuestionType.MULTIPLE_CHOICE, QuestionType.TRUE_FALSE, QuestionType.SHORT_ANSWER)
# Questions drawn that can take none of the chosen forms before the draw stops: a large
# deck that cannot give a form is not tried question by question.
MAX_MISSES = 200
NO_ANSWER = "(no answer)"
_INDENT = " " * 11


@dataclass(frozen=True)
class ExamQuestion:
    """One question of a test: its number, and the form it is asked in (whose id is the
    deck question's: an answer to it is an answer to that question)."""

    number: int
    question: Question

    @property
    def form(self) -> QuestionType:
        return self.question.type

    @property
    def question_id(self) -> str:
        return self.question.id


@dataclass(frozen=True)
class Exam:
    """A test: its deck, the seed it was drawn with, its questions, and notes on forms
    that could not be made."""

    deck: str
    title: str
    seed: int | None
    questions: tuple[ExamQuestion, ...]
    notes: tuple[str, ...] = ()


def build_exam(
    deck: Deck,
    n: int | None = None,
    types: Iterable[QuestionType] | None = None,
    seed: int | None = None,
    only: Collection[str] | None = None,
) -> Exam:
    """A test of `n` questions (default: 20, or all when fewer) in the forms `types`
    (default: all four), drawn from the questions `only` names (default: the whole deck;
    wrong choices still come from all of it); the same seed gives the same test. Raises
    BadInput for a bad `n` or `types`, or when no question can take the chosen forms."""
    forms = _forms(types)
    pool: Sequence[int] = range(len(deck.questions))
    if only is not None:
        pool = [i for i in pool if deck.questions[i].id in only]
    size = min(DEFAULT_SIZE, len(pool)) if n is None else n
    if size < 1:
        raise BadInput(f"a test needs at least one question, not {size}; use -n 1 or more.")
    rng = random.Random(seed)
    used: Counter[QuestionType] = Counter()
    failed: set[QuestionType] = set()
    picked: list[ExamQuestion] = []
    misses = 0
    for index in rng.sample(pool, len(pool)):
        if len(picked) == size or misses == MAX_MISSES:
            break
        preference = sorted(forms, key=lambda form: (used[form], rng.random()))
        asked = _first_form(deck.questions[index], preference, deck, rng, failed)
        if asked is None:
            misses += 1
            continue
        used[asked.type] += 1
        picked.append(ExamQuestion(len(picked) + 1, asked))
    if not picked:
        names = ", ".join(TYPE_NAMES[f] for f in forms)
        raise BadInput(
            f"no question of deck {deck.id!r} can be asked as {names}; "
            "choose other forms with --types, or a larger deck."
        )
    notes = [
        f"No question could be asked as {TYPE_NAMES[f]}: {_CANNOT[f]}."
        for f in forms
        if f in failed and not used[f] and (types is not None or f in _ALWAYS_NOTED)
    ]
    if len(picked) < size:
        count = f"{len(picked)} question" + ("s" if len(picked) > 1 else "")
        notes.append(f"Only {count} of deck {deck.id!r} can be asked in these forms.")
    return Exam(deck.id, deck.title, seed, tuple(picked), tuple(notes))


def _first_form(
    question: Question,
    forms: Iterable[QuestionType],
    deck: Deck,
    rng: random.Random,
    failed: set[QuestionType],
) -> Question | None:
    """`question` in the first of `forms` it can take, noting in `failed` those it cannot."""
    for form in forms:
        asked = _make(question, form, deck, rng)
        if asked is not None:
            return asked
        failed.add(form)
    return None


def _forms(types: Iterable[QuestionType] | None) -> tuple[QuestionType, ...]:
    forms = FORMS if types is None else tuple(dict.fromkeys(types))
    if not forms:
        raise BadInput(f"choose at least one form for the test: {_form_names()}.")
    for form in forms:
        if form not in FORMS:
            raise BadInput(
                f"a test cannot ask {TYPE_NAMES[form]} questions; choose among {_form_names()}."
            )
    return forms


def _form_names() -> str:
    return ", ".join(f.value for f in FORMS)


def _make(
    question: Question, form: QuestionType, deck: Deck, rng: random.Random
) -> Question | None:
    """`question` in the form `form`, or None when it cannot take it."""
    if form is QuestionType.MULTIPLE_CHOICE:
        return as_choice(question, deck, rng)
    if form is QuestionType.TRUE_FALSE:
        return as_true_false(question, deck, rng)
    if form is QuestionType.SHORT_ANSWER:
        return as_typed(question)
    if question.type is QuestionType.MULTI_SELECT:
        return shuffled_choices(question, rng)
    return None


@dataclass(frozen=True)
class Marked:
    """One graded question of a test: the response (None when unanswered), the right
    answer as the learner reads it, and the verdict."""

    number: int
    question: Question
    response: Any
    correct: bool
    expected: str
    note: str = ""

    @property
    def given(self) -> str:
        """The response as the learner reads it."""
        response = self.response
        if response is None:
            return NO_ANSWER
        if isinstance(response, bool):
            return "True" if response else "False"
        if isinstance(response, (list, tuple)):
            return ", ".join(c for c in self.question.choices if c in response) or NO_ANSWER
        return str(response)


@dataclass(frozen=True)
class ExamReport:
    """A graded test: each question with the response and the right answer, and the score."""

    deck: str
    title: str
    seed: int | None
    marked: tuple[Marked, ...]

    @property
    def right(self) -> int:
        return sum(m.correct for m in self.marked)

    @property
    def total(self) -> int:
        return len(self.marked)

    @property
    def score(self) -> float:
        """The fraction answered right (unanswered questions count as wrong)."""
        return self.right / self.total if self.total else 0.0

    def lines(self, width: int = 80) -> list[str]:
        """The report for the terminal, `width` columns wide, deck text made safe to show;
        the score last."""
        out = [clean(f"Test on {self.title}"), ""]
        for m in self.marked:
            head = f"{m.number:>2}. {'right' if m.correct else 'wrong'}  "
            texts = clean(m.question.prompt).splitlines() or [""]
            texts.append(f"your answer: {clean(m.given)}")
            if not m.correct:
                texts.append(f"right answer: {clean(m.expected)}")
            if m.note:
                texts.append(clean(m.note))
            for i, text in enumerate(texts):
                first = head if i == 0 else _INDENT
                out += textwrap.wrap(
                    text, width, initial_indent=first, subsequent_indent=_INDENT
                ) or [first.rstrip()]
        out += ["", f"Score: {self.right}/{self.total} ({self.score:.0%})"]
        return out

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values."""
        return {
            "deck": self.deck,
            "title": self.title,
            "seed": self.seed,
            "right": self.right,
            "total": self.total,
            "score": self.score,
            "questions": [
                {
                    "number": m.number,
                    "question": m.question.id,
                    "form": m.question.type.value,
                    "prompt": m.question.prompt,
                    "response": list(m.response)
                    if isinstance(m.response, (list, tuple))
                    else m.response,
                    "correct": m.correct,
                    "expected": m.expected,
                }
                for m in self.marked
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def grade(exam: Exam, responses: Sequence[Any]) -> ExamReport:
    """Grade a test's responses, in question order: the asker's value for each question's
    form, or None when it was not answered (fewer responses than questions: the time ran
    out). Raises BadInput when there are more responses than questions."""
    if len(responses) > len(exam.questions):
        raise BadInput(f"{len(responses)} responses for a test of {len(exam.questions)} questions.")
    marked = []
    for i, asked in enumerate(exam.questions):
        response = responses[i] if i < len(responses) else None
        question = asked.question
        if response is None:
            marked.append(Marked(asked.number, question, None, False, expected_text(question)))
            continue
        verdict = judge(question, response)
        marked.append(
            Marked(
                asked.number, question, response, verdict.correct, verdict.expected, verdict.note
            )
        )
    return ExamReport(exam.deck, exam.title, exam.seed, tuple(marked))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def to_markdown(exam: Exam) -> str:
    """The test as Markdown to print: the questions numbered `1.`, `2.`, ... with their
    choices lettered, then a heading `Answer key` with each number's right answer."""
    out = [f"# Test: {_md(exam.title)}", ""]
    for asked in exam.questions:
        out += _markdown_question(asked)
    out += ["## Answer key", ""]
    out += [f"{asked.number}. {_key_text(asked.question)}" for asked in exam.questions]
    return "\n".join(out) + "\n"


def _markdown_question(asked: ExamQuestion) -> list[str]:
    question = asked.question
    first, *rest = _md(question.prompt).splitlines() or [""]
    indent = " " * (len(str(asked.number)) + 2)
    out = [f"{asked.number}. {first}", *(f"{indent}{line}" for line in rest), ""]
    if question.type is QuestionType.TRUE_FALSE:
        out += [f"{indent}True or false?", ""]
    elif question.type is QuestionType.SHORT_ANSWER:
        # Underscores after a space and before the line's end are literal in Markdown.
        out += [f"{indent}Answer: {'_' * 24}", ""]
    else:
        if question.type is QuestionType.MULTI_SELECT:
            out += [f"{indent}Select all that apply.", ""]
        out += [f"{indent}- {_LETTERS[i]}. {_md(c)}" for i, c in enumerate(question.choices)]
        out.append("")
    return out


def _key_text(question: Question) -> str:
    """A question's right answer for the answer key: choices with their letters, a typed
    answer with the others accepted."""
    if question.type in (QuestionType.MULTIPLE_CHOICE, QuestionType.MULTI_SELECT):
        right = question.answer if question.type is QuestionType.MULTI_SELECT else [question.answer]
        return ", ".join(
            f"{_LETTERS[i]}. {_md(c)}" for i, c in enumerate(question.choices) if c in right
        )
    text = _md(expected_text(question))
    if question.type is QuestionType.SHORT_ANSWER and question.accept:
        text += f" (also accepted: {', '.join(_md(a) for a in question.accept)})"
    return text


def _md(text: str) -> str:
    """Deck text as literal Markdown: no control characters, no markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", clean(text))


_DURATION = re.compile(r"(?:(\d{1,3})h)?(?:(\d{1,5})m)?(?:(\d{1,6})s)?")
# The longest time limit a test may have.
MAX_TIME_LIMIT = 24 * 3600


def parse_time_limit(text: str) -> int:
    """A test's time limit in seconds, from `90s`, `20m`, `1h` or `1h30m`. Raises
    BadInput for anything else, and for limits of 0 or over 24 hours."""
    found = _DURATION.fullmatch(text.strip().lower())
    if not text.strip() or found is None:
        raise BadInput(
            f"time limit {text!r} is not a duration; write a number and a unit "
            "(s, m or h), such as 90s, 20m, 1h or 1h30m."
        )
    hours, minutes, seconds = (int(part or 0) for part in found.groups())
    total = hours * 3600 + minutes * 60 + seconds
    if not 0 < total <= MAX_TIME_LIMIT:
        raise BadInput(f"time limit {text!r} must be more than 0s and at most 24h.")
    return total


def time_left_text(seconds: float) -> str:
    """Time left as a countdown (`19:59`, `1:02:03`), rounded up to the second so it
    reads 0:00 only when the time is up."""
    whole = max(0, -int(-seconds // 1))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
