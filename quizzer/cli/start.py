"""`quiz start`: a quiz on one deck, interactive in a terminal, plain otherwise."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from quizzer.cli.common import Limit, Plain
from quizzer.errors import BadInput
from quizzer.models import QuestionType


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
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            metavar="TAG",
            help="Only questions with this tag (repeat for several).",
            show_default=False,
        ),
    ] = None,
    type_: Annotated[
        list[QuestionType] | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            help="Only questions of this type (repeat for several): "
            f"{', '.join(t.value for t in QuestionType)}.",
            show_default=False,
        ),
    ] = None,
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

      printf '4\\n1\\nf\\n' | quiz start deepseek-company --no-shuffle -n 3

    Plain mode reads one line per answer: a choice number or its text; true/false (t, f,
    yes, no); numbers separated by commas for "select all"; free text for short answers;
    for flashcards, Enter to reveal then a rating 1 Again, 2 Hard, 3 Good, 4 Easy.
    Ctrl-C or end of input stops the quiz and keeps what you answered (exit code 130).
    """
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
    questions = select_questions(
        chosen, tags=tag or (), types=type_ or (), limit=limit, shuffle=shuffle, seed=seed
    )
    count = f"{len(questions)} question{'' if len(questions) == 1 else 's'}"
    scheduler = load_scheduler()
    player = make_asker(interactive)
    with session_store(scheduler) as store:
        progress = store.state()
        cards = SessionCards(scheduler, progress.cards, progress.totals)
        session = Session(chosen.title, player, store, cards)
        session.sources[chosen.id] = chosen.source if isinstance(chosen.source, str) else ""
        queue = FixedQueue.of(chosen.id, questions)
        play(session, player, queue, Play(f"{chosen.title}: {count}", retry=retry))
