"""Where a learner's data lives: QUIZZER_HOME when set, else the platform's data directory."""

from __future__ import annotations

import os
from pathlib import Path


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
