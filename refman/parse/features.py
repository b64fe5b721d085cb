"""Token features for the reference-string CRF (pure; cached per distinct token).

Each token gets the features AnyStyle and GROBID use, plus what GOST needs: the word (lower
case, punctuation stripped), prefixes and suffixes, its shape ("Xx,", "X.X.", "d-d."), script
(Cyrillic/Latin), case, number kinds (year, range, roman), punctuation before and after,
dictionary classes (months in kk/ru/en, "Т.", "№", "С.", "с.", "б.", "бет", "pp.", "Vol.",
"[Электронный ресурс]", "URL:", "дата обращения", "жүгінген күні", "под ред.", "и др.",
"et al.", cities "М.", "СПб.", "Алматы", "Астана", publisher words, ...), whether it is inside
brackets or quotes, its relative position, how many areas ("//", ". –", sentences) came
before, and word/shape views of its neighbours.

Everything that depends only on a token's text (:class:`WordView`) is computed once per
distinct string and kept in a bounded cache; only a handful of state features (position,
brackets, areas) are computed per token. :func:`sequence_features` gives the full feature
lists (for training); the decoder in :mod:`refman.parse.crf` sums weights view by view.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from refman.parse.patterns import MONTHS

__all__ = ["WordView", "sequence_features", "state_features", "word_view"]

_PUNCT_STRIP = "\"'«»“”„‘’()[]{}<>.,;:!?*†‡§/\\\u2013\u2014-"

_KEYWORDS: dict[str, str] = {}


def _add(kind: str, words: str) -> None:
    for w in words.split():
        _KEYWORDS.setdefault(w, kind)


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
_DOI = re.compile(r".*10\.\d{4,9}/")
_INITIALS = re.compile(r"(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яё]?\.[-\s]?){1,3},?")
_DASHES = str.maketrans("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-------")
_RUNS = re.compile(r"(.)\1+")
_CLASS_CHARS = "()[]{}«»“”„\"'‘’.,;:/–—-!?&№"


def _shape(word: str) -> str:
    out = []
    for ch in word.translate(_DASHES):
        if ch.isalpha():
            out.append("X" if ch.isupper() else "x")
        elif ch.isdigit():
            out.append("d")
        else:
            out.append(ch)
    shape = _RUNS.sub(r"\1", "".join(out))
    return shape if len(shape) <= 12 else shape[:6] + "~" + shape[-5:]


def _script(core: str) -> str:
    cyr = lat = False
    for ch in core:
        if "\u0400" <= ch <= "\u052f":
            cyr = True
        elif "a" <= ch <= "z" or "A" <= ch <= "Z":
            lat = True
    if cyr:
        return "mix" if lat else "cyr"
    return "lat" if lat else "none"


def _case(core: str) -> str:
    if core.isupper():
        return "upper" if sum(ch.isalpha() for ch in core) > 1 else "single"
    if core.islower():
        return "lower"
    if core[:1].isupper():
        return "title" if core[1:].islower() else "camel"
    return "none"


def _number_kind(core: str) -> str | None:
    if not core:
        return None
    if core[0].isdigit():
        if core.isdigit():
            return "year" if _YEAR.fullmatch(core) else f"num{min(len(core), 5)}"
        if _YEAR.fullmatch(core):
            return "year"
        if _RANGE.fullmatch(core):
            return "range"
        if _ORDINAL.fullmatch(core):
            return "ordinal"
        return "hasdigit"
    if core[0] in "IVXLCХ" and _ROMAN.fullmatch(core):
        return "roman"
    return "hasdigit" if any(ch.isdigit() for ch in core) else None


def _char_class(ch: str) -> str:
    if not ch:
        return "none"
    if ch.isalpha():
        return "a"
    if ch.isdigit():
        return "d"
    return ch if ch in _CLASS_CHARS else "o"


class WordView(NamedTuple):
    """What a token contributes, computed once per distinct token text.

    ``own`` are its features; ``prev``/``next`` the features it gives its right/left
    neighbour (it is their previous/next token); ``prev2``/``next2`` those it gives tokens two
    places away. ``paren``, ``square`` are bracket depth changes; ``quote`` 1 opens, -1 closes,
    2 toggles a straight quote; ``area`` 2 for "//", 1 for an area end, 0 otherwise.
    """

    own: tuple[str, ...]
    prev: tuple[str, ...]
    next: tuple[str, ...]
    prev2: tuple[str, ...]
    next2: tuple[str, ...]
    paren: int
    square: int
    quote: int
    area: int
    year: bool
    opens: str


_AREA_END = re.compile(r"(?:[^.\s]{4,}|\))[.?!]")


def _make_view(word: str) -> WordView:
    core = word.strip(_PUNCT_STRIP)
    low = core.lower()
    w = low if low else "<p>" + word[:4]
    shape = _shape(word)
    feats = ["w=" + w, "sh=" + shape]
    if low:
        n = len(low)
        feats.append("p1=" + low[:1])
        feats.append("s1=" + low[-1:])
        if n >= 2:
            feats.append("p2=" + low[:2])
            feats.append("s2=" + low[-2:])
        if n >= 3:
            feats.append("p3=" + low[:3])
            feats.append("s3=" + low[-3:])
        if n >= 4:
            feats.append("p4=" + low[:4])
            feats.append("s4=" + low[-4:])
        feats.append("sc=" + _script(core))
        feats.append("ca=" + _case(core))
    num = _number_kind(core)
    if num:
        feats.append("n=" + num)
    first = _char_class(word[:1])
    last = _char_class(word[-1:])
    feats.append("f=" + first)
    feats.append("l=" + last)
    if len(word) > 1:
        tail = word[-2:]
        feats.append("l2=aa" if tail.isalnum() else "l2=" + tail)
    kw = _KEYWORDS.get(low)
    if kw is None and low:
        kw = _KEYWORDS.get(low.split(".")[0])
    if kw:
        feats.append("k=" + kw)
    if _URL.match(word):
        feats.append("url")
    if _DOI.match(word):
        feats.append("doi")
    if _INITIALS.fullmatch(word):
        feats.append("init")
    n = len(core)
    if word.endswith(".") and n > 3 and not word.endswith(".."):
        feats.append("enddot")
    feats.append("len=" + ("0" if n == 0 else "1" if n == 1 else "2" if n <= 3 else "4" if n <= 7 else "8"))
    kwf = ("k=" + kw,) if kw else ()
    prev = ("-w=" + w, "-sh=" + shape, *("-" + f for f in kwf), "-l=" + last)
    nxt = ("+w=" + w, "+sh=" + shape, *("+" + f for f in kwf), "+f=" + first)
    prev2 = ("-2sh=" + shape, *("-2" + f for f in kwf))
    next2 = ("+2sh=" + shape, *("+2" + f for f in kwf))
    paren = word.count("(") - word.count(")")
    square = word.count("[") - word.count("]")
    opens = word[:1]
    quote = 0
    if any(ch in word for ch in "«“„»”\""):
        q = sum(word.count(c) for c in "«“„") - sum(word.count(c) for c in "»”")
        quote = 2 if word.count('"') % 2 else (1 if q > 0 else -1 if q < 0 else 0)
    if word.endswith("//"):
        area = 2
    elif word in ("–", "—", ".–", ".—") or _AREA_END.search(word):
        area = 1
    else:
        area = 0
    return WordView(
        tuple(feats), prev, nxt, prev2, next2, paren, square, quote, area, num == "year", opens
    )


_CACHE: dict[str, WordView] = {}
_CACHE_MAX = 300_000


def word_view(word: str) -> WordView:
    """The cached :class:`WordView` of a token text."""
    view = _CACHE.get(word)
    if view is None:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        view = _make_view(word)
        _CACHE[word] = view
    return view


def state_features(views: Sequence[WordView]) -> list[tuple[str, ...]]:
    """The per-position features: relative position, brackets, quotes, areas, year seen."""
    n = len(views)
    out: list[tuple[str, ...]] = []
    paren = square = quote = areas = 0
    slashes = year_seen = False
    for i, v in enumerate(views):
        feats = [f"pos={10 * i // n}", f"area={min(areas, 5)}"]
        if i == 0:
            feats.append("first")
        if i == n - 1:
            feats.append("last")
        if paren > 0 or (v.opens == "(" and v.paren > 0):
            feats.append("inparen")
        if square > 0 or v.opens == "[":
            feats.append("insquare")
        if quote > 0 or (v.quote in (1, 2) and v.opens in "«“„\""):
            feats.append("inquote")
        if slashes:
            feats.append("afterslash")
        if year_seen:
            feats.append("afteryear")
        out.append(tuple(feats))
        paren = max(0, paren + v.paren)
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
    return out


def sequence_features(words: Sequence[str]) -> list[list[str]]:
    """The full feature lists of a token sequence (one list of strings per token)."""
    views = [word_view(w) for w in words]
    states = state_features(views)
    n = len(views)
    out: list[list[str]] = []
    for i, v in enumerate(views):
        feats = [*v.own, *states[i]]
        feats.extend(views[i - 1].prev if i > 0 else ("-w=<s>",))
        if i > 1:
            feats.extend(views[i - 2].prev2)
        feats.extend(views[i + 1].next if i < n - 1 else ("+w=</s>",))
        if i < n - 2:
            feats.extend(views[i + 2].next2)
        out.append(feats)
    return out
