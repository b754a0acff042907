"""Plain mode's commands (`!undo`, `!skip`, `!right`) and its retry question, with the history
checked after each: part of the stable protocol in README."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from conftest import DATA, run_quiz

TINY = str(DATA / "tiny.json")


def start(stdin: str, *args: str) -> Any:
    done = run_quiz("start", TINY, "--no-shuffle", *args, stdin=stdin)
    return done


def history() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    lines = [json.loads(x) for x in run_quiz("history", "export").stdout.splitlines()]
    return [x for x in lines if "undo" not in x], [x for x in lines if "undo" in x]


def totals() -> dict[str, Any]:
    return json.loads(run_quiz("stats", "--json").stdout)["totals"]


def test_undo_takes_back_the_last_answer_and_asks_it_again(home: Path) -> None:
    done = start("1\n!undo\n2\nf\n", "-n", "2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Which city is the capital of France?") == 2
    answers, undos = history()
    assert [(a["question"], a["response"]) for a in answers] == [
        ("capital", "Paris"),
        ("sky", False),
    ]
    assert len(undos) == 1
    assert totals() == {"sessions": 1, "answered": 2, "correct": 2}
    assert "Score: 2/2 (100%)" in done.stdout


def test_undo_twice_goes_back_two_answers(home: Path) -> None:
    done = start("2\nt\n!undo\n!undo\n2\nf\n", "-n", "2")
    assert done.returncode == 0, done.stderr
    answers, undos = history()
    assert [a["question"] for a in answers] == ["capital", "sky"]
    assert len(undos) == 2
    assert totals()["answered"] == 2


def test_skip_moves_a_question_to_the_end_and_a_second_skip_leaves_it_unanswered(
    home: Path,
) -> None:
    done = start("!skip\nf\n!skip\n", "-n", "2", "--no-retry")
    assert done.returncode == 0, done.stderr
    assert "Skipped, not answered:\n  - Which city is the capital of France?" in done.stdout
    assert re.search(r"Score: 1/1 \(100%\) in \d+s on Tiny test deck\n\Z", done.stdout)
    answers, _ = history()
    assert [a["question"] for a in answers] == ["sky"]


def test_right_overrules_the_grader_on_the_answer_just_given(home: Path) -> None:
    # After the last question, the retry question is the next prompt: !right works there.
    done = start("Zola\n!right\n", "--type", "short_answer")
    assert done.returncode == 0, done.stderr
    assert "Retry the one you missed? [Y/n]> !right\nCounted as right, as you said" in done.stdout
    answers, undos = history()
    assert [(a["response"], a["correct"], a["outcome"], a["rating"]) for a in answers] == [
        ("Zola", True, "overruled", 2)
    ]
    assert len(undos) == 1
    stats = json.loads(run_quiz("stats", "tiny", "--json").stdout)
    assert stats["decks"][0]["overruled"] == 1
    assert [q["question"] for q in stats["deck"]["overruled"]] == ["author"]
    assert re.search(r"Score: 1/1 \(100%\) in \d+s on Tiny test deck\n\Z", done.stdout)


def test_right_overrules_at_the_next_question(home: Path) -> None:
    done = start("1\n!right\nf\n", "-n", "2")
    assert done.returncode == 0, done.stderr
    answers, undos = history()
    assert [(a["question"], a["outcome"]) for a in answers] == [
        ("capital", "overruled"),
        ("sky", "right"),
    ]
    assert len(undos) == 1
    assert done.stdout.count("The sky is green.") == 2  # asked again after the !right


def test_right_after_a_right_answer_is_explained_and_ignored(home: Path) -> None:
    done = start("2\n!right\nf\n", "-n", "2")
    assert done.returncode == 0, done.stderr
    assert "Only an answer just marked wrong can be counted as right." in done.stdout
    answers, undos = history()
    assert [a["outcome"] for a in answers] == ["right", "right"] and undos == []


def test_the_retry_question_asks_the_missed_ones_again_until_right(home: Path) -> None:
    done = start("1\nt\ny\n1\nf\ny\n2\n", "-n", "2")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.index("Score: 0/2 (0%)") < out.index("Retry the 2 you missed? [Y/n]> ")
    assert "Retry round: 1 of 2 right now." in out
    assert "Retry the one you missed? [Y/n]> " in out
    assert "Retry round: 1 of 1 right now." in out
    answers, _ = history()
    assert [(a["question"], a["correct"]) for a in answers] == [
        ("capital", False),
        ("sky", False),
        ("capital", False),
        ("sky", True),
        ("capital", True),
    ]
    assert totals() == {"sessions": 1, "answered": 5, "correct": 2}


def test_end_of_input_at_the_retry_question_ends_the_quiz_normally(home: Path) -> None:
    done = start("1\n", "-n", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("Retry the one you missed? [Y/n]> \n")
    assert done.stderr == ""


def test_end_of_input_during_a_retry_round_ends_the_quiz_normally(home: Path) -> None:
    done = start("1\nt\ny\n2\n", "-n", "2")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    answers, _ = history()
    assert len(answers) == 3


def test_n_declines_the_retry_and_no_retry_never_asks(home: Path) -> None:
    assert "Retry round" not in start("1\nn\n", "-n", "1").stdout
    quiet = start("1\n", "-n", "1", "--no-retry")
    assert "Retry" not in quiet.stdout
    assert quiet.returncode == 0


def test_end_of_input_in_the_quiz_says_how_it_went(home: Path) -> None:
    done = start("2\nt\n", "-n", "3")
    assert done.returncode == 130
    assert done.stderr == "quiz: interrupted after 2 answers (1 right); all 2 are saved.\n"
