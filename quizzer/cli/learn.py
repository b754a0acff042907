"""`quiz learn`: learning a deck to mastery in rounds, going on where it was left."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from quizzer.cli.choosing import Leeches, Missed, New, OneDeck, Tags, Types, Weakest
from quizzer.cli.common import Plain

if TYPE_CHECKING:
    from quizzer.cli.choosing import Choice
    from quizzer.models import Deck

Restart = Annotated[
    bool, typer.Option("--restart", help="Forget the progress kept and start over.")
]


def learn(
    deck: OneDeck,
    restart: Restart = False,
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
    from quizzer.cli.choosing import choice
    from quizzer.decks import find_deck

    chosen = find_deck(deck)
    _learn(chosen, deck, choice(tag, type_, missed, weakest, new, leeches), restart, plain)


def _learn(deck: Deck, ref: str, wanted: Choice, restart: bool, plain: bool) -> None:
    """Go on learning the questions wanted (anew, those the history chooses) in rounds,
    unless every one is mastered; `ref` is the deck as the learner named it."""
    import random

    from quizzer import learn as learning
    from quizzer.cli.choosing import studied
    from quizzer.cli.common import interactive, load_scheduler, session_store, study_session
    from quizzer.paths import data_home
    from quizzer.ui.play import make_asker, play_rounds

    home = data_home()
    scheduler = load_scheduler()
    with session_store(scheduler) as store:
        progress = store.state()
        picks = wanted.narrowed(deck, studied(progress, scheduler))
        picked = {deck.questions[i].id for i in picks}
        only = picked if len(picked) < len(deck.questions) else None
        state = learning.start(deck) if restart else learning.load_state(home, deck)
        if wanted.focus.chosen:
            learning.again(state, picked)
        mastered, total = learning.progress(state, only)
        if mastered == total:
            print(
                f"All {total} questions of {deck.title} are mastered; "
                f"quiz learn {ref} --restart starts over."
            )
            return
        player = make_asker(interactive(plain))
        session = study_session(deck.title, player, store, progress, scheduler, [deck])
        session.kind = "learn"
        course = learning.Course(
            state, deck, random.Random(), lambda done: learning.save_state(home, done), only
        )
        going_on = f", going on after round {state.round}" if state.round else ""
        header = f"Learning {deck.title}: {mastered} of {total} mastered{going_on}"
        play_rounds(session, player, course, header)
