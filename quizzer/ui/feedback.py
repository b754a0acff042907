"""The words shown after each answer and at the end of a quiz, shared by every asker.

Plain text only (no rich, no colour), so plain mode stays fast and screen-reader friendly;
the interactive mode styles these same lines.
"""

from __future__ import annotations

from quizzer.deckview import source_text
from quizzer.grading import Verdict
from quizzer.models import RATINGS, TYPE_NAMES, Question, QuestionType
from quizzer.session import Prompt, Result


def heading(prompt: Prompt) -> str:
    """`Question 3/10 (short answer)`, or in a review, what is left:
    `Question 3, 12 left (short answer)`."""
    kind = TYPE_NAMES[prompt.question.type]
    if prompt.countdown:
        return f"Question {prompt.number}, {prompt.left} left ({kind})"
    return f"Question {prompt.number}/{prompt.total} ({kind})"


def context_lines(prompt: Prompt) -> list[str]:
    """What is said before a question: its deck (in a review of several) and why it
    comes again."""
    lines = []
    if prompt.deck_title:
        lines.append(f"Deck: {prompt.deck_title}")
    if prompt.item.note:
        lines.append(f"({prompt.item.note})")
    return lines


def verdict_lines(
    question: Question, verdict: Verdict, deck_source: str = ""
) -> tuple[str, list[str]]:
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
    source = source_text(question, deck_source)
    if source:
        details.append(f"Source: {source}")
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


def summary_lines(result: Result, *, review: bool = False) -> list[str]:
    """Each missed (and unanswered) question with its answer, then the score: the score
    comes last, so it is on screen when the session ends."""
    lines = []
    if result.missed:
        lines.append("Missed:")
        for graded in result.missed:
            lines.append(f"  - {graded.item.question.prompt}")
            lines.append(f"    answer: {graded.verdict.expected}")
    if result.unanswered:
        lines.append("Skipped, not answered:")
        lines.extend(f"  - {item.question.prompt}" for item in result.unanswered)
    firsts = len(result.firsts)
    lines.append(
        f"Score: {result.correct}/{firsts} ({result.score:.0%}) "
        f"in {duration(result.seconds)} on {result.title}"
    )
    if review or result.answered != firsts:
        lines.append(
            f"{result.answered} answer{'s' * (result.answered != 1)} to "
            f"{result.questions} question{'s' * (result.questions != 1)}, "
            f"{result.right} right."
        )
    return lines
