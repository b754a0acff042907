"""Tells a common English word from a slip of the keyboard, so that a typo which makes
another word ("clean" for "lean") is not forgiven as a typo.

The word list is pyspellchecker's English frequency dictionary, loaded (about 0.15 s)
only the first time grading considers forgiving a typo.
"""

from __future__ import annotations

from functools import lru_cache

# pyspellchecker gives words found in a dictionary but not in its corpus a count of 50;
# above that a word was seen in real text ("lean" 20,601, "val" 584, "hangzhou" 50).
COMMON_COUNT = 100


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
    return frozenset(word for word, count in counts.items() if count >= COMMON_COUNT)


def is_common(word: str) -> bool:
    """Whether `word` (lower case, no accents) is a word people commonly write in English."""
    return word in _common()
