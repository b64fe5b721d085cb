"""Token features for the reference-string CRF (pure; cached per distinct token).

Each token gets the features AnyStyle and GROBID use, plus what GOST needs: the word (lower
case, punctuation stripped), prefixes and suffixes, its shape ("Xx,", "X.X.", "d-d."), script
(Cyrillic/Latin), case, number kinds (year, range, roman), punctuation before and after,
dictionary classes (months in kk/ru/en, "Т.", "№", "С.", "с.", "б.", "бет", "pp.", "Vol.",
"[Электронный ресурс]", "URL:", "дата обращения", "жүгінген күні", "под ред.", "и др.",
"et al.", cities "М.", "СПб.", "Алматы", "Астана", publisher words, ...), whether it is inside
brackets or quotes, its relative position, how many areas ("//", ". –", sentences) came
before, and the same word/shape views of its neighbours.

A token's own features depend only on its text, so they are computed once per distinct string
and kept in a bounded cache; that is what makes labelling thousands of references a second
possible in pure Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from refman.parse.patterns import MONTHS

__all__ = ["sequence_features", "token_features"]

_PUNCT_STRIP = "\"'«»“”„‘’()[]{}<>.,;:!?*†‡§/\\"

_KEYWORDS: dict[str, str] = {}


def _add(kind: str, words: str) -> None:
    for w in words.split():
        _KEYWORDS.setdefault(w, kind)


_add("etal", "al др т.б басқалар басқалары др.] и.др others")
_add("and", "and & и және мен та und y e")
_add("vol", "vol vols volume volumes т тт том томы tome tom bd band jg jahrgang кн книга кітап")
_add("no", "no nos nr n № issue iss вып выпуск шығ шығарылым heft h num number suppl supplement часть ч")
_add("pages", "pp p pages page pg с сс стр б бб бет беттер s ss л")
_add("ed", "ed eds edn edition editor editors edited изд издание ред редакцией редактор hrsg сост "
     "составитель құраст бас басылым под общ науч отв гл ред.-сост жауапты")
_add("trans", "trans transl translated translator пер перевод ауд аударған")
_add("in", "in в im dans en ж жинақ")
_add("url", "url режим доступа available at retrieved from online access mode қолжетімді мекенжай "
     "электрондық сайт website web")
_add("access", "accessed дата обращения доступа жүгінген күні қаралған viewed last visited посещения")
_add("doi", "doi")
_add("isbn", "isbn issn")
_add("elec", "электронный ресурс электрон электрондық текст мәтін electronic resource непосредственный "
     "тікелей")
_add("thesis", "дис дисс диссертация диссертации автореф автореферат thesis dissertation phd ph.d "
     "канд докт кандидат доктор наук ғылымдарының ғыл master's masters diss")
_add("pub", "press publishers publisher publishing publ verlag изд-во издательство баспа баспасы "
     "university университет университета inc ltd llc gmbh co company academic наука ғылым "
     "springer elsevier wiley routledge sage")
_add("place", "м москва moscow спб санкт-петербург л ленинград st petersburg алматы алма-ата almaty "
     "астана astana нур-султан nur-sultan караганда шымкент новосибирск киев kiev минск ташкент "
     "бишкек казань екатеринбург томск london new york berlin paris oxford cambridge boston "
     "chicago amsterdam heidelberg washington dordrecht leiden tokyo beijing singapore")
_add("conf", "conference conf конф конференции конференциясы proceedings proc материалы матер "
     "symposium workshop congress съезд семинар форум forum meeting тезисы сб сборник "
     "жинағы халықаралық international междунар")
_add("jour", "journal j journ журнал журналы вестник хабаршы хабаршысы известия review bulletin "
     "transactions letters annals quarterly studies research вопросы проблемы acta revue "
     "zeitschrift science sciences")
_add("genre", "report тех technical working paper preprint препринт отчет отчёт доклад учебник "
     "пособие монография оқулық оқу құралы textbook")
_add("month", " ".join(MONTHS))

_ROMAN = re.compile(r"^[IVXLCХ]+$")
_YEAR = re.compile(r"^(?:1[5-9]\d\d|20[0-3]\d)[a-zа-я]?$")
_RANGE = re.compile(r"^\d+[A-Za-z]?[\u2010-\u2015\u2212-]+\d+[A-Za-z]?$")
_ORDINAL = re.compile(r"^\d+(?:-?(?:е|ое|ье|й|я|st|nd|rd|th|ші|шы|ed))$")
_URL = re.compile(r"^(?:<)?(?:https?://|ftp://|www\.)", re.IGNORECASE)
_DOI = re.compile(r"10\.\d{4,9}/")
_INITIALS = re.compile(r"^(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яё]?\.[-\s]?){1,3},?$")


def _shape(word: str) -> str:
    out: list[str] = []
    last = ""
    for ch in word:
        if ch.isalpha():
            c = "X" if ch.isupper() else "x"
        elif ch.isdigit():
            c = "d"
        elif ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
            c = "-"
        else:
            c = ch
        if c != last:
            out.append(c)
            last = c
    return "".join(out)


def _script(word: str) -> str:
    cyr = lat = 0
    for ch in word:
        if "\u0400" <= ch <= "\u052f":
            cyr += 1
        elif ch.isascii() and ch.isalpha():
            lat += 1
    if cyr and lat:
        return "mix"
    if cyr:
        return "cyr"
    if lat:
        return "lat"
    return "oth" if any(ch.isalpha() for ch in word) else "none"


def _case(core: str) -> str:
    letters = [ch for ch in core if ch.isalpha()]
    if not letters:
        return "none"
    if all(ch.isupper() for ch in letters):
        return "upper" if len(letters) > 1 else "single"
    if letters[0].isupper():
        return "title" if all(ch.islower() for ch in letters[1:]) else "camel"
    return "lower"


def _number_kind(core: str) -> str | None:
    if _YEAR.match(core):
        return "year"
    if core.isdigit():
        return f"num{min(len(core), 5)}"
    if _RANGE.match(core):
        return "range"
    if _ORDINAL.match(core):
        return "ordinal"
    if _ROMAN.match(core) and len(core) <= 5:
        return "roman"
    if any(ch.isdigit() for ch in core):
        return "hasdigit"
    return None


def _char_class(ch: str) -> str:
    if not ch:
        return "none"
    if ch.isalpha():
        return "alpha"
    if ch.isdigit():
        return "digit"
    return ch if ch in "()[]{}«»“”„\"'‘’.,;:/–—-!?&№" else unicodedata.category(ch)


def _intrinsic(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(own features, view as previous token, view as next token, short view for +-2)."""
    core = word.strip(_PUNCT_STRIP + "\u2013\u2014-")
    low = core.lower()
    feats: list[str] = []
    w = low if low else "<p>" + word[:4]
    feats.append("w=" + w)
    shape = _shape(word)
    feats.append("sh=" + (shape if len(shape) <= 12 else shape[:6] + "~" + shape[-5:]))
    if low:
        for k in (1, 2, 3, 4):
            if len(low) >= k:
                feats.append(f"p{k}=" + low[:k])
                feats.append(f"s{k}=" + low[-k:])
    feats.append("sc=" + _script(core))
    feats.append("ca=" + _case(core))
    num = _number_kind(core)
    if num:
        feats.append("n=" + num)
    feats.append("f=" + _char_class(word[:1]))
    feats.append("l=" + _char_class(word[-1:]))
    if len(word) > 1:
        feats.append("l2=" + word[-2:] if not word[-2:].isalnum() else "l2=aa")
    kw = _KEYWORDS.get(low) or _KEYWORDS.get(low.rstrip("."))
    if kw is None and "." in low:
        kw = _KEYWORDS.get(low.split(".")[0])
    if kw:
        feats.append("k=" + kw)
    if _URL.match(word) or "://" in word:
        feats.append("url")
    if _DOI.search(word):
        feats.append("doi")
    if _INITIALS.match(word):
        feats.append("init")
    if word.endswith(".") and not word.endswith("..") and len(core) > 3:
        feats.append("enddot")
    ln = len(core)
    feats.append("len=" + ("0" if ln == 0 else "1" if ln == 1 else "2" if ln <= 3 else "4" if ln <= 7 else "8"))
    own = tuple(feats)
    prev = ("-w=" + w, "-sh=" + feats[1][3:], *(("-k=" + kw,) if kw else ()), "-l=" + _char_class(word[-1:]))
    nxt = ("+w=" + w, "+sh=" + feats[1][3:], *(("+k=" + kw,) if kw else ()), "+f=" + _char_class(word[:1]))
    short = ("sh=" + feats[1][3:], *(("k=" + kw,) if kw else ()))
    return own, prev, nxt, short


_CACHE: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
_CACHE_MAX = 200_000


def token_features(word: str) -> tuple[str, ...]:
    """The features of one token that depend only on its text."""
    return _cached(word)[0]


def _cached(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    hit = _CACHE.get(word)
    if hit is None:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        hit = _intrinsic(word)
        _CACHE[word] = hit
    return hit


_OPENERS = {"(": ")", "[": "]", "«": "»", "“": "”", "„": "“", "{": "}"}
_AREA_END = re.compile(r"(?:[^.\s]{4,}|\))[.?!]$")


def sequence_features(words: Sequence[str]) -> list[list[str]]:
    """The feature lists of a token sequence (one list of strings per token)."""
    n = len(words)
    views = [_cached(w) for w in words]
    out: list[list[str]] = []
    paren = square = quote = 0
    areas = 0
    slashes = False
    year_seen = False
    for i, word in enumerate(words):
        own, _, _, _ = views[i]
        feats = list(own)
        feats.append(f"pos={10 * i // n}")
        if i == 0:
            feats.append("first")
        if i == n - 1:
            feats.append("last")
        if i > 0:
            feats.extend(views[i - 1][1])
            if i > 1:
                feats.extend("-2" + f for f in views[i - 2][3])
        else:
            feats.append("-w=<s>")
        if i < n - 1:
            feats.extend(views[i + 1][2])
            if i < n - 2:
                feats.extend("+2" + f for f in views[i + 2][3])
        else:
            feats.append("+w=</s>")
        # bracket and quote state before this token
        first = word[:1]
        if paren or (first == "(" and ")" not in word[1:]):
            feats.append("inparen")
        if square or first == "[":
            feats.append("insquare")
        if quote or first in "«“„\"":
            feats.append("inquote")
        feats.append(f"area={min(areas, 5)}")
        if slashes:
            feats.append("afterslash")
        if year_seen:
            feats.append("afteryear")
        out.append(feats)
        # update the state with this token
        for ch in word:
            if ch == "(":
                paren += 1
            elif ch == ")":
                paren = max(0, paren - 1)
            elif ch == "[":
                square += 1
            elif ch == "]":
                square = max(0, square - 1)
            elif ch in "«“„":
                quote += 1
            elif ch in "»”":
                quote = max(0, quote - 1)
            elif ch == '"':
                quote = 0 if quote else 1
        if word == "//" or word.endswith("//"):
            slashes = True
            areas += 1
        elif _AREA_END.search(word) or word in ("–", "—", ".–", ".—"):
            areas += 1
        if "n=year" in own:
            year_seen = True
    return out
