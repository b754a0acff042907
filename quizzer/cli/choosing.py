"""The options that choose what to study, shared by `quiz start`, `quiz learn` and `quiz test`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from quizzer.models import QuestionType

if TYPE_CHECKING:
    from quizzer.models import Deck
    from quizzer.progress import Progress
    from quizzer.scheduler import Scheduler
    from quizzer.selection import Focus, Studied

OneDeck = Annotated[
    str,
    typer.Argument(metavar="DECK", help="Deck id or path to a deck file.", show_default=False),
]
Tags = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        metavar="TAG",
        help="Only questions with this tag (repeat for several).",
        show_default=False,
    ),
]
Types = Annotated[
    list[QuestionType] | None,
    typer.Option(
        "--type",
        metavar="TYPE",
        help="Only questions of this type (repeat for several): "
        f"{', '.join(t.value for t in QuestionType)}.",
        show_default=False,
    ),
]
Missed = Annotated[
    bool, typer.Option("--missed", help="Only questions whose latest answer was wrong.")
]
Weakest = Annotated[
    int | None,
    typer.Option(
        "--weakest",
        min=1,
        metavar="N",
        help="Only the N questions of lowest accuracy (answered at least twice).",
        show_default=False,
    ),
]
New = Annotated[bool, typer.Option("--new", help="Only questions never answered.")]
Leeches = Annotated[
    bool,
    typer.Option(
        "--leeches",
        help="Only leeches: questions forgotten leech_threshold times (quiz config).",
    ),
]


class Choice(NamedTuple):
    """What `--tag`, `--type` and the history options keep of a deck."""

    tags: Sequence[str]
    types: Sequence[QuestionType]
    focus: Focus

    def narrowed(self, deck: Deck, studied: Studied | None) -> Sequence[int]:
        """The places in the deck of the questions kept (`selection.narrowed`)."""
        from quizzer.selection import narrowed

        return narrowed(deck, tags=self.tags, types=self.types, focus=self.focus, studied=studied)


def choice(
    tag: list[str] | None,
    type_: list[QuestionType] | None,
    missed: bool,
    weakest: int | None,
    new: bool,
    leeches: bool,
) -> Choice:
    """The choosing options as the library takes them."""
    from quizzer.selection import Focus

    history = Focus(missed=missed, weakest=weakest, new=new, leeches=leeches)
    return Choice(tag or (), type_ or (), history)


def studied(progress: Progress, scheduler: Scheduler) -> Studied:
    """What choosing by history reads: the store's totals and cards, the leech threshold."""
    from quizzer.config import leech_threshold
    from quizzer.selection import Studied

    return Studied(progress.totals, progress.cards, leech_threshold(scheduler.settings))
