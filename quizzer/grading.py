"""Decides whether a response answers a question, and explains the verdict to the learner.

Typed answers (a short answer, and later each blank of a cloze question) are graded by
`grade_typed` against a tuple of accepted answers with a deck's GradingRules. README's
"Grading" section states the rules with examples; in short, a response is right when it
holds an accepted answer as whole words (a typo forgiven, numbers in words or digits) and
nothing around it offers a second answer or negates it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import product
from typing import Any, NamedTuple

from quizzer.models import RATINGS, GradingRules, Question, QuestionType

_PUNCTUATION = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_ARTICLE = re.compile(r"^\W*(?:the|an|a)\s+(?=\w)")
# Words, and the marks that join alternatives ("2014/2015", "Beijing & Hangzhou").
_TOKEN = re.compile(r"[^\W_]+|[/|&]")
_DIGIT_GROUP = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")  # 1,000 is 1000
_SEPARATORS = frozenset("/|&")
_ARTICLES = frozenset(("the", "a", "an"))
# Words that offer a second answer next to the first.
_HEDGES = frozenset(("or", "and", "nor", "either", "versus", "vs", *_SEPARATORS))
# Words that turn the answer around; "isn't" is split into "isn" and "t".
_NEGATIONS = frozenset(
    {"not", "no", "never", "none", "neither", "nothing", "without", "cannot"}
    | {f"{verb}nt" for verb in ("is", "are", "was", "were", "do", "does", "did", "ca", "wo")}
    | {f"{verb}nt" for verb in ("could", "should", "would", "has", "have", "had")}
)
# Spelled-out numbers are tried for at most this many numbers in one text.
_MOST_NUMBERS = 3

DEFAULT_RULES = GradingRules()
# The values each setting may take in a deck file, the default first.
SETTINGS: dict[str, tuple[str, str] | tuple[bool, bool]] = {
    "case": ("ignore", "sensitive"),
    "accents": ("ignore", "sensitive"),
    "typos": (True, False),
    "filler": (True, False),
    "numbers": (True, False),
}


def read_rules(value: Any, base: GradingRules) -> tuple[GradingRules, list[tuple[str, str]]]:
    """A deck's or question's "grading" object applied over `base`, and its problems as
    (key, message): key "" for the object itself, else the key whose value is wrong, or
    "*KEY" for an unknown key."""
    if not isinstance(value, dict):
        return base, [("", 'must be an object such as {"typos": false}.')]
    problems: list[tuple[str, str]] = []
    changes: dict[str, Any] = {}
    for key, item in value.items():
        allowed = SETTINGS.get(key)
        if allowed is None:
            known = ", ".join(SETTINGS)
            problems.append((f"*{key}", f"unknown setting; the settings are {known}."))
        elif type(item) is not type(allowed[0]) or item not in allowed:
            shown = " or ".join(json.dumps(a) for a in allowed)
            problems.append((key, f"must be {shown}, not {json.dumps(item)[:40]}."))
        else:
            changes[key] = item
    return replace(base, **changes), problems


@dataclass(frozen=True)
class Verdict:
    """The outcome of one answer: right, close (a typo forgiven), or wrong, and why.

    `matched` names the accepted answer a typed response was graded as, when the response
    was not simply that answer (words around it, a number in words, a typo).
    """

    correct: bool
    outcome: str
    expected: str
    note: str = ""
    missed: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    matched: str = ""


def expected_text(question: Question) -> str:
    """The correct answer as the learner should read it."""
    answer = question.answer
    if question.type is QuestionType.TRUE_FALSE:
        return "True" if answer else "False"
    if question.type is QuestionType.MULTI_SELECT:
        return ", ".join(c for c in question.choices if c in answer)
    if question.type is QuestionType.CLOZE:
        from quizzer.cloze import answers_text

        return answers_text(question.blanks)
    return str(answer)


def normalize(text: str) -> str:
    """Case, accents, punctuation, spacing and a leading "the", "a" or "an" removed, for
    comparing typed answers ("the Moon" and "moon" are the same answer)."""
    bare = _fold(text, keep_case=False, keep_accents=False)
    bare = _ARTICLE.sub("", bare, count=1)
    return _PUNCTUATION.sub("", bare)


def typos_allowed(key: str) -> int:
    """Short answers must be exact; longer ones forgive one or two slips. Only letters
    count, since digits must match exactly anyway ("Apollo 11" forgives one)."""
    letters = len(key) - sum(map(len, _DIGITS.findall(key))) if _DIGITS.search(key) else len(key)
    if letters <= 3:
        return 0
    return 1 if letters <= 6 else 2


def judge(question: Question, response: Any) -> Verdict:
    """Grade `response` (the asker's value for this question type) against the answer."""
    expected = expected_text(question)
    qtype = question.type
    if qtype is QuestionType.FLASHCARD:
        name = RATINGS[int(response)]
        return Verdict(int(response) >= 2, name.lower(), expected)
    if qtype is QuestionType.MULTI_SELECT:
        picked = set(response)
        wanted = set(question.answer)
        missed = tuple(c for c in question.choices if c in wanted - picked)
        extra = tuple(c for c in question.choices if c in picked - wanted)
        if not missed and not extra:
            return Verdict(True, "right", expected)
        notes = []
        if missed:
            notes.append("missed: " + ", ".join(missed))
        if extra:
            notes.append("not right: " + ", ".join(extra))
        note = "; ".join(notes)
        outcome = "partial" if picked & wanted else "wrong"
        return Verdict(False, outcome, expected, note[0].upper() + note[1:], missed, extra)
    if qtype is QuestionType.SHORT_ANSWER:
        accepted = (question.answer, *question.accept)
        return grade_typed(str(response), accepted, question.grading or DEFAULT_RULES)
    if qtype is QuestionType.CLOZE:
        from quizzer import cloze

        return cloze.judge(question, list(response))
    right = response == question.answer
    return Verdict(right, "right" if right else "wrong", expected)


class _Words(NamedTuple):
    """A typed text or an accepted answer as words: `strict` as the rules compare them,
    `loose` without case and accents; separators ("/", "&") are words of their own."""

    text: str
    strict: tuple[str, ...]
    loose: tuple[str, ...]
    spelled: bool = False  # its numbers were written out in words by quizzer.numberwords


def _key(words: Sequence[str]) -> str:
    if _SEPARATORS.isdisjoint(words):
        return "".join(words)
    return "".join(w for w in words if w not in _SEPARATORS)


def _fold(text: str, *, keep_case: bool, keep_accents: bool) -> str:
    if text.isascii():
        pass  # nothing to compose or decompose
    elif keep_accents:
        text = unicodedata.normalize("NFKC", text)
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return text if keep_case else text.casefold()


def _split(text: str, rules: GradingRules) -> _Words:
    """`text` as words, without a leading article ("the Moon" is "Moon")."""
    if "," in text:
        text = _DIGIT_GROUP.sub("", text)
    loose = tuple(_TOKEN.findall(_fold(text, keep_case=False, keep_accents=False)))
    if rules.case == "ignore" and rules.accents == "ignore":
        strict = loose
    else:
        keep_case, keep_accents = rules.case == "sensitive", rules.accents == "sensitive"
        strict = tuple(_TOKEN.findall(_fold(text, keep_case=keep_case, keep_accents=keep_accents)))
    if len(loose) > 1 and loose[0] in _ARTICLES and loose[1] not in _SEPARATORS:
        loose, strict = loose[1:], strict[1:]
    return _Words(text, strict, loose)


class _Match(NamedTuple):
    """Where an accepted answer sits in a response (words `start` to `end`), with how many
    typos were forgiven."""

    form: _Words
    given: _Words
    start: int
    end: int
    typos: int


def grade_typed(
    response: str, accepted: Sequence[str], rules: GradingRules = DEFAULT_RULES
) -> Verdict:
    """Grade one typed response against its accepted answers (the first is the one shown).

    This is the grading of a short answer, and of each blank of a cloze question.
    """
    expected = accepted[0]
    given = _split(response, rules)
    forms = [_split(answer, rules) for answer in dict.fromkeys(accepted)]
    key = _key(given.strict)
    if not key:
        return Verdict(False, "wrong", expected)
    if any(key == _key(form.strict) for form in forms):
        return Verdict(True, "right", expected)
    found = _best([given], forms, rules)
    if found is None and rules.numbers:
        more_given, more_forms = _spelled_out(given, forms, rules)
        if more_given or more_forms:
            found = _best([given, *more_given], [*forms, *more_forms], rules)
    if found is None:
        return Verdict(False, "wrong", expected)
    why = _shotgun(found, forms)
    if why:
        return Verdict(False, "wrong", expected, why)
    answer = found.form.text
    if found.typos:
        note = f"Close enough; it is spelled: {answer}"
        return Verdict(True, "close", expected, note, matched=answer)
    return Verdict(True, "right", expected, matched=answer)


def forgiven_typo(typed: str, answer: str, rules: GradingRules = DEFAULT_RULES) -> bool:
    """Whether `typed`, taken whole, is `answer` with a typo that grading forgives (the
    lint asks this of two accepted answers, and of two choices)."""
    given, form = _split(typed, rules), _split(answer, rules)
    joined, key = _key(given.strict), _key(form.strict)
    allowed = typos_allowed(key) if rules.typos else 0
    if joined == key or not allowed or abs(len(joined) - len(key)) > allowed:
        return False
    strict = given.strict is not given.loose
    return _slip(joined, key, given.loose, form, allowed, strict) is not None


def _best(givens: Sequence[_Words], forms: Sequence[_Words], rules: GradingRules) -> _Match | None:
    """The best place of any accepted answer in the response: the least filler left
    around it, then the fewest typos, then the longest answer."""
    best: _Match | None = None
    for given, form in product(givens, forms):
        found = _find(given, form, rules)
        if found is not None and (best is None or _rank(found) < _rank(best)):
            best = found
    return best


def _rank(found: _Match) -> tuple[int, int, int]:
    filler = len(found.given.loose) - (found.end - found.start)
    return filler, found.typos, -len(_key(found.form.loose))


def _find(given: _Words, form: _Words, rules: GradingRules) -> _Match | None:
    """Where `form` appears in `given` as whole words, exactly or within a typo."""
    numeric = given.spelled or form.spelled  # number words compare without case, no typos
    words, target = (given.loose, form.loose) if numeric else (given.strict, form.strict)
    key = _key(target)
    allowed = typos_allowed(key) if rules.typos and not numeric else 0
    best: _Match | None = None
    for start in range(len(words)) if rules.filler else (0,):
        if words[start] in _SEPARATORS:
            continue
        joined = ""
        for end in range(start + 1, len(words) + 1):
            joined += "" if words[end - 1] in _SEPARATORS else words[end - 1]
            if len(joined) > len(key) + allowed:
                break
            if (end < len(words) and not rules.filler) or words[end - 1] in _SEPARATORS:
                continue
            if joined == key:
                return _Match(form, given, start, end, 0)
            if not allowed or len(joined) < len(key) - allowed:
                continue
            strict = given.strict is not given.loose
            typos = _slip(joined, key, given.loose[start:end], form, allowed, strict)
            if typos is not None and (best is None or typos < best.typos):
                best = _Match(form, given, start, end, typos)
    return best


def _slip(
    joined: str, key: str, typed: Sequence[str], form: _Words, allowed: int, strict: bool
) -> int | None:
    """How many typos turn the typed words (`joined` as the rules compare them, `typed`
    without case and accents) into the answer's `key`, if few enough and the typed words
    are not another word (a different common word, number, or case and accents where the
    rules are `strict` about them)."""
    if _DIGITS.findall(joined) != _DIGITS.findall(key):
        return None
    from rapidfuzz.distance import OSA

    typos = int(OSA.distance(joined, key, score_cutoff=allowed))
    if typos > allowed:
        return None
    if strict and OSA.distance(_key(typed), _key(form.loose)) < typos:
        return None  # a letter in the wrong case or without its accent, which the rules count
    if _another_word(typed, form.loose):
        return None
    return typos


def _another_word(typed: Sequence[str], answer: Sequence[str]) -> bool:
    """Whether a typed word that differs from the answer's word is itself a common word
    ("clean" for "lean"): then it is not a slip of the keyboard."""
    if len(typed) != len(answer):
        return False
    from quizzer.commonwords import is_common

    return any(t != a and t.isalpha() and is_common(t) for t, a in zip(typed, answer, strict=True))


def _spelled_out(
    given: _Words, forms: Sequence[_Words], rules: GradingRules
) -> tuple[list[_Words], list[_Words]]:
    """The response and the accepted answers with their numbers written in words, where
    one side has a number in digits that the other does not."""
    typed_numbers = {w for w in given.loose if w.isdigit()}
    typed_letters = any(not w.isdigit() for w in given.loose)
    more_forms: list[_Words] = []
    for form in forms:
        if typed_letters and any(w.isdigit() and w not in typed_numbers for w in form.loose):
            more_forms.extend(_in_words(form, rules))
    answer_numbers = {w for form in forms for w in form.loose if w.isdigit()}
    answer_letters = any(not w.isdigit() for form in forms for w in form.loose)
    more_given: list[_Words] = []
    if answer_letters and typed_numbers - answer_numbers:
        more_given = _in_words(given, rules)
    return more_given, more_forms


def _in_words(words: _Words, rules: GradingRules) -> list[_Words]:
    """`words` with every number written in words, in each way English writes it."""
    from quizzer.numberwords import spellings

    numbers = [i for i, w in enumerate(words.loose) if w.isdigit()]
    if not numbers or len(numbers) > _MOST_NUMBERS:
        return []
    options = [[_split(s, rules).loose for s in spellings(words.loose[i])] for i in numbers]
    out = []
    for chosen in product(*options):
        loose = list(words.loose)
        for i, spelled in sorted(zip(numbers, chosen, strict=True), reverse=True):
            loose[i : i + 1] = spelled
        out.append(_Words(words.text, tuple(loose), tuple(loose), spelled=True))
    return out


def _shotgun(found: _Match, forms: Sequence[_Words]) -> str:
    """Why the words around a matched answer make the response wrong (a second answer,
    a negation), or "" when they are only filler."""
    given = found.given
    parts = (given.loose[: found.start], given.loose[found.end :])
    numeric = found.form.spelled or given.spelled or any(w.isdigit() for w in found.form.loose)
    for part in parts:
        for i, word in enumerate(part):
            if word in _HEDGES:
                return f'"{word}" offers more than one answer; give one.'
            if word in _NEGATIONS or (word == "t" and i and part[i - 1].endswith("n")):
                shown = "n't" if word == "t" else word
                return f'"{shown}" negates the answer; give the answer itself.'
            if numeric and _is_number(word, found):
                return "More than one number given; give one."
    strict_parts = (given.strict[: found.start], given.strict[found.end :])
    for other in forms:
        if _contains(found.form.strict, other.strict) or _contains(other.strict, found.form.strict):
            continue
        if any(_contains(part, other.strict) for part in strict_parts):
            return f"Names two answers ({found.form.text} and {other.text}); give one."
    return ""


def _is_number(word: str, found: _Match) -> bool:
    if any(ch.isdigit() for ch in word):
        return True
    if not (found.form.spelled or found.given.spelled):
        return False  # the number words are looked up only where num2words is already in use
    from quizzer.numberwords import vocabulary

    return word in vocabulary()


def _contains(words: Sequence[str], part: Sequence[str]) -> bool:
    """Whether `part` is a run of whole words in `words`."""
    size = len(part)
    return size > 0 and any(
        tuple(words[i : i + size]) == tuple(part) for i in range(len(words) - size + 1)
    )
