"""Normalise reference fields: names, titles, pages, dates, language (pure; identifiers such as
DOIs, URLs and ISBNs are :mod:`refman.identifiers`'s).

Every ``normalise_*`` function is idempotent (``f(f(x)) == f(x)``) and keeps meaning: case of
titles is data and is kept, Cyrillic and every other script are kept. ``fold_key`` is different:
it builds a *matching key* that is the same for a Cyrillic title and its romanisations (GOST 7.79
B, BGN/PCGN, BSI/LC, Kazakh 2017/2018/2021 Latin, ad-hoc ASCII), with case, diacritics,
punctuation and transliteration-scheme differences folded away. Keys are for comparing, never
for display.

Unlike bibtex-tidy's ``[^0-9A-Za-z]`` (which deletes every Cyrillic letter, so three unrelated
Russian titles all become the empty string) no function here drops a letter of any script.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from refman.formats.latex import ACCENTS
from refman.identifiers import find_isbns, find_issns, normalise_doi, normalise_pmid, normalise_url
from refman.lang import CAPITAL_LATIN_EXTENDED, SMALL_LATIN_EXTENDED
from refman.model import Date, Name, Reference
from refman.translit import to_ascii

__all__ = [
    "ETAL",
    "PLACEHOLDERS",
    "date_parts",
    "first_page",
    "fold_key",
    "has_cyrillic",
    "name_initials",
    "normalise_date",
    "normalise_language",
    "normalise_name",
    "normalise_pages",
    "normalise_reference",
    "normalise_title",
    "normalise_whitespace",
    "page_range",
    "parse_name",
    "parse_names",
    "parse_year",
    "strip_markup",
    "title_key",
]

# --- text ---------------------------------------------------------------------------------------

_CYRILLIC = re.compile("[\u0400-\u04ff\u0500-\u052f]")
_SPACES = re.compile(r"\s+")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,200})?/?>")
# TeX accent commands: \"o, \"{o}, {\"o}, \'{\i}, \c{c}, \v s ...
_TEX_ACCENT = re.compile(
    r"\\([\"'`^~=.]|[uvHckrdb](?![A-Za-z]))\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij]|[A-Za-z]))"
)
_TEX_LETTERS = {
    r"\ss": "ß",
    r"\aa": "å",
    r"\AA": "Å",
    r"\ae": "æ",
    r"\AE": "Æ",
    r"\oe": "œ",
    r"\OE": "Œ",
    r"\o": "ø",
    r"\O": "Ø",
    r"\l": "ł",
    r"\L": "Ł",
    r"\i": "ı",
    r"\j": "ȷ",
}
_TEX_LETTER = re.compile(r"\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])\s?")
_TEX_ESCAPED = re.compile(r"\\([&%$#_{}])")
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?\s*")
_TEX_SPECIALS = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("~", " "))


def has_cyrillic(text: str) -> bool:
    """True when ``text`` holds at least one Cyrillic letter."""
    return _CYRILLIC.search(text) is not None


def normalise_whitespace(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces and newlines) to one space."""
    return _SPACES.sub(" ", text).strip()


def _tex_accent(m: re.Match[str]) -> str:
    letter = m.group(2) or m.group(3)
    base = {"\\i": "i", "\\j": "j"}.get(letter, letter)
    return unicodedata.normalize("NFC", base + ACCENTS[m.group(1)])


def strip_markup(text: str) -> str:
    """Text without HTML tags and entities or TeX markup (accents become Unicode letters).

    ``<i>E. coli</i>`` -> ``E. coli``; ``M{\\"u}ller`` -> ``Müller``; ``{DNA}`` -> ``DNA``;
    ``\\emph{x}`` -> ``x``; ``--`` -> ``–``. Text without markup is returned unchanged.
    """
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if "\\" in text:
        text = _TEX_ACCENT.sub(_tex_accent, text)
        text = _TEX_LETTER.sub(lambda m: _TEX_LETTERS["\\" + m.group(1)], text)
        text = _TEX_ESCAPED.sub(r"\1", text)
        text = _TEX_COMMAND.sub("", text)
    if "{" in text or "}" in text:
        text = text.replace("{", "").replace("}", "")
    if "-" in text or "`" in text or "'" in text or "~" in text:
        for tex, uni in _TEX_SPECIALS:
            text = text.replace(tex, uni)
    return text


# --- titles -------------------------------------------------------------------------------------

_QUOTE_PAIRS = {'"': '"', "“": "”", "„": "“", "«": "»", "'": "'", "‘": "’", "”": "”"}
_TRAILING = re.compile(r"(?<![.\s])[\s]*[.,;:/]+\s*$")
_INITIAL_END = re.compile(r"(?:^|[\s.])\w\.$")
_SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")


def _strip_trailing(text: str) -> str:
    """``text`` without its trailing ``.``, ``,``, ``;``, ``:`` and ``/`` (with the white space
    around them), peeled off as ``_TRAILING`` finds them while the text does not end with an
    ellipsis or the period of an initial (``... J.``).

    Each step searches only the last run of white space, punctuation and white space, where a
    match can start, and cuts nothing until the end: linear time (searching the whole text tries
    every run of punctuation to its end).
    """
    end = len(text)
    while not text.endswith(("...", "…"), 0, end) and not _INITIAL_END.search(text, max(0, end - 3), end):
        start = end
        for chars in (None, ".,;:/", None):
            while start and (text[start - 1].isspace() if chars is None else text[start - 1] in chars):
                start -= 1
        m = _TRAILING.search(text, start, end)
        if m is None:
            break
        end = m.start()
    return text[:end]


def _unwrap_quotes(text: str) -> str:
    while len(text) >= 2 and text[0] in _QUOTE_PAIRS:
        close = _QUOTE_PAIRS[text[0]]
        body = text[1:-1]
        if text[-1] != close or text[0] in body or close in body:
            break
        text = body.strip()
    return text


def normalise_title(title: str) -> str:
    """A title as it should be stored: markup gone, one space between words, no trailing period.

    Quotes wrapping the whole title are removed (``"Title",`` -> ``Title``); TeX dashes become
    ``–``/``—`` and a spaced hyphen between words becomes `` – ``; a trailing ``.``, ``,``, ``;``,
    ``:`` or ``/`` is dropped, but not an ellipsis or the period of a final initial (``... J.``).
    Case and script are kept.
    """
    text = normalise_whitespace(strip_markup(title))
    previous = None
    while text != previous:
        previous = text
        text = _strip_trailing(_unwrap_quotes(text)).strip()
    return _SPACED_HYPHEN.sub(" – ", text)


_NOT_WORD = re.compile(r"[\W_]+")


def title_key(title: str) -> str:
    """An exact comparison key for a title, in its own script: case, markup and punctuation gone.

    ``«Казахстан» — 2020.`` and ``"Казахстан" – 2020`` give ``казахстан 2020``; ``ё`` is read as
    ``е``. Letters of every script are kept (compare :func:`fold_key` for cross-script keys).
    """
    text = unicodedata.normalize("NFKC", strip_markup(title)).casefold().replace("ё", "е")
    return " ".join(_NOT_WORD.sub(" ", text).split())


# --- cross-script matching key --------------------------------------------------------------------

# Latin letters of the Kazakh alphabets (2017/2018/2021) and others, before diacritics are folded.
_LATIN_PRE = str.maketrans(
    {
        "ý": "u",
        "Ý": "U",
        "ı": "i",
        "İ": "I",
        "ş": "sh",
        "Ş": "Sh",
        "ç": "ch",
        "Ç": "Ch",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
    }
)
# Apostrophe-like marks of romanisation schemes (BSI ', BGN ’ ”, GOST `): deleted inside words.
_MARKS = str.maketrans({c: None for c in "'`’‘ʼʹʺ″”“\u02bb\u02bd"})
_KEY_CLUSTERS = (
    ("shch", "s"),
    ("shh", "s"),
    ("zh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("ng", "n"),
    ("x", "h"),
    ("ts", "c"),
    ("cz", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("y", "i"),
    ("w", "v"),
    ("q", "k"),
)
_J_AFTER_VOWEL = re.compile(r"(?<=[aeiou])j")
_DOUBLE = re.compile(r"([a-z])(?=\1)")  # a letter followed by itself: dropped
_KEY_IOTATED = (("ia", "a"), ("iu", "u"), ("io", "e"), ("ie", "e"))
_NON_KEY = re.compile(r"[^a-z0-9]+")


def _fold_latin(text: str) -> str:
    text = text.translate(_LATIN_PRE)
    if text.isascii():
        return text
    out = []
    for char in unicodedata.normalize("NFKD", text):
        if char.isascii():
            out.append(char)
        elif not unicodedata.combining(char):
            folded = to_ascii(char)
            out.append(folded if folded else char)
    return "".join(out)


_LEFT_OVER = re.compile(r"shch|shh|[zkgcs]h|ng|[xyqw]|ts|cz|i[aoue]|(?<=[aeiou])j|([a-z])(?=\1)")


def _merge_clusters(text: str) -> str:
    for old, new in _KEY_CLUSTERS:
        if old in text:
            text = text.replace(old, new)
    if "j" in text:
        text = _J_AFTER_VOWEL.sub("i", text)
    text = _DOUBLE.sub("", text)
    for old, new in _KEY_IOTATED:
        if old in text:
            text = text.replace(old, new)
    return text


def fold_key(text: str) -> str:
    """A script-independent matching key: the same for Cyrillic text and its romanisations.

    Cyrillic is romanised, Latin diacritics folded, apostrophes of transliteration schemes
    dropped, and the letter clusters on which schemes differ merged (``shch``/``shh``/``ş`` ->
    ``s``, ``zh``/``j`` -> ``j``, ``kh``/``x``/``h`` -> ``h``, ``ya``/``ia``/``ja`` -> ``a``, ``y``
    -> ``i``, doubled letters -> one...). ``Қазақстан``, ``Qazaqstan`` and GOST
    ``K`azak`stan`` all give ``kazakstan``. Lossy on purpose: use it to compare, never to
    display. Characters of other scripts (CJK, Greek...) are kept as they are. Idempotent.
    """
    if "\\" in text or "{" in text or "<" in text or "&" in text:
        text = strip_markup(text)
    if not text.isascii():
        text = text.translate(_LATIN_PRE)
        if has_cyrillic(text):
            text = to_ascii(text)
        text = _fold_latin(text)
    text = text.lower().translate(_MARKS)
    text = _merge_clusters(text)
    for _ in range(3):  # a merge can form a new cluster ("chx" -> "chh" -> "ch"): repeat
        if not _LEFT_OVER.search(text):
            break
        text = _merge_clusters(text)
    if text.isascii():
        return " ".join(_NON_KEY.sub(" ", text).split())
    return " ".join(_NOT_WORD.sub(" ", text).split())


# --- names --------------------------------------------------------------------------------------

#: "et al." in English, Russian and Kazakh (matched case-insensitively).
ETAL = re.compile(
    r"(?:,?\s*(?:et\.?\s*al\.?|и\s+др\.?|и\s+другие|және\s+т\.\s?б\.?|және\s+басқалар[ыі]?|"
    r"т\.\s?б\.|and\s+others|u\.\s?a\.|\[\s*(?:и\s*др|et\s*al|т\.\s?б)\.?\s*\]))\s*$",
    re.IGNORECASE,
)
#: Values that stand for "unknown" in exported records (compared after title_key).
PLACEHOLDERS = frozenset(
    {
        "unknown",
        "anonymous",
        "anon",
        "n a",
        "na",
        "none",
        "null",
        "untitled",
        "no title",
        "без названия",
        "аноним",
        "s n",
        "б и",
    }
)
_UP = CAPITAL_LATIN_EXTENDED
_LO = SMALL_LATIN_EXTENDED
_INITIAL_TOKEN = re.compile(
    rf"^(?:[{_UP}](?:[{_LO}]{{1,2}})?\.(?:\s*-?\s*[{_UP}](?:[{_LO}]{{1,2}})?\.)*|[{_UP}]{{1,3}})$"
)
_INITIAL = re.compile(rf"([{_UP}](?:[{_LO}]{{1,2}})?)\.")
_PARTICLE_WORDS = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "da",
        "di",
        "du",
        "dos",
        "das",
        "la",
        "le",
        "ter",
        "ten",
        "bin",
        "ibn",
        "al",
        "el",
        "ван",
        "фон",
        "де",
        "ибн",
    ]
)
_NAME_SEP = re.compile(r"\s*;\s*|\s+and\s+|\s+&\s+|\s*,\s*(?:and|&)\s+|\s+и\s+|\s+және\s+", re.IGNORECASE)
_GLUED = re.compile(rf"(?<=\.)(?=[{_UP}][{_LO}'’])")


def _fix_case(word: str) -> str:
    """``IVANOV`` -> ``Ivanov``, ``O'DONNELL`` -> ``O'Donnell``; mixed-case words are kept."""
    if len(word) < 2 or not word.isupper():
        return word
    parts = re.split(r"([-'’ ])", word)
    return "".join(p if p in "-'’ " else p[:1] + p[1:].lower() for p in parts)


def _format_initials(text: str) -> str:
    """``T.M.`` -> ``T. M.``; ``Zh.M.`` -> ``Zh. M.``; full given names are kept."""
    text = normalise_whitespace(text)
    if _INITIAL_TOKEN.match(text.replace(" ", "")) and "." in text:
        text = " ".join(m.group(1) + "." for m in _INITIAL.finditer(text))
    return text


def _is_initials(token: str) -> bool:
    return bool(_INITIAL_TOKEN.match(token)) and (("." in token) or (len(token) <= 3 and token.isupper()))


def normalise_name(name: Name) -> Name:
    """One name cleaned: spaces, all-capitals surnames, initials spacing, particles split off.

    ``Name(family="IVANOV", given="I.I.")`` -> ``Name(family="Ivanov", given="I. I.")``;
    ``Name(family="van der Aalst", given="W.")`` keeps ``van der`` as ``non_dropping_particle``.
    Organisation names (``literal``) only get their spaces collapsed.
    """
    out = Name(**{**name.__dict__, "extra": dict(name.extra)})
    if out.literal is not None:
        out.literal = normalise_whitespace(strip_markup(out.literal)) or None
    if out.family is not None:
        family = normalise_whitespace(strip_markup(out.family)).strip(",;")
        words = family.split(" ")
        particles = []
        while len(words) > 1 and words[0].lower() in _PARTICLE_WORDS and words[0].islower():
            particles.append(words.pop(0))
        if particles and out.non_dropping_particle is None:
            out.non_dropping_particle = " ".join(particles)
            family = " ".join(words)
        out.family = " ".join(_fix_case(w) for w in family.split(" ")) or None
    if out.given is not None:
        given = normalise_whitespace(strip_markup(out.given)).strip(",;")
        if given.isupper() and len(given) > 3 and "." not in given:
            given = " ".join(_fix_case(w) for w in given.split(" "))
        out.given = _format_initials(given) or None
    return out


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def parse_name(text: str) -> Name | None:
    """One personal name from a field value: ``Ivanov, I. I.``, ``Иванов И.И.``, ``I. I. Ivanov``,
    ``John Smith``, ``Omulo Sylvia M.`` (family first when initials follow). None for "et al."
    and empty text.
    """
    text = normalise_whitespace(strip_markup(text)).strip(" ,;:")
    if not text or ETAL.fullmatch(" " + text) or text.lower() in ("others", "et al", "et al."):
        return None
    if "," in text:
        family, _, given = text.partition(",")
        given = given.strip(" ,")
        return normalise_name(Name(family=family.strip(), given=given or None))
    # Split glued initials ("I.I.Ivanov" -> "I.I. Ivanov").
    text = re.sub(rf"\.(?=[{_UP}][{_LO}])", ". ", text)
    tokens = text.split(" ")
    if len(tokens) > 2 and tokens[-1].rstrip(".").lower() in _SUFFIXES:  # "John Smith Jr."
        name = parse_name(" ".join(tokens[:-1]))
        if name is not None:
            name.suffix = tokens[-1]
        return name
    if len(tokens) == 1:
        return normalise_name(Name(family=tokens[0]))
    lead = 0
    while lead < len(tokens) and _is_initials(tokens[lead]):
        lead += 1
    trail = len(tokens)
    while trail > 0 and _is_initials(tokens[trail - 1]):
        trail -= 1
    if 0 < lead < len(tokens):  # "I. I. Ivanov"
        return normalise_name(Name(family=" ".join(tokens[lead:]), given=" ".join(tokens[:lead])))
    if trail < len(tokens) and trail > 0:  # "Ivanov I. I." / "Thumbi Samuel M."
        return normalise_name(Name(family=tokens[0], given=" ".join(tokens[1:])))
    # "John Smith", "Ludwig van Beethoven": the family name is the last word with its particles.
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in _PARTICLE_WORDS and tokens[start - 1].islower():
        start -= 1
    return normalise_name(Name(family=" ".join(tokens[start:]), given=" ".join(tokens[:start])))


def _pair_comma_parts(parts: list[str]) -> list[str] | None:
    """``["Poggio", "T.", "Fahle", "M."]`` -> ``["Poggio, T.", "Fahle, M."]``, else None."""
    if len(parts) < 2 or len(parts) % 2:
        return None
    if all(all(_is_initials(t) for t in parts[i].split(" ")) for i in range(1, len(parts), 2)):
        return [f"{parts[i]}, {parts[i + 1]}" for i in range(0, len(parts), 2)]
    return None


def _mixed_comma_parts(pieces: list[str]) -> list[str]:
    """``["Aha", "D. W.", "D. Kibler"]`` -> ``["Aha, D. W.", "D. Kibler"]``: a one-word piece
    followed by initials is "Family, Initials"; any other piece is a whole name."""
    out: list[str] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if len(piece.split()) == 1 and nxt is not None and all(_is_initials(t) for t in nxt.split()):
            out.append(f"{piece}, {nxt}")
            i += 2
        else:
            out.append(piece)
            i += 1
    return out


_END_STOP = re.compile(r"(?<=[^\W\d_]{3})\.$")


def parse_names(text: str) -> tuple[list[Name], bool]:
    """A list of names from a field value, and whether it ended with "et al.".

    Understands BibTeX ``A and B``, ``A; B``, ``A, B, & C``, ``Surname, I., Surname, I.``,
    comma lists of full names (``Gottfried Vossen, Mathias Weske``) and PubMed-style runs with no
    separator (``Tan A.Schulze A.O'Donnell C. P.``).
    """
    # The full stop that ends a citation's author list ("Yoav Freund.") is not part of a name;
    # an initial's ("Smith, J.") or a suffix's ("Jr.") is.
    text = _END_STOP.sub("", normalise_whitespace(strip_markup(text)))
    et_al = False
    match = ETAL.search(text)
    if match:
        et_al = True
        text = text[: match.start()].strip(" ,;")
    if not text:
        return [], et_al
    parts = [p.strip(" ,") for p in _NAME_SEP.split(text)]
    parts = [re.sub(r"^(?:and|&)\s+", "", p, flags=re.IGNORECASE) for p in parts if p.strip(" ,")]
    out: list[str] = []
    for part in parts:
        if "," not in part:
            glued = _GLUED.split(part)
            out.extend(g.strip() for g in glued if g.strip())
            continue
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        paired = _pair_comma_parts(pieces)
        if paired is not None:
            out.extend(paired)
        elif len(pieces) == 2 and (
            len(parts) > 1 or len(pieces[0].split()) == 1 or len(pieces[1].split()) == 1
        ):
            out.append(part)  # "Family, Given"
        elif all(len(p.split()) >= 2 for p in pieces):
            out.extend(pieces)  # "Gottfried Vossen, Mathias Weske"
        else:
            out.extend(_mixed_comma_parts(pieces))
    names = [n for n in (parse_name(p) for p in out) if n is not None]
    return names, et_al


def name_initials(given: str | None) -> str:
    """The initial letters of a given name, upper-case: ``Ivan Ivanovich`` -> ``II``; ``Zh. M.`` -> ``ZM``."""
    if not given:
        return ""
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", given)).upper()


# --- pages, years, dates --------------------------------------------------------------------------

_PAGE_PREFIX = re.compile(
    r"^(?:pp?\.?|pages?|стр\.?|с\.|С\.|бб?\.|Бб?\.|б\.|ss?\.|S\.|P\.|Pp\.)\s*", re.IGNORECASE
)
_PAGE_DASH = re.compile(r"\s*(?:--+|[‐‑‒–—−]|-)\s*")
# A page or article number has at most 100 digits: a longer run is no number (and Python will not
# convert more than 4,300 digits to an int).
_RANGE = re.compile(r"^([A-Za-z]*)(\d{1,100})(?!\d)(?:-([A-Za-z]*)(\d{1,100})(?!\d))?")


def normalise_pages(pages: str) -> str:
    """``pp. 524--532`` -> ``524-532``; ``С. 45–47`` -> ``45-47``; ``e1234`` kept (CSL data style).

    The range dash becomes a hyphen-minus, as in CSL-JSON data; a leading ``pp.``/``pages``/``с.``
    /``б.`` is dropped; anything else is kept.
    """
    text = normalise_whitespace(strip_markup(pages)).strip(" ,.;()")
    text = _PAGE_PREFIX.sub("", text)
    return _PAGE_DASH.sub("-", text).strip(" ,.;()")


def page_range(pages: str | None) -> tuple[int, int | None] | None:
    """First and last page as numbers, abbreviated ends expanded: ``1018-21`` -> ``(1018, 1021)``."""
    if not pages:
        return None
    m = _RANGE.match(normalise_pages(pages))
    if not m:
        return None
    first = int(m.group(2))
    if m.group(4) is None:
        return first, None
    end_text = m.group(4)
    last = int(end_text)
    if last < first and len(end_text) < len(m.group(2)):
        head = m.group(2)[: len(m.group(2)) - len(end_text)]
        last = int(head + end_text)
    return first, last


def first_page(pages: str | None) -> int | None:
    """The first page number of a page field, if it has one."""
    rng = page_range(pages)
    return rng[0] if rng else None


_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d|2100)(?!\d)")


def parse_year(text: str | None) -> int | None:
    """The first plausible year (1500-2100) in ``text``: ``(1990).`` -> 1990; ``Feb.`` -> None."""
    if not text:
        return None
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


_ISO_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
_DMY_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")


def date_parts(text: str) -> list[int] | None:
    """``2021-03-04T..`` / ``2021/3`` / ``04.03.2021`` -> [2021, 3, 4]; None when no year."""
    m = _DMY_DATE.search(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return [year, month, day] if 1 <= month <= 12 and 1 <= day <= 31 else [year]
    m = _ISO_DATE.search(text)
    if not m:
        return None
    parts = [int(m.group(1))]
    if m.group(2) and 1 <= int(m.group(2)) <= 12:
        parts.append(int(m.group(2)))
        if m.group(3) and 1 <= int(m.group(3)) <= 31:
            parts.append(int(m.group(3)))
    return parts if 1000 <= parts[0] <= 2999 else None


def normalise_date(date: Date) -> Date:
    """A date with numeric ``date-parts``; a ``raw``/``literal`` holding a year gets parts too."""
    parts: list[list[int | str]] = []
    for part in date.parts:
        clean: list[int | str] = []
        for value in part:
            if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 100:
                clean.append(int(value.strip()))
            else:
                clean.append(value)
        parts.append(clean)
    if not parts:
        year = parse_year(date.raw) or parse_year(date.literal)
        if year is not None:
            parts = [[year]]
    return Date(parts=parts, literal=date.literal, raw=date.raw, season=date.season, circa=date.circa)


# --- language -----------------------------------------------------------------------------------

_LANGUAGES = {
    "ru": "ru",
    "rus": "ru",
    "russian": "ru",
    "русский": "ru",
    "рус": "ru",
    "орыс": "ru",
    "kk": "kk",
    "kaz": "kk",
    "kazakh": "kk",
    "қазақ": "kk",
    "казахский": "kk",
    "каз": "kk",
    "қаз": "kk",
    "en": "en",
    "eng": "en",
    "english": "en",
    "английский": "en",
    "ағылшын": "en",
    "англ": "en",
    "de": "de",
    "ger": "de",
    "deu": "de",
    "german": "de",
    "fr": "fr",
    "fre": "fr",
    "fra": "fr",
    "french": "fr",
    "uk": "uk",
    "ukr": "uk",
    "ukrainian": "uk",
    "zh": "zh",
    "chi": "zh",
    "zho": "zh",
    "chinese": "zh",
    "es": "es",
    "spa": "es",
    "spanish": "es",
    "tr": "tr",
    "tur": "tr",
    "turkish": "tr",
}
_BCP47 = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?$")


def normalise_language(language: str | None) -> str | None:
    """A BCP 47 tag: ``Russian``/``rus``/``русский`` -> ``ru``, ``kaz`` -> ``kk``, ``en_us`` ->
    ``en-US``; an unknown value is returned trimmed."""
    if not language:
        return None
    text = normalise_whitespace(language).strip(" .")
    key = text.lower().rstrip(".")
    if key in _LANGUAGES:
        return _LANGUAGES[key]
    m = _BCP47.match(text)
    if m:
        base = _LANGUAGES.get(m.group(1).lower(), m.group(1).lower())
        out = base
        if m.group(2):
            out += "-" + m.group(2).title()
        if m.group(3):
            out += "-" + m.group(3).upper()
        return out
    return text or None


# --- whole references ---------------------------------------------------------------------------


def _clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = normalise_whitespace(strip_markup(value))
    return text or None


def _names(names: Iterable[Name]) -> list[Name]:
    return [normalise_name(n) for n in names]


def normalise_reference(ref: Reference) -> Reference:
    """A copy of ``ref`` with every field normalised (idempotent; the raw string is untouched).

    A DOI found only inside the URL is copied to ``DOI``; ISBNs become ISBN-13 where valid (an
    invalid one is kept as written); a PMID becomes its digits; dates get numeric parts.
    """
    changes: dict[str, object] = {}
    if ref.title is not None:
        changes["title"] = normalise_title(ref.title) or None
    for attr in ("container_title", "collection_title", "publisher", "publisher_place"):
        value = getattr(ref, attr)
        if value is not None:
            changes[attr] = normalise_title(value) or None
    for attr in ("volume", "issue", "number", "edition"):
        value = getattr(ref, attr)
        if value is not None:
            changes[attr] = _clean_text(str(value))
    if ref.page is not None:
        changes["page"] = normalise_pages(ref.page) or None
    doi = normalise_doi(ref.DOI) if ref.DOI else None
    if doi is None and ref.DOI is None and ref.URL:
        doi = normalise_doi(ref.URL) if "doi" in ref.URL.lower() else None
    if doi is not None or ref.DOI is not None:
        changes["DOI"] = doi if doi is not None else ref.DOI
    if ref.URL is not None:
        changes["URL"] = normalise_url(ref.URL)
    if ref.ISBN is not None:
        isbns = find_isbns(ref.ISBN)
        changes["ISBN"] = " ".join(isbns) if isbns else ref.ISBN.strip()
    if ref.ISSN is not None:
        issns = find_issns(ref.ISSN)
        changes["ISSN"] = " ".join(issns) if issns else ref.ISSN.strip()
    pmid = normalise_pmid(str(ref.extra.get("PMID", "")))
    if pmid:
        changes["extra"] = {**ref.extra, "PMID": pmid}
    if ref.language is not None:
        changes["language"] = normalise_language(ref.language)
    if ref.issued is not None:
        changes["issued"] = normalise_date(ref.issued)
    if ref.accessed is not None:
        changes["accessed"] = normalise_date(ref.accessed)
    changes["author"] = _names(ref.author)
    changes["editor"] = _names(ref.editor)
    changes["translator"] = _names(ref.translator)
    return ref.replace(**changes)
