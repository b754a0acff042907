"""`quiz start`: a quiz on one deck, interactive in a terminal, plain otherwise."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from quizzer.cli.choosing import Leeches, Missed, New, Tags, Types, Weakest
from quizzer.cli.common import Limit, Plain
from quizzer.errors import BadInput


def start(
    deck: Annotated[
        str | None,
        typer.Argument(
            metavar="DECK",
            help="Deck id or path to a deck file. Leave out to pick one from a list.",
            show_default=False,
        ),
    ] = None,
    limit: Limit = None,
    shuffle: Annotated[
        bool,
        typer.Option("--shuffle/--no-shuffle", help="Shuffle the questions and their choices."),
    ] = True,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            metavar="N",
            help="Shuffle the same way every time with this number.",
            show_default=False,
        ),
    ] = None,
    tag: Tags = None,
    type_: Types = None,
    missed: Missed = False,
    weakest: Weakest = None,
    new: New = False,
    leeches: Leeches = False,
    practice: Annotated[
        bool,
        typer.Option(
            "--practice",
            help="Answers are saved and counted in stats, but leave your schedule as it is.",
        ),
    ] = False,
    plain: Plain = False,
    retry: Annotated[
        bool,
        typer.Option(
            "--retry/--no-retry",
            help="At the end, offer to ask the missed questions again until each is right.",
        ),
    ] = True,
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
    from quizzer.cli.choosing import focus, studied
    from quizzer.cli.common import load_scheduler, session_store
    from quizzer.decks import find_deck, list_decks
    from quizzer.selection import select_questions
    from quizzer.session import FixedQueue, Session, SessionCards
    from quizzer.ui.play import Play, make_asker, play

    interactive = not plain and sys.stdin.isatty() and sys.stdout.isatty()
    if deck is None:
        if not interactive:
            raise BadInput(
                "name a deck to start, e.g. `quiz start deepseek-company`; "
                "`quiz deck list` shows them."
            )
        from quizzer.ui.prompts import pick_deck

        deck = pick_deck(list_decks()[0])
    chosen = find_deck(deck)
    scheduler = load_scheduler()
    with session_store(scheduler) as store:
        progress = store.state()
        questions = select_questions(
            chosen,
            tags=tag or (),
            types=type_ or (),
            limit=limit,
            shuffle=shuffle,
            seed=seed,
            focus=focus(missed, weakest, new, leeches),
            studied=studied(progress, scheduler),
        )
        count = f"{len(questions)} question{'' if len(questions) == 1 else 's'}"
        player = make_asker(interactive)
        cards = SessionCards(scheduler, progress.cards, progress.totals)
        session = Session(chosen.title, player, store, cards)
        session.practice = practice
        session.sources[chosen.id] = chosen.source if isinstance(chosen.source, str) else ""
        queue = FixedQueue.of(chosen.id, questions)
        practising = " (practice: the schedule stays)" if practice else ""
        header = f"{chosen.title}: {count}{practising}"
        play(session, player, queue, Play(header, retry=retry))
