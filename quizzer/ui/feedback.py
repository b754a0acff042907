"""The words shown after each answer and at the end of a quiz, shared by every asker.

Plain text only (no rich, no colour), so plain mode stays fast and screen-reader friendly;
the interactive mode styles these same lines.
"""

from __future__ import annotations

from quizzer.grading import Verdict
from quizzer.models import RATINGS, Question, QuestionType
from quizzer.session import Result

TYPE_NAMES = {
    QuestionType.MULTIPLE_CHOICE: "multiple choice",
    QuestionType.TRUE_FALSE: "true or false",
    QuestionType.SHORT_ANSWER: "short answer",
    QuestionType.MULTI_SELECT: "select all that apply",
    QuestionType.FLASHCARD: "flashcard",
}


def heading(question: Question, number: int, total: int) -> str:
    """`Question 3/10 (short answer)`."""
    return f"Question {number}/{total} ({TYPE_NAMES[question.type]})"


def verdict_lines(question: Question, verdict: Verdict) -> tuple[str, list[str]]:
    """The headline (Right/Close/Wrong...) and the lines that follow it."""
    details: list[str] = []
    if question.type is QuestionType.FLASHCARD:
        headline = f"Rated {verdict.outcome.capitalize()}."
    elif verdict.outcome == "close":
        headline = "Right (with a typo)."
    elif verdict.correct:
        headline = "Right."
    else:
        headline = f"Wrong. The answer is: {verdict.expected}"
    if verdict.note:
        details.append(verdict.note)
    elif verdict.matched:
        details.append(f"Counted as: {verdict.matched}")
    if question.explanation:
        details.append(f"Why: {question.explanation}")
    return headline, details


def rating_choices(intervals: dict[int, str]) -> list[str]:
    """`3 Good (3d)`: each rating with when the card would come back after it."""
    return [
        f"{n} {name}" + (f" ({intervals[n]})" if n in intervals else "")
        for n, name in RATINGS.items()
    ]


def duration(seconds: float) -> str:
    """`1m 05s`, or `42s` under a minute."""
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def summary_lines(result: Result) -> list[str]:
    """Score, percentage, time taken, then each missed question with its answer."""
    lines = [
        f"Score: {result.correct}/{result.answered} ({result.score:.0%}) "
        f"in {duration(result.seconds)} on {result.title}"
    ]
    if result.missed:
        lines.append("Missed:")
        for question, verdict in result.missed:
            lines.append(f"  - {question.prompt}")
            lines.append(f"    answer: {verdict.expected}")
    return lines
