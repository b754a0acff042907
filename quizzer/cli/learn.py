"""`quiz learn`: learning a deck to mastery in rounds, going on where it was left."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from quizzer.cli.choosing import Leeches, Missed, New, Tags, Types, Weakest
from quizzer.cli.common import Plain


def learn(
    deck: Annotated[
        str,
        typer.Argument(metavar="DECK", help="Deck id or path to a deck file.", show_default=False),
    ],
    restart: Annotated[
        bool, typer.Option("--restart", help="Forget the progress kept and start over.")
    ] = False,
    tag: Tags = None,
    type_: Types = None,
    missed: Missed = False,
    weakest: Weakest = None,
    new: New = False,
    leeches: Leeches = False,
    plain: Plain = False,
) -> None:
    """Learn a deck to mastery, in rounds of up to 7 questions; the next time goes on.

    Examples:

      quiz learn deepseek-company

      quiz learn deepseek-company --restart

      quiz learn my-deck.json --tag verbs

      quiz learn deepseek-company --missed

    A question is mastered once answered right twice in a row, across rounds, the second
    time in its harder form where it has one: a flashcard or short answer is first offered
    as multiple choice, then typed; a multiple-choice question with a short answer is
    then typed. After each round: `Mastered 12 of 45`. The progress is kept in the data
    directory (learn/DECK.json) after each round and when you stop, and `quiz learn DECK`
    goes on from there. Every answer is a real answer: saved, counted in stats, and it
    moves the question's schedule (quiz review). Undo, skip and "I was right" work as in
    `quiz start`.

    --tag and --type learn only those questions; --missed, --weakest N, --new and
    --leeches (any of them picks) learn those questions anew, from the start.
    """
    import random

    from quizzer import learn as learning
    from quizzer.cli.choosing import focus, studied
    from quizzer.cli.common import load_scheduler, session_store
    from quizzer.decks import find_deck
    from quizzer.paths import data_home
    from quizzer.selection import narrowed
    from quizzer.session import Session, SessionCards
    from quizzer.ui.play import make_asker, play_rounds

    chosen = find_deck(deck)
    home = data_home()
    scheduler = load_scheduler()
    with session_store(scheduler) as store:
        progress = store.state()
        history = focus(missed, weakest, new, leeches)
        picks = narrowed(
            chosen,
            tags=tag or (),
            types=type_ or (),
            focus=history,
            studied=studied(progress, scheduler),
        )
        picked = {chosen.questions[i].id for i in picks}
        only = picked if len(picked) < len(chosen.questions) else None
        state = learning.start(chosen) if restart else learning.load_state(home, chosen)
        if history.chosen:
            learning.again(state, picked)
        mastered, total = learning.progress(state, only)
        if mastered == total:
            print(
                f"All {total} questions of {chosen.title} are mastered; "
                f"quiz learn {deck} --restart starts over."
            )
            return
        interactive = not plain and sys.stdin.isatty() and sys.stdout.isatty()
        player = make_asker(interactive)
        session = Session(
            chosen.title, player, store, SessionCards(scheduler, progress.cards, progress.totals)
        )
        session.kind = "learn"
        session.sources[chosen.id] = chosen.source if isinstance(chosen.source, str) else ""
        course = learning.Course(
            state, chosen, random.Random(), lambda done: learning.save_state(home, done), only
        )
        going_on = f", going on after round {state.round}" if state.round else ""
        header = f"Learning {chosen.title}: {mastered} of {total} mastered{going_on}"
        play_rounds(session, player, course, header)
