"""Reads Open Trivia DB API responses: `{"response_code": 0, "results": [...]}`.

Text comes HTML-entity encoded (`&quot;`, `&#039;`; category names held a raw `&`
before 2023 and `&amp;` since), so every field is decoded. `multiple` questions become
multiple_choice (the right answer placed among the others in an order fixed by the
question's text, so re-importing gives the same deck), `boolean` ones true_false;
the category and difficulty become tags.
"""

from __future__ import annotations

import html
import json
import random
from typing import Any

from quizzer.errors import BadInput, DeckError
from quizzer.formats import Converted, RowNote, slug
from quizzer.locate import offsets, positions
from quizzer.models import QuestionType
from quizzer.text import clean

# What the API's response codes mean (its documentation), for an error that says why.
_CODES = {
    1: "no results: the API had fewer questions than asked for",
    2: "invalid parameter: the request's arguments were not valid",
    3: "token not found: the session token does not exist",
    4: "token empty: the session token has returned every question; reset it",
    5: "rate limit: too many requests (one every 5 seconds)",
}


def _decoded(value: Any) -> str:
    return clean(html.unescape(value).strip()) if isinstance(value, str) else ""


def read_opentdb(text: str) -> Converted:
    """Questions from an Open Trivia DB response; entries that cannot be used are noted."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"line {exc.lineno}:{exc.colno}: broken JSON: {exc.msg}.") from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise BadInput(
            'not an Open Trivia DB response: expected {"response_code": 0, "results": [...]}.'
        )
    code = data.get("response_code", 0)
    if code != 0:
        why = _CODES.get(code, "an error")
        raise DeckError(f"the response has response_code {code} ({why}); it holds no questions.")
    results = data["results"]
    spots = offsets(text, [f"$.results[{i}]" for i in range(len(results))])
    lines = positions(text, spots.values())
    out = Converted()
    out.details.append(("format", "opentdb (an Open Trivia DB response)"))
    categories = []
    for i, entry in enumerate(results):
        line = lines[spots[f"$.results[{i}]"]].line
        made = _question(entry)
        if isinstance(made, str):
            out.bad.append(RowNote(line, made))
        else:
            out.questions.append((line, made))
            categories.append(_decoded(entry.get("category")))
    kinds = sorted({c for c in categories if c})
    out.title = f"Open Trivia DB: {kinds[0]}" if len(kinds) == 1 else "Open Trivia DB"
    out.details.append(("categories", ", ".join(kinds) or "none"))
    out.details.append(("rows", str(len(results))))
    return out


def _question(entry: Any) -> dict[str, Any] | str:
    """One result as a question (without its id), or why it cannot be one."""
    if not isinstance(entry, dict):
        return "each result must be an object."
    prompt = _decoded(entry.get("question"))
    right = _decoded(entry.get("correct_answer"))
    wrong = entry.get("incorrect_answers")
    if not prompt or not right or not isinstance(wrong, list):
        return 'a result needs "question", "correct_answer" and "incorrect_answers".'
    labels = (entry.get("category"), entry.get("difficulty"))
    tags = [tag for tag in (slug(_decoded(label)) for label in labels) if tag]
    kind = entry.get("type")
    question: dict[str, Any] = {"prompt": prompt}
    if kind == "boolean":
        if right not in ("True", "False"):
            return f'a boolean result\'s correct_answer must be "True" or "False", not {right!r}.'
        question.update(type=QuestionType.TRUE_FALSE.value, answer=right == "True")
    elif kind == "multiple":
        choices = [right, *(_decoded(w) for w in wrong)]
        random.Random(prompt).shuffle(choices)
        question.update(type=QuestionType.MULTIPLE_CHOICE.value, choices=choices, answer=right)
    else:
        return f'{kind!r} is not a result type; Open Trivia DB uses "multiple" and "boolean".'
    if tags:
        question["tags"] = tags
    return question
