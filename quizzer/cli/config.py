"""`quiz config get|set|list`: the settings of spaced repetition."""

from __future__ import annotations

import json
from typing import Annotated

import typer

app = typer.Typer(help="Show and change settings.", no_args_is_help=True)

KEY_HELP = (
    "retention, new_per_day, learning_steps, relearning_steps, parameters, leech_threshold "
    "or sync_dir."
)


@app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="Print the settings as JSON.")] = False,
) -> None:
    """Show every setting and its value.

    Examples:

      quiz config list

      quiz config list --json

    retention: the chance of recalling a question when it comes due, 0.7 to 0.99
    (default 0.9); new_per_day: new questions `quiz review` introduces per deck and day,
    0 to 9999 (default 20); learning_steps and relearning_steps: waits before a new or
    forgotten question comes back, e.g. 1m,10m (default 1m,10m and 10m): units s, m, h,
    d, each step from 1s to 365d, at most 20 steps, or none; parameters: your 21 FSRS
    parameters (`quiz memory optimize` fits them), or default; leech_threshold: the times
    a question is forgotten before it is a leech, 1 to 999 (default 8).

    sync_dir (listed once set): the folder `quiz sync` and study sessions sync through.
    """
    from quizzer import config
    from quizzer.paths import data_home

    values = config.listing(data_home())
    if as_json:
        print(json.dumps(values, indent=2))
        return
    for key, value in values.items():
        print(f"{key} = {value}")


@app.command()
def get(key: Annotated[str, typer.Argument(metavar="KEY", help=KEY_HELP)]) -> None:
    """Print one setting's value.

    Examples:

      quiz config get retention

      quiz config get parameters

    parameters prints 21 comma-separated numbers, or default (FSRS's own).
    """
    from quizzer import config
    from quizzer.paths import data_home

    values = {config.SYNC_DIR: "none", **config.listing(data_home())}
    if key not in values:
        config.parse(key, "", config.DEFAULTS)  # raises the error that lists the keys
    print(values[key])


@app.command("set")
def set_(
    key: Annotated[str, typer.Argument(metavar="KEY", help=KEY_HELP)],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The new value.")],
) -> None:
    """Change one setting; a value that is not allowed is refused and says what is.

    retention: 0.7 to 0.99; new_per_day: 0 to 9999; learning_steps and relearning_steps:
    durations such as 1m,10m,1h (units s, m, h, d), each from 1s to 365d, at most 20, or none;
    parameters: 21 comma-separated numbers within the bounds FSRS accepts, or default;
    leech_threshold: 1 to 999. Changing parameters replays every card with them (as
    `quiz doctor --rebuild` does), so the next due dates follow at once.

    Examples:

      quiz config set retention 0.85

      quiz config set new_per_day 10

      quiz config set learning_steps 1m,10m,1h

      quiz config set parameters default

      quiz config set leech_threshold 6

    sync_dir: an existing folder that Syncthing, Dropbox or git keeps in step between your
    devices (`quiz sync --help`), or none to stop syncing at each session.

      quiz config set sync_dir ~/Sync/quizzer
    """
    from quizzer import config
    from quizzer.paths import data_home

    home = data_home()
    if key == config.SYNC_DIR:
        print(f"{key} = {config.set_sync_dir(home, value) or 'none'}")
        return
    before = config.load(home)
    settings = config.parse(key, value, before)
    if settings.parameters != before.parameters:
        from quizzer.cli.memory import replay_cards
        from quizzer.memory import save_parameters

        save_parameters(home, settings, replay_cards)
    else:
        config.save(home, settings)
    print(f"{key} = {config.as_text(settings)[key]}")
