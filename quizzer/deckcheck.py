"""Validating a deck: every question of every type, with each problem at its JSON path
(quizzer.deckfile adds lines and columns); with warnings, quizzer.lint's likely mistakes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from quizzer.deckfields import MAX_TEXT, Checker, cleaned, cleaned_all, kind, loose, show
from quizzer.deckfile import ERROR, Problem, locate_problems, parse_json, read_text
from quizzer.grading import DEFAULT_RULES
from quizzer.models import Blank, Deck, GradingRules, Question, QuestionType


@contextmanager
def quiet_collector() -> Iterator[None]:
    """Pause the cyclic garbage collector while a big deck's objects are made.

    Decks hold no reference cycles; without the pause a 100,000-question deck triggers
    hundreds of collections that scan every object made so far (a third of load time).
    What was made is then frozen (`gc.freeze`), so no later collection scans it either:
    a deck lives as long as the command.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()


FORMAT = 1
MAX_QUESTIONS = 100_000
# A user deck is kept as `<id>.json`; Windows gives these names (before any dot) to devices.
RESERVED_NAMES = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(1, 10)),
    *(f"lpt{n}" for n in range(1, 10)),
}
_DECK_KEYS = {"format", "id", "title", "description", "source", "tags", "grading", "questions"}
_QUESTION_KEYS = {
    "id",
    "type",
    "prompt",
    "answer",
    "choices",
    "accept",
    "explanation",
    "source",
    "tags",
    "grading",
    "text",
}
# From this many questions the deck-wide lint runs beside the rest of the check
# (quizzer.aside): 1.3 s of 5 for 100,000 questions, a few ms for a small deck.
ASIDE_MIN = 5000
# Question types by their name in the deck format: the one map from names to types.
TYPES = {t.value: t for t in QuestionType}
_WITH_CHOICES = {QuestionType.MULTIPLE_CHOICE, QuestionType.MULTI_SELECT}


def check_file(
    file: Path, *, origin: str = "file", warnings: bool = False
) -> tuple[Deck | None, list[Problem]]:
    """Validate one deck file: the deck (None if it has errors) and its located problems.

    With `warnings`, likely mistakes are reported too (they never make the deck None).
    """
    text, problems = read_text(file)
    if text is None:
        return None, problems
    return check_text(text, origin=origin, path=str(file), warnings=warnings)


def check_text(
    text: str, *, origin: str = "file", path: str = "", warnings: bool = False
) -> tuple[Deck | None, list[Problem]]:
    """Validate a deck's JSON text; problems carry the line and column they point at."""
    with quiet_collector():
        return _check_text(text, origin=origin, path=path, warnings=warnings)


def _check_text(
    text: str, *, origin: str, path: str, warnings: bool
) -> tuple[Deck | None, list[Problem]]:
    data, problems, index = parse_json(text)
    if data is None and problems:
        return None, problems
    deck, found = check_deck(data, origin=origin, path=path, warnings=warnings)
    if any(p.severity == ERROR for p in problems):
        deck = None
    located = problems + locate_problems(text, found, index)
    return deck, sorted(located, key=lambda p: (p.line or 0, p.column or 0))


def check_deck(
    data: Any, *, origin: str = "file", path: str = "", warnings: bool = False
) -> tuple[Deck | None, list[Problem]]:
    """Validate parsed deck JSON; return the deck (cleaned for display) or the problems.

    Problems carry JSON paths; `check_text` adds lines and columns. With `warnings`,
    likely mistakes are listed too, after the errors of the same question.
    """
    c = Checker()
    if not isinstance(data, dict):
        c.add("$", f"a deck is a JSON object, not {kind(data)}.")
        return None, c.problems
    c.unknown_keys(data, _DECK_KEYS, "$")
    fmt = data.get("format")
    if fmt is None:
        c.add("$.format", f'missing; add "format": {FORMAT}.')
    elif fmt != FORMAT or isinstance(fmt, bool):
        c.add(
            "$.format",
            f"{show(fmt)} is not a format this quizzer reads; it reads format "
            f"{FORMAT} (a newer format needs a newer quizzer).",
        )
    deck_id = c.ident(data, "$")
    if deck_id.split(".")[0] in RESERVED_NAMES:
        c.add(
            "$.id",
            f"{deck_id!r} names a device on Windows, so it cannot be a deck file's "
            f'name; give the deck another "id", such as "{deck_id}-deck".',
        )
        deck_id = ""
    title = c.text(data, "title", "$", required=True)
    description = c.text(data, "description", "$", required=False)
    source = c.source(data, "$")
    tags = c.strings(data, "tags", "$")
    rules = c.grading(data, "$", DEFAULT_RULES)
    questions = _check_questions(c, data.get("questions"), warnings, rules)
    if any(p.severity == ERROR for p in c.problems):
        return None, c.problems
    deck = Deck(
        id=deck_id,
        title=cleaned(title),
        questions=tuple(questions),
        description=cleaned(description),
        source=source,
        tags=cleaned_all(tags),
        origin=origin,
        path=path,
        grading=None if rules == DEFAULT_RULES else rules,
    )
    return deck, c.problems


def _check_questions(c: Checker, value: Any, warnings: bool, rules: GradingRules) -> list[Question]:
    if value is None:
        c.add("$.questions", 'missing; add "questions": a list of at least one question.')
        return []
    if not isinstance(value, list) or not value:
        c.add("$.questions", "must be a non-empty list of questions.")
        return []
    if len(value) > MAX_QUESTIONS:
        c.add(
            "$.questions",
            f"{len(value):,} questions is over the limit of {MAX_QUESTIONS:,}; split the deck.",
        )
        return []
    seen: dict[str, int] = {}
    out = []
    lint = None
    deck_wide = None
    if warnings:
        from quizzer.lint import DeckLint

        lint = DeckLint(c.warn)
        if len(value) >= ASIDE_MIN:
            from quizzer.aside import aside

            deck_wide = aside(lambda: _deck_wide(value, rules))
    for i, item in enumerate(value):
        path = f"$.questions[{i}]"
        question = _check_question(c, item, path, rules)
        qid = item.get("id") if isinstance(item, dict) else None
        if qid.__class__ is str:
            first = seen.setdefault(qid, i)
            if first != i:
                c.add(
                    f"{path}.id",
                    f"{qid!r} is already the id of $.questions[{first}]; "
                    "ids must be unique in a deck.",
                )
        if question is not None:
            out.append(question)
            if lint is not None:
                lint.question(question, path)
    if deck_wide is not None:
        for path, message in deck_wide():
            c.warn(path, message)
    elif lint is not None:
        lint.finish()
    return out


def _deck_wide(value: list[Any], rules: GradingRules) -> list[tuple[str, str]]:
    """The deck-wide lint (quizzer.lintdeck) of the questions the check finds valid, worked
    out on its own, so it can run on another core beside the rest of the check."""
    from quizzer.lintdeck import DeckWide

    found: list[tuple[str, str]] = []
    wide = DeckWide(lambda path, message: found.append((path, message)))
    scratch = Checker()
    for i, item in enumerate(value):
        path = f"$.questions[{i}]"
        question = _check_question(scratch, item, path, rules)
        if question is not None:
            wide.question(question, path)
    wide.finish()
    return found


def _check_question(c: Checker, item: Any, path: str, deck_rules: GradingRules) -> Question | None:
    if not isinstance(item, dict):
        c.add(path, f"a question is a JSON object, not {kind(item)}.")
        return None
    before = len(c.problems)
    c.unknown_keys(item, _QUESTION_KEYS, path)
    qid = c.ident(item, path)
    raw_type = item.get("type")
    qtype = TYPES.get(raw_type) if raw_type.__class__ is str else None
    if qtype is QuestionType.CLOZE:
        return _check_cloze(c, item, path, deck_rules, qid, before)
    prompt = c.text(item, "prompt", path, required=True)
    explanation = c.text(item, "explanation", path, required=False)
    source = c.source(item, path)
    tags = c.strings(item, "tags", path)
    if qtype is None:
        what = "missing" if raw_type is None else f"{show(raw_type)} is not a question type"
        c.add(f"{path}.type", f"{what}; use one of {', '.join(TYPES)}.")
        return None
    if "text" in item:
        c.add(f"{path}.text", 'only cloze questions take "text"; remove it.', at_key=True)
    choices: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    if qtype in _WITH_CHOICES:
        choices = _check_choices(c, item, path)
    elif "choices" in item:
        c.add(f"{path}.choices", f"a {qtype.value} question has no choices; remove them.")
    rules = None
    if qtype is QuestionType.SHORT_ANSWER:
        accept = c.strings(item, "accept", path)
        rules = _rules(c, item, path, deck_rules)
    else:
        for key in ("accept", "grading"):
            if key in item:
                c.add(
                    f"{path}.{key}",
                    f'only short_answer and cloze questions take "{key}"; remove it.'
                    if key == "grading"
                    else 'only short_answer questions take "accept"; remove it.',
                )
    answer = _check_answer(c, qtype, item.get("answer"), choices, f"{path}.answer")
    if len(c.problems) > before:
        return None
    if isinstance(answer, str):
        answer = cleaned(answer)
    elif isinstance(answer, list):
        answer = cleaned_all(answer)
    return Question(
        id=qid,
        type=qtype,
        prompt=cleaned(prompt),
        answer=answer,
        choices=cleaned_all(choices),
        accept=cleaned_all(accept),
        explanation=cleaned(explanation),
        source=source,
        tags=cleaned_all(tags),
        grading=rules,
    )


def _rules(
    c: Checker, item: dict[str, Any], path: str, deck_rules: GradingRules
) -> GradingRules | None:
    """A typed question's grading: its own settings over the deck's (None: the defaults)."""
    rules = c.grading(item, path, deck_rules)
    return None if rules == deck_rules == DEFAULT_RULES else rules


def _check_cloze(
    c: Checker, item: dict[str, Any], path: str, deck_rules: GradingRules, qid: str, before: int
) -> Question | None:
    """A cloze: `text` with blanks in braces instead of a prompt and an answer."""
    for key in ("prompt", "answer", "choices", "accept"):
        if key in item:
            c.add(
                f"{path}.{key}",
                f'a cloze question has no "{key}": its "text" holds the sentence and, in '
                "braces, the answers; remove it.",
                at_key=True,
            )
    text = c.text(item, "text", path, required=True)
    explanation = c.text(item, "explanation", path, required=False)
    source = c.source(item, path)
    tags = c.strings(item, "tags", path)
    rules = _rules(c, item, path, deck_rules)
    sentence = ""
    blanks: tuple[Blank, ...] = ()
    if text:
        from quizzer import cloze  # only decks with cloze questions need it

        try:
            sentence, blanks = cloze.parse(text)
        except cloze.ClozeError as exc:
            c.add(f"{path}.text", f"{exc}")
    if len(c.problems) > before:
        return None
    blanks = tuple(b._replace(answers=cleaned_all(b.answers), hint=cleaned(b.hint)) for b in blanks)
    return Question(
        id=qid,
        type=QuestionType.CLOZE,
        prompt=cleaned(sentence),
        answer=tuple(b.answers[0] for b in blanks),
        explanation=cleaned(explanation),
        source=source,
        tags=cleaned_all(tags),
        grading=rules,
        text=cleaned(text),
        blanks=blanks,
    )


def _not_a_choice(value: Any, choices: tuple[str, ...]) -> str:
    near = [x for x in choices if loose(x) == loose(value)] if isinstance(value, str) else []
    hint = f" (did you mean {show(near[0])}?)" if near else ""
    return f"{show(value)} is not one of the choices{hint}; make it exactly one of them."


def _check_answer(
    c: Checker, qtype: QuestionType, answer: Any, choices: tuple[str, ...], where: str
) -> Any:
    if answer is None:
        c.add(where, 'missing; add the correct "answer".')
    elif qtype is QuestionType.MULTIPLE_CHOICE:
        if not isinstance(answer, str):
            c.add(where, f"must be one of the choices (a string), not {kind(answer)}.")
        elif choices and answer not in choices:
            c.add(where, _not_a_choice(answer, choices))
    elif qtype is QuestionType.TRUE_FALSE:
        if not isinstance(answer, bool):
            c.add(where, f"must be true or false (JSON booleans, no quotes), not {show(answer)}.")
    elif qtype is QuestionType.MULTI_SELECT:
        if not isinstance(answer, list) or not answer:
            c.add(where, "must be a non-empty list of the right choices.")
        else:
            for i, pick in enumerate(answer):
                if choices and pick not in choices:
                    c.add(f"{where}[{i}]", _not_a_choice(pick, choices))
            if len(set(map(show, answer))) != len(answer):
                c.add(where, "lists a choice twice; list each right choice once.")
    elif not isinstance(answer, str) or not answer.strip():
        c.add(where, f"must be a non-empty string, not {show(answer)}.")
    elif len(answer) > MAX_TEXT:
        c.add(where, f"is over the limit of {MAX_TEXT:,} characters.")
    else:
        c.encodes(answer, where)
    return answer


def _check_choices(c: Checker, item: dict[str, Any], path: str) -> tuple[str, ...]:
    raw = item.get("choices")
    if raw is None:
        c.add(f"{path}.choices", 'missing; add "choices": a list of at least 2 strings.')
        return ()
    choices = c.strings(item, "choices", path)
    if isinstance(raw, list) and len(raw) < 2:
        c.add(f"{path}.choices", "needs at least 2 choices.")
    if len(set(choices)) != len(choices):
        c.add(f"{path}.choices", "has the same choice twice; make every choice different.")
    return choices


def schema_text() -> str:
    """The JSON Schema of deck format 1, as shipped in the package."""
    return (Path(__file__).parent / "schema" / "deck.schema.json").read_text(encoding="utf-8")
