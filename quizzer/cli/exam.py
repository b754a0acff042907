"""`quiz test`: a test built from any deck, graded at the end; or printed, with its key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quizzer.cli.choosing import Leeches, Missed, New, OneDeck, Tags, Types, Weakest
from quizzer.cli.common import Plain
from quizzer.errors import BadInput
from quizzer.models import QuestionType

if TYPE_CHECKING:
    from collections.abc import Callable

    from quizzer.cli.choosing import Choice
    from quizzer.exam import Exam
    from quizzer.models import Deck
    from quizzer.scheduler import Scheduler
    from quizzer.selection import Studied

    Draw = Callable[[Studied | None], Exam]  # the test, given the history when it chooses

Size = Annotated[
    int | None,
    typer.Option(
        "--questions",
        "-n",
        min=1,
        metavar="N",
        help="How many questions (default 20, or all when the deck has fewer).",
        show_default=False,
    ),
]
Forms = Annotated[
    list[str] | None,
    typer.Option(
        "--types",
        metavar="FORMS",
        help="The forms to ask in, separated by commas (default all): multiple_choice, "
        "true_false, short_answer, multi_select.",
        show_default=False,
    ),
]
Seed = Annotated[
    int | None,
    typer.Option(
        "--seed",
        metavar="N",
        help="The same test every time with this number.",
        show_default=False,
    ),
]
TimeLimit = Annotated[
    str | None,
    typer.Option(
        "--time",
        metavar="TIME",
        help="A time limit (1s to 24h), such as 20m or 1h30m: the time left is shown, "
        "and the test is handed in when it runs out.",
        show_default=False,
    ),
]
PrintTo = Annotated[
    Path | None,
    typer.Option(
        "--print",
        metavar="FILE.md",
        help="Write the test and its answer key as Markdown instead; nothing is recorded.",
        show_default=False,
    ),
]


def test(
    deck: OneDeck,
    questions: Size = None,
    forms: Forms = None,
    seed: Seed = None,
    time_limit: TimeLimit = None,
    print_to: PrintTo = None,
    tag: Tags = None,
    type_: Types = None,
    missed: Missed = False,
    weakest: Weakest = None,
    new: New = False,
    leeches: Leeches = False,
    plain: Plain = False,
) -> None:
    """Take a test built from a deck: no verdicts until you hand it in, then a report.

    Examples:

      quiz test deepseek-company

      quiz test deepseek-company -n 10 --time 15m

      quiz test my-deck.json --types multiple_choice,true_false --seed 7

      quiz test deepseek-company -n 20 --seed 1 --print test.md

    Questions come in an even mix of forms made from the deck: multiple choice (wrong
    choices drawn from the deck's other answers), true or false (a prompt paired with its
    own answer or another), typed answers and select all that apply; a form the deck
    cannot give is named. Undo and skip work as in `quiz start`. At the end, each
    question with your answer and the right one, and the score. A test is practice:
    its answers are recorded and counted in stats, as a session of kind test, but move
    no question's schedule. --print writes the questions numbered 1., 2., ... and an
    Answer key to FILE.md, and records nothing.

    --tag and --type (the deck's question types) narrow what is drawn; --missed,
    --weakest N, --new and --leeches choose by your history (any of them picks).
    """
    from functools import partial

    from quizzer.cli.choosing import choice
    from quizzer.cli.common import load_scheduler
    from quizzer.decks import find_deck
    from quizzer.exam import parse_time_limit

    timed = Timed(parse_time_limit(time_limit), time_limit) if time_limit is not None else None
    wanted = choice(tag, type_, missed, weakest, new, leeches)
    draw = partial(_draw, find_deck(deck), questions, _forms(forms), seed, wanted)
    scheduler = load_scheduler()
    if print_to is not None:
        _print(draw, wanted, scheduler, print_to)
    else:
        _sit(draw, scheduler, timed, plain)


def _forms(values: list[str] | None) -> list[QuestionType] | None:
    """The forms `--types` names (commas or repeated), or None for all."""
    if not values:
        return None
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    known = {t.value: t for t in QuestionType}
    for name in names:
        if name not in known:
            raise BadInput(
                f"--types: {name[:40]!r} is not a form; choose among multiple_choice, "
                "true_false, short_answer and multi_select, separated by commas."
            )
    return [known[name] for name in names]


def _draw(
    deck: Deck,
    size: int | None,
    forms: list[QuestionType] | None,
    seed: int | None,
    wanted: Choice,
    known: Studied | None,
) -> Exam:
    """The test drawn from the questions the filters keep."""
    from quizzer.exam import build_exam

    picks = wanted.narrowed(deck, known)
    only = None
    if len(picks) < len(deck.questions):
        only = {deck.questions[i].id for i in picks}
    return build_exam(deck, size, forms, seed, only)


def _print(draw: Draw, wanted: Choice, scheduler: Scheduler, path: Path) -> None:
    """Write the test and its key to `path`, reading the history only when it chooses."""
    from quizzer.cli.choosing import studied
    from quizzer.cli.common import open_store
    from quizzer.exam import to_markdown
    from quizzer.files import atomic_write

    known = None
    if wanted.focus.chosen:
        with open_store(scheduler) as store:
            known = studied(store.state(), scheduler)
    exam = draw(known)
    atomic_write(path, to_markdown(exam).encode())
    count = len(exam.questions)
    for note in exam.notes:
        print(note)
    print(f"Wrote a test of {count} question{'s' * (count != 1)} and its answer key to {path}.")


@dataclass(frozen=True)
class Timed:
    """A time limit, in seconds and as the learner wrote it."""

    seconds: int
    text: str


def _sit(draw: Draw, scheduler: Scheduler, timed: Timed | None, plain: bool) -> None:
    """Ask the test (practice, kind test, no verdicts) and show the graded report."""
    from quizzer import clock
    from quizzer.cli.choosing import studied
    from quizzer.cli.common import interactive, session_store, study_session
    from quizzer.sitting import ExamQueue
    from quizzer.ui.play import Play, make_asker, play_test

    with session_store(scheduler) as store:
        progress = store.state()
        exam = draw(studied(progress, scheduler))
        deadline = clock.monotonic() + timed.seconds if timed is not None else None
        player = make_asker(interactive(plain), deadline)
        session = study_session(exam.title, player, store, progress, scheduler)
        session.practice, session.kind, session.feedback = True, "test", False
        count = len(exam.questions)
        limit = f", {timed.text} to answer them" if timed is not None else ""
        header = f"Test on {exam.title}: {count} question{'s' * (count != 1)}{limit}"
        notes = [*exam.notes, "No verdicts until the end: the report comes when you are done."]
        play_test(session, player, exam, ExamQueue(exam, deadline), Play(header, notes=notes))
