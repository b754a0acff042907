"""The `quiz` command line: parses arguments, calls the library, turns errors into exit codes.

This package is the single error boundary: library code raises QuizzerError subclasses
and only `QuizGroup.invoke` prints them (on stderr) and picks the exit code. Command
modules import the library inside each command, so `--version` and `--help` start fast.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from quizzer import __version__, clock
from quizzer.cli.common import notice
from quizzer.errors import FAILURE, INTERRUPTED, Interrupted, QuizzerError

# Each command and group, by name, in the order `quiz --help` lists them. They are loaded
# when used: typer turns a command's signature into options when it is built, which costs
# milliseconds per command, so `quiz start` builds only `start`.
COMMANDS = {
    "start": ("quizzer.cli.start", "start"),
    "review": ("quizzer.cli.review", "review"),
    "learn": ("quizzer.cli.learn", "learn"),
    "test": ("quizzer.cli.exam", "test"),
    "stats": ("quizzer.cli.stats", "stats"),
    "deck": ("quizzer.cli.deck", "app"),
    "history": ("quizzer.cli.history", "app"),
    "config": ("quizzer.cli.config", "app"),
    "memory": ("quizzer.cli.memory", "app"),
    "sync": ("quizzer.cli.sync", "sync"),
    "reset": ("quizzer.cli.reset", "reset"),
    "doctor": ("quizzer.cli.doctor", "doctor"),
}


def _target(name: str) -> Any:
    module, attribute = COMMANDS[name]
    return getattr(importlib.import_module(module), attribute)


@functools.cache  # a process that runs `quiz` more than once (the in-process tests) builds once
def _build(name: str) -> Any:
    # click's plain help: rich help would add about 100 ms to every `--help`.
    holder = typer.Typer(add_completion=False, rich_markup_mode=None)
    target = _target(name)
    if isinstance(target, typer.Typer):
        target.rich_markup_mode = None
        holder.add_typer(target, name=name)
        return typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]
    holder.command(name)(target)
    return typer.main.get_command(holder)


class QuizGroup(TyperGroup):
    """The `quiz` group: loads commands on demand, and turns whatever a command raises
    into a message and an exit code (the one error boundary)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, name: str) -> Any:
        if name not in COMMANDS:
            return None
        return _build(name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of `quiz --help`, from docstrings, without building commands."""
        rows = []
        for name in COMMANDS:
            target = _target(name)
            text = target.info.help if isinstance(target, typer.Typer) else target.__doc__
            rows.append((name, inspect.cleandoc(text or "").split("\n")[0]))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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
    help="Quizzes and flashcards in the terminal, with scores that are never lost.\n\n"
    "Start with `quiz start` (pick a deck with the arrow keys), or `quiz deck list` to see "
    "the decks; `quiz COMMAND --help` explains each command, with examples. Exit codes: "
    "0 ok, 1 failure, 2 bad usage or bad input, 130 interrupted.",
    no_args_is_help=True,
    rich_markup_mode=None,
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
    """Checks what every command relies on before it starts."""
    clock.now()  # a bad QUIZZER_NOW is refused before anything starts


def main() -> None:
    """Entry point of the `quiz` console script."""
    app(prog_name="quiz")
