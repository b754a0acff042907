"""Every option README documents for a command is one the command accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_quiz

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
WORD = re.compile(r"^[a-z][a-z-]*$")
OPTION = re.compile(r"(?<![\w-])(--?[a-zA-Z][\w-]*)")


def _command(words: list[str]) -> tuple[str, ...]:
    """The command path a code span names: `quiz deck import PATH ...` -> (deck, import)."""
    path = []
    for word in words[1:]:
        if not WORD.match(word):
            break
        path.append(word)
    return tuple(path)


def documented() -> dict[tuple[str, ...], set[str]]:
    """Options by command, from code spans like `quiz history export [--deck ID]` and from
    paragraphs such as "`quiz start` takes `--limit/-n N`, ..."."""
    found: dict[tuple[str, ...], set[str]] = {}
    for span in re.findall(r"`([^`\n]+)`", README):
        words = span.split()
        if words and words[0] == "quiz":
            options = set(OPTION.findall(span))
            if options:
                found.setdefault(_command(words), set()).update(options)
    for paragraph in README.split("\n\n"):
        lead = re.match(r"`(quiz [a-z ]+)` takes", paragraph.replace("\n", " "))
        if lead:
            spans = re.findall(r"`([^`]+)`", paragraph)[1:]
            options = {o for span in spans if span.startswith("-") for o in OPTION.findall(span)}
            found.setdefault(_command(lead[1].split()), set()).update(options)
    return {path: options - {"-h", "--help"} for path, options in found.items() if path}


def test_readme_documents_options_to_check() -> None:
    options = documented()
    assert "--tag" in options[("start",)]
    assert "--retry" in options[("start",)] or "--no-retry" in options[("start",)]
    assert "--purge-history" in options[("deck", "remove")]


@pytest.mark.parametrize("path", sorted(documented()), ids=" ".join)
def test_each_documented_option_is_accepted(path: tuple[str, ...]) -> None:
    done = run_quiz(*path, "--help", env={"COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    names = set(OPTION.findall(done.stdout))
    missing = sorted(documented()[path] - names)
    assert missing == [], f"quiz {' '.join(path)}: README documents {missing}"
