"""The `quiz` command line: parses arguments, calls the library, turns errors into exit codes.

This package is the single error boundary: library code raises QuizzerError subclasses
and only `QuizGroup.invoke` prints them (on stderr) and picks the exit code. Command
modules import the library inside each command, so `--version` and `--help` start fast.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from quizzer import __version__, clock
from quizzer.cli.common import notice
from quizzer.errors import FAILURE, INTERRUPTED, Interrupted, QuizzerError


class QuizGroup(TyperGroup):
    """Runs a command and turns whatever it raises into a message and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Interrupted as exc:
            notice(exc.message)
            raise typer.Exit(exc.exit_code) from None
        except QuizzerError as exc:
            notice(f"error: {exc.message}")
            raise typer.Exit(exc.exit_code) from None
        except (KeyboardInterrupt, EOFError):
            notice("interrupted.")
            raise typer.Exit(INTERRUPTED) from None
        except (TyperException, typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`quiz ... | head`): stop quietly, as other tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(FAILURE) from None
        except Exception as exc:
            if os.environ.get("QUIZZER_DEBUG"):
                import traceback

                traceback.print_exc()
            notice(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in quizzer; run again with QUIZZER_DEBUG=1 for details to report."
            )
            raise typer.Exit(FAILURE) from None


app = typer.Typer(
    cls=QuizGroup,
    name="quiz",
    help="Quizzes and flashcards in the terminal, with scores that are never lost.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        print(f"quiz {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_show_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Quizzes and flashcards in the terminal, with scores that are never lost.

    Start with [bold]quiz start[/bold] (pick a deck with the arrow keys), or
    [bold]quiz deck list[/bold] to see the decks. Exit codes: 0 ok, 1 failure,
    2 bad usage or bad input, 130 interrupted.
    """
    clock.now()  # a bad QUIZZER_NOW is refused before anything starts


def _register() -> None:
    from quizzer.cli import config, deck, doctor, history, reset, review, start, stats

    app.command()(start.start)
    app.command()(review.review)
    app.command()(stats.stats)
    app.add_typer(deck.app, name="deck")
    app.add_typer(history.app, name="history")
    app.add_typer(config.app, name="config")
    app.command()(reset.reset)
    app.command()(doctor.doctor)


_register()


def main() -> None:
    """Entry point of the `quiz` console script."""
    app(prog_name="quiz")
