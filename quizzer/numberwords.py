"""Numbers written out in words, so a typed "twenty fourteen" can be graded as 2014.

The words come from num2words, imported only when grading meets a number that one side
writes in digits and the other may spell out (see quizzer.grading).
"""

from __future__ import annotations

from functools import lru_cache

# Larger numbers are not spelled out: their words run to lines, and nobody types them.
_LONGEST = 15


@lru_cache(maxsize=256)
def spellings(digits: str) -> tuple[str, ...]:
    """The ways English writes the number `digits`: `two thousand and fourteen`, the same
    without "and", and as a year (`twenty fourteen`); none for a leading zero or a huge one."""
    if len(digits) > _LONGEST or (digits.startswith("0") and digits != "0"):
        return ()
    from num2words import num2words  # type: ignore[import-untyped]

    number = int(digits)
    cardinal = str(num2words(number))
    found = [cardinal, cardinal.replace(" and ", " "), str(num2words(number, to="year"))]
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every word English numbers are made of (`one` ... `nineteen`, the tens, `hundred`,
    `thousand`, `million`...), as num2words writes them."""
    from num2words import num2words

    numbers = [*range(20), *range(20, 100, 10), *(10**k for k in (2, 3, 6, 9, 12))]
    words: set[str] = set()
    for number in numbers:
        words.update(str(num2words(number)).replace("-", " ").split())
    return frozenset(words)
