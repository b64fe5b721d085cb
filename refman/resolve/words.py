"""Words for matching (pure): text folded to lower-case ASCII, tokens, significant words, and how
alike two words or surnames are.

Both sides of every comparison are folded with :func:`refman.translit.to_ascii` (Cyrillic
romanised, diacritics dropped); surnames are also compared on a transliteration-insensitive
:func:`skeleton` (``Bokeriya`` / ``Bokeria``, ``Tsoi`` / ``Coj``) and within one or two edits.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from refman.resolve.glossary import GLOSSARY
from refman.translit import pinyin_to_cyrillic, to_ascii

__all__ = [
    "CACHED_TEXT_MAX",
    "CYRILLIC",
    "GENERIC_TITLE_WORDS",
    "PHONETIC_NAME",
    "STYLE_WORDS",
    "TRACE_KINDS",
    "Token",
    "ascii_fold",
    "cognate_key",
    "cognates",
    "distinctive",
    "edit_distance",
    "english_stem",
    "english_words",
    "glossary_terms",
    "is_abbreviation",
    "latin_kind",
    "longest_increasing",
    "name_similarity",
    "name_words",
    "near",
    "one_edit",
    "ordered_cover",
    "palladius",
    "phonetic_keys",
    "short_text_cache",
    "significant_words",
    "skeleton",
    "sound_alike",
    "tokens",
    "traced_latin",
    "transcribed",
    "translation_trace",
    "word_equal",
]

# Words too common to be evidence (in English, German, French, Spanish, romanised Russian and Kazakh).
_STOP_TEXT = """
a an and are as at by de der des die du el en et for from in is la le les of on or the to und with
zur i v na s po dlya ob iz ot k u o za pri pod bez kak chto eto zhane men pen ben ushin turaly
"""
# Words reference styles add around the fields: labels, months, "et al.", "[Электронный ресурс]".
_STYLE_TEXT = """
vol vols volume no nos pp pg doi org http https www available retrieved accessed online eds ed edn
edition et al url tom vyp str rev suppl pt part issue chapter ch isbn issn art article eds jan
january feb february mar march apr april may jun june jul july aug august sep sept september oct
october nov november dec december spring summer autumn fall winter dr dt tt pub presented paper
proceedings proc conference conf symposium meeting annual edited by editor editors translated trans
preprint inc ltd elektronnyi resurs rezhim dostupa data obrashcheniia
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())
#: Stop words and the words reference styles add around the fields: never title evidence.
STYLE_WORDS = _STOP_WORDS | frozenset(_STYLE_TEXT.split())
_WORD_RE = re.compile(r"\w+\.?")
_SPLIT_RE = re.compile(r"[^a-z0-9]+")
CYRILLIC = re.compile(r"[\u0400-\u052f]")


#: Title words too common to tell works apart when found across languages: the words of five or
#: more letters in at least 1% of the 6,399 English titles of the real Crossref records in
#: /work/shared/data/crossref/works.jsonl.gz (``python -m bench.crosslang --generic`` lists them).
# fmt: off
GENERIC_TITLE_WORDS = frozenset((
    "based", "analysis", "using", "study", "ecology", "model", "effects", "system", "systems", "patients",
    "effect", "after", "review", "method", "cells", "under", "between", "issue", "human", "structure",
    "development", "induced", "design", "control", "volume", "treatment", "science", "approach",
    "modeling", "widget", "cover", "disease", "cancer", "water", "energy", "response", "properties",
    "associated", "performance", "matter", "during", "network", "through", "management", "impact",
))
# fmt: on


_T = TypeVar("_T")
#: Texts longer than this are worked out each time, never cached: the caches (65,536 entries each)
#: then hold at most ~65 MB, whatever the input.
CACHED_TEXT_MAX = 1_000


def short_text_cache(fn: Callable[[str], _T]) -> Callable[[str], _T]:
    """``fn`` with an LRU cache for texts of up to :data:`CACHED_TEXT_MAX` characters."""
    cached = functools.lru_cache(maxsize=1 << 16)(fn)

    @functools.wraps(fn)
    def call(text: str) -> _T:
        return cached(text) if len(text) <= CACHED_TEXT_MAX else fn(text)

    return call


@short_text_cache
def ascii_fold(text: str) -> str:
    """Lower-case ASCII: Cyrillic romanised, diacritics folded (both sides of every comparison)."""
    if text.isascii():
        return text.casefold()
    return to_ascii(unicodedata.normalize("NFC", text)).casefold()


@dataclass(frozen=True)
class Token:
    """A word as the matcher sees it: folded, and how it was written."""

    text: str  # folded (lower-case ASCII)
    dot: bool  # written with a following full stop (an abbreviation candidate)
    cyr: bool  # written in Cyrillic


def tokens(text: str) -> list[Token]:
    """The words of ``text`` in order, folded (a word with hyphens or apostrophes gives several)."""
    return list(_tokens_cached(text))


@short_text_cache
def _tokens_cached(text: str) -> tuple[Token, ...]:
    out = []
    for m in _WORD_RE.finditer(unicodedata.normalize("NFC", text)):
        word = m.group()
        dot = word.endswith(".")
        word = word.rstrip(".")
        cyr = bool(CYRILLIC.search(word))
        for part in _SPLIT_RE.split(ascii_fold(word)):
            if part:
                out.append(Token(part, dot, cyr))
    return tuple(out)


def significant_words(text: str) -> list[str]:
    """Significant folded words of a title or container (stop words and single letters dropped)."""
    return list(_words_cached(text))


@short_text_cache
def _words_cached(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in _tokens_cached(text) if len(t.text) > 1 and t.text not in _STOP_WORDS)


_SKELETON_RULES = (
    ("dzh", "j"),
    ("dj", "j"),
    ("shch", "s"),
    ("sch", "s"),
    ("kh", "h"),
    ("zh", "z"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "c"),
    ("tz", "c"),
    ("cz", "c"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("w", "v"),
    ("x", "ks"),
    ("q", "k"),
    ("j", "i"),
    ("y", "i"),
)


@short_text_cache
def name_words(text: str) -> tuple[str, ...]:
    """The folded words of a name."""
    return tuple(w for w in _SPLIT_RE.split(ascii_fold(text)) if w)


@short_text_cache
def skeleton(name: str) -> str:
    """A transliteration-insensitive form: Bokeriya/Bokeria, Tsoi/Coj, Smith/Smit agree."""
    s = "".join(ch for ch in name if ch.isalpha())
    for old, new in _SKELETON_RULES:
        s = s.replace(old, new)
    out: list[str] = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


# --- across scripts and romanisation systems ------------------------------------------------------
#
# A name or word written in Cyrillic is first romanised (:func:`ascii_fold`, BGN-like: ``х`` kh,
# ``ц`` ts, ``я`` ya); the keys below then undo what transcription into Russian or Kazakh does to a
# foreign word, and what the romanisation systems disagree on, so that both sides meet.

_PHONETIC_RULES = (
    ("shch", "s"),
    ("chzh", "j"),  # Palladius zh (Чжу = Zhu)
    ("tsz", "j"),  # Palladius z, j (Цзян = Jiang)
    ("dzh", "j"),
    ("dj", "j"),
    ("sch", "s"),
    ("zh", "j"),
    ("kh", "h"),
    ("ch", "c"),
    ("tts", "c"),  # Уолтц = Waltz
    ("sh", "s"),
    ("ph", "f"),
    ("th", "t"),
    ("ts", "c"),
    ("tz", "c"),
    ("cz", "c"),
    ("ck", "k"),
    ("ng", "n"),  # Хуан = Huang
)
_VOWELS = frozenset("aeiouy")


@short_text_cache
def phonetic_keys(name: str) -> frozenset[str]:
    """Keys under which a folded surname and its transcriptions agree: ``Waltz`` / ``Uolts``
    (Уолтц), ``Keohane`` / ``Kokheyn`` (Кохейн), ``Morgenthau`` / ``Morgentau``, ``Qurmangali`` /
    ``Kurmangali``, ``Qin`` / ``Tsin`` (Цинь). The first letter and the consonants, in classes
    (sibilants and affricates are one class), doubled letters once; ``q`` is read both as Kazakh
    ``k`` and as pinyin ``ts``; an English ``w`` after a vowel is silent; an initial ``h`` is ``g``
    (``Hamilton`` / ``Gamil'ton``, Гамильтон). Keys of fewer than three
    letters are left out: too short to tell names apart."""
    s = "".join(ch for ch in name.casefold() if "a" <= ch <= "z")
    if not s:
        return frozenset()
    if len(s) > 2 and s[0] == "u" and s[1] in "aeio":
        s = "w" + s[1:]  # Уолтц, Уилкокс, Уодден: an English w
    if s[0] == "x":
        s = "s" + s[1:]  # pinyin x (Xu = Сюй)
    keys = set()
    for hard in (True, False):
        # a Latin c or q is k (Kazakh q, English c) or an affricate ts (pinyin, Serbian c)
        t = re.sub(r"c(?![hzkeiy])", "k", s).replace("q", "k") if hard else s.replace("q", "c")
        for old, new in _PHONETIC_RULES:
            t = t.replace(old, new)
        if t[0] == "h":
            t = "g" + t[1:]  # Russian writes an English initial h as г: Гамильтон = Hamilton
        t = t.replace("x", "ks").replace("w", "v").replace("z", "s").replace("j", "s").replace("c", "s")
        out = [t[0]]
        prev = t[0]
        for ch in t[1:]:
            if ch in _VOWELS:
                prev = ch
                continue
            if ch != out[-1] or prev in _VOWELS:
                out.append(ch)
            prev = ch
        key = "".join(out)
        if len(key) >= 3:
            keys.add(key)
    return frozenset(keys)


def sound_alike(a: str, b: str, keys_a: frozenset[str], keys_b: frozenset[str]) -> bool:
    """A common phonetic key, and lengths that could be one name's (Kahn is not Keohane)."""
    return bool(keys_a & keys_b) and min(len(a), len(b)) >= 0.65 * max(len(a), len(b))


@short_text_cache
def palladius(name: str) -> str:
    """A folded pinyin surname as Russian writes it, folded again: ``qin`` -> ``tsin`` (Цинь),
    ``zhu`` -> ``chzhu`` (Чжу); empty when it is not pinyin."""
    cyrillic = pinyin_to_cyrillic(name)
    return ascii_fold(cyrillic) if cyrillic else ""


def transcribed(a: str, b: str) -> bool:
    """Two folded surnames, one a transcription of the other: a common :func:`phonetic_keys` key,
    or a pinyin name and its Palladius (Russian) spelling."""
    if sound_alike(a, b, phonetic_keys(a), phonetic_keys(b)):
        return True
    pa, pb = palladius(a), palladius(b)
    return (bool(pa) and skeleton(pa) == skeleton(b)) or (bool(pb) and skeleton(pb) == skeleton(a))


_COGNATE_RULES = (
    ("shch", "s"),
    ("sch", "s"),
    ("dzh", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("ch", "h"),  # chemistry / khimiya, mechanism / mekhanizm
    ("ph", "f"),
    ("th", "t"),
    ("tsi", "si"),
    ("ts", "s"),
    ("tz", "s"),
    ("ck", "k"),
    ("qu", "kv"),
    ("x", "ks"),
    ("w", "v"),
    ("y", "i"),
    ("z", "s"),
)


@short_text_cache
def cognate_key(word: str) -> str:
    """A folded word as spelt in either language: ``microbiota`` and ``mikrobiotasyna``
    (микробиотасына) give keys sharing ``mikrobiota``; ``hypoglycemia`` / ``gipoglikemiya``
    (an initial English h is a Russian g), ``ionization`` / ``ionizatsiya``."""
    s = word.casefold()
    if s.startswith("h") or s.startswith("ch"):
        s = "g" + s[2 if s.startswith("ch") else 1 :]
    s = re.sub(r"c(?=[eiy])", "s", s).replace("c", "k") if "c" in s.replace("ch", "") else s
    for old, new in _COGNATE_RULES:
        s = s.replace(old, new)
    s = s[:1] + re.sub(r"(?<=[aeiou])h(?=[aeiou])", "", s[1:])  # rehabilitation / reabilitatsiya
    out: list[str] = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def cognates(a: str, b: str) -> bool:
    """Two cognate keys that share a stem: a common start of six letters (of five when both words
    are long, or all of a five-letter word), or of five consonants (``clustering`` /
    ``klasterizatsiya``); suffixes (Kazakh and Russian endings) may differ."""
    n = min(len(a), len(b))
    if n < 5 or a[0] != b[0]:
        return False
    need = 5 if n == 5 or (len(a) >= 8 and len(b) >= 8) else 6
    if a[:need] == b[:need]:
        return True
    ca, cb = _consonants(a), _consonants(b)
    return len(ca) >= 5 and len(cb) >= 5 and ca[:5] == cb[:5]


def _consonants(key: str) -> str:
    return key[0] + "".join(ch for ch in key[1:] if ch not in _VOWELS)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent transpositions, or ``limit + 1`` when it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            best = min(best, v)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one substitution, insertion, deletion or swap."""
    la, lb = len(a), len(b)
    if la > lb:
        a, b, la, lb = b, a, lb, la
    if lb - la > 1:
        return False
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if i == la:
        return True
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    return a[i:] == b[i + 1 :]


def near(a: str, b: str) -> bool:
    """A cheap pre-check for two edits: the words share their start, middle or end."""
    return a[:2] == b[:2] or a[-3:] == b[-3:] or a[1:4] == b[1:4]


#: Two surnames with a common :func:`phonetic_keys` key (Кохейн / Keohane): a transcription.
PHONETIC_NAME = 0.8


def name_similarity(a: str, b: str) -> float:
    """Two folded surnames: 1 equal, 0.95 same skeleton, 0.85 one edit, 0.8 same phonetic key
    (a transcription: Уолтц / Waltz), 0.75 two edits (long names)."""
    if a == b:
        return 1.0
    if len(a) < 2 or len(b) < 2:
        return 0.0
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb:
        return 0.95
    n = min(len(sa), len(sb))
    if n >= 4 and one_edit(sa, sb):
        return 0.85
    if transcribed(a, b):
        return PHONETIC_NAME
    if n >= 6 and near(sa, sb) and edit_distance(sa, sb, 2) <= 2:
        return 0.75
    return 0.0


def word_equal(a: str, b: str) -> bool:
    """Two folded words that are the same, or long ones (5+ letters) one edit apart."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    return la >= 5 and lb >= 5 and a[0] == b[0] and -1 <= la - lb <= 1 and one_edit(a, b)


def is_abbreviation(short: str, full: str) -> bool:
    """``biol`` for ``biological``, ``natl`` for ``national``: same first letter, a subsequence."""
    if len(short) >= len(full) or short[0] != full[0]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def ordered_cover(
    needle: Sequence[str], hay: Sequence[str], *, abbrev: Sequence[bool] | None = None
) -> tuple[int, int, int]:
    """How many words of ``needle`` occur in ``hay`` in order (an LCS): (count, first, last) positions.

    ``abbrev[i]`` allows ``hay[i]`` to match as an abbreviation of a needle word.
    """
    if not needle or not hay:
        return 0, -1, -1
    index: dict[str, list[int]] = {}
    by_letter: dict[str, list[tuple[int, str]]] = {}
    for j, w in enumerate(needle):
        index.setdefault(w, []).append(j)
        by_letter.setdefault(w[0], []).append((j, w))
    pairs: list[tuple[int, int]] = []  # (hay position, needle position)
    for i, h in enumerate(hay):
        js = index.get(h)
        if js is None:
            if not h:
                continue
            near = by_letter.get(h[0], ())
            js = [j for j, w in near if word_equal(h, w)] if len(h) >= 5 else []
            if not js and abbrev is not None and abbrev[i]:
                js = [j for j, w in near if is_abbreviation(h, w)]
            if not js:
                continue
        for j in sorted(js, reverse=True):
            pairs.append((i, j))
    if not pairs:
        return 0, -1, -1
    return longest_increasing(pairs)


def longest_increasing(pairs: Sequence[tuple[int, int]]) -> tuple[int, int, int]:
    """Longest run of (hay, needle) pairs increasing in both: (length, first hay, last hay)."""
    tails: list[int] = []
    tail_at: list[int] = []
    prev = [-1] * len(pairs)
    for p, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(p)
        else:
            tails[k] = j
            tail_at[k] = p
        prev[p] = tail_at[k - 1] if k > 0 else -1
    last = tail_at[-1]
    p = last
    first_pos = pairs[p][0]
    while p != -1:
        first_pos = pairs[p][0]
        p = prev[p]
    return len(tails), first_pos, pairs[last][0]


def english_stem(word: str) -> str:
    """An English word without its plural ending: ``conflicts`` and ``conflict`` agree."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _glossary_stem(word: str) -> str:
    """The part of a folded Kazakh or Russian word a glossary entry is kept under: its first
    letters (endings vary: ``kauipsizdik`` / ``kauipsizdikti``, ``bezopasnost`` / ``bezopasnosti``)."""
    return word[: max(5, len(word) - 3)] if len(word) > 5 else word


def english_words(title: str) -> list[str]:
    """The significant folded words of an English title that translation evidence is counted
    over: three letters or more, or with a digit (``3d``)."""
    return [w for w in significant_words(title) if len(w) >= 3 or not w.isalpha()]


@functools.cache
def _glossary_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for source, english, _origin in GLOSSARY:
        index.setdefault(_glossary_stem(ascii_fold(source)), set()).add(english_stem(english))
    return {k: frozenset(v) for k, v in index.items()}


@short_text_cache
def glossary_terms(word: str) -> frozenset[str]:
    """The English words (plural endings dropped) that the glossary gives for a folded Kazakh or
    Russian word: its entry is the longest stem the word opens with (five letters at least)."""
    index = _glossary_index()
    for end in range(len(word), 4, -1):
        found = index.get(word[:end])
        if found:
            return found
    return frozenset()


#: The kinds of Latin-letter words that count when a translated title writes them as the English
#: title does (:func:`latin_kind`); the ablation in bench/crosslang.py leaves one out at a time.
TRACE_KINDS = frozenset({"number", "acronym", "name"})


def latin_kind(word: str) -> str:
    """What a word written alike in a title and its translation is: a ``number`` (``133``), an
    ``acronym`` (capitals or digits inside: ``ZFN``, ``HoMnO3``, ``3D``) or a ``name`` (Latin names
    and terms: ``Citrullus``)."""
    if word.isdigit():
        return "number"
    if any(c.isdigit() for c in word) or sum(1 for c in word if c.isupper()) >= 2:
        return "acronym"
    return "name"


def traced_latin(title: str) -> frozenset[str]:
    """The folded words of an English title that count as evidence when a translation writes them
    alike (of the kinds in :data:`TRACE_KINDS`)."""
    return frozenset(
        ascii_fold(w) for w in re.findall(r"[^\W_]+", title) if w.isascii() and latin_kind(w) in TRACE_KINDS
    )


def translation_trace(source: Sequence[Token], english: str, words: Sequence[str] | None = None) -> list[str]:
    """The ``words`` of an English title (``english``; by default its :func:`english_words`) that a
    title in Kazakh or Russian (``source``: its tokens) gives across the translation, explained: the
    same Latin word, acronym or number (``3d``), a cognate (``momentti~moment``) or a glossary term
    (``kauipsizdik=security``). One source word explains one English word."""
    latin = {t.text for t in source if not t.cyr} & traced_latin(english)
    keys = {i: cognate_key(t.text) for i, t in enumerate(source) if t.cyr and len(t.text) >= 5}
    terms = {i: glossary_terms(t.text) for i, t in enumerate(source) if t.cyr and len(t.text) >= 5}
    found: list[str] = []
    for w in dict.fromkeys(english_words(english) if words is None else words):
        if w in latin:
            found.append(w)
            continue
        if len(w) >= 5 and not w.isdigit():
            key = cognate_key(w)
            hit = next((i for i, k in keys.items() if cognates(k, key)), None)
            if hit is not None:
                found.append(f"{source[hit].text}~{w}")
                del keys[hit]
                terms.pop(hit, None)
                continue
        stem = english_stem(w)
        hit = next((i for i, t in terms.items() if stem in t), None)
        if hit is not None:
            found.append(f"{source[hit].text}={w}")
            del terms[hit]
            keys.pop(hit, None)
    return found


def distinctive(found: Sequence[str]) -> int:
    """How many of the title words :func:`translation_trace` found tell one work from another: not
    generic words, and not glossary terms (``ortalyk=central``): the glossary holds the field's
    keywords, which recur across its titles (``Central Asia``), so they are evidence of the topic,
    not of the work."""
    return sum(1 for f in found if "=" not in f and f.rpartition("~")[2] not in GENERIC_TITLE_WORDS)
