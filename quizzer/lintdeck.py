"""The deck lint's checks that compare questions with each other: near-duplicate prompts,
a prompt that gives away another question's answer, and true/false answers that lean one
way (quizzer.lint runs the checks of one question at a time).

Comparing every prompt with every other is 5 billion pairs in a 100,000-question deck, so
near-duplicates are looked for only among prompts that hold the same numbers and the same
words with at most one word left out (a typo, or a word changed, added, removed or moved);
rapidfuzz then measures each such pair. Prompts that differ in two places or more are not
compared.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import combinations

from quizzer.models import Question, QuestionType

_WORD = re.compile(r"[^\W_]+")
# ASCII text splits into the same words (letters and digits) through one C-level pass,
# 2.5 times faster than the regular expression.
_ASCII_WORDS = str.maketrans({i: " " for i in range(128) if not chr(i).isalnum()})
# rapidfuzz's `ratio` (0-100) of two lower-cased prompts from which they count as one.
NEAR_DUPLICATE = 90
# A bucket of prompts alike but for one word larger than this is a template ("Capital of
# X?"): each prompt is compared only with its next few neighbours in alphabetical order.
_ALL_PAIRS = 32
_NEIGHBOURS = 4
# Prompts of more words are bucketed by all their words only.
_MOST_WORDS = 40
# An answer shorter than this (letters and digits) is too common to give anything away.
_ANSWER_MIN = 4
# An answer of more words than this is not looked for in other prompts.
_ANSWER_WORDS = 8
# At least this many true/false questions, and this share of one answer, lean one way.
_TRUE_FALSE_MIN = 5
_TRUE_FALSE_SHARE = 0.8


def words_of(text: str) -> list[str]:
    """The words of `text`: runs of letters and digits."""
    return text.translate(_ASCII_WORDS).split() if text.isascii() else _WORD.findall(text)


def _quote(text: str) -> str:
    shown = json.dumps(text, ensure_ascii=False)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _answers(question: Question) -> tuple[str, ...]:
    """The texts a learner would give as the right answer of `question` (a flashcard's
    back is rated by the learner, not graded, so it is left out)."""
    if question.type in (QuestionType.TRUE_FALSE, QuestionType.FLASHCARD):
        return ()
    if question.type is QuestionType.MULTI_SELECT:
        return tuple(question.answer)
    if question.type is QuestionType.CLOZE:
        return tuple(answer for blank in question.blanks for answer in blank.answers)
    return (question.answer, *question.accept)


def prompt_path(question: Question, path: str) -> str:
    """Where a question's prompt is written in the deck: a cloze's sentence is its `text`."""
    return f"{path}.text" if question.type is QuestionType.CLOZE else f"{path}.prompt"


def _pairs(bucket: list[int], prompts: dict[int, str]) -> Iterable[tuple[int, int]]:
    """The pairs of a bucket of questions to measure, earlier question first."""
    if len(bucket) <= _ALL_PAIRS:
        return combinations(sorted(bucket), 2)
    ordered = sorted(bucket, key=prompts.__getitem__)
    return (
        (min(a, b), max(a, b))
        for n, a in enumerate(ordered)
        for b in ordered[n + 1 : n + 1 + _NEIGHBOURS]
    )


def _deletions(words: list[str]) -> Iterator[str]:
    """The prompt's words, and the same with each word left out in turn."""
    yield " ".join(words)
    if len(words) <= _MOST_WORDS:
        for i in range(len(words)):
            yield " ".join(words[:i] + words[i + 1 :])


class DeckWide:
    """Collects what the deck-wide checks need question by question, then runs them."""

    def __init__(self, warn: Callable[[str, str], None]) -> None:
        self.warn = warn
        self.questions: list[Question] = []
        self.paths: list[str] = []
        self.answers: dict[tuple[str, ...], list[int]] = {}
        self.answer_text: dict[tuple[str, ...], str] = {}

    def question(self, question: Question, path: str) -> None:
        self.questions.append(question)
        self.paths.append(path)

    def finish(self) -> None:
        words = [words_of(q.prompt.casefold()) for q in self.questions]
        self._near_duplicates(words)
        self._index_answers(set().union(*words))
        self._giveaways(words)
        self._true_false_balance()

    def _index_answers(self, vocabulary: set[str]) -> None:
        """Each answer short enough to look for, as words, with the questions it answers;
        only answers whose first word is in some prompt (`vocabulary`) can be found."""
        for number, question in enumerate(self.questions):
            for answer in _answers(question):
                if answer.count(" ") >= _ANSWER_WORDS:
                    continue
                words = tuple(words_of(answer.casefold()))
                if words and words[0] in vocabulary and sum(map(len, words)) >= _ANSWER_MIN:
                    owners = self.answers.setdefault(words, [])
                    if number not in owners:
                        owners.append(number)
                    self.answer_text.setdefault(words, answer)

    def _near_duplicates(self, words: list[list[str]]) -> None:
        """Prompts that rapidfuzz finds alike (`words`: each prompt's words, lower-cased)."""
        groups: dict[tuple[str, ...], list[int]] = {}
        for number, prompt in enumerate(words):
            groups.setdefault(tuple(filter(str.isdigit, prompt)), []).append(number)
        found: dict[int, tuple[int, float]] = {}  # a later question: an earlier one, alike
        for members in groups.values():
            if len(members) > 1:
                self._alike(members, words, found)
        for later, (earlier, score) in sorted(found.items()):
            self.warn(
                prompt_path(self.questions[later], self.paths[later]),
                f"nearly the same prompt as {self.paths[earlier]} ({score:.0f}% alike); ask "
                "each fact once: merge the two or make them ask different things.",
            )

    def _alike(
        self, members: list[int], words: list[list[str]], found: dict[int, tuple[int, float]]
    ) -> None:
        from rapidfuzz import fuzz

        buckets: dict[str, list[int]] = {}
        for number in members:
            for key in set(_deletions(words[number])):
                buckets.setdefault(key, []).append(number)
        prompts = {n: " ".join(self.questions[n].prompt.split()).casefold() for n in members}
        firsts: dict[str, int] = {}
        repeats = {n for n in members if firsts.setdefault(prompts[n], n) != n}
        for bucket in buckets.values():
            if len(bucket) < 2:
                continue
            for earlier, later in _pairs(bucket, prompts):
                if later in repeats or (later in found and found[later][0] < earlier):
                    continue  # a repeat is reported as "the same prompt" (quizzer.lint)
                a, b = prompts[earlier], prompts[later]
                score = fuzz.ratio(a, b, score_cutoff=NEAR_DUPLICATE) if a != b else 0
                if score:
                    found[later] = (earlier, score)

    def _giveaways(self, words: list[list[str]]) -> None:
        sizes: dict[str, set[int]] = {}
        for answer in self.answers:
            sizes.setdefault(answer[0], set()).add(len(answer))
        for number, prompt in enumerate(words):
            owner = self._owner(number, prompt, sizes)
            if owner is not None:
                text, earlier = owner
                self.warn(
                    prompt_path(self.questions[number], self.paths[number]),
                    f"contains {_quote(text)}, the answer to {self.paths[earlier]}, which "
                    "gives that answer away; reword this prompt or that question.",
                )

    def _owner(
        self, number: int, words: list[str], sizes: dict[str, set[int]]
    ) -> tuple[str, int] | None:
        """The first answer of another question that `words` hold, with its question."""
        for at, word in enumerate(words):
            for size in sizes.get(word, ()):
                key = tuple(words[at : at + size])
                owners = self.answers.get(key)
                if owners and number not in owners:
                    return self.answer_text[key], owners[0]
        return None

    def _true_false_balance(self) -> None:
        answers = [
            (path, bool(q.answer))
            for path, q in zip(self.paths, self.questions, strict=True)
            if q.type is QuestionType.TRUE_FALSE
        ]
        count = len(answers)
        trues = sum(answer for _, answer in answers)
        most = max(trues, count - trues)
        if count < _TRUE_FALSE_MIN or most < _TRUE_FALSE_SHARE * count:
            return
        value = trues >= count - trues
        word, other = ("true", "false") if value else ("false", "true")
        path = next(p for p, answer in answers if answer is value)
        self.warn(
            f"{path}.answer",
            f"{most} of the {count} true/false answers are {word}, so answering {word} every "
            f"time scores {most / count:.0%}; make about half of them {other}.",
        )
