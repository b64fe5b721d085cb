"""Text helpers of the extractor: lines, Markdown clean-up, sentences and name keys (pure).

Everything here works on plain values and runs in time linear in its input.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from refman.identifiers import DOI_START
from refman.lang import CAPITAL_LATIN1
from refman.translit import to_ascii

__all__ = [
    "clean_markdown",
    "heading_text",
    "is_double_spaced",
    "join_entry_lines",
    "line_of",
    "line_starts",
    "looks_like_reference",
    "name_key",
    "name_similarity",
    "sentence_around",
    "sentence_starts",
    "split_lines",
    "word_keys",
]

# --- lines ---------------------------------------------------------------------------------------


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as an editor counts them ("\\n" ends a line; a "\\r" before it goes)."""
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of ``text`` starts (index i -> line i + 1)."""
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def line_of(starts: Sequence[int], offset: int) -> int:
    """The 1-based line holding ``offset``, given :func:`line_starts`."""
    return bisect_right(starts, offset)


def is_double_spaced(lines: Sequence[str]) -> bool:
    """True when most text lines are followed by a blank line (PDF text with empty lines between).

    In such text one blank line does not end a paragraph.
    """
    text_lines = followed = 0
    for i, line in enumerate(lines):
        if line.strip():
            text_lines += 1
            if i + 1 < len(lines) and not lines[i + 1].strip():
                followed += 1
    return text_lines >= 4 and followed >= 0.6 * text_lines


# --- Markdown -----------------------------------------------------------------------------------

_URL_CHARS = r"[^\s<>\"'`{}|^]"
# [text](url) with an optional <...> around the url and one level of balanced parentheses in it.
_LINK = re.compile(r"\[([^\[\]\n]{0,500})\]\(\s*<?((?:[^()\s<>]|\([^()\s<>]*\)){1,2000})>?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]{1,2000}|www\.[^<>\s]{1,2000})>", re.IGNORECASE)
_BARE_URL = re.compile(rf"(?:https?://|ftp://|www\.){_URL_CHARS}{{1,2000}}", re.IGNORECASE)
_URL_TRAIL = ".,;:!?*_)]"
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>\n]{0,200})?/?>")
# One pass: backslash escapes of ASCII punctuation, emphasis stars, emphasis underscores.
_MARKUP = re.compile(r"(\\+)([!-/:-@\[-`{-~])|\*+|(?<![^\W_])_+|_+(?![^\W_])")
_PLACEHOLDER = re.compile("\x00(\\d+)\x00")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_SPACE_BEFORE_PUNCT = re.compile(r" +([.,])(?=\s|$)")  # GOST keeps " : " and " ; " as separators


def _clean_url(url: str) -> str:
    """A URL without Markdown escapes and without trailing sentence punctuation."""
    url = url.replace("\\", "")
    while url and url[-1] in _URL_TRAIL:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _unmark(text: str) -> str:
    """``text`` without escapes, emphasis markers and HTML tags (URLs must be protected first)."""

    def markup(match: re.Match[str]) -> str:
        if match.group(2) is not None:
            return match.group(2)
        return ""

    text = _HTML_TAG.sub(" ", text)
    return _MARKUP.sub(markup, text)


def clean_markdown(text: str) -> str:
    """Plain text from a Markdown fragment: links and URLs kept clean, markup and escapes gone.

    ``[t](u)`` becomes ``u`` when ``t`` is a URL and ``t u`` otherwise; ``<u>`` becomes ``u``;
    ``\\_`` and ``\\\\_`` become ``_``; ``*``/``_`` emphasis and HTML tags are removed; URLs keep
    their underscores but lose backslashes; runs of spaces collapse.
    """
    urls: list[str] = []

    def keep(url: str) -> str:
        urls.append(_clean_url(url))
        return f"\x00{len(urls) - 1}\x00"

    def link(match: re.Match[str]) -> str:
        label, url = match.group(1), match.group(2)
        plain = _unmark(label).strip()
        if not plain or _BARE_URL.match(plain) or _clean_url(plain) == _clean_url(url):
            return keep(url)
        return f"{plain} {keep(url)}"

    def bare(match: re.Match[str]) -> str:
        raw = match.group(0)
        url = _clean_url(raw)
        # Keep trailing punctuation that _clean_url dropped, outside the URL.
        kept = raw.replace("\\", "")
        return keep(raw) + kept[len(url) :]

    text = _LINK.sub(link, text)
    text = _AUTOLINK.sub(lambda m: keep(m.group(1)), text)
    text = _BARE_URL.sub(bare, text)
    text = _unmark(text)
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return _PLACEHOLDER.sub(lambda m: urls[int(m.group(1))], text)


_HEADING_DECOR = re.compile(r"[#>*_\\`]+")
_HEADING_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+")
_HEADING_TRAIL = re.compile(r"[\s:.\-–—]+$")


def heading_text(line: str) -> str:
    """A line reduced for heading comparison: no Markdown marks, section number or trailing colon,
    case-folded, ``ё`` -> ``е``, single spaces."""
    text = _HEADING_DECOR.sub(" ", line)
    text = " ".join(text.split())
    text = _HEADING_NUMBER.sub("", text)
    text = _HEADING_TRAIL.sub("", text)
    return text.casefold().replace("ё", "е")


# --- entries ------------------------------------------------------------------------------------

_URL_TAIL = re.compile(r"(?:https?://|www\.|doi:|doi\.org/)\S*[/\-_.=&?#%]$", re.IGNORECASE)


def join_entry_lines(lines: Sequence[str]) -> str:
    """Hard-wrapped lines of one entry joined for parsing.

    A line break inside a URL or after a hyphen before a lower-case letter is closed up; other
    breaks become one space.
    """
    out = ""
    for line in lines:
        part = line.strip()
        if not part:
            continue
        if not out:
            out = part
        elif _URL_TAIL.search(out) or (
            out.endswith("-") and len(out) > 1 and out[-2].isalpha() and part[:1].islower()
        ):
            out += part
        else:
            out += " " + part
    return out


_REFERENCE_SIGNS = re.compile(
    rf"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)|https?://|www\.|\b{DOI_START}|//|\bISBN\b|\bISSN\b"
    r"|(?<![^\W\d_])(?:pp?|[сСcCбБsSтТ]|стр|vol|Vol|Т|№|No|no)\.?\s*\d|№",
)


def looks_like_reference(text: str) -> bool:
    """True when ``text`` has a sign of a bibliographic entry: a year, URL, DOI, ``//``, pages, №."""
    return _REFERENCE_SIGNS.search(text) is not None


# --- sentences ----------------------------------------------------------------------------------

# Ђ-Џ (U+0402-U+040F) holds the Cyrillic capitals of Serbian, Macedonian, Ukrainian and
# Belarusian that Russian lacks, Є Ї Ў among them.
_UPPER = CAPITAL_LATIN1 + "Ђ-Џ"
# A Markdown heading line stands apart from the sentences around it, in any spacing.
_HEADING_LINE = r"|\n(?=[ \t]{0,3}#{1,6}[ \t])|(?<![^\n])[ \t]{0,3}#{1,6}[ \t][^\n]*\n"
_BOUNDARY = re.compile(rf"[.!?…](?=\s+[\"«“„'(\[]?[{_UPPER}\d])|[.!?…]\s*\Z|\n[ \t]*\n{_HEADING_LINE}")
_BOUNDARY_DS = re.compile(
    rf"[.!?…](?=\s+[\"«“„'(\[]?[{_UPPER}\d])|[.!?…]\s*\Z|\n[ \t]*\n[ \t]*\n{_HEADING_LINE}"
)
_CONTEXT_WINDOW = 400
_COLLAPSE_MARKS = ("  ", "\n", "\t", "\r", "\f", "\v", "\u00a0")


def _is_initial(text: str, dot: int) -> bool:
    """True when the period at ``dot`` ends an initial or short title ("Дж.", "Р.", "Mr.")."""
    k = dot
    while k > 0 and dot - k < 4 and text[k - 1].isalpha():
        k -= 1
    word = text[k:dot]
    return 0 < len(word) <= 3 and word[0].isupper() and (k == 0 or not text[k - 1].isalpha())


def sentence_starts(text: str, double_spaced: bool = False) -> list[int]:
    """Sorted offsets at which sentences may start: after ``.!?…`` before an upper-case letter or
    digit (not after an initial such as "Дж."), after a paragraph break (two blank lines in
    double-spaced text), and before and after a Markdown heading line."""
    pattern = _BOUNDARY_DS if double_spaced else _BOUNDARY
    out = []
    for match in pattern.finditer(text):
        if match.group(0)[0] not in ".!?…" or not _is_initial(text, match.start()):
            out.append(match.end())
    return out


def sentence_around(
    text: str, starts: Sequence[int], start: int, end: int, lo: int = 0, hi: int | None = None
) -> str:
    """The sentence holding ``text[start:end]`` (``starts`` from :func:`sentence_starts`), kept
    within ``text[lo:hi]`` and 400 characters either side, with whitespace collapsed."""
    hi = len(text) if hi is None else hi
    k = bisect_right(starts, start) - 1
    begin = starts[k] if k >= 0 else lo
    j = bisect_left(starts, end)
    stop = starts[j] if j < len(starts) else hi
    begin = max(begin, lo, start - _CONTEXT_WINDOW)
    stop = min(stop, hi, end + _CONTEXT_WINDOW)
    context = text[begin:stop]
    if any(mark in context for mark in _COLLAPSE_MARKS):
        return " ".join(context.split())
    return context.strip()


# --- names --------------------------------------------------------------------------------------

_KEY_RULES = (
    ("chzh", "j"),
    ("dzh", "j"),
    ("zh", "j"),
    ("tch", "ch"),
    ("ch", "\x01"),
    ("sh", "\x02"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "s"),
    ("w", "v"),
    ("y", "i"),
    ("ae", "e"),
    ("ei", "e"),
    ("ai", "e"),
    ("\x01", "ch"),
    ("\x02", "sh"),
)
_DOUBLE = re.compile(r"(.)\1+")


def _fold(text: str) -> str:
    """Lower-case ASCII letters of ``text`` (Cyrillic romanised, diacritics dropped)."""
    ascii_text = to_ascii(unicodedata.normalize("NFC", text)).lower()
    return "".join(c for c in ascii_text if "a" <= c <= "z")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A spelling-tolerant key of a surname across scripts and transliteration systems.

    ``Чжао``, ``Zhao`` -> ``jao``; ``Каплан``, ``Caplan`` -> ``kaplan``; ``Стейгер``,
    ``Staeger`` -> ``steger``; doubled letters are single.
    """
    key = _fold(name)
    for old, new in _KEY_RULES:
        key = key.replace(old, new)
    return _DOUBLE.sub(r"\1", key)


@lru_cache(maxsize=65536)
def name_similarity(cited: str, listed: str) -> float:
    """0..1 similarity of a cited surname and a listed one, tolerant of script, transliteration
    and a Kazakh/Russian case ending on the cited form (``Стейгерге`` ~ ``Staeger``)."""
    a, b = name_key(cited), name_key(listed)
    if not a or not b:
        return 0.0
    best = SequenceMatcher(None, a, b, autojunk=False).ratio()
    extra = len(a) - len(b)
    if len(b) >= 4 and 0 < extra <= 5:
        best = max(best, SequenceMatcher(None, a[: len(b)], b, autojunk=False).ratio())
    return best


_WORD = re.compile(r"[^\W\d_]{3,}")


def word_keys(text: str) -> set[str]:
    """Keys (see :func:`name_key`) of the words of three letters or more in ``text``."""
    return {name_key(w) for w in _WORD.findall(text)} - {""}
