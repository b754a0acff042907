"""Plain-text views of a deck, for `quiz deck show`, dry-run imports and the wizard's preview.

Lines of text only: deck text was cleaned of control characters when it was loaded,
and nothing here goes through rich markup.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from quizzer.grading import expected_text
from quizzer.models import TYPE_NAMES, Deck, Question, QuestionType

ORIGINS = {"builtin": "built-in deck", "user": "your deck", "file": "deck file"}


def counts(deck: Deck) -> dict[str, dict[str, int]]:
    """Questions by type (in the format's order, types present only) and by tag."""
    types = Counter(q.type for q in deck.questions)
    tags = Counter(tag for q in deck.questions for tag in q.tags)
    return {
        "types": {t.value: types[t] for t in QuestionType if types[t]},
        "tags": dict(sorted(tags.items(), key=lambda item: (-item[1], item[0]))),
    }


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def summary_lines(deck: Deck) -> list[str]:
    """Title, id and origin, description, deck tags, and counts by type and tag."""
    lines = [deck.title, f"id: {deck.id} ({ORIGINS.get(deck.origin, deck.origin)})"]
    if deck.description:
        lines.append(deck.description)
    if deck.tags:
        lines.append(f"tags: {', '.join(deck.tags)}")
    figures = counts(deck)
    by_type = ", ".join(f"{n:,} {TYPE_NAMES[QuestionType(t)]}" for t, n in figures["types"].items())
    lines.append(f"{_plural(len(deck.questions), 'question')}: {by_type}")
    if figures["tags"]:
        lines.append("by tag: " + ", ".join(f"{t} {n:,}" for t, n in figures["tags"].items()))
    return lines


def _indented(label: str, text: str) -> list[str]:
    first, *rest = text.split("\n")
    return [f"   {label}{first}", *(f"   {' ' * len(label)}{line}" for line in rest)]


def source_text(question: Question, deck_source: str = "") -> str:
    """Where a question comes from: `paragraph 4 of <the deck's source>`, or its own words."""
    source = question.source
    if isinstance(source, dict) and "paragraph" in source:
        whose = deck_source or "the deck's source"
        return f"paragraph {source['paragraph']} of {whose}"
    return source if isinstance(source, str) else ""


def question_lines(
    question: Question, number: int, *, answers: bool, deck_source: str = ""
) -> list[str]:
    """One question as a few indented lines; the answer, explanation and source only if
    `answers`."""
    head, *more = question.prompt.split("\n")
    lines = [f"{number}. [{TYPE_NAMES[question.type]}] {head}", *(f"   {m}" for m in more)]
    lines.extend(f"   - {choice}" for choice in question.choices)
    if answers:
        lines.extend(_indented("answer: ", expected_text(question)))
        if question.accept:
            lines.extend(_indented("also accepted: ", ", ".join(question.accept)))
        others = [
            f"blank {n}: {', '.join(b.answers[1:])}"
            for n, b in enumerate(question.blanks, start=1)
            if len(b.answers) > 1
        ]
        if others:
            lines.extend(_indented("also accepted: ", "; ".join(others)))
        if question.explanation:
            lines.extend(_indented("explanation: ", question.explanation))
        if source := source_text(question, deck_source):
            lines.extend(_indented("source: ", source))
    if question.tags:
        lines.append(f"   tags: {', '.join(question.tags)}")
    return lines


def deck_lines(deck: Deck, *, answers: bool, limit: int | None = None) -> list[str]:
    """The summary, then each question (the first `limit` of them when given)."""
    lines = summary_lines(deck)
    shown = deck.questions if limit is None else deck.questions[:limit]
    for number, question in enumerate(shown, start=1):
        lines.append("")
        deck_source = deck.source if isinstance(deck.source, str) else ""
        lines.extend(question_lines(question, number, answers=answers, deck_source=deck_source))
    if len(shown) < len(deck.questions):
        lines.extend(["", f"... and {_plural(len(deck.questions) - len(shown), 'more question')}"])
    return lines


def deck_json(deck: Deck, *, answers: bool) -> dict[str, Any]:
    """`quiz deck show --json`: the deck's data and counts; answers only if asked for."""
    data = deck.to_dict()
    for question, row in zip(deck.questions, data["questions"], strict=True):
        if question.type is QuestionType.CLOZE:
            # The text holds the answers: shown without them, it is the numbered sentence.
            row["prompt"] = question.prompt
            if answers:
                row["answer"] = list(question.answer)
            else:
                del row["text"]
        if not answers:
            for key in ("answer", "accept", "explanation"):
                row.pop(key, None)
    return {"origin": deck.origin, "counts": counts(deck), **data}
