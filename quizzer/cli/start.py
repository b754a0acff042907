"""`quiz start`: a quiz on one deck, interactive in a terminal, plain otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from quizzer.cli.choosing import Leeches, Missed, New, Tags, Types, Weakest
from quizzer.cli.common import Limit, Plain
from quizzer.errors import BadInput

if TYPE_CHECKING:
    from quizzer.cli.choosing import Choice
    from quizzer.models import Deck

DeckOrPick = Annotated[
    str | None,
    typer.Argument(
        metavar="DECK",
        help="Deck id or path to a deck file. Leave out to pick one from a list.",
        show_default=False,
    ),
]
Shuffle = Annotated[
    bool,
    typer.Option("--shuffle/--no-shuffle", help="Shuffle the questions and their choices."),
]
Seed = Annotated[
    int | None,
    typer.Option(
        "--seed",
        metavar="N",
        help="Shuffle the same way every time with this number.",
        show_default=False,
    ),
]
Practice = Annotated[
    bool,
    typer.Option(
        "--practice",
        help="Answers are saved and counted in stats, but leave your schedule as it is.",
    ),
]
Retry = Annotated[
    bool,
    typer.Option(
        "--retry/--no-retry",
        help="At the end, offer to ask the missed questions again until each is right.",
    ),
]


def start(
    deck: DeckOrPick = None,
    limit: Limit = None,
    shuffle: Shuffle = True,
    seed: Seed = None,
    tag: Tags = None,
    type_: Types = None,
    missed: Missed = False,
    weakest: Weakest = None,
    new: New = False,
    leeches: Leeches = False,
    practice: Practice = False,
    plain: Plain = False,
    retry: Retry = True,
) -> None:
    """Take a quiz on a deck; every answer is saved the moment you give it.

    Examples:

      quiz start                          pick a deck with the arrow keys

      quiz start deepseek-company -n 5    five questions from one deck

      quiz start my-deck.json --no-shuffle --type true_false

      quiz start deepseek-company --missed --practice

      printf '4\\n1\\nf\\n' | quiz start deepseek-company --no-shuffle -n 3

    --missed, --weakest N, --new and --leeches choose by your history; together they
    take every question any of them picks, and --tag and --type narrow that. --practice
    records and counts every answer but moves no question's schedule (quiz review).

    Plain mode reads one line per answer: a choice number or its text; true/false (t, f,
    yes, no); numbers separated by commas for "select all"; free text for short answers;
    for flashcards, Enter to reveal then a rating 1 Again, 2 Hard, 3 Good, 4 Easy.
    Ctrl-C or end of input stops the quiz and keeps what you answered (exit code 130).
    """
    from quizzer.cli.choosing import choice
    from quizzer.cli.common import interactive
    from quizzer.decks import find_deck

    terminal = interactive(plain)
    chosen = find_deck(deck if deck is not None else _pick_deck(terminal))
    wanted = choice(tag, type_, missed, weakest, new, leeches)
    _quiz(chosen, wanted, terminal, limit, shuffle, seed, practice=practice, retry=retry)


def _pick_deck(terminal: bool) -> str:
    """The deck the learner picks from a list; without a terminal, a deck must be named."""
    if not terminal:
        raise BadInput(
            "name a deck to start, e.g. `quiz start deepseek-company`; `quiz deck list` shows them."
        )
    from quizzer.decks import list_decks
    from quizzer.ui.prompts import pick_deck

    return pick_deck(list_decks()[0])


def _quiz(
    deck: Deck,
    wanted: Choice,
    terminal: bool,
    limit: int | None,
    shuffle: bool,
    seed: int | None,
    *,
    practice: bool,
    retry: bool,
) -> None:
    """Select the questions (by the history the store holds) and play them as one quiz."""
    from quizzer.cli.choosing import studied
    from quizzer.cli.common import load_scheduler, session_store, study_session
    from quizzer.selection import select_questions
    from quizzer.session import FixedQueue
    from quizzer.ui.play import Play, make_asker, play

    scheduler = load_scheduler()
    with session_store(scheduler) as store:
        progress = store.state()
        questions = select_questions(
            deck,
            tags=wanted.tags,
            types=wanted.types,
            limit=limit,
            shuffle=shuffle,
            seed=seed,
            focus=wanted.focus,
            studied=studied(progress, scheduler),
        )
        player = make_asker(terminal)
        session = study_session(deck.title, player, store, progress, scheduler, [deck])
        session.practice = practice
        count = f"{len(questions)} question{'' if len(questions) == 1 else 's'}"
        practising = " (practice: the schedule stays)" if practice else ""
        header = f"{deck.title}: {count}{practising}"
        play(session, player, FixedQueue.of(deck.id, questions), Play(header, retry=retry))
