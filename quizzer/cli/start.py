"""`quiz start`: a quiz on one deck, interactive in a terminal, plain otherwise."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from quizzer.cli.common import Limit, Plain
from quizzer.errors import BadInput
from quizzer.models import QuestionType

if TYPE_CHECKING:
    from quizzer.progress import Progress
    from quizzer.session import Queue, SessionCards
    from quizzer.store import Store


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
            metavar="N",
            help="Shuffle the same way every time with this number.",
            show_default=False,
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
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
    from quizzer.cli.common import load_scheduler, open_store
    from quizzer.decks import find_deck, list_decks
    from quizzer.session import FixedQueue, SessionCards, select_questions

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
    with open_store(scheduler) as store:
        state = store.state()
        queue = FixedQueue(chosen.id, questions)
        cards = SessionCards(scheduler, state.cards, state.totals)
        quiz(f"{chosen.title}: {count}", chosen.title, queue, interactive, store, cards)


def quiz(
    header: str,
    title: str,
    queue: Queue,
    interactive: bool,
    store: Store[Progress],
    cards: SessionCards,
) -> None:
    """Run a session on `queue` with the right asker, then print its summary."""
    from quizzer.session import run

    if interactive:
        from quizzer.ui.prompts import PromptAsker
        from quizzer.ui.render import console, show_summary

        out = console()
        out.print(header, style="bold", markup=False)
        result = run(title, queue, PromptAsker(out), store, cards)
        show_summary(out, result)
    else:
        from quizzer.ui.feedback import summary_lines
        from quizzer.ui.plain import PlainAsker

        asker = PlainAsker(sys.stdin, sys.stdout)
        asker.say(header)
        asker.say()
        result = run(title, queue, asker, store, cards)
        for line in summary_lines(result):
            asker.say(line)
