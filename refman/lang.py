"""Script and language detection for Kazakh, Russian and English text (pure)."""

from __future__ import annotations

__all__ = ["KAZAKH_LETTERS", "detect_language", "is_cyrillic"]

# Letters of the Kazakh Cyrillic alphabet that Russian does not have.
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def is_cyrillic(char: str) -> bool:
    """True for a Cyrillic letter (basic block and supplement)."""
    return "\u0400" <= char <= "\u052f"


def detect_language(text: str) -> str | None:
    """Guess "kk", "ru" or "en" from the letters of ``text``; None when it has no letters.

    Cyrillic text is Kazakh when Kazakh-only letters are at least 1% of its Cyrillic letters
    (any one, in a short text), Russian otherwise; text that is mostly Latin is English. A
    Kazakh name quoted in a long Russian text does not make it Kazakh.
    """
    cyrillic = latin = kazakh = 0
    for char in text:
        if is_cyrillic(char):
            cyrillic += 1
            if char in KAZAKH_LETTERS:
                kazakh += 1
        elif char.isascii() and char.isalpha():
            latin += 1
    if not cyrillic and not latin:
        return None
    if cyrillic >= latin:
        short = cyrillic < 60
        return "kk" if kazakh and (short or kazakh * 100 >= cyrillic) else "ru"
    return "en"
