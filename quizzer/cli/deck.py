"""`quiz deck ...`: list, show, add, remove, write and edit decks; import, export and
validate live in quizzer.cli.deckio and are registered here, as one group."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from quizzer.cli.common import interactive, notice, notices
from quizzer.cli.deckio import export, import_, validate

app = typer.Typer(
    help="List, show, check, add, remove, write, edit, import and export decks.",
    no_args_is_help=True,
)


@app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="Print the decks as JSON.")] = False,
) -> None:
    """List built-in decks and your own, with their question counts.

    Examples:

      quiz deck list

      quiz deck list --json
    """
    from quizzer.decks import list_decks

    decks, broken = list_decks()
    for message in broken:
        notice(f"warning: {message}")
    if as_json:
        rows = [{k: v for k, v in d._asdict().items() if k != "path"} for d in decks]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from quizzer.ui.render import console, deck_table

    console().print(deck_table(decks))


@app.command()
def show(
    deck: Annotated[str, typer.Argument(metavar="DECK", help="Deck id or path to a deck file.")],
    answers: Annotated[
        bool, typer.Option("--answers", help="Also show the answers and explanations.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the deck as JSON.")] = False,
) -> None:
    """Show a deck: title, counts by type and tag, and its questions.

    Examples:

      quiz deck show deepseek-company

      quiz deck show my-deck.json --answers

      quiz deck show deepseek-company --json
    """
    from quizzer.decks import find_deck
    from quizzer.deckview import deck_json, deck_lines

    found = find_deck(deck)
    if as_json:
        print(json.dumps(deck_json(found, answers=answers), indent=2, ensure_ascii=False))
        return
    print("\n".join(deck_lines(found, answers=answers)))


@app.command()
def add(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The deck file to add.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace your deck that has the same id.")
    ] = False,
) -> None:
    """Check a deck file, then copy it into your decks so `quiz start ID` finds it.

    Examples:

      quiz deck add my-deck.json

      quiz deck add my-deck.json --force      replace your deck with the same id

    A deck whose id is taken by one of your decks is refused unless --force; a
    built-in deck's id is always refused. The deck is copied: edit your copy with
    `quiz deck edit ID`, or add the file again with --force. Either way questions keep
    their history by id, and a question left out keeps its answers in your history.
    """
    from quizzer.userdecks import add_file

    added = add_file(path, force=force)
    notices(warning.render(str(path)) for warning in added.warnings)
    count = len(added.deck.questions)
    verb = "Replaced your deck" if added.replaced else "Added deck"
    print(
        f"{verb} {added.deck.id!r} ({count:,} question{'s' * (count != 1)}) as {added.file}; "
        f"start it with: quiz start {added.deck.id}"
    )
    print(
        f"It is a copy: later changes to {path} are not seen. Change it with "
        f"`quiz deck edit {added.deck.id}`, or add the file again with --force."
    )


@app.command()
def remove(
    deck: Annotated[str, typer.Argument(metavar="ID", help="The id of one of your decks.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Remove without asking.")] = False,
    purge_history: Annotated[
        bool,
        typer.Option(
            "--purge-history",
            help="Also clear the answers you gave on it (saved first to a backup).",
        ),
    ] = False,
) -> None:
    """Remove one of your decks; the answers you gave on it stay in your history.

    Examples:

      quiz deck remove my-deck

      quiz deck remove my-deck --yes --purge-history

    With --purge-history its answers are cleared too, as `quiz reset ID` does: they are
    first written to a backup in the data directory that `quiz history import` restores.
    """
    from quizzer.errors import BadInput
    from quizzer.userdecks import describe, remove, user_deck

    file = user_deck(deck)
    kept = "and clear its history (a backup is kept)" if purge_history else "Its history is kept"
    if not yes:
        if not interactive(plain=False):
            raise BadInput(f"removing deck {deck!r} needs a yes: pass --yes.")
        from quizzer.ui.prompts import confirm

        question = (
            f"Remove your deck {describe(file)} {kept}?"
            if purge_history
            else f"Remove your deck {describe(file)}? {kept}."
        )
        if not confirm(question):
            print("Nothing removed.")
            return
    remove(deck)
    if not purge_history:
        print(f"Removed deck {deck!r}; the answers you gave on it are kept in your history.")
        return
    from quizzer.cli.common import open_store

    with open_store() as store:
        count, backup = store.forget(deck)
    print(f"Removed deck {deck!r} and cleared {count:,} answers; a copy is in {backup}")


@app.command()
def new() -> None:
    """Write a new deck question by question with arrow-key prompts, then save it.

    Examples:

      quiz deck new

    Each question asks for its kind, prompt, choices, answer (and other accepted
    answers) and explanation; a preview and a check come before saving. Stopped with
    Ctrl-C, the wizard keeps what you wrote as a draft, and the next `quiz deck new`
    offers to resume it.
    """
    from quizzer.authoring import Wizard, draft_file
    from quizzer.errors import BadInput
    from quizzer.ui.prompts import WizardPrompts

    if not interactive(plain=False):
        raise BadInput(
            "`quiz deck new` needs a terminal; write the deck as JSON instead "
            "(`quiz deck schema` prints the format) and check it with `quiz deck validate`."
        )
    path = draft_file()
    try:
        added = Wizard(WizardPrompts(), path).run()
    except (KeyboardInterrupt, EOFError):
        if path.exists():
            notice(f"your deck is kept as a draft ({path}); `quiz deck new` resumes it.")
        raise
    if added is None:
        print(f"Kept as a draft ({path}); `quiz deck new` resumes it.")
        return
    count = len(added.deck.questions)
    print(
        f"Saved deck {added.deck.id!r} ({count} question{'s' * (count != 1)}) as {added.file}; "
        f"start it with: quiz start {added.deck.id}"
    )


@app.command()
def edit(
    deck: Annotated[str, typer.Argument(metavar="ID", help="The id of one of your decks.")],
) -> None:
    """Edit one of your decks in your editor; it is checked before it is saved.

    Examples:

      quiz deck edit my-deck

      EDITOR=nano quiz deck edit my-deck

    The editor is $VISUAL, else $EDITOR, else vi (notepad on Windows). When it exits,
    the deck is checked; if it has problems they are listed, and `Edit again? [Y/n]`
    opens your changes again (Enter) or discards them (n). Questions keep their
    history by id: a reworded question keeps its answers, and a question you remove
    keeps its answers in your history but is no longer asked. Built-in decks cannot be
    edited: export one, give it another id, and add it.
    """
    from quizzer.deckedit import Edited, edit_deck, editable, run_editor
    from quizzer.errors import BadInput

    editable(deck)
    if not interactive(plain=False):
        raise BadInput(
            "`quiz deck edit` needs a terminal for your editor; without one, export the "
            f"deck (`quiz deck export {deck} -o {deck}.json`), change the file, and add it "
            "back with `quiz deck add --force`."
        )
    done = edit_deck(deck, editor=run_editor, again=_edit_again)
    notices(done.warnings)
    if done.outcome is not Edited.SAVED or done.deck is None:
        what = "No changes" if done.outcome is Edited.UNCHANGED else "Edit discarded"
        print(f"{what}; your deck {deck!r} is as it was.")
        return
    count = len(done.deck.questions)
    print(f"Saved your deck {deck!r} ({count:,} question{'s' * (count != 1)}).")
    if done.added:
        print(f"New: {_listed(done.added)}.")
    if done.removed:
        print(
            f"Removed: {_listed(done.removed)}; their answers stay in your history, "
            "and they are no longer asked."
        )


def _listed(ids: tuple[str, ...], shown: int = 5) -> str:
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return f"{len(ids)} question{'s' * (len(ids) != 1)} ({', '.join(ids[:shown])}{more})"


def _edit_again(problems: list[str]) -> bool:
    """List an edit's problems; whether the learner wants to edit again (Enter, y) or not (n)."""
    from quizzer.ui import keys

    print("\n".join(problems))
    try:
        again = keys.press(
            "Edit again? [Y/n]",
            "Enter edit again · n discard your changes",
            {"enter": True, "y": True, "n": False},
        )
    except EOFError:
        again = False
    print(f"Edit again? {'yes' if again else 'no'}")
    return again


@app.command()
def schema() -> None:
    """Print the JSON Schema of the deck format (version 1).

    Examples:

      quiz deck schema > deck.schema.json
    """
    from quizzer.deckcheck import schema_text

    sys.stdout.write(schema_text())


app.command()(validate)
app.command("import")(import_)
app.command()(export)
