"""Citation keys: deterministic, ASCII, unique (pure).

A key pattern is a ``+``-separated list of parts, each a field with optional arguments and
filters, or a quoted literal (in the spirit of Better BibTeX formulas)::

    auth.lower+shorttitle+year          (the default)  ->  kurmangalikazak2019 / ivanovmetody2020
    authors(2)+"_"+year                                  ->  IvanovPetrov_2020
    auth.lower+shorttitle(3)+shortyear                  ->  smithquickbrownfox20

Fields:

``auth``        family name of the first author (else the first editor); an organisation
                (``literal``) gives its first significant word. With no names at all the
                first significant *title* word stands in, and ``shorttitle`` then starts after it.
``authors(n)``  family names of the first ``n`` authors (default 2), capitalised and joined.
``shorttitle(n)`` the first ``n`` significant title words (default 1), lower-case; stop words
                of English, Russian and Kazakh (``the``, ``и``, ``және``, ...) and single
                letters (``U.S.``) are skipped.
``title``       every significant title word, lower-case.
``year``        the four-digit year of ``issued`` (empty when unknown); ``shortyear`` its last two.

Filters: ``.lower``, ``.upper``, ``.capitalize``.

Every field is romanised with :func:`refman.translit.to_ascii` (``Құрманғали`` -> ``Kurmangali``,
``Иванов`` -> ``Ivanov``, ``Müller`` -> ``Muller``) and reduced to ASCII letters and digits;
quoted literals may add ``_``, ``:`` and ``-``. Every key matches ``[A-Za-z0-9_:-]+``, which is
safe for BibTeX, biber and pandoc. A key that comes out empty becomes ``ref``.

Uniqueness: pinned keys (issued before, remembered by the library) stay with their items and
are reserved; keys already set on the input (``citation_key``) are kept as they are and reserved
(one that clashes with a pinned key gets a suffix). Generated keys that clash are ordered by a
stable sort on ``(id, input position)``; the first keeps the bare key and the others get ``a``,
``b``, ... ``z``, ``aa``, ... A key issued is pinned by the library, so a later item never takes
an earlier one's key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from refman.model import Name, Reference
from refman.translit import to_ascii

__all__ = ["DEFAULT_PATTERN", "STOP_WORDS", "assign_keys", "free_key", "make_key"]

DEFAULT_PATTERN = "auth.lower+shorttitle+year"

_STOP_EN = (
    "a an the of on in and or for to with at by from as into about over under via its is are "
    "be do does how what why when which who whose this that these those vs versus toward towards "
    "between among within without"
)
_STOP_RU = (
    "и в во на о об обо по к ко с со для из от до за как что не при а у или но же ли бы то это "
    "его ее её их этот эта эти через между над под про без"
)
_STOP_KK = (
    "және мен пен бен та те да де ал бір туралы үшін бойынша арқылы қатар немесе ретінде "
    "кезінде жөнінде сияқты"
)
#: Title words that are not "significant" (English, Russian, Kazakh), compared lower-case.
STOP_WORDS: frozenset[str] = frozenset(" ".join((_STOP_EN, _STOP_RU, _STOP_KK)).split())

_KEY_BAD = re.compile(r"[^A-Za-z0-9_:-]+")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_TAGS = re.compile(r"</?(?:i|b|sup|sub|sc|span)\b[^>]*>")  # CSL rich-text markup in titles
_PART = re.compile(
    r"""^(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'"""
    r"""|(?P<name>[a-z]+)(?:\((?P<args>[^)]*)\))?(?P<filters>(?:\.[a-z]+)*))$"""
)


@dataclass(frozen=True)
class _Part:
    literal: str | None
    name: str
    args: tuple[int, ...]
    filters: tuple[str, ...]


_FILTERS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    "upper": str.upper,
    "capitalize": lambda s: s[:1].upper() + s[1:],
}
_FIELDS = ("auth", "authors", "shorttitle", "title", "year", "shortyear")


def _split_pattern(pattern: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quote = ""
    depth = 0
    for char in pattern:
        if quote:
            current.append(char)
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            current.append(char)
        elif char == "(":
            depth += 1
            current.append(char)
        elif char == ")":
            depth -= 1
            current.append(char)
        elif char == "+" and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return parts


def _parse_pattern(pattern: str) -> list[_Part]:
    out: list[_Part] = []
    for text in _split_pattern(pattern):
        match = _PART.match(text)
        if not match:
            raise ValueError(f"bad key pattern part {text!r} in {pattern!r}")
        if match["dq"] is not None or match["sq"] is not None:
            out.append(_Part(match["dq"] if match["dq"] is not None else match["sq"], "", (), ()))
            continue
        name = match["name"]
        if name not in _FIELDS:
            raise ValueError(f"unknown key field {name!r} in {pattern!r}; known: {', '.join(_FIELDS)}")
        args: tuple[int, ...] = ()
        if match["args"]:
            try:
                args = tuple(int(a) for a in match["args"].split(","))
            except ValueError:
                raise ValueError(f"key field {name!r} takes whole numbers: {text!r}") from None
        filters = tuple(f for f in (match["filters"] or "").split(".") if f)
        for f in filters:
            if f not in _FILTERS:
                raise ValueError(f"unknown key filter {f!r} in {pattern!r}; known: {', '.join(_FILTERS)}")
        out.append(_Part(None, name, args, filters))
    return out


_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def _clean(text: str) -> str:
    """A field value in ASCII letters and digits only (hyphens and apostrophes dropped)."""
    return _NOT_ALNUM.sub("", to_ascii(text))


def _significant_words(text: str | None) -> list[str]:
    """Title words that carry meaning: not stop words, and two or more letters/digits
    (single letters such as the "U" and "S" of "U.S." only when nothing else is left)."""
    if not text:
        return []
    text = _TAGS.sub(" ", text)
    words = [w for w in _WORD.findall(text) if w.lower() not in STOP_WORDS and _clean(w)]
    longer = [w for w in words if len(_clean(w)) > 1]
    return longer or words


def _family(name: Name) -> str:
    if name.family:
        return name.family
    if name.literal:
        words = _significant_words(name.literal)
        return words[0] if words else name.literal
    return name.given or ""


def _year(ref: Reference) -> str:
    year = ref.year
    if year is not None:
        return f"{year:04d}"
    if ref.issued is not None:
        for text in (ref.issued.literal, ref.issued.raw):
            if text:
                match = _YEAR.search(text)
                if match:
                    return match.group(1)
    return ""


def make_key(ref: Reference, pattern: str = DEFAULT_PATTERN) -> str:
    """The bare (not yet de-duplicated) key of one reference under ``pattern``."""
    parts = _parse_pattern(pattern)
    names = ref.author or ref.editor
    title_words = _significant_words(ref.title)
    title_start = 0
    if not names and any(p.name in ("auth", "authors") for p in parts) and title_words:
        title_start = 1  # the first title word stands in for the author
    out: list[str] = []
    for part in parts:
        if part.literal is not None:
            out.append(part.literal)
            continue
        value = ""
        if part.name == "auth":
            value = _clean(_family(names[0])) if names else (_clean(title_words[0]) if title_words else "")
        elif part.name == "authors":
            count = part.args[0] if part.args else 2
            if names:
                value = "".join(_clean(_family(n)).capitalize() for n in names[:count])
            elif title_words:
                value = _clean(title_words[0]).capitalize()
        elif part.name == "shorttitle":
            count = part.args[0] if part.args else 1
            words = title_words[title_start : title_start + count]
            value = "".join(_clean(w) for w in words).lower()
        elif part.name == "title":
            value = "".join(_clean(w) for w in title_words[title_start:]).lower()
        elif part.name == "year":
            value = _year(ref)
        elif part.name == "shortyear":
            value = _year(ref)[-2:]
        for f in part.filters:
            value = _FILTERS[f](value)
        out.append(value)
    key = _KEY_BAD.sub("", to_ascii("".join(out)))
    return key or "ref"


def _suffix(n: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "aa", ..."""
    letters = ""
    n += 1
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def free_key(base: str, taken: set[str] | frozenset[str]) -> str:
    """``base``, or ``base`` with the first suffix (``a``, ``b``, ... ``aa``) that is not ``taken``."""
    if base not in taken:
        return base
    n = 0
    while base + _suffix(n) in taken:
        n += 1
    return base + _suffix(n)


def assign_keys(
    refs: Sequence[Reference],
    pattern: str = DEFAULT_PATTERN,
    pinned: Mapping[str, str] | None = None,
    reserved: Iterable[str] = (),
) -> list[Reference]:
    """Copies of ``refs`` (same order) with ``citation_key`` set, unique across the list.

    ``pinned`` maps item ids to keys issued before (Better BibTeX's pinned keys): such an item
    keeps its key, and every pinned key is reserved, even for ids not in ``refs``, so a new item
    whose key would clash gets the suffix; ``reserved`` keys (issued once, since replaced) are
    never given to another item either. Keys already present are kept next; see the module
    docstring for the pattern and clash rules.
    """
    _parse_pattern(pattern)  # fail early on a bad pattern
    pins = dict(pinned or {})
    keys: dict[int, str] = {}
    taken: set[str] = {*pins.values(), *reserved}
    for i in sorted(range(len(refs)), key=lambda i: (refs[i].id, i)):
        key = pins.get(refs[i].id)
        if key is not None and key not in keys.values():
            keys[i] = key
    own = [i for i, r in enumerate(refs) if i not in keys and r.citation_key]
    for i in own:
        key = refs[i].citation_key or ""
        keys[i] = key if key not in taken else free_key(key, taken | set(keys.values()))
        taken.add(keys[i])
    taken.update(keys.values())
    bare: dict[int, str] = {i: make_key(r, pattern) for i, r in enumerate(refs) if i not in keys}
    order = sorted(bare, key=lambda i: (refs[i].id, i))
    counters: dict[str, int] = {}
    for i in order:
        base = bare[i]
        if base not in taken:
            key = base
        else:
            n = counters.get(base, 0)
            key = base + _suffix(n)
            while key in taken:
                n += 1
                key = base + _suffix(n)
            counters[base] = n + 1
        taken.add(key)
        keys[i] = key
    return [r.replace(citation_key=keys[i]) for i, r in enumerate(refs)]
