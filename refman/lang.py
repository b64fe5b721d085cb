"""Script and language detection for Kazakh, Russian and English text (pure)."""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["KAZAKH_LETTERS", "detect_language", "is_cyrillic", "text_language"]

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


_WORD = re.compile(r"[^\W\d_]+")
# A line of running text: this many words, most of them small-letter.
_PROSE_WORDS = 8
_PROSE_SMALL = 0.6


def text_language(text: str) -> str | None:
    """The language an article is written in, from its running text: each line of prose (eight
    words or more, most of them small-letter: not a heading, a name list or a reference) is
    given :func:`detect_language`, and the language of most prose letters wins. A Russian
    article with an English abstract and a romanised reference list is Russian; None when the
    text has no prose."""
    letters: Counter[str] = Counter()
    for line in text.split("\n"):
        words = _WORD.findall(line)
        if len(words) < _PROSE_WORDS or sum(w[0].islower() for w in words) < _PROSE_SMALL * len(words):
            continue
        language = detect_language(line)
        if language is not None:
            letters[language] += sum(len(w) for w in words)
    return letters.most_common(1)[0][0] if letters else None
