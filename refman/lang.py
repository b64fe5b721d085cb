"""Script and language detection for Kazakh, Russian and English text (pure)."""

from __future__ import annotations

import re
from collections import Counter

__all__ = [
    "CAPITAL",
    "CAPITAL_LATIN1",
    "CAPITAL_LATIN_EXTENDED",
    "CYRILLIC_CAPITAL",
    "CYRILLIC_SMALL",
    "KAZAKH_CAPITAL",
    "KAZAKH_LETTERS",
    "KAZAKH_SHARE",
    "KAZAKH_SMALL",
    "KAZAKH_WORDS",
    "SMALL",
    "SMALL_LATIN_EXTENDED",
    "UKRAINIAN_BELARUSIAN_CAPITAL",
    "UKRAINIAN_BELARUSIAN_SMALL",
    "detect_language",
    "is_cyrillic",
    "kazakh_evidence",
    "reference_language",
    "text_language",
]

# Letters of the Kazakh Cyrillic alphabet that Russian does not have.
KAZAKH_CAPITAL = "ӘҒҚҢӨҰҮҺІ"
KAZAKH_SMALL = "әғқңөұүһі"
KAZAKH_LETTERS = frozenset(KAZAKH_SMALL + KAZAKH_CAPITAL)

# Regex character-class fragments (the inside of ``[...]``), one owner for the letters of the
# languages refman reads: ``re.compile(f"[{CAPITAL}]")``.
#: Russian and Kazakh capitals (with Ё).
CYRILLIC_CAPITAL = "А-ЯЁ" + KAZAKH_CAPITAL
#: Russian and Kazakh small letters (with ё).
CYRILLIC_SMALL = "а-яё" + KAZAKH_SMALL
#: Basic Latin, Russian and Kazakh capitals.
CAPITAL = "A-Z" + CYRILLIC_CAPITAL
#: Basic Latin, Russian and Kazakh small letters.
SMALL = "a-z" + CYRILLIC_SMALL
# Latin-1 capitals (À-Ö, Ø-Þ) and small letters (ß-ö, ø-ÿ).
_LATIN1_CAPITAL = "À-ÖØ-Þ"
_LATIN1_SMALL = "ß-öø-ÿ"
# Latin Extended-A from Ā (U+0100) to Ž (U+017D), and from ā (U+0101) to ž (U+017E): the block
# alternates capital and small, so each range holds both cases.
_LATIN_EXTENDED_A = "Ā-Ž"
_LATIN_EXTENDED_A_SMALL = "ā-ž"
#: Ukrainian and Belarusian letters Russian does not have (І is Kazakh too).
UKRAINIAN_BELARUSIAN_CAPITAL = "ЎЄЇ"
UKRAINIAN_BELARUSIAN_SMALL = "ўєї"
#: :data:`CAPITAL` with Latin-1 capitals.
CAPITAL_LATIN1 = CAPITAL + _LATIN1_CAPITAL
#: :data:`CAPITAL` with Latin-1 capitals and Latin Extended-A.
CAPITAL_LATIN_EXTENDED = CAPITAL_LATIN1 + _LATIN_EXTENDED_A
#: :data:`SMALL` with Latin-1 small letters and Latin Extended-A.
SMALL_LATIN_EXTENDED = SMALL + _LATIN1_SMALL + _LATIN_EXTENDED_A_SMALL


def is_cyrillic(char: str) -> bool:
    """True for a Cyrillic letter (basic block and supplement)."""
    return "\u0400" <= char <= "\u052f"


_CYRILLIC_WORD = re.compile(r"[\u0400-\u052f]{2,}")
#: A text is Kazakh when its Kazakh evidence reaches this share of its Cyrillic words.
KAZAKH_SHARE = 0.15
# A capitalised word with a Kazakh letter may be a Kazakh name quoted in Russian: half evidence.
_NAME_WEIGHT = 0.5
# A Cyrillic title of fewer words than this, none with a Kazakh letter, does not tell Kazakh
# from Russian ("Абай жолы"): the whole entry decides.
_DECISIVE_TITLE_WORDS = 4


# Kazakh words written only with letters Russian has too, and no Russian word: each is evidence
# like a word with a Kazakh letter ("Абай жолы. Алматы: Жазушы", "Алматы: Ғылым, 1998. – 256 б.").
KAZAKH_WORDS = frozenset(
    {"мен", "туралы", "бойынша", "жылы", "жолы", "баспа", "баспасы", "жазушы", "бет", "беттер"}
)
# "256 б." (бет, page): the Kazakh page count, where Russian writes "256 с.".
_KAZAKH_PAGES = re.compile(r"\d\s*б\.")


def kazakh_evidence(text: str) -> tuple[float, int]:
    """The Kazakh evidence of ``text`` and its number of Cyrillic words (two letters or more).

    Each word with a Kazakh-only letter is evidence: a whole one when it is small-letter, half a
    one when it is capitalised (perhaps a name: "Әуезов М. История. Алматы: Наука" is Russian).
    A word of :data:`KAZAKH_WORDS` and a page count in "б." are whole ones."""
    words = _CYRILLIC_WORD.findall(text)
    evidence = float(len(_KAZAKH_PAGES.findall(text)))
    for word in words:
        if word.lower() in KAZAKH_WORDS:
            evidence += 1.0
        elif any(char in KAZAKH_LETTERS for char in word):
            evidence += 1.0 if word[0].islower() else _NAME_WEIGHT
    return evidence, len(words)


def detect_language(text: str) -> str | None:
    """Guess "kk", "ru" or "en" from the letters of ``text``; None when it has no letters.

    Text that is mostly Latin is English. Cyrillic text is Kazakh when its Kazakh evidence
    (:func:`kazakh_evidence`) is at least :data:`KAZAKH_SHARE` of its Cyrillic words, Russian
    otherwise: a Kazakh name in a Russian text ("Жизнь и творчество Абая Құнанбайұлы": half a
    point in five words) does not make it Kazakh; "Қазақ әдебиеті" (one and a half in two) is.
    """
    cyrillic = latin = kazakh = 0
    for char in text:
        if is_cyrillic(char):
            cyrillic += 1
            kazakh += char in KAZAKH_LETTERS
        elif char.isascii() and char.isalpha():
            latin += 1
    if not cyrillic and not latin:
        return None
    if cyrillic < latin:
        return "en"
    evidence, words = kazakh_evidence(text)
    if not words:  # initials only ("Ә. Қ.")
        return "kk" if kazakh else "ru"
    return "kk" if evidence >= KAZAKH_SHARE * words else "ru"


def reference_language(title: str, entry: str) -> str | None:
    """The language of a reference: its title's (:func:`detect_language`), the whole entry's when
    it has no title, or when its title is Cyrillic but too short to tell Kazakh from Russian (fewer
    than four words, none with a Kazakh letter: "Қоңыратбаев Ә. Абай жолы. Алматы: Ғылым баспасы")."""
    language = detect_language(title)
    if language is None:
        return detect_language(entry)
    if language == "ru":
        evidence, words = kazakh_evidence(title)
        if not evidence and words < _DECISIVE_TITLE_WORDS and detect_language(entry) == "kk":
            return "kk"
    return language


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
