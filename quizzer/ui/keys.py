"""One-key prompts for the interactive quiz: small prompt_toolkit applications of our own.

questionary's select and checkbox cut a long choice at the terminal's edge and take no
number keys; these lists word-wrap every choice with a hanging indent, pick or toggle a
choice with its number, and let the caller bind its own keys (undo, skip, t/f). Ctrl-C
raises KeyboardInterrupt, as questionary's `unsafe_ask()` does; end of input raises EOFError.
Under a `Deadline` (a timed test), every prompt shows the time left after its hint and
ends with the deadline's error when the time runs out.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar, cast

from prompt_toolkit.application import Application, get_app
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.document import Document
from prompt_toolkit.filters import is_done
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import (
    BufferControl,
    ConditionalContainer,
    FormattedTextControl,
    HSplit,
    Layout,
    Window,
)
from prompt_toolkit.layout.processors import BeforeInput
from prompt_toolkit.styles import Style
from prompt_toolkit.utils import get_cwidth
from prompt_toolkit.validation import ValidationError, Validator

T = TypeVar("T")

# Without colour (NO_COLOR) the pointer and the marks still say where one is.
STYLE = Style.from_dict(
    {
        "message": "bold",
        "selected": "bold",
        "hint": "dim",
        "answer": "bold",
    }
)
POINTER, PICKED, UNPICKED = "»", "●", "○"
NUMBERED = 9  # keys 1-9 pick a choice at once; later ones are reached with the arrows


@dataclass(frozen=True)
class Deadline:
    """A time limit on the prompts shown while it holds (see `until`)."""

    at: float  # time.monotonic() when the time is up
    error: type[BaseException]  # what a prompt ends with then
    label: Callable[[float], str]  # the seconds left as the hint ends with them: `12:34 left`


_deadline: ContextVar[Deadline | None] = ContextVar("deadline", default=None)
REFRESH_SECONDS = 0.5  # how often a prompt under a deadline redraws its time left


@contextmanager
def until(deadline: Deadline) -> Iterator[None]:
    """Prompts shown inside show the time left and end with `deadline.error` at its time."""
    token = _deadline.set(deadline)
    try:
        yield
    finally:
        _deadline.reset(token)


def _hint(hint: str) -> str:
    """The hint, and the time left under a deadline."""
    deadline = _deadline.get()
    if deadline is None:
        return hint
    return f"{hint} · {deadline.label(deadline.at - time.monotonic())}"


def _start(app: Application[Any]) -> Any:
    """Run a prompt; under a deadline, redrawn as the time left changes and ended with the
    deadline's error when it runs out."""
    deadline = _deadline.get()
    if deadline is None:
        return app.run()
    app.refresh_interval = REFRESH_SECONDS

    async def time_up() -> None:
        await asyncio.sleep(max(0.0, deadline.at - time.monotonic()))
        app.exit(exception=deadline.error)

    def started() -> None:
        app.create_background_task(time_up())

    return app.run(pre_run=started)


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """`text` in lines of at most `width` cells, broken between words, lines after the
    first starting with `indent` spaces (a hanging indent); leading spaces are kept.

    Only a word longer than a whole line is broken inside.
    """
    width = max(width, indent + 1)
    lead = len(text) - len(text.lstrip(" "))
    lines: list[str] = []
    line = text[:lead]
    for word in text[lead:].split():
        gap = "" if line.strip() == "" else " "
        if get_cwidth(line + gap + word) <= width:
            line += gap + word
            continue
        if line.strip():
            lines.append(line)
            line = " " * indent
        while get_cwidth(line + word) > width:
            cut = _fit(word, width - get_cwidth(line))
            lines.append(line + word[:cut])
            line, word = " " * indent, word[cut:]
        line += word
    lines.append(line)
    return lines


def _fit(word: str, cells: int) -> int:
    """How many characters of `word` fit in `cells` cells (at least one)."""
    used = 0
    for n, char in enumerate(word):
        used += get_cwidth(char)
        if used > cells:
            return max(n, 1)
    return len(word)


def columns() -> int:
    """The width of the terminal prompt_toolkit draws on."""
    return get_app().output.get_size().columns


def _lines(fragments: list[tuple[str, str, int]], selected: int) -> StyleAndTextTuples:
    """Styled lines (style, text, hanging indent) wrapped to the terminal; the cursor sits
    on the selected one so a list taller than the screen scrolls to it."""
    width = columns()
    out: StyleAndTextTuples = []
    for n, (style, text, indent) in enumerate(fragments):
        for i, line in enumerate(wrap(text, width, indent)):
            if n or i:
                out.append(("", "\n"))
            if n == selected and i == 0:
                out.append(("[SetCursorPosition]", ""))
            out.append((style, line))
    return out


def _interrupt(bindings: KeyBindings) -> None:
    """Ctrl-C (a key in raw mode, or SIGINT) raises KeyboardInterrupt."""

    @bindings.add("c-c", eager=True)
    @bindings.add(Keys.SIGINT, eager=True)
    def _(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")


def _bind_keys(bindings: KeyBindings, keys: Mapping[str, T], done: Callable[[T], None]) -> None:
    """Each of the caller's keys (letters in either case) ends the prompt with its value."""
    for key, value in keys.items():
        names = {key, key.upper()} if len(key) == 1 and key.isalpha() else {key}
        for name in names:
            bindings.add(name, eager=True)(lambda _e, v=value: done(v))


def _label(value: object) -> str:
    """How the final screen names a key's value: `(undo)`."""
    return f"({value.value if isinstance(value, Enum) else value})"


def _run(lines: Callable[[], StyleAndTextTuples], bindings: KeyBindings, erase: bool) -> Any:
    window = Window(FormattedTextControl(lines, show_cursor=False), wrap_lines=False)
    app: Application[Any] = Application(
        layout=Layout(HSplit([window])),
        key_bindings=bindings,
        style=STYLE,
        erase_when_done=erase,
    )
    return _start(app)


@dataclass
class _List:
    """The state of a choice list: where the pointer is, what is picked, how it ended."""

    message: str
    choices: Sequence[str]
    hint: str
    pointer: int = 0
    picked: set[int] = field(default_factory=set)
    done: str = ""  # what the final screen says was chosen
    multi: bool = False

    def render(self) -> StyleAndTextTuples:
        if get_app().is_done:
            return _lines([("class:answer", f"{self.message} {self.done}", 2)], -1)
        rows = [("class:message", self.message, 2)]
        for n, choice in enumerate(self.choices):
            here = n == self.pointer
            label = f"{n + 1}." if n < NUMBERED else ""
            mark = f"{PICKED if n in self.picked else UNPICKED} " if self.multi else ""
            head = f"{POINTER if here else ' '} {label:<3}{mark}"
            text = head + " ".join(choice.split())
            rows.append(("class:selected" if here else "", text, get_cwidth(head)))
        rows.append(("class:hint", _hint(self.hint), 0))
        return _lines(rows, self.pointer + 1)

    def move(self, step: int) -> None:
        self.pointer = (self.pointer + step) % len(self.choices)


def _moves(bindings: KeyBindings, state: _List) -> None:
    """Arrows and j/k move the pointer, wrapping round at either end."""
    for key, step in (("up", -1), ("k", -1), ("down", 1), ("j", 1)):
        bindings.add(key)(lambda _e, s=step: state.move(s))


def choose(
    message: str,
    choices: Sequence[str],
    hint: str,
    *,
    default: int = 0,
    letters: Mapping[str, int] | None = None,
    keys: Mapping[str, T] | None = None,
) -> int | T:
    """The index of the choice picked (its number key, one of `letters`, or Enter on the
    pointer), or the value of one of the caller's `keys`."""
    state = _List(message, choices, hint, pointer=default)
    bindings = KeyBindings()
    _interrupt(bindings)
    _moves(bindings, state)

    def pick(index: int) -> None:
        state.done = " ".join(choices[index].split())
        get_app().exit(result=index)

    def other(value: T) -> None:
        state.done = _label(value)
        get_app().exit(result=value)

    bindings.add("enter")(lambda _e: pick(state.pointer))
    for n in range(min(len(choices), NUMBERED)):
        bindings.add(str(n + 1))(lambda _e, i=n: pick(i))
    _bind_keys(bindings, letters or {}, pick)
    _bind_keys(bindings, keys or {}, other)
    return cast("int | T", _run(state.render, bindings, erase=False))


def toggle(
    message: str, choices: Sequence[str], hint: str, *, keys: Mapping[str, T] | None = None
) -> list[int] | T:
    """The indexes of the choices picked (number keys or Space toggle, Enter confirms), or
    the value of one of the caller's `keys`."""
    state = _List(message, choices, hint, multi=True)
    bindings = KeyBindings()
    _interrupt(bindings)
    _moves(bindings, state)

    def flip(index: int) -> None:
        state.pointer = index
        state.picked ^= {index}

    def confirm() -> None:
        picked = sorted(state.picked)
        state.done = ", ".join(" ".join(choices[i].split()) for i in picked) or "(none)"
        get_app().exit(result=picked)

    def other(value: T) -> None:
        state.done = _label(value)
        get_app().exit(result=value)

    bindings.add("enter")(lambda _e: confirm())
    bindings.add("space")(lambda _e: flip(state.pointer))
    for n in range(min(len(choices), NUMBERED)):
        bindings.add(str(n + 1))(lambda _e, i=n: flip(i))
    _bind_keys(bindings, keys or {}, other)
    return cast("list[int] | T", _run(state.render, bindings, erase=False))


def press(message: str, hint: str, keys: Mapping[str, T], *, other: T | None = None) -> T:
    """Wait for one of `keys` (or, with `other`, any key at all) and return its value.

    The prompt is erased when a key is pressed: the caller says what came of it.
    """

    def render() -> StyleAndTextTuples:
        rows = [("class:message", message, 0)] if message else []
        return _lines([*rows, ("class:hint", _hint(hint), 0)], -1)

    bindings = KeyBindings()
    _interrupt(bindings)
    if other is not None:
        bindings.add(Keys.Any)(lambda _e: get_app().exit(result=other))
    _bind_keys(bindings, keys, lambda value: get_app().exit(result=value))
    return cast(T, _run(render, bindings, erase=True))


def type_text(
    message: str,
    hint: str,
    *,
    keys: Mapping[str, T],
    check: Callable[[str], str | None],
) -> str | T:
    """A line of text (Enter), or the value of one of the caller's control `keys` (letters
    are text here). `check` returns why a line cannot be taken, or None; it is shown in
    place of the hint until the line is taken."""
    bindings = KeyBindings()
    _interrupt(bindings)

    def other(value: T) -> None:
        buffer.text = _label(value)
        get_app().exit(result=value)

    def accept(line: Buffer) -> bool:
        get_app().exit(result=line.text)
        return True  # keep the text on screen

    _bind_keys(bindings, keys, other)
    buffer = Buffer(multiline=False, validator=_Check(check), accept_handler=accept)
    field = BufferControl(buffer, input_processors=[BeforeInput(message + " ", "class:message")])

    def below() -> StyleAndTextTuples:
        problem = buffer.validation_error
        return _lines([("class:hint", problem.message if problem else _hint(hint), 0)], -1)

    shown = Window(FormattedTextControl(below), wrap_lines=False)
    app: Application[Any] = Application(
        layout=Layout(
            HSplit([Window(field, wrap_lines=True), ConditionalContainer(shown, ~is_done)])
        ),
        key_bindings=bindings,
        style=STYLE,
    )
    return cast("str | T", _start(app))


class _Check(Validator):
    """Refuses a line `check` finds a problem with, showing the problem."""

    def __init__(self, check: Callable[[str], str | None]) -> None:
        self.check = check

    def validate(self, document: Document) -> None:
        problem = self.check(document.text)
        if problem is not None:
            raise ValidationError(cursor_position=len(document.text), message=problem)
