"""Where a learner's data lives: QUIZZER_HOME when set, else the platform's data directory."""

from __future__ import annotations

import os
from pathlib import Path

from quizzer.errors import DataError


def data_home() -> Path:
    """The data directory (not created here: the store creates what it writes)."""
    override = os.environ.get("QUIZZER_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("quizzer", appauthor=False)


def user_decks_dir() -> Path:
    """Where decks the learner adds are kept."""
    return data_home() / "decks"


def make_dir(folder: Path) -> Path:
    """Create `folder` in the data directory if it is missing, or say in one line why not.

    A data directory that is a file, or one the learner cannot write, would otherwise
    surface as a bare OSError from whatever tried to save first.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = next((p for p in (folder, *folder.parents) if p.is_file()), None)
        if blocker is not None:
            raise DataError(
                f"{blocker} is a file, not a directory; move it aside or set "
                "QUIZZER_HOME to a directory."
            ) from None
        raise DataError(
            f"{folder}: cannot create it ({exc.strerror or exc}); check the permissions of "
            f"{data_home()} or set QUIZZER_HOME to a directory you can write."
        ) from None
    return folder
