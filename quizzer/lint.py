"""Warnings about likely mistakes: what the deck format allows but a learner would trip on,
and questions that can be answered by guessing rather than knowing.

They never stop a deck loading. `quiz deck validate` (which fails on them with --strict),
`add`, `import` and the wizard report them next to the errors, with the same paths and
locations. The guessing checks follow Haladyna, Downing and Rodriguez, "A review of
multiple-choice item-writing guidelines" (2002); decks/README.md gives an example of each.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from rapidfuzz.distance import OSA

from quizzer.grading import DEFAULT_RULES, grade_typed, normalize
from quizzer.lintdeck import DeckWide, prompt_path, words_of
from quizzer.matching import forgiven_typo, typos_allowed
from quizzer.models import GradingRules, Question, QuestionType

# The answer of a short question must be this long before "the prompt gives it away".
_GIVEAWAY_MIN = 4
# The right choice gives itself away when it is this much longer than every wrong one...
_LONGEST_RATIO = 1.5
# ... and by at least this many characters, which a reader notices ("Berlin" next to
# "Rome" and "Oslo" does not stand out).
_LONGEST_MARGIN = 10
_ABSOLUTE = re.compile(r"\b(only|never|always|all|none)\b", re.IGNORECASE)
_NOT = re.compile(r"\b(\w+?)n['\u2019]t\b|\b(can)not\b", re.IGNORECASE)
_STEMS = {"ca": "can", "wo": "will", "sha": "shall"}
_DIGITS = re.compile(r"\d+")
_NEGATIONS = frozenset(("not", "no", "never"))
_NEGATED = re.compile(r"\b(?:not|no|never|cannot)\b|n['\u2019]t\b")


def _quote(text: str) -> str:
    shown = json.dumps(text, ensure_ascii=False)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _loose(text: str) -> str:
    """Text as a learner reads it: case and spacing ignored."""
    return " ".join(text.split()).casefold()


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _contains_words(text: str, part: str) -> bool:
    """Whether `part` appears in `text` as whole words, ignoring case and spacing."""
    return _has_words(_loose(text), _loose(part))


def _has_words(text: str, part: str) -> bool:
    """Whether `part` appears in `text` as whole words (both already `_loose`)."""
    at = text.find(part)
    while at >= 0:
        end = at + len(part)
        if not (at and _is_word(text[at - 1])) and not (end < len(text) and _is_word(text[end])):
            return True
        at = text.find(part, at + 1)
    return False


def _not(found: re.Match[str]) -> str:
    stem = found[1] or found[2]
    return f"{_STEMS.get(stem.casefold(), stem)} not"


def _words(text: str) -> list[str]:
    """The words of a choice, with "isn't", "won't" and "cannot" as "is not", "will not"
    and "can not"."""
    return words_of(_NOT.sub(_not, text).casefold())


def _opposite(right: str, wrong: str) -> str:
    """How a wrong choice mirrors the right one: "the negation", "a mirror" or ""."""
    a, b = _words(right), _words(wrong)
    if a == b:
        return ""
    if [w for w in a if w not in _NEGATIONS] == [w for w in b if w not in _NEGATIONS]:
        return "the negation"
    return "a mirror (the same words in another order)" if sorted(a) == sorted(b) else ""


def _typo_apart(typed: str, answer: str, keys: tuple[str, str], rules: GradingRules) -> bool:
    """Whether grading forgives `typed` as a typo of `answer` (`keys`: both normalized,
    for a cheap first look)."""
    a, b = keys
    allowed = typos_allowed(b) if a != b else 0
    close = allowed > 0 and OSA.distance(a, b, score_cutoff=allowed) <= allowed
    return close and forgiven_typo(typed, answer, rules)


def _counts_as(typed: str, answer: str, keys: tuple[str, str], rules: GradingRules) -> str:
    """Why grading counts `typed` as the different text `answer` (words around it, numbers
    in words), or "" (`keys`: both normalized, for a cheap first look)."""
    a, b = keys
    if a == b or not (b in a or _DIGITS.findall(a) != _DIGITS.findall(b)):
        return ""
    verdict = grade_typed(typed, (answer,), rules)
    if not verdict.correct or not verdict.matched:
        return ""
    if _contains_words(typed, answer):
        return "words around an answer are filler"
    return "numbers in words equal digits"


class DeckLint:
    """Looks at each valid question in turn, then at the deck as a whole (`finish`);
    `warn(path, message)` receives what it finds."""

    def __init__(self, warn: Callable[[str, str], None]) -> None:
        self.warn = warn
        self.prompts: dict[str, str] = {}
        self.deck = DeckWide(warn)

    def question(self, question: Question, path: str) -> None:
        first = self.prompts.setdefault(_loose(question.prompt), path)
        if first != path:
            self.warn(
                prompt_path(question, path),
                f"the same prompt as {first}; reword one of them or remove the duplicate.",
            )
        if question.choices:
            self._choices(question, path)
        if question.type is QuestionType.SHORT_ANSWER:
            self._short_answer(question, path)
        elif question.type is QuestionType.TRUE_FALSE:
            self._true_false(question, path)
        self.deck.question(question, path)

    def finish(self) -> None:
        """The checks that compare questions with each other."""
        self.deck.finish()

    def _choices(self, question: Question, path: str) -> None:
        looses = [_loose(choice) for choice in question.choices]
        seen: dict[str, int] = {}
        for j, choice in enumerate(question.choices):
            k = seen.setdefault(looses[j], j)
            if k != j:
                self.warn(
                    f"{path}.choices[{j}]",
                    f"{_quote(choice)} differs from choice {k} ({_quote(question.choices[k])}) "
                    "only by case or spaces; make them clearly different or remove one.",
                )
        answer = question.answer
        if question.type is QuestionType.MULTIPLE_CHOICE:
            part = False
            whole = looses[question.choices.index(answer)]
            for j, choice in enumerate(question.choices):
                if looses[j] != whole and looses[j] in whole and _has_words(whole, looses[j]):
                    part = True
                    self.warn(
                        f"{path}.choices[{j}]",
                        f"{_quote(choice)} is part of the answer {_quote(answer)}, so it "
                        "reads as right too; make the wrong choices clearly different.",
                    )
            if not part:
                self._longest(question, path)
            self._opposites(question, path, (answer,), looses)
        elif set(answer) == set(question.choices):
            self.warn(
                f"{path}.answer",
                "every choice is right, so there is nothing to tell apart; add a wrong choice.",
            )
        else:
            self._few_wrong(question, path)
            self._opposites(question, path, tuple(answer), looses)

    def _longest(self, question: Question, path: str) -> None:
        answer = question.answer.strip()
        longest = max(len(c.strip()) for c in question.choices if c != question.answer)
        if len(answer) >= _LONGEST_RATIO * longest and len(answer) >= longest + _LONGEST_MARGIN:
            self.warn(
                f"{path}.answer",
                f"the right answer is by far the longest choice ({len(answer)} characters "
                f"against {longest} at most), which gives it away; make the choices about "
                "as long as each other.",
            )

    def _opposites(
        self, question: Question, path: str, right: tuple[str, ...], looses: list[str]
    ) -> None:
        """Wrong choices that negate or mirror a right one (`looses`: the choices `_loose`)."""
        choices = question.choices
        if _NEGATED.search("\n".join(looses)):  # one search first: most have no negation
            negated = [_NEGATED.search(loose) is not None for loose in looses]
        else:
            negated = [False] * len(looses)
        for j, choice in enumerate(choices):
            if choice in right:
                continue
            for answer in right:
                i = choices.index(answer)
                if len(looses[i]) != len(looses[j]) and not (negated[i] or negated[j]):
                    continue  # neither a mirror (the same letters) nor a negation
                how = _opposite(answer, choice)
                if how:
                    self.warn(
                        f"{path}.choices[{j}]",
                        f"{_quote(choice)} is {how} of the right answer {_quote(answer)}, "
                        "which points to one of the two; write a wrong choice that is "
                        "plausible on its own.",
                    )
                    break

    def _few_wrong(self, question: Question, path: str) -> None:
        wrong = len(question.choices) - len(question.answer)
        if wrong < 2:
            self.warn(
                path,  # the question: locating deeper costs much on a big deck of these
                f"only {wrong} of the {len(question.choices)} choices is wrong, so picking "
                "every choice is nearly right; add wrong choices until at least two are wrong.",
            )

    def _true_false(self, question: Question, path: str) -> None:
        found = _ABSOLUTE.search(question.prompt)
        if found:
            self.warn(
                f"{path}.prompt",
                f'"{found[1]}" makes the statement absolute, and absolute statements are '
                "easy to guess (they are usually false); state the fact without it.",
            )

    def _short_answer(self, question: Question, path: str) -> None:
        answer = question.answer
        if len(_loose(answer)) >= _GIVEAWAY_MIN and _contains_words(question.prompt, answer):
            self.warn(
                f"{path}.prompt",
                f"contains the answer {_quote(answer)}, which gives it away; reword the prompt.",
            )
        keys = [normalize(answer)]
        rules = question.grading or DEFAULT_RULES
        for j, other in enumerate(question.accept):
            key = normalize(other)
            if key in keys:
                self.warn(
                    f"{path}.accept[{j}]",
                    f"{_quote(other)} is already accepted: answers are compared without case, "
                    "accents, punctuation and spaces; remove it.",
                )
            else:
                self._accepted_anyway(question, path, j, keys, rules)
            keys.append(key)

    def _accepted_anyway(
        self, question: Question, path: str, j: int, keys: list[str], rules: GradingRules
    ) -> None:
        """An accepted answer that grading already counts as an earlier one (`keys`: the
        earlier ones normalized)."""
        other = question.accept[j]
        key = normalize(other)
        for earlier, earlier_key in zip((question.answer, *question.accept), keys, strict=False):
            if _typo_apart(other, earlier, (key, earlier_key), rules):
                self.warn(
                    f"{path}.accept[{j}]",
                    f"{_quote(other)} is within a typo of {_quote(earlier)}, which grading "
                    "forgives; remove it.",
                )
                return
            if why := _counts_as(other, earlier, (key, earlier_key), rules):
                self.warn(
                    f"{path}.accept[{j}]",
                    f"{_quote(other)} already counts as {_quote(earlier)} ({why}); remove it.",
                )
                return
