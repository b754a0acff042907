"""The learner's settings (`quiz config`): a small JSON file in the data directory.

Keys: retention (desired chance of recalling a question when it comes due, 0.7-0.99),
new_per_day (new questions `quiz review` introduces per deck and day), learning_steps and
relearning_steps (e.g. `1m,10m`; units s, m, h, d; `none` for no steps).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from quizzer.errors import BadInput, DataError
from quizzer.files import atomic_write, read_error
from quizzer.scheduler import Settings

FILE = "config.json"
_STEP = re.compile(r"^(\d+)([smhd])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
DEFAULTS = Settings()


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
    }


def _parse_steps(key: str, text: str) -> tuple[timedelta, ...]:
    if text.strip().lower() in ("none", ""):
        return ()
    steps = []
    for part in text.replace(" ", "").split(","):
        found = _STEP.match(part)
        if not found or int(found[1]) == 0:
            raise BadInput(
                f"{key}: {part!r} is not a step; write durations like 1m,10m "
                "(units s, m, h, d) or none."
            )
        steps.append(timedelta(seconds=int(found[1]) * _UNITS[found[2]]))
    return tuple(steps)


def parse(key: str, text: str, settings: Settings) -> Settings:
    """`settings` with `key` set from `text`; a bad key or value says what is allowed."""
    if key == "retention":
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not 0.7 <= value <= 0.99:
            raise BadInput(
                f"retention: {text!r} is not allowed; give a number from 0.7 to "
                "0.99 (0.9 means a 90% chance of recall when a question is due)."
            )
        return replace(settings, retention=value)
    if key == "new_per_day":
        if not text.isdigit() or int(text) > 9999:
            raise BadInput(
                f"new_per_day: {text!r} is not allowed; give a whole number from 0 to 9999."
            )
        return replace(settings, new_per_day=int(text))
    if key in ("learning_steps", "relearning_steps"):
        return replace(settings, **{key: _parse_steps(key, text)})
    raise BadInput(f"{key!r} is not a setting; the settings are {', '.join(as_text(settings))}.")


def load(home: Path) -> Settings:
    """The saved settings, defaults for what was never set."""
    path = home / FILE
    try:
        raw = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return DEFAULTS  # a data directory that is not one is the store's to report
    except OSError as exc:
        raise read_error(path, exc) from None
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        settings = DEFAULTS
        for key, value in data.items():
            settings = parse(key, str(value), settings)
    except (ValueError, BadInput) as exc:
        why = exc.message if isinstance(exc, BadInput) else str(exc)
        raise DataError(
            f"{path} is damaged ({why}); fix it by hand, or delete it to go back to the defaults."
        ) from None
    return settings


def save(home: Path, settings: Settings) -> None:
    """Write every setting that differs from its default."""
    defaults = as_text(DEFAULTS)
    changed = {k: v for k, v in as_text(settings).items() if v != defaults[k]}
    home.mkdir(parents=True, exist_ok=True)
    atomic_write(home / FILE, (json.dumps(changed, indent=2) + "\n").encode())
