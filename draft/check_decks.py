"""Checks the built-in decks and the drafted cloze questions against the item-writing bar of
issue 13 (guessable choices, repeated facts, give-aways), until `quiz deck validate` does.

Run from anywhere: `python draft/check_decks.py [--article PATH]`. With `--article`, every
quotation (text between “ and ”, pieces split at …) in an explanation must occur in the
article. Exit status 1 when a rule is broken, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
DECKS = ROOT / "decks"
CLOZE = ROOT / "draft" / "cloze-questions.json"

NEAR_DUPLICATE = 90  # rapidfuzz ratio, lower-cased prompts
LONGEST_SHARE = 0.25  # at most this share of choice questions may have the right answer longest
LONGEST_RATIO = 1.5  # the right answer may never be this much longer than the next longest
ABSOLUTE = ("only", "never", "always", "all", "none")
BLANK = re.compile(r"\{\{(.*?)\}\}")
QUOTE = re.compile(r"“([^”]*)”")
NEGATIONS: Counter[str] = Counter(dict.fromkeys(("not", "no", "non", "never", "without"), 99))


@dataclass(frozen=True)
class Item:
    """One question as the checks see it: what the learner reads and what counts as right."""

    deck: str
    id: str
    type: str
    shown: str
    answers: tuple[str, ...]
    choices: tuple[str, ...]
    right: tuple[str, ...]
    truth: bool | None
    explanation: str
    paragraph: int | None

    @property
    def name(self) -> str:
        return f"{self.deck}/{self.id}"


def blanks(text: str) -> list[tuple[str, ...]]:
    """The accepted answers of each blank of a cloze text (`{{a|b::hint}}`)."""
    return [tuple(m.split("::", 1)[0].split("|")) for m in BLANK.findall(text)]


def shown_text(text: str) -> str:
    """A cloze text as the learner reads it: each blank as ___ (or its hint)."""

    def hide(match: re.Match[str]) -> str:
        _, _, hint = match.group(1).partition("::")
        return f"___ ({hint})" if hint else "___"

    return BLANK.sub(hide, text)


def to_item(deck: str, q: dict[str, Any]) -> Item:
    kind = q["type"]
    answer: Any = q.get("answer")
    choices = tuple(q.get("choices", ()))
    if kind == "cloze":
        answers = tuple(a for blank in blanks(q["text"]) for a in blank)
        shown = " ".join(filter(None, (q.get("prompt", ""), shown_text(q["text"]))))
    elif kind == "multi_select":
        answers, shown = tuple(answer), q["prompt"]
    elif kind == "true_false":
        answers, shown = (), q["prompt"]
    else:
        answers, shown = (str(answer), *q.get("accept", ())), q["prompt"]
    right = (
        tuple(answer) if kind == "multi_select" else (answer,) if kind == "multiple_choice" else ()
    )
    source = q.get("source")
    return Item(
        deck=deck,
        id=q["id"],
        type=kind,
        shown=shown,
        answers=answers,
        choices=choices,
        right=right,
        truth=answer if kind == "true_false" else None,
        explanation=q.get("explanation", ""),
        paragraph=source.get("paragraph") if isinstance(source, dict) else None,
    )


def load_items(decks: Path, cloze: Path) -> list[Item]:
    """Every question of every deck file, then the drafted cloze questions of each deck."""
    items: list[Item] = []
    for file in sorted(decks.glob("*.json")):
        deck = json.loads(file.read_text(encoding="utf-8"))
        items += [to_item(deck["id"], q) for q in deck["questions"]]
    if cloze.exists():
        for deck_id, questions in json.loads(cloze.read_text(encoding="utf-8")).items():
            items += [to_item(deck_id, q) for q in questions]
    return items


def contains_words(text: str, part: str) -> bool:
    """Whether `part` (trailing punctuation dropped) is in `text` as whole words, any case."""
    part = part.strip().rstrip(".!?").casefold()
    return bool(part) and re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text.casefold()) is not None


def length_figures(item: Item) -> tuple[bool, float]:
    """Whether a right choice is (one of) the longest, and longest right / longest wrong."""
    right = max(len(c) for c in item.choices if c in item.right)
    wrong = max(len(c) for c in item.choices if c not in item.right)
    return right >= wrong, right / wrong


def longest_ratio(item: Item) -> float:
    first, second = sorted((len(c) for c in item.choices), reverse=True)[:2]
    return first / second


def report_counts(items: list[Item], out: list[str]) -> None:
    out.append("Questions by type (decks plus drafted cloze):")
    for deck in sorted({i.deck for i in items}):
        counts = Counter(i.type for i in items if i.deck == deck)
        total = sum(counts.values())
        out.append(
            f"  {deck}: {total} | " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        )
    out.append(f"  all decks: {len(items)}")


def check_choices(items: list[Item], out: list[str]) -> list[str]:
    problems: list[str] = []
    choice_items = [i for i in items if i.type in ("multiple_choice", "multi_select")]
    figures = {i.name: length_figures(i) for i in choice_items}
    longest = [name for name, (is_longest, _) in figures.items() if is_longest]
    share = len(longest) / len(choice_items)
    out.append(
        f"Choice questions whose right answer is the longest choice: {len(longest)}/"
        f"{len(choice_items)} ({share:.0%}) {longest}"
    )
    worst = max(figures.items(), key=lambda kv: kv[1][1])
    out.append(f"Max ratio longest right / longest wrong choice: {worst[1][1]:.2f} ({worst[0]})")
    spread = max(choice_items, key=longest_ratio)
    out.append(
        f"Max ratio longest / next longest choice, right or wrong: "
        f"{longest_ratio(spread):.2f} ({spread.name})"
    )
    if share > LONGEST_SHARE:
        problems.append(f"right answer longest in {share:.0%} of choice questions")
    problems += [
        f"{name}: right answer {ratio:.2f}x the next longest choice"
        for name, (_, ratio) in figures.items()
        if ratio >= LONGEST_RATIO
    ]
    for item in (i for i in choice_items if i.type == "multi_select"):
        wrong = len(item.choices) - len(item.right)
        if wrong < 2:
            problems.append(f"{item.name}: a select-all with {wrong} wrong option(s)")
    for item in choice_items:
        problems += [f"{item.name}: {c!r} negates or mirrors a right answer" for c in mirrors(item)]
    return problems


def mirrors(item: Item) -> Iterable[str]:
    """Wrong options made of a right one's words in another order, or with a negation added."""
    for wrong in (c for c in item.choices if c not in item.right):
        for right in item.right:
            a, b = word_bag(wrong), word_bag(right)
            if a == b or (not +(a - b) - NEGATIONS and not +(b - a) - NEGATIONS):
                yield wrong


def word_bag(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.casefold()))


def check_prompts(items: list[Item], out: list[str]) -> list[str]:
    pairs = [
        (a.name, b.name, round(score))
        for a, b in combinations(items, 2)
        if (score := fuzz.ratio(a.shown.casefold(), b.shown.casefold())) >= NEAR_DUPLICATE
    ]
    closest = max(
        (
            (a.name, b.name, round(fuzz.ratio(a.shown.casefold(), b.shown.casefold())))
            for a, b in combinations(items, 2)
        ),
        key=lambda t: t[2],
    )
    out.append(f"Near-duplicate prompts (ratio >= {NEAR_DUPLICATE}): {pairs or 'none'}")
    out.append(f"  closest pair: {closest}")
    gives = list(giveaways(items, lambda i: i.shown))
    out.append(f"Answers appearing in another prompt of the deck: {gives or 'none'}")
    told = list(giveaways(items, lambda i: i.explanation))
    out.append(f"  (for information) answers in another question's explanation: {told or 'none'}")
    return [f"near-duplicate prompts {p}" for p in pairs] + [f"give-away {g}" for g in gives]


def giveaways(items: list[Item], text_of: Callable[[Item], str]) -> Iterable[str]:
    """Each answer of a question that a sibling question's text shows as whole words."""
    for item in items:
        for other in items:
            if other.deck != item.deck or other is item:
                continue
            for answer in item.answers:
                if contains_words(text_of(other), answer):
                    yield f"{item.name} answer {answer!r} in {other.id}"


def check_true_false(items: list[Item], out: list[str]) -> list[str]:
    problems: list[str] = []
    statements = [i for i in items if i.type == "true_false"]
    for item in statements:
        words = [w for w in ABSOLUTE if contains_words(item.shown, w)]
        if words:
            problems.append(f"{item.name}: absolute word(s) {words}")
    out.append(f"Absolute words in true/false statements: {problems or 'none'}")
    for deck in sorted({i.deck for i in statements}):
        truths = [i.truth for i in statements if i.deck == deck]
        out.append(
            f"  true/false in {deck}: {truths.count(True)} true, {truths.count(False)} false"
        )
    truths = [i.truth for i in statements]
    share = truths.count(True) / len(truths)
    out.append(f"  all decks: {truths.count(True)} true, {truths.count(False)} false")
    if not 0.35 <= share <= 0.65:
        problems.append(f"true/false answers {share:.0%} true")
    return problems


def check_sources(items: list[Item], article: str | None, out: list[str]) -> list[str]:
    problems = [f"{i.name}: no explanation" for i in items if not i.explanation]
    problems += [
        f"{i.name}: source is not a paragraph 2-9" for i in items if i.paragraph not in range(2, 10)
    ]
    covered = sorted({i.paragraph for i in items if i.paragraph is not None})
    out.append(f"Paragraphs asked about: {covered}")
    if article is not None:
        flat = normal(article)
        quotes = [
            (i.name, piece)
            for i in items
            for q in QUOTE.findall(i.explanation)
            for piece in q.split("…")
            if piece.strip(" ,.")
        ]
        missing = [
            f"{name}: “{piece}” not in the article"
            for name, piece in quotes
            if normal(piece.strip(" ,.")) not in flat
        ]
        out.append(
            f"Quotations checked against the article: {len(quotes)}, not found: {missing or 'none'}"
        )
        problems += missing
    return problems


def normal(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, help="the source article, to check quotations")
    parser.add_argument("--decks", type=Path, default=DECKS, help="a folder of deck files")
    parser.add_argument("--cloze", type=Path, default=CLOZE, help="drafted cloze questions")
    args = parser.parse_args(argv)
    items = load_items(args.decks, args.cloze)
    article = args.article.read_text(encoding="utf-8") if args.article else None
    out: list[str] = []
    report_counts(items, out)
    problems = check_choices(items, out)
    problems += check_prompts(items, out)
    problems += check_true_false(items, out)
    problems += check_sources(items, article, out)
    out.append(f"Problems: {len(problems)}")
    out += [f"  {p}" for p in problems]
    print("\n".join(out))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
