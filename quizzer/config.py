"""The learner's settings (`quiz config`): a small JSON file in the data directory.

Keys: retention (desired chance of recalling a question when it comes due, 0.7-0.99),
new_per_day (new questions `quiz review` introduces per deck and day, 0-9999), learning_steps
and relearning_steps (e.g. `1m,10m`; units s, m, h, d; `none` for no steps; each step from
1s to 365d, at most 20 steps), parameters (the learner's 21 FSRS parameters, comma-separated,
or `default`) and leech_threshold (lapses that make a question a leech, 1-999). Every value is
bounded to what the scheduler handles: a step of 3000000d would put a question's next review
past the dates Python can hold, and a parameter outside the bounds the `fsrs` package accepts
would stop every command that schedules.

The leech threshold is no FSRS setting, so it lives beside the scheduler's Settings in
`Config`, a subclass the scheduler takes as its Settings: one object, loaded once. One more
key is not the scheduler's: sync_dir, the folder `quiz sync` and study sessions sync through
(quizzer.sync), kept as an absolute path.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from quizzer.errors import BadInput, DataError
from quizzer.files import NotRegular, atomic_write, read_error, read_regular
from quizzer.paths import make_dir
from quizzer.scheduler import Settings

FILE = "config.json"
SYNC_DIR = "sync_dir"
# Digits are bounded before int() sees them: int() refuses strings of over 4,300 digits.
_STEP = re.compile(r"([0-9]{1,9})([smhd])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_COUNT = re.compile(r"[0-9]{1,4}")
MAX_STEP = timedelta(days=365)
MAX_STEPS = 20
MAX_NEW_PER_DAY = 9999
# Lapses that make a question a leech, as Anki's default; the most the setting takes.
LEECH_THRESHOLD = 8
MAX_LEECH_THRESHOLD = 999


@dataclass(frozen=True)
class Config(Settings):
    """Every setting: the scheduler's, and the lapses that make a question a leech."""

    leech_threshold: int = LEECH_THRESHOLD


DEFAULTS = Config()


def leech_threshold(settings: Settings) -> int:
    """The leech threshold of settings `load` gave (the default for bare scheduler settings)."""
    return settings.leech_threshold if isinstance(settings, Config) else LEECH_THRESHOLD


def _steps_text(steps: tuple[timedelta, ...]) -> str:
    parts = []
    for step in steps:
        seconds = int(step.total_seconds())
        unit = next(u for u in "dhms" if seconds % _UNITS[u] == 0)
        parts.append(f"{seconds // _UNITS[unit]}{unit}")
    return ",".join(parts) or "none"


def as_text(settings: Settings) -> dict[str, str]:
    """Every setting as `quiz config` shows and takes it."""
    return {
        "retention": f"{settings.retention:g}",
        "new_per_day": str(settings.new_per_day),
        "learning_steps": _steps_text(settings.learning_steps),
        "relearning_steps": _steps_text(settings.relearning_steps),
        "parameters": parameters_text(settings.parameters),
        "leech_threshold": str(leech_threshold(settings)),
    }


def parameters_text(parameters: tuple[float, ...] | None) -> str:
    """`default`, or the numbers as Python writes them back exactly (`0.212,1.2931,...`)."""
    return "default" if parameters is None else ",".join(map(repr, parameters))


def _parse_steps(key: str, text: str) -> tuple[timedelta, ...]:
    if text.strip().lower() in ("none", ""):
        return ()
    parts = text.replace(" ", "").split(",")
    if len(parts) > MAX_STEPS:
        raise BadInput(f"{key}: {len(parts)} steps is too many; give at most {MAX_STEPS}.")
    steps = []
    for part in parts:
        found = _STEP.fullmatch(part)
        step = timedelta(seconds=int(found[1]) * _UNITS[found[2]]) if found else None
        if step is None or not timedelta(seconds=1) <= step <= MAX_STEP:
            raise BadInput(
                f"{key}: {part[:40]!r} is not a step; write durations from 1s to "
                f"{MAX_STEP.days}d like 1m,10m (units s, m, h, d) or none."
            )
        steps.append(step)
    return tuple(steps)


def _parse_parameters(text: str) -> tuple[float, ...] | None:
    """`default`, or as many numbers as FSRS has parameters, each within its bounds."""
    if text.strip().lower() == "default":
        return None
    parts = text.replace(" ", "").split(",")
    count = len(LOWER_BOUNDS_PARAMETERS)
    how = (
        f"give {count} numbers separated by commas (as `quiz memory optimize` saves them), "
        "or default for FSRS's own."
    )
    if len(parts) != count:
        raise BadInput(f"parameters: {len(parts)} number(s) where FSRS has {count}; {how}")
    values = []
    for index, part in enumerate(parts):
        try:
            value = float(part)
        except ValueError:
            value = math.nan
        low, high = LOWER_BOUNDS_PARAMETERS[index], UPPER_BOUNDS_PARAMETERS[index]
        if not low <= value <= high:  # NaN fails too
            raise BadInput(
                f"parameters: number {index + 1}, {part[:40]!r}, is not allowed: FSRS takes "
                f"{low:g} to {high:g} there; {how}"
            )
        values.append(value)
    return tuple(values)


def parse(key: str, text: str, settings: Config) -> Config:
    """`settings` with `key` set from `text`; a bad key or value says what is allowed."""
    if key == "retention":
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not 0.7 <= value <= 0.99:
            raise BadInput(
                f"retention: {text[:40]!r} is not allowed; give a number from 0.7 to "
                "0.99 (0.9 means a 90% chance of recall when a question is due)."
            )
        return replace(settings, retention=value)
    if key == "new_per_day":
        if not _COUNT.fullmatch(text):
            raise BadInput(
                f"new_per_day: {text[:40]!r} is not allowed; give a whole number from 0 to "
                f"{MAX_NEW_PER_DAY}."
            )
        return replace(settings, new_per_day=int(text))
    if key == "learning_steps":
        return replace(settings, learning_steps=_parse_steps(key, text))
    if key == "relearning_steps":
        return replace(settings, relearning_steps=_parse_steps(key, text))
    if key == "parameters":
        return replace(settings, parameters=_parse_parameters(text))
    if key == "leech_threshold":
        number = int(text) if _COUNT.fullmatch(text) else 0
        if not 1 <= number <= MAX_LEECH_THRESHOLD:
            raise BadInput(
                f"leech_threshold: {text[:40]!r} is not allowed; give a whole number from 1 to "
                f"{MAX_LEECH_THRESHOLD} (the times a question is forgotten before it is a leech)."
            )
        return replace(settings, leech_threshold=number)
    keys = ", ".join([*as_text(settings), SYNC_DIR])
    raise BadInput(f"{key!r} is not a setting; the settings are {keys}.")


def load(home: Path) -> Config:
    """The saved settings, defaults for what was never set.

    A config.json that cannot be used (not a regular file, not UTF-8, not JSON, or a
    value out of bounds) is a DataError naming it; it is never changed.
    """
    path = home / FILE
    try:
        raw = read_regular(path)
    except (FileNotFoundError, NotADirectoryError):
        return DEFAULTS  # a data directory that is not one is the store's to report
    except NotRegular:
        raise DataError(
            f"{path} is not a regular file (a folder, a FIFO or a device); move it aside "
            "to go back to the default settings."
        ) from None
    except OSError as exc:
        raise read_error(path, exc) from None
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        settings = DEFAULTS
        for key, value in data.items():
            if key == SYNC_DIR:
                _sync_path(value)  # not a scheduling setting: see sync_dir()
                continue
            settings = parse(key, str(value), settings)
    except UnicodeDecodeError as exc:
        raise _damaged(path, f"not UTF-8: byte {exc.start} is 0x{raw[exc.start]:02x}") from None
    except RecursionError:
        raise _damaged(path, "JSON nested too deeply") from None
    except (ValueError, BadInput) as exc:
        raise _damaged(path, exc.message if isinstance(exc, BadInput) else str(exc)) from None
    return settings


def _damaged(path: Path, why: str) -> DataError:
    return DataError(
        f"{path} is damaged ({why.rstrip('.')}); fix it by hand, or delete it to go back "
        "to the defaults."
    )


def save(home: Path, settings: Settings) -> None:
    """Write every setting that differs from its default."""
    defaults = as_text(DEFAULTS)
    changed = {k: v for k, v in as_text(settings).items() if v != defaults[k]}
    folder = sync_dir(home)
    if folder is not None:
        changed[SYNC_DIR] = str(folder)
    atomic_write(make_dir(home) / FILE, (json.dumps(changed, indent=2) + "\n").encode())


def _sync_path(value: object) -> Path | None:
    """The sync folder a config value names; ValueError for a value that names none."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not value.isprintable():
        raise ValueError("sync_dir must be the path of a folder")
    return Path(value)


def sync_dir(home: Path) -> Path | None:
    """The folder `quiz sync` and study sessions sync through (`quiz config set sync_dir`),
    or None when it is not set."""
    load(home)  # the whole file is checked, and named if it cannot be used
    try:
        data = json.loads(read_regular(home / FILE))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise read_error(home / FILE, exc) from None
    return _sync_path(data.get(SYNC_DIR))


def set_sync_dir(home: Path, text: str) -> Path | None:
    """Set the sync folder (it must exist), or unset it with `none`; return it."""
    folder = None
    if text.strip().lower() not in ("", "none"):
        folder = Path(text).expanduser().absolute()
        if not folder.is_dir():
            raise BadInput(
                f"sync_dir: {text[:80]!r} is not a folder; create it (or mount it) first, "
                "or give none to stop syncing."
            )
    load(home)  # a file that cannot be used is named, never rewritten
    path = make_dir(home) / FILE
    try:
        data = json.loads(read_regular(path))
    except FileNotFoundError:
        data = {}
    data.pop(SYNC_DIR, None)
    if folder is not None:
        data[SYNC_DIR] = str(folder)
    atomic_write(path, (json.dumps(data, indent=2) + "\n").encode())
    return folder


def listing(home: Path) -> dict[str, str]:
    """Every setting as `quiz config list` shows it, and the sync folder once it is set."""
    values = as_text(load(home))
    folder = sync_dir(home)
    if folder is not None:
        values[SYNC_DIR] = str(folder)
    return values
