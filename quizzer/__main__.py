"""The entry of the `quiz` command, and of `python -m quizzer`."""

import gc


def main() -> None:
    """Start `quiz` with the collector paused while typer and the command line load.

    What loading makes (modules, classes, functions) lives until the command exits, so the
    collector's passes over it are wasted: a third of the instructions of `quiz --version`
    past Python's own start. It is then frozen out of the collector's way (`gc.freeze`)
    and collection goes on as usual for the command itself.
    """
    gc.disable()
    from quizzer.cli import main as run

    gc.freeze()
    gc.enable()
    run()


if __name__ == "__main__":
    main()
