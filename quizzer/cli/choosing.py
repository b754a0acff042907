"""The options that choose what to study, shared by `quiz start`, `quiz learn` and `quiz test`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from quizzer.models import QuestionType

if TYPE_CHECKING:
    from quizzer.progress import Progress
    from quizzer.scheduler import Scheduler
    from quizzer.selection import Focus, Studied

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


def focus(missed: bool, weakest: int | None, new: bool, leeches: bool) -> Focus:
    """The history options as the library takes them."""
    from quizzer.selection import Focus

    return Focus(missed=missed, weakest=weakest, new=new, leeches=leeches)


def studied(progress: Progress, scheduler: Scheduler) -> Studied:
    """What choosing by history reads: the store's totals and cards, the leech threshold."""
    from quizzer.config import leech_threshold
    from quizzer.selection import Studied

    return Studied(progress.totals, progress.cards, leech_threshold(scheduler.settings))
