"""Reads Anki packages (.apkg, .colpkg) into quizzer decks with their review history.

`read_package(path)` opens every layout Anki writes (quizzer.formats.anki.package),
renders each card as Anki would (template, cloze), turns it into a question or counts
why not (convert), and brings the review log along as answers (reviews). Each Anki
deck that has questions becomes one quizzer deck: `Parent::Child` gets the id
`parent-child` (with `-2`, `-3`... if two names give the same id) and keeps its path as
the title; a card in a filtered deck belongs to its home deck. With `into`, every
card goes to one deck of that id instead (its answers' sessions counted in it).

It is read with the standard library's sqlite3 and a zstd decompressor rather than
the `anki` package: see the README for the figures behind that choice.
"""

from __future__ import annotations

from pathlib import Path

from quizzer.deckfields import MAX_TEXT
from quizzer.decks import is_deck_id
from quizzer.formats import slug, title_from
from quizzer.formats.anki.convert import CardQuestion, convert_cards
from quizzer.formats.anki.markup import to_text
from quizzer.formats.anki.package import Collection, DeckInfo, read_collection
from quizzer.formats.anki.result import AnkiDeck, AnkiImport, ReviewCounts, Skipped, SkipReason
from quizzer.formats.anki.reviews import convert_reviews
from quizzer.text import clean

__all__ = ["AnkiDeck", "AnkiImport", "ReviewCounts", "SkipReason", "Skipped", "read_package"]

# Deck ids are at most 64 characters; room is left for a "-2" suffix.
_ID_ROOM = 60


def read_package(path: Path, *, into: str | None = None, title: str | None = None) -> AnkiImport:
    """Read the Anki package at `path`; BadInput if it is not one (see AnkiImport).

    `into` merges every deck into one with that id, titled `title` (else the one Anki
    deck's name, or one made from the file's name).
    """
    collection = read_collection(path)
    converted, skipped = convert_cards(collection)
    decks = _decks(collection, converted)
    if into is not None:
        decks = _merged(decks, into, title or _one_name(decks) or title_from(path))
    questions = {
        item.card.id: (decks[item.card.deck_id].id, item.question["id"]) for item in converted
    }
    answers, counts = convert_reviews(
        collection.reviews,
        questions,
        {skip.card_id for skip in skipped},
        v1_scheduler=collection.v1_scheduler,
    )
    by_id = {deck.id: deck for deck in decks.values()}
    for answer in answers:
        by_id[answer.deck].answers.append(answer)
    return AnkiImport(
        layout=collection.layout,
        cards=len(collection.cards),
        decks=sorted(by_id.values(), key=lambda deck: deck.id),
        skipped=skipped,
        reviews=counts,
        media_files=collection.media_files,
    )


def _decks(collection: Collection, converted: list[CardQuestion]) -> dict[int, AnkiDeck]:
    """One deck per Anki deck with questions, by Anki deck id, each with its quizzer id."""
    decks: dict[int, AnkiDeck] = {}
    for item in converted:
        anki_id = item.card.deck_id
        if anki_id not in decks:
            info = collection.decks.get(anki_id) or DeckInfo(anki_id, "Default", "")
            name = clean(info.name)
            description = clean(to_text(info.description))
            decks[anki_id] = AnkiDeck(
                id="",
                title=name,
                anki_name=name,
                description=description if len(description) <= MAX_TEXT else "",
            )
        decks[anki_id].questions.append(item.question)
    taken: set[str] = set()
    for anki_id, deck in sorted(decks.items(), key=lambda pair: (pair[1].anki_name, pair[0])):
        base = slug(deck.anki_name, limit=_ID_ROOM)
        base = base if is_deck_id(base) else f"anki-{anki_id}"
        deck.id, number = base, 1
        while deck.id in taken:
            number += 1
            deck.id = f"{base}-{number}"
        taken.add(deck.id)
    return decks


def _one_name(decks: dict[int, AnkiDeck]) -> str:
    """The Anki deck's name when the package has one deck with cards, else ""."""
    return next(iter(decks.values())).title if len(decks) == 1 else ""


def _merged(decks: dict[int, AnkiDeck], deck_id: str, title: str) -> dict[int, AnkiDeck]:
    """Every Anki deck's questions in one deck, deck after deck; the same deck for each id."""
    names = [deck.anki_name for deck in decks.values()]
    one = AnkiDeck(
        id=deck_id,
        title=title,
        anki_name=names[0] if len(names) == 1 else f"{len(names)} Anki decks merged",
        description=next(iter(decks.values())).description if len(decks) == 1 else "",
    )
    for deck in decks.values():
        one.questions += deck.questions
    return dict.fromkeys(decks, one)
