"""`quiz memory optimize|simulate|retention`: the learner's own memory model.

Each command is a thin wrapper over quizzer.memory. They need the `memory` extra
(fsrs-rs-python); without it they stop with exit 1 and the install line, since the command
was right and the installation lacks a part (`--reset` needs nothing extra). The engine is
imported inside the library functions that use it, never when this module loads.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from quizzer.cli.common import open_store
from quizzer.errors import DataError

if TYPE_CHECKING:
    from pathlib import Path

    from quizzer.memory import Save
    from quizzer.scheduler import Scheduler, Settings
    from quizzer.workload import Study

app = typer.Typer(
    help="Your own memory model: fit FSRS to your answers, see your workload, pick a retention.",
    no_args_is_help=True,
)

AsJson = Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")]


def replay_cards(scheduler: Scheduler) -> None:
    """Replay every card with `scheduler` (new parameters), as `quiz doctor --rebuild` does."""
    with open_store(scheduler) as store:
        findings = store.rebuild()
    if not findings or not findings[-1].ok:
        problems = "; ".join(f.message for f in findings if not f.ok)
        raise DataError(
            f"the parameters are saved, but the cards could not be replayed with them "
            f"({problems}); fix that, then run `quiz doctor --rebuild`."
        )


def _saver(home: Path) -> Save:
    from quizzer.memory import save_parameters

    return lambda settings: save_parameters(home, settings, replay_cards)


def _study(settings: Settings, new_per_day: int | None = None) -> Study:
    """The learner's cards, answers and the decks they study, ready to simulate."""
    from quizzer import memory
    from quizzer.decks import load_decks
    from quizzer.scheduler import Scheduler

    installed = load_decks()[0]
    with open_store(Scheduler(settings)) as store:
        progress = store.state()
        studied = {deck for deck, figures in progress.totals.decks.items() if figures.answered}
        decks = [deck for deck in installed if deck.id in studied]
        return memory.plan(progress.cards, store.answers(), decks, settings, new_per_day)


@app.command()
def optimize(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Fit and print the figures; save nothing.")
    ] = False,
    reset: Annotated[
        bool, typer.Option("--reset", help="Go back to FSRS's default parameters.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Fit FSRS to your answers; keep the fit only if it predicts you better.

    Examples:

      quiz memory optimize

      quiz memory optimize --dry-run --json

      quiz memory optimize --reset

    Fits the 21 parameters of FSRS to your history with fsrs-rs (the optimizer Anki runs),
    then scores them and your current parameters on the same held-out reviews (fsrs-rs's
    time-series split: later reviews predicted by parameters fitted on earlier ones). Lower
    log loss and RMSE are better. The fit is saved only when its log loss is lower; every
    card is then replayed with it, so the next due dates change at once. Otherwise your
    parameters are kept and it says so (exit 0). --json prints reviews, held_out, current
    and fitted (each log_loss and rmse), better, saved, current_parameters and parameters;
    with --reset, changed and saved.

    It needs 64 reviews (answers to a question on a later day than its previous answer):
    below that it stops with exit 2 and says how many more. Needs the memory extra, pip
    install 'quizzer[memory]' (exit 1 without it); --reset does not.
    """
    from quizzer import config, memory
    from quizzer.fitting import require_engine
    from quizzer.paths import data_home
    from quizzer.scheduler import Scheduler
    from quizzer.ui import memoryview
    from quizzer.ui.render import console

    home = data_home()
    settings = config.load(home)
    save = None if dry_run else _saver(home)
    if reset:
        changed = memory.reset(settings, save)
        if as_json:
            print(json.dumps({"changed": changed, "saved": changed and save is not None}))
        else:
            memoryview.show_reset(console(), changed, dry_run=dry_run)
        return
    require_engine()
    with open_store(Scheduler(settings)) as store:
        answers = list(store.answers())
    outcome = memory.optimize(answers, settings, save)
    if as_json:
        print(json.dumps(outcome.to_json(), indent=2))
    else:
        memoryview.show_optimized(console(), outcome, dry_run=dry_run)


@app.command()
def simulate(
    retention: Annotated[
        str,
        typer.Option(
            metavar="RANGE|LIST",
            help="Retentions to compare: a range stepping 0.05 (0.80..0.95) or a list (0.8,0.9).",
        ),
    ] = "0.80..0.95",
    days: Annotated[int, typer.Option(metavar="N", help="Days to simulate (1 to 3650).")] = 365,
    new_per_day: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            min=0,
            max=9999,
            help="New questions a day (default: new_per_day for each deck you study that "
            "still has new questions).",
            show_default=False,
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Your workload ahead at each retention: reviews and minutes a day, questions remembered.

    Examples:

      quiz memory simulate

      quiz memory simulate --retention 0.8,0.9 --days 180

      quiz memory simulate --new-per-day 0 --json

    Runs fsrs-rs's simulator (the one Anki's workload view runs) from your cards as they
    are, with your memory model (`quiz memory optimize`), how you rate and how long you
    take to answer. New questions are those of the decks you study never answered yet.
    Reviews a day count answers to questions already learned; minutes a day count all
    answering time. --json prints a list of objects with retention, reviews_per_day,
    minutes_per_day and remembered. Needs pip install 'quizzer[memory]' (exit 1 without it).
    """
    from quizzer import clock, config, memory
    from quizzer.fitting import require_engine
    from quizzer.paths import data_home
    from quizzer.ui import memoryview
    from quizzer.ui.render import console
    from quizzer.workload import parse_retentions

    retentions = parse_retentions(retention)
    require_engine()
    settings = config.load(data_home())
    rows = memory.simulate(_study(settings, new_per_day), settings, retentions, days, clock.now())
    if as_json:
        print(json.dumps([row.to_json() for row in rows], indent=2))
    else:
        memoryview.show_simulation(console(), rows, days, settings.retention)


@app.command()
def retention(as_json: AsJson = False) -> None:
    """The retention that costs you the least time per question remembered, beside yours.

    Examples:

      quiz memory retention

      quiz memory retention --json

    fsrs-rs's optimal retention for your memory model and answer times, searched from 0.70
    to 0.95, with the workload over the next 365 days at it and at your setting side by
    side, and the command that applies it (quiz config set retention ...). For most
    learners it is 0.70: less time a day, but fewer questions remembered. --json prints
    recommended, current, days, workload (rows as `quiz memory simulate --json` prints
    them) and apply. Needs pip install 'quizzer[memory]' (exit 1 without it).
    """
    from quizzer import clock, config, memory
    from quizzer.fitting import require_engine
    from quizzer.paths import data_home
    from quizzer.ui import memoryview
    from quizzer.ui.render import console

    require_engine()
    settings = config.load(data_home())
    advice = memory.advise(_study(settings), settings, clock.now())
    if as_json:
        print(json.dumps(advice.to_json(), indent=2))
    else:
        memoryview.show_advice(console(), advice)
