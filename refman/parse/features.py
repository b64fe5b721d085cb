"""Token features for the reference-string CRF (pure; cached per distinct token text).

A token's features are few and informative (about 9 per token; more did not help on the
development split, and every feature costs time in CRFsuite):

* its word (lower case, outer punctuation stripped), shape ("Xx,", "X.X.", "(d).", "d-d."),
  3-letter suffix, script and case together ("cyr-title", "lat-upper");
* number kind (year, range, ordinal, roman, n digits) and dictionary class: months in kk/ru/en,
  volume/issue/page markers ("Т.", "№", "Вып.", "С.", "с.", "б.", "бет", "pp.", "Vol."),
  editors ("под ред.", "eds.", "құраст."), "[Электронный ресурс]", "URL:", "дата обращения",
  "жүгінген күні", "и др.", "et al.", "және т.б.", cities ("М.", "СПб.", "Алматы", "Астана"),
  publisher, journal, conference and thesis words; flags for initials, URLs and DOIs;
* the word and shape of the previous and next token;
* its state in the string: relative position and how many areas ("//", ". –", sentences) came
  before (one feature: their pair), whether it is inside brackets or quotes, after a "//",
  after a year.

Everything that depends only on a token's text is a :class:`WordView`, computed once per
distinct string and kept in a bounded cache.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice
from typing import NamedTuple

from refman.identifiers import mentions_doi
from refman.lang import CAPITAL
from refman.parse.patterns import MONTHS

__all__ = ["WordView", "sequence_features", "word_view"]

_PUNCT_STRIP = "\"'«»“”„‘’()[]{}<>.,;:!?*†‡§/\\\u2013\u2014-"

KEYWORDS: dict[str, str] = {}
"""Dictionary word (lower case, no outer punctuation) -> class."""


def _add(kind: str, words: str) -> None:
    for w in words.split():
        KEYWORDS.setdefault(w, kind)


_add("etal", "al др т.б басқалар басқалары others")
_add("and", "and & и және мен та und y e")
_add("vol", "vol vols volume volumes т тт том томы tome tom bd band jg jahrgang кн книга кітап")
_add("no", "no nos nr n № issue iss вып выпуск шығ шығарылым heft h num number suppl supplement ч часть")
_add("pages", "pp p pages page pg с сс стр б бб бет беттер s ss л")
_add(
    "ed",
    "ed eds edn edition editor editors edited изд издание ред редакцией редактор hrsg сост "
    "составитель құраст бас басылым под общ науч отв гл жауапты",
)
_add("trans", "trans transl translated translator пер перевод ауд аударған")
_add("in", "in в im dans en ж жинақ")
_add(
    "url",
    "url режим available retrieved from online access mode қолжетімді мекенжай электрондық сайт website web",
)
_add("access", "accessed дата обращения доступа жүгінген күні қаралған viewed visited посещения")
_add("doi", "doi")
_add("isbn", "isbn issn")
_add("elec", "электронный ресурс электрон текст мәтін electronic resource непосредственный тікелей")
_add(
    "thesis",
    "дис дисс диссертация диссертации автореф автореферат thesis dissertation phd ph.d канд докт "
    "кандидат доктор наук ғылымдарының ғыл master's masters diss",
)
_add(
    "pub",
    "press publishers publisher publishing publ verlag изд-во издательство баспа баспасы university "
    "университет университета inc ltd llc gmbh co company academic наука ғылым springer elsevier "
    "wiley routledge sage",
)
_add(
    "place",
    "м москва moscow спб санкт-петербург л ленинград petersburg алматы алма-ата almaty астана astana "
    "нур-султан nur-sultan караганда шымкент новосибирск киев kiev минск ташкент бишкек казань "
    "екатеринбург томск london york berlin paris oxford cambridge boston chicago amsterdam "
    "heidelberg washington dordrecht leiden tokyo beijing singapore",
)
_add(
    "conf",
    "conference conf конф конференции конференциясы proceedings proc материалы матер symposium "
    "workshop congress съезд семинар форум forum meeting тезисы сб сборник жинағы халықаралық "
    "international междунар",
)
_add(
    "jour",
    "journal j journ журнал журналы вестник хабаршы хабаршысы известия review bulletin transactions "
    "letters annals quarterly studies research вопросы проблемы acta revue zeitschrift science sciences",
)
_add(
    "genre",
    "report technical working paper preprint препринт отчет отчёт доклад учебник пособие монография "
    "оқулық оқу құралы textbook",
)
_add("month", " ".join(MONTHS))

_YEAR = re.compile(r"(?:1[5-9]\d\d|20[0-3]\d)[a-zа-я]?")
_RANGE = re.compile(r"\d+[A-Za-z]?[\u2010-\u2015\u2212-]+\d+[A-Za-z]?")
_ORDINAL = re.compile(r"\d+-?(?:е|ое|ье|й|я|st|nd|rd|th|ші|шы|ed)")
_ROMAN = re.compile(r"[IVXLCХ]{1,5}")
_URL = re.compile(r"<?(?:https?://|ftp://|www\.)|.*://", re.IGNORECASE)
_INITIALS = re.compile(rf"(?:[{CAPITAL}][a-zа-яё]?\.[-\s]?){{1,3}},?")


class _ShapeTable(dict[int, str]):
    """Character -> shape class, filled as characters are met (for ``str.translate``)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch.isalpha():
            value = "X" if ch.isupper() else "x"
        elif ch.isdigit():
            value = "d"
        elif ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
            value = "-"
        else:
            value = ch
        self[code] = value
        return value


_SHAPE_TABLE = _ShapeTable()
_RUN_UPPER = re.compile("XX+")
_RUN_LOWER = re.compile("xx+")
_RUN_DIGIT = re.compile("dd+")
_AREA_END = re.compile(r"(?:[^.\s]{4,}|\))[.?!]")


def _shape(word: str) -> str:
    shape = _RUN_DIGIT.sub("d", _RUN_LOWER.sub("x", _RUN_UPPER.sub("X", word.translate(_SHAPE_TABLE))))
    return shape if len(shape) <= 10 else shape[:5] + "~" + shape[-4:]


_CYR = re.compile("[\u0400-\u052f]")
_LAT = re.compile("[A-Za-z]")


def _kind(core: str) -> str:
    """Script and case of a word: "cyr-title", "lat-upper", "none"."""
    cyr = _CYR.search(core) is not None
    lat = _LAT.search(core) is not None
    script = ("mix" if lat else "cyr") if cyr else ("lat" if lat else "oth")
    if core.isupper():
        case = "upper" if len(core) > 1 else "single"
    elif core.islower():
        case = "lower"
    elif core[:1].isupper():
        case = "title" if core[1:].islower() else "camel"
    else:
        case = "none"
    return f"{script}-{case}"


def _number_kind(core: str) -> str | None:
    if not core:
        return None
    if core[0].isdigit():
        if _YEAR.fullmatch(core):
            return "year"
        if core.isdigit():
            return f"num{min(len(core), 5)}"
        if _RANGE.fullmatch(core):
            return "range"
        if _ORDINAL.fullmatch(core):
            return "ordinal"
        return "hasdigit"
    if core[0] in "IVXLCХ" and _ROMAN.fullmatch(core):
        return "roman"
    return None


class WordView(NamedTuple):
    """What a token contributes, computed once per distinct token text.

    ``own`` are its features; ``prev``/``next`` the features it gives the token after/before
    it. ``paren``/``square`` are bracket depth changes; ``quote`` 1 opens, -1 closes, 2
    toggles a straight quote; ``area`` 2 for "//", 1 for an area end; ``year`` a year token.
    """

    own: tuple[str, ...]
    prev: tuple[str, str]
    next: tuple[str, str]
    paren: int
    square: int
    quote: int
    area: int
    year: bool
    opens: str
    plain: bool


def _make_view(word: str) -> WordView:
    core = word.strip(_PUNCT_STRIP)
    low = core.lower()
    w = low if low else "<p>" + word[:3]
    shape = _shape(word)
    feats = ["w=" + w, "sh=" + shape]
    if low:
        if len(low) > 3:
            feats.append("s3=" + low[-3:])
        feats.append("t=" + _kind(core))
    num = _number_kind(core) if core and (core[0].isdigit() or core[0] in "IVXLCХ") else None
    if num:
        feats.append("n=" + num)
    kw = KEYWORDS.get(low)
    if kw is None and "." in low:
        kw = KEYWORDS.get(low.split(".")[0])
    if kw:
        feats.append("k=" + kw)
    if ("/" in word or "www" in word) and _URL.match(word):
        feats.append("url")
    elif "10." in word and mentions_doi(word):
        feats.append("doi")
    elif len(word) <= 9 and "." in word and _INITIALS.fullmatch(word):
        feats.append("init")
    paren = word.count("(") - word.count(")") if "(" in word or ")" in word else 0
    square = word.count("[") - word.count("]") if "[" in word or "]" in word else 0
    quote = 0
    if "«" in word or "»" in word or "“" in word or "”" in word or "„" in word or '"' in word:
        q = sum(word.count(c) for c in "«“„") - sum(word.count(c) for c in "»”")
        quote = 2 if word.count('"') % 2 else (1 if q > 0 else -1 if q < 0 else 0)
    if word.endswith("//"):
        area = 2
    elif word in ("–", "—", ".–", ".—") or (word[-1] in ".?!" and _AREA_END.search(word)):
        area = 1
    else:
        area = 0
    year = num == "year"
    opens = word[:1]
    plain = not (paren or square or quote or area or year or opens in '([«“„"')
    return WordView(
        tuple(feats),
        ("-w=" + w, "-sh=" + shape),
        ("+w=" + w, "+sh=" + shape),
        paren,
        square,
        quote,
        area,
        year,
        opens,
        plain,
    )


_CACHE: dict[str, WordView] = {}
_CACHE_MAX = 100_000  # about 1 KB an entry: at most ~100 MB


def word_view(word: str) -> WordView:
    """The cached :class:`WordView` of a token text (the oldest half is dropped when full)."""
    view = _CACHE.get(word)
    if view is None:
        if len(_CACHE) >= _CACHE_MAX:
            for old in list(islice(_CACHE, _CACHE_MAX // 2)):
                del _CACHE[old]
        view = _make_view(word)
        _CACHE[word] = view
    return view


_POS_AREA = tuple(tuple(f"pos={k}|area={a}" for a in range(6)) for k in range(10))
_BOS = ("-w=<s>",)
_EOS = ("+w=</s>",)


_FLAGS = ("inparen", "insquare", "inquote", "afterslash", "afteryear")
_STATES: dict[tuple[int, int, int], tuple[str, ...]] = {}


def _state(pos: int, area: int, bits: int) -> tuple[str, ...]:
    key = (pos, area, bits)
    hit = _STATES.get(key)
    if hit is None:
        hit = (_POS_AREA[pos][area], *(f for k, f in enumerate(_FLAGS) if bits >> k & 1))
        _STATES[key] = hit
    return hit


def sequence_features(words: Sequence[str]) -> list[tuple[str, ...]]:
    """The feature lists of a token sequence (one tuple of strings per token)."""
    views = [word_view(w) for w in words]
    n = len(views)
    out: list[tuple[str, ...]] = []
    paren = square = quote = areas = 0
    slashes = year_seen = False
    base = 0  # flags that hold for any plain token at this point
    last = n - 1
    for i, v in enumerate(views):
        if v.plain:
            bits = base
        else:
            bits = base & 0b11000
            if paren > 0 or (v.opens == "(" and v.paren > 0):
                bits |= 1
            if square > 0 or v.opens == "[":
                bits |= 2
            if quote > 0 or (v.quote in (1, 2) and v.opens in '«“„"'):
                bits |= 4
        feats = (
            v.own
            + _state(10 * i // n, areas if areas < 5 else 5, bits)
            + (views[i - 1].prev if i else _BOS)
            + (views[i + 1].next if i < last else _EOS)
        )
        out.append(feats)
        if not v.plain:
            if v.paren:
                paren = max(0, paren + v.paren)
            if v.square:
                square = max(0, square + v.square)
            if v.quote == 2:
                quote = 0 if quote else 1
            elif v.quote:
                quote = max(0, quote + v.quote)
            if v.area:
                areas += 1
                if v.area == 2:
                    slashes = True
            if v.year:
                year_seen = True
            base = (paren > 0) | (square > 0) << 1 | (quote > 0) << 2 | slashes << 3 | year_seen << 4
    return out
