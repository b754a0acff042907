"""Reads Anki packages (.apkg, .colpkg) into quizzer decks with their review history."""
