"""Split a reference into areas: GOST ``. – `` areas, ``//`` parts and sentences (pure, linear).

A full stop ends an area only when the word before it is not an initial or a known abbreviation
("Т.", "vol.", "под ред.", "St.") and the next word starts with a capital letter, a digit or a
quote; nothing inside matched brackets or quotes is ever split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

from refman.parse.patterns import LOWER, UPPER

__all__ = ["ABBREVIATIONS", "Area", "split_areas"]

_ABBREVIATION_WORDS = """
    vol vols no nos nr pp p ed eds edn trans transl st ste dr prof univ inc ltd co corp jr sr al etc
    vs cf proc conf int natl intl jan feb febr mar apr jun jul aug sep sept oct nov dec rev ser dept
    assoc publ acad sci soc res inst tech fig figs ch chap sect art pt suppl cand econ med math phys
    chem biol mr mrs ms hrsg aufl bd hft nauch prakt mezhdunar konf tr trudy im izd т тт с сс ред
    под изд им г гг вып кн ч сб ун-та ун-т др б бет проф акад пер англ рус нем фр сост отв общ науч
    гос обл см ил табл рис дис канд докт экон техн филол ист юрид пед психол полит социол мед
    биол хим физ мат матер междунар конф практ всерос учеб пособ ин-т ин-та гл н стр серия сер им
    доп перераб испр стереотип ж жж ғ ғғ құраст бас баспа ғыл мақ ақпар ред.кол
"""
ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())

_OPEN = {"(": ")", "[": "]", "«": "»", "“": "”", "„": "“", "{": "}"}
_DASHES = "–—―−"
_ELEM_START = re.compile(
    r"(?:М\.|СПб|Л\.|С\.|Т\.|Б\.|№|N\s?\d|Вып|Vol|vol|P\.|pp?\.|\d|URL|Режим|ISBN|DOI|Изд|Ed\.|"
    rf"[{UPPER}][{LOWER}]+\.?\s?:\s)"
)
_WORD_BEFORE = re.compile(rf"([{UPPER}{LOWER}\-]+)$")


@dataclass
class Area:
    """One area: its text (trimmed), its span in the string and the separator before it."""

    text: str
    start: int
    end: int
    sep: str  # "" (first), "." (full stop), "?" (question/exclamation), "–" (GOST dash), "//"


_BRACKETS = re.compile(r"[()\[\]{}«»“”„\"]")
_CANDIDATES = re.compile(r"//|[.?!](?= )|[–—―−]|(?<=[ .])-(?= )|^-(?= )")


def _protected(s: str) -> bytearray:
    """1 at positions inside matched brackets or quotes (linear: only brackets are visited)."""
    n = len(s)
    delta = [0] * (n + 1)
    stack: list[tuple[str, int]] = []
    straight: int | None = None
    for m in _BRACKETS.finditer(s):
        i, ch = m.start(), m.group(0)
        if ch in _OPEN and not (ch == "“" and stack and stack[-1][0] == "„"):
            stack.append((_OPEN[ch], i))
        elif stack and ch == stack[-1][0]:
            start = stack.pop()[1]
            delta[start + 1] += 1
            delta[i] -= 1
        elif ch in ")]»”}":
            # Unmatched closer: forget openers that cannot match any more.
            while stack and stack[-1][0] != ch:
                stack.pop()
            if stack:
                start = stack.pop()[1]
                delta[start + 1] += 1
                delta[i] -= 1
        elif ch == '"':
            if straight is None:
                straight = i
            else:
                delta[straight + 1] += 1
                delta[i] -= 1
                straight = None
    return bytearray(1 if depth > 0 else 0 for depth in accumulate(delta[:n]))


def _is_abbrev(s: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` closes an initial or an abbreviation."""
    m = _WORD_BEFORE.search(s, max(0, dot - 30), dot)
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1:
        return True
    return word.lower().strip("-") in ABBREVIATIONS


def _next_nonspace(s: str, i: int) -> int:
    n = len(s)
    while i < n and s[i] == " ":
        i += 1
    return i


def _prev_nonspace(s: str, i: int) -> int:
    """The index just after the last non-space character before ``i``."""
    while i > 0 and s[i - 1] == " ":
        i -= 1
    return i


def split_areas(s: str) -> list[Area]:
    """The areas of ``s`` in order (empty areas dropped)."""
    prot = _protected(s) if _BRACKETS.search(s) else bytearray(len(s))
    n = len(s)
    cuts: list[tuple[int, int, str]] = []  # (end of previous area, start of next, separator)
    done = 0  # candidates before this index were consumed by an earlier cut
    for cand in _CANDIDATES.finditer(s):
        i = cand.start()
        if i < done or prot[i]:
            continue
        ch = s[i]
        if ch == "/":
            if i == 0 or s[i - 1] != ":":
                cuts.append((i, i + 2, "//"))
                done = i + 2
            continue
        if ch in _DASHES or ch == "-":
            b = _prev_nonspace(s, i)
            spaced = i > 0 and s[i - 1] == " " and i + 1 < n and s[i + 1] == " "
            after = _next_nonspace(s, i + 1)
            dotted = b > 0 and s[b - 1] == "." and not (b > 1 and s[b - 2] == ".")
            digits = b > 0 and s[b - 1].isdigit() and s[after : after + 1].isdigit()  # "84 – 86"
            if dotted or (spaced and not digits and _ELEM_START.match(s, after)):
                cuts.append((b, after, "–"))
                done = after
            continue
        j = _next_nonspace(s, i + 1)
        if j >= n or prot[j]:
            continue
        nxt = s[j]
        if nxt in _DASHES or nxt == "-":
            continue
        starts = nxt.isupper() or nxt.isdigit() or nxt in "«“„\"'‘№"
        if starts and (ch != "." or (not _is_abbrev(s, i) and s[max(0, i - 2) : i] != "..")):
            keep = i + 1 if ch in "?!" else i
            cuts.append((keep, j, "?" if ch in "?!" else "."))
            done = j
    areas: list[Area] = []
    start, sep = 0, ""
    for end, next_start, kind in [*cuts, (n, n, "")]:
        text = s[start:end].strip(" ,;:")
        if text.endswith(".") and not text.endswith("..") and not _is_abbrev(text, len(text) - 1):
            text = text[:-1].rstrip(" ,;:")
        if text:
            lead = len(s[start:end]) - len(s[start:end].lstrip(" ,;:"))
            areas.append(Area(text=text, start=start + lead, end=start + lead + len(text), sep=sep))
            sep = kind
        else:
            sep = "//" if "//" in (kind, sep) else (kind or sep)
        start = next_start
    return areas
