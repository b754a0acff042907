"""Where an accepted answer sits in a typed response: the words of each, the answer found
among the response's words within the typos it forgives (numbers in words or digits), and
what around it makes the response wrong all the same (a second answer, a negation).

`grading.grade_typed` turns what is found here into a verdict; README's "Grading" section
states the rules with examples. The heavier libraries (rapidfuzz, the common words, the
number words) are imported only when a rule needs them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import product
from typing import NamedTuple

from quizzer.models import GradingRules

_DIGITS = re.compile(r"\d+")
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


class Words(NamedTuple):
    """A typed text or an accepted answer as words: `strict` as the rules compare them,
    `loose` without case and accents; separators ("/", "&") are words of their own."""

    text: str
    strict: tuple[str, ...]
    loose: tuple[str, ...]
    spelled: bool = False  # its numbers were written out in words by quizzer.numberwords


def key_of(words: Sequence[str]) -> str:
    """The words run together without separators: what typed and accepted words are
    compared by, so spacing and punctuation never decide a verdict."""
    if _SEPARATORS.isdisjoint(words):
        return "".join(words)
    return "".join(w for w in words if w not in _SEPARATORS)


def fold(text: str, *, keep_case: bool, keep_accents: bool) -> str:
    """`text` without the case and accents that the comparison ignores."""
    if text.isascii():
        pass  # nothing to compose or decompose
    elif keep_accents:
        text = unicodedata.normalize("NFKC", text)
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return text if keep_case else text.casefold()


def words_of(text: str, rules: GradingRules) -> Words:
    """`text` as words, without a leading article ("the Moon" is "Moon")."""
    if "," in text:
        text = _DIGIT_GROUP.sub("", text)
    loose = tuple(_TOKEN.findall(fold(text, keep_case=False, keep_accents=False)))
    if rules.case == "ignore" and rules.accents == "ignore":
        strict = loose
    else:
        keep_case, keep_accents = rules.case == "sensitive", rules.accents == "sensitive"
        strict = tuple(_TOKEN.findall(fold(text, keep_case=keep_case, keep_accents=keep_accents)))
    if len(loose) > 1 and loose[0] in _ARTICLES and loose[1] not in _SEPARATORS:
        loose, strict = loose[1:], strict[1:]
    return Words(text, strict, loose)


class Match(NamedTuple):
    """Where an accepted answer sits in a response (words `start` to `end`), with how many
    typos were forgiven."""

    form: Words
    given: Words
    start: int
    end: int
    typos: int


def typos_allowed(key: str) -> int:
    """Short answers must be exact; longer ones forgive one or two slips. Only letters
    count, since digits must match exactly anyway ("Apollo 11" forgives one)."""
    letters = len(key) - sum(map(len, _DIGITS.findall(key))) if _DIGITS.search(key) else len(key)
    if letters <= 3:
        return 0
    return 1 if letters <= 6 else 2


def forgiven_typo(typed: str, answer: str, rules: GradingRules) -> bool:
    """Whether `typed`, taken whole, is `answer` with a typo that grading forgives (the
    lint asks this of two accepted answers, and of two choices)."""
    given, form = words_of(typed, rules), words_of(answer, rules)
    joined, key = key_of(given.strict), key_of(form.strict)
    allowed = typos_allowed(key) if rules.typos else 0
    if joined == key or not allowed or abs(len(joined) - len(key)) > allowed:
        return False
    strict = given.strict is not given.loose
    return _slip(joined, key, given.loose, form, allowed, strict) is not None


def locate(given: Words, forms: Sequence[Words], rules: GradingRules) -> Match | None:
    """The best place of an accepted answer in the response; numbers are tried in words
    too when the words as typed hold none."""
    found = _best([given], forms, rules)
    if found is None and rules.numbers:
        more_given, more_forms = _spelled_out(given, forms, rules)
        if more_given or more_forms:
            found = _best([given, *more_given], [*forms, *more_forms], rules)
    return found


def _best(givens: Sequence[Words], forms: Sequence[Words], rules: GradingRules) -> Match | None:
    """The best place of any accepted answer in the response: the least filler left
    around it, then the fewest typos, then the longest answer."""
    best: Match | None = None
    for given, form in product(givens, forms):
        found = _find(given, form, rules)
        if found is not None and (best is None or _rank(found) < _rank(best)):
            best = found
    return best


def _rank(found: Match) -> tuple[int, int, int]:
    filler = len(found.given.loose) - (found.end - found.start)
    return filler, found.typos, -len(key_of(found.form.loose))


def _find(given: Words, form: Words, rules: GradingRules) -> Match | None:
    """Where `form` appears in `given` as whole words, exactly or within a typo."""
    numeric = given.spelled or form.spelled  # number words compare without case, no typos
    words, target = (given.loose, form.loose) if numeric else (given.strict, form.strict)
    key = key_of(target)
    allowed = typos_allowed(key) if rules.typos and not numeric else 0
    best: Match | None = None
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
                return Match(form, given, start, end, 0)
            if not allowed or len(joined) < len(key) - allowed:
                continue
            strict = given.strict is not given.loose
            typos = _slip(joined, key, given.loose[start:end], form, allowed, strict)
            if typos is not None and (best is None or typos < best.typos):
                best = Match(form, given, start, end, typos)
    return best


def _slip(
    joined: str, key: str, typed: Sequence[str], form: Words, allowed: int, strict: bool
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
    if strict and OSA.distance(key_of(typed), key_of(form.loose)) < typos:
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
    given: Words, forms: Sequence[Words], rules: GradingRules
) -> tuple[list[Words], list[Words]]:
    """The response and the accepted answers with their numbers written in words, where
    one side has a number in digits that the other does not."""
    typed_numbers = {w for w in given.loose if w.isdigit()}
    typed_letters = any(not w.isdigit() for w in given.loose)
    more_forms: list[Words] = []
    for form in forms:
        if typed_letters and any(w.isdigit() and w not in typed_numbers for w in form.loose):
            more_forms.extend(_in_words(form, rules))
    answer_numbers = {w for form in forms for w in form.loose if w.isdigit()}
    answer_letters = any(not w.isdigit() for form in forms for w in form.loose)
    more_given: list[Words] = []
    if answer_letters and typed_numbers - answer_numbers:
        more_given = _in_words(given, rules)
    return more_given, more_forms


def _in_words(words: Words, rules: GradingRules) -> list[Words]:
    """`words` with every number written in words, in each way English writes it."""
    from quizzer.numberwords import spellings

    numbers = [i for i, w in enumerate(words.loose) if w.isdigit()]
    if not numbers or len(numbers) > _MOST_NUMBERS:
        return []
    options = [[words_of(s, rules).loose for s in spellings(words.loose[i])] for i in numbers]
    out = []
    for chosen in product(*options):
        loose = list(words.loose)
        for i, spelled in sorted(zip(numbers, chosen, strict=True), reverse=True):
            loose[i : i + 1] = spelled
        out.append(Words(words.text, tuple(loose), tuple(loose), spelled=True))
    return out


def objection(found: Match, forms: Sequence[Words]) -> str:
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


def _is_number(word: str, found: Match) -> bool:
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
