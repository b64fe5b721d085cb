"""Cyrillic -> Latin transliteration for Russian and Kazakh, with explicit tables (pure).

Schemes (``scheme=``):

``bgn``
    BGN/PCGN (Russian 1947, Kazakh 1979). Russian ``е``/``ё`` become ``ye``/``yë`` at the start
    of a word and after a vowel, ``й``, ``ъ`` or ``ь``; ``ъ`` -> ``”``, ``ь`` -> ``’``.
``gost``
    GOST 7.79-2000 system B (ASCII, ISO 9 without diacritics): ц -> c before e/i/y/j and cz
    elsewhere, щ -> shh, ъ -> two backticks, ы -> y plus a backtick, э -> e plus a backtick.
    Kazakh letters take backtick forms after the same pattern (ә -> a`, қ -> k`, ү -> u``;
    see ``KK_GOST``: these follow the system B convention and were not checked against the
    standard's own table of non-Russian letters).
``bsi`` (alias ``lc``)
    The diacritic-free BSI / Library of Congress variant that Russian and Kazakh journals ask
    for in romanised reference lists (translit.net "BSI"/"LC"): ``й`` -> ``i``, ``ю`` -> ``iu``,
    ``я`` -> ``ia``, ``ь`` -> ``'``, ``ъ`` dropped; Kazakh letters folded to their base letter.
``kz2021``
    The Kazakh Latin alphabet of 2021 (``ә`` -> ``ä``, ``ғ`` -> ``ğ``, ``қ`` -> ``q``, ``ң`` ->
    ``ñ``, ``ө`` -> ``ö``, ``ұ`` -> ``ū``, ``ү`` -> ``ü``, ``һ`` -> ``h``, ``і`` -> ``ı``, ``и``/``й``
    -> ``i``, ``ш`` -> ``ş``). Russian letters outside the Kazakh alphabet use its usual values.
``ascii``
    A plain ASCII fallback (no apostrophes): ``Құрманғали`` -> ``Kurmangali``, ``Әлиев`` ->
    ``Aliev``, ``Иванов`` -> ``Ivanov``. Used for citation keys and matching.

Every table is a plain dict from a lower-case Cyrillic letter to its Latin value; upper case is
derived (``Ж`` -> ``Zh``, or ``ZH`` inside an all-capitals word). Characters that are not in a
table pass through unchanged. ``unidecode`` is deliberately not used: it turns ``Ә`` into ``@``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from refman.lang import KAZAKH_LETTERS

__all__ = [
    "SCHEMES",
    "TABLES",
    "latin_spellings",
    "pinyin_to_cyrillic",
    "romanise",
    "to_ascii",
]

# --- tables (data) ------------------------------------------------------------------------------

_RU_COMMON = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "з": "z",
    "и": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
}

#: BGN/PCGN 1947 for Russian. ``е``/``ё`` are context dependent (see ``_BGN_IOTATED``).
RU_BGN: dict[str, str] = {
    **_RU_COMMON,
    "е": "e",
    "ё": "ë",
    "ж": "zh",
    "й": "y",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "”",
    "ы": "y",
    "ь": "’",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}

#: BGN/PCGN 1979 for Kazakh: the Russian table plus the Kazakh letters.
KK_BGN: dict[str, str] = {
    **RU_BGN,
    "ә": "ä",
    "ғ": "gh",
    "қ": "q",
    "ң": "ng",
    "ө": "ö",
    "ұ": "ū",
    "ү": "ü",
    "һ": "h",
    "і": "i",
}

#: GOST 7.79-2000 system B for Russian (``ц`` is context dependent, see ``_gost_c``).
RU_GOST: dict[str, str] = {
    **_RU_COMMON,
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "й": "j",
    "х": "x",
    "ц": "cz",
    "ч": "ch",
    "ш": "sh",
    "щ": "shh",
    "ъ": "``",
    "ы": "y`",
    "ь": "`",
    "э": "e`",
    "ю": "yu",
    "я": "ya",
}

#: GOST 7.79-2000 system B with the backtick forms for the Kazakh letters.
KK_GOST: dict[str, str] = {
    **RU_GOST,
    "ә": "a`",
    "ғ": "g`",
    "қ": "k`",
    "ң": "n`",
    "ө": "o`",
    "ұ": "u`",
    "ү": "u``",
    "һ": "h`",
    "і": "i`",
}

#: The BSI/LC variant used by journals for romanised reference lists (no diacritics).
RU_BSI: dict[str, str] = {
    **_RU_COMMON,
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "й": "i",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "'",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}

#: Kazakh letters folded to the nearest plain Latin letter (the common ASCII fallback).
KK_ASCII_LETTERS: dict[str, str] = {
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
}

KK_BSI: dict[str, str] = {**RU_BSI, **KK_ASCII_LETTERS}

#: The Kazakh Latin alphabet approved in 2021 (31 letters), with the Russian-only letters.
KK_2021: dict[str, str] = {
    **_RU_COMMON,
    "ә": "ä",
    "ғ": "ğ",
    "е": "e",
    "ё": "io",
    "ж": "j",
    "и": "i",
    "й": "i",
    "қ": "q",
    "ң": "ñ",
    "ө": "ö",
    "ұ": "ū",
    "ү": "ü",
    "х": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "ş",
    "щ": "şş",
    "ъ": "",
    "ы": "y",
    "і": "ı",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}

# Upper-case forms that differ from str.upper() of the lower-case value.
_UPPER: dict[str, dict[str, str]] = {"kz2021": {"и": "İ", "й": "İ", "і": "I"}}

#: Plain ASCII, no apostrophes: for keys, matching and file names.
ASCII: dict[str, str] = {
    **_RU_COMMON,
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "й": "y",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    **KK_ASCII_LETTERS,
}

# Other Cyrillic letters met in Russian-language references (Ukrainian, Belarusian): a plain
# rendering shared by every scheme, so no Cyrillic letter survives romanisation.
_OTHER_CYRILLIC: dict[str, str] = {
    "є": "ye",
    "ї": "yi",
    "ґ": "g",
    "ў": "u",
    "ј": "j",
    "љ": "lj",
    "њ": "nj",
    "ђ": "dj",
    "ћ": "c",
    "џ": "dz",
    "ѕ": "dz",
    "ѓ": "g",
    "ќ": "k",
}

#: scheme -> language -> table. Language "ru" is also used for unknown Cyrillic text.
TABLES: dict[str, dict[str, dict[str, str]]] = {
    "bgn": {"ru": {**KK_BGN, **RU_BGN}, "kk": KK_BGN},
    "gost": {"ru": {**KK_GOST, **RU_GOST}, "kk": KK_GOST},
    "bsi": {"ru": KK_BSI, "kk": KK_BSI},
    "kz2021": {"ru": KK_2021, "kk": KK_2021},
    "ascii": {"ru": ASCII, "kk": ASCII},
}
TABLES["lc"] = TABLES["bsi"]

SCHEMES: tuple[str, ...] = tuple(TABLES)

_CYR_VOWELS = frozenset("аеёиоуыэюяәөұүі")
# After these (or at the start of a word) BGN/PCGN writes е -> ye, ё -> yë.
_BGN_IOTATING = _CYR_VOWELS | frozenset("йъь")
_BGN_IOTATED = {"е": "ye", "ё": "yë"}
# GOST 7.79 B: ц -> c before Latin e, i, y, j.
_GOST_SOFT_START = frozenset("eiyj")

# Latin letters that NFKD does not decompose, for to_ascii.
LATIN_ASCII: dict[str, str] = {
    "ß": "ss",
    "ẞ": "SS",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "TH",
    "ł": "l",
    "Ł": "L",
    "ı": "i",
    "ħ": "h",
    "Ħ": "H",
    "ŋ": "ng",
    "Ŋ": "NG",
    "ŀ": "l",
    "ĸ": "q",
    "«": '"',
    "»": '"',
    "„": '"',
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "ʼ": "'",
    "ʹ": "'",
    "ʺ": '"',
    "‚": ",",
    "–": "-",
    "—": "-",
    "‑": "-",
    "−": "-",
    "…": "...",
    "№": "No",
    "\u00a0": " ",
}


# --- algorithm ----------------------------------------------------------------------------------


def _is_upper_word(text: str, index: int) -> bool:
    """True when the letter at ``index`` is upper case inside an all-capitals run."""
    nxt = text[index + 1] if index + 1 < len(text) else ""
    prev = text[index - 1] if index > 0 else ""
    if nxt.isalpha():
        return nxt.isupper()
    return prev.isalpha() and prev.isupper()


def _pick_language(text: str, lang: str | None) -> str:
    if lang in ("kk", "ru"):
        return lang
    if lang is None and any(c in KAZAKH_LETTERS for c in text):
        return "kk"
    return "ru"


def _table(scheme: str, lang: str) -> Mapping[str, str]:
    try:
        return TABLES[scheme][lang]
    except KeyError:
        raise ValueError(f"unknown transliteration scheme {scheme!r}; choose one of {SCHEMES}") from None


def romanise(text: str, lang: str | None = None, scheme: str = "bgn") -> str:
    """Transliterate the Cyrillic letters of ``text`` to Latin with ``scheme`` (see module doc).

    ``lang`` is "kk", "ru" or None (Kazakh when a Kazakh-only letter occurs); other characters
    are kept as they are.
    """
    table = _table(scheme, "ru")  # validates the scheme
    if text.isascii():
        return text
    language = _pick_language(text, lang)
    table = _table(scheme, language)
    out: list[str] = []
    n = len(text)
    for i, char in enumerate(text):
        low = char.lower()
        value = table.get(low)
        if value is None:
            value = _OTHER_CYRILLIC.get(low)
            if value is None:
                out.append(char)
                continue
        if scheme == "bgn" and language == "ru" and low in _BGN_IOTATED:
            prev = text[i - 1].lower() if i > 0 else ""
            if not prev or not prev.isalpha() or prev in _BGN_IOTATING:
                value = _BGN_IOTATED[low]
        elif scheme == "gost" and low == "ц" and i + 1 < n:
            nxt = text[i + 1].lower()
            nxt_value = table.get(nxt, nxt)
            if nxt_value[:1] in _GOST_SOFT_START:
                value = "c"
        if char != low and value:
            special = _UPPER.get(scheme, {}).get(low)
            if special is not None:
                value = special if len(value) == 1 else special + value[1:]
            else:
                value = value.upper() if _is_upper_word(text, i) else value[0].upper() + value[1:]
        out.append(value)
    return "".join(out)


def to_ascii(text: str, lang: str | None = None) -> str:
    """Plain ASCII for keys and matching: Cyrillic romanised, Latin diacritics folded.

    ``Құрманғали`` -> ``Kurmangali``, ``Müller`` -> ``Muller``, ``Łukasz`` -> ``Lukasz``;
    characters with no ASCII rendering (e.g. CJK) are dropped.
    """
    if text.isascii():
        return text
    romanised = romanise(text, lang, scheme="ascii")
    out: list[str] = []
    for char in romanised:
        if char.isascii():
            out.append(char)
            continue
        special = LATIN_ASCII.get(char)
        if special is not None:
            out.append(special)
            continue
        for part in unicodedata.normalize("NFKD", char):
            if part.isascii():
                out.append(part)
            else:
                out.append(LATIN_ASCII.get(part, ""))
    return "".join(out)


# --- Kazakh Latin 2018 (appended for refman.dedupe; the tables above are unchanged) -------------

#: The Kazakh Latin alphabet of 19 February 2018 (acute accents and the digraphs ``sh``/``ch``):
#: ``ә`` -> ``á``, ``ғ`` -> ``ǵ``, ``ң`` -> ``ń``, ``ө`` -> ``ó``, ``ү`` -> ``ú``, ``у`` -> ``ý``,
#: ``и``/``й`` -> ``ı``, ``і`` -> ``i`` ("Qazaqstan Respýblıkasy"). Russian-only letters take
#: their usual plain values. Journals and authors used it in 2018-2021 romanised lists.
KK_2018: dict[str, str] = {
    **_RU_COMMON,
    "ә": "á",
    "ғ": "ǵ",
    "е": "e",
    "ё": "ıo",
    "ж": "j",
    "и": "ı",
    "й": "ı",
    "қ": "q",
    "ң": "ń",
    "ө": "ó",
    "у": "ý",
    "ұ": "u",
    "ү": "ú",
    "х": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "і": "i",
    "ь": "",
    "э": "e",
    "ю": "ıý",
    "я": "ıa",
}
TABLES["kz2018"] = {"ru": KK_2018, "kk": KK_2018}
SCHEMES = tuple(TABLES)


# --- Chinese names in Cyrillic: pinyin -> Palladius (appended for refman.resolve) -----------------

#: Pinyin initials and their Palladius (Russian) spelling.
_PINYIN_INITIALS: dict[str, str] = {
    "zh": "чж", "ch": "ч", "sh": "ш", "b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т",
    "n": "н", "l": "л", "g": "г", "k": "к", "h": "х", "j": "цз", "q": "ц", "x": "с", "r": "ж",
    "z": "цз", "c": "ц", "s": "с",
}  # fmt: skip
#: Pinyin finals after an initial, in Palladius.
_PINYIN_FINALS: dict[str, str] = {
    "a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу", "an": "ань",
    "en": "энь", "ang": "ан", "eng": "эн", "ong": "ун", "i": "и", "ia": "я", "ie": "е", "iao": "яо",
    "iu": "ю", "ian": "янь", "in": "инь", "iang": "ян", "ing": "ин", "iong": "юн", "u": "у",
    "ua": "уа", "uo": "о", "uai": "уай", "ui": "уй", "uan": "уань", "un": "унь", "uang": "уан",
    "v": "юй", "ve": "юэ", "ue": "юэ", "van": "юань", "vn": "юнь",
}  # fmt: skip
#: Syllables without an initial (y-, w- and bare finals).
_PINYIN_WHOLE: dict[str, str] = {
    "ya": "я", "yan": "янь", "yang": "ян", "yao": "яо", "ye": "е", "yi": "и", "yin": "инь",
    "ying": "ин", "yong": "юн", "you": "ю", "yu": "юй", "yuan": "юань", "yue": "юэ", "yun": "юнь",
    "wa": "ва", "wai": "вай", "wan": "вань", "wang": "ван", "wei": "вэй", "wen": "вэнь",
    "weng": "вэн", "wo": "во", "wu": "у", "a": "а", "ai": "ай", "an": "ань", "ang": "ан", "ao": "ао",
    "e": "э", "ei": "эй", "en": "энь", "er": "эр", "o": "о", "ou": "оу",
}  # fmt: skip


def _pinyin_syllable(initial: str, final: str) -> str | None:
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "v" + final[1:]  # ju, quan, xun: the u is ü
    if final == "i" and initial in ("z", "c", "s"):
        return _PINYIN_INITIALS[initial] + "ы"
    value = _PINYIN_FINALS.get(final)
    return None if value is None else _PINYIN_INITIALS[initial] + value


def pinyin_to_cyrillic(name: str) -> str | None:
    """A Chinese name in pinyin as Russian writes it (the Palladius system): ``Qin`` -> ``Цинь``,
    ``Zhu`` -> ``Чжу``, ``Xiong`` -> ``Сюн``, ``Ren`` -> ``Жэнь``, ``Huang`` -> ``Хуан``. None when
    ``name`` does not read as pinyin syllables."""
    s = name.casefold().replace("ü", "v").replace("-", "").replace("'", "")
    if not s.isascii() or not s.isalpha():
        return None
    out: list[str] = []
    i = 0
    while i < len(s):
        best: tuple[int, str] | None = None
        for end in range(min(len(s), i + 6), i, -1):
            piece = s[i:end]
            value = _PINYIN_WHOLE.get(piece)
            if value is None:
                initial = piece[:2] if piece[:2] in ("zh", "ch", "sh") else piece[:1]
                if initial in _PINYIN_INITIALS and len(piece) > len(initial):
                    value = _pinyin_syllable(initial, piece[len(initial) :])
            if value is not None:
                best = (end, value)
                break
        if best is None:
            return None
        i, value = best
        out.append(value)
    text = "".join(out)
    return text[:1].upper() + text[1:]


# --- foreign names in Cyrillic: Latin spellings to search for (appended for refman.extract) ------

#: Optional rewrites of a romanised foreign name undoing Russian practical transcription (each
#: tried on and off): ``Kh`` for H, ``V``/``U`` for W, ``ts`` for tz, ``t`` for th, ``ay`` for
#: ei/ye, ``K`` for C. Regular expressions over the lower-cased BGN romanisation.
_SPELLING_RULES: tuple[tuple[str, str], ...] = (
    (r"kh", "h"),
    (r"^v", "w"),
    (r"^u(?=[aoei])", "w"),
    (r"^wo", "wa"),
    (r"t?ts$", "tz"),
    (r"(?<=n)t(?=a)", "th"),
    (r"ay(?=n)", "ei"),
    (r"ay$", "ye"),
    (r"^k", "c"),
)
#: At most this many spellings per name.
MAX_SPELLINGS = 16


def latin_spellings(name: str) -> list[str]:
    """Latin spellings a foreign name written in Cyrillic may have, the plain romanisation first:
    ``Моргентау`` -> ``Morgentau``, ``Morgenthau``; ``Уолтц`` -> ``Uolts``, ..., ``Waltz``;
    ``Валлерстайн`` -> ..., ``Wallerstein``; ``Карр`` -> ``Karr``, ``Carr``. Guesses for a search,
    to be checked against what it finds; at most :data:`MAX_SPELLINGS`."""
    base = to_ascii(name).casefold()
    spellings = [base]
    for pattern, repl in _SPELLING_RULES:
        more = [re.sub(pattern, repl, s) for s in spellings]
        spellings.extend(m for m in more if m not in spellings)
        if len(spellings) >= MAX_SPELLINGS:
            break
    return [s[:1].upper() + s[1:] for s in spellings[:MAX_SPELLINGS]]
