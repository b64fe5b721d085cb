"""BibTeX and biblatex export and import, written and read with bibtexparser 2 (pure).

Policy (the default target is biber + XeLaTeX/LuaLaTeX, or BibTeX run under XeLaTeX):

* UTF-8 is kept as it is (no ``\\cyrchar``), unless ``ascii=True`` asks for pdfLaTeX + classic
  BibTeX: then every non-ASCII letter becomes a LaTeX command (:func:`latex_commands`: T2A
  Cyrillic, accents); LaTeX specials in text fields are escaped
  (``& % $ # _`` with a backslash; ``{ } ~ ^ \\`` as ``\\textbraceleft{}`` and friends so that
  braces stay balanced for BibTeX); verbatim fields (``doi``, ``url``, ``eprint``, ``file``) are
  never escaped.
* Names are ``Family, Given and ...``; particles go in front (``van Gogh, Vincent``); a family
  name with spaces is braced (``{Ibn Sina}, Abu Ali``); organisations (``literal``) are braced
  whole (``{World Health Organization}``).
* ``langid`` (biblatex) or ``language`` (BibTeX) is written from ``language`` (or, when that is
  missing, from the script of the title): ``kk`` -> ``kazakh``, ``ru`` -> ``russian``, ...
* Titles: words with inner capitals (``DNA``, ``iPhone``, ``COVID-19``) are braced; a
  non-English title is braced whole for BibTeX, whose styles would lower-case it (biblatex only
  changes case for English ``langid``). CSL rich text (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
  ``<sc>``) becomes ``\\textit{}`` and friends, and is read back the same way.
* The raw reference string (``custom.refman.raw``) is written to ``refman-raw``, a field that
  BibTeX and biber ignore, so ``from_bibtex`` can bring it back.

Types and fields are mapped by the tables below (``CSL_TO_BIBTEX_TYPE``, ``BIBTEX_TO_CSL_TYPE``,
``LANGID``, ...), each covered by a golden test. ``from_bibtex`` reverses them, decodes LaTeX
accents and escapes, and reports blocks it could not read as problems with their line numbers.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from bibtexparser.entrypoint import parse_string, write_string
from bibtexparser.library import Library
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
)
from bibtexparser.writer import BibtexFormat

from refman.identifiers import normalise_doi
from refman.keys import assign_keys
from refman.lang import detect_language
from refman.model import Date, Name, Reference

__all__ = [
    "BIBTEX_TO_CSL_TYPE",
    "CSL_TO_BIBTEX_TYPE",
    "DIALECTS",
    "LANGID",
    "RAW_FIELD",
    "bibtex_entry",
    "decode_latex",
    "escape_latex",
    "family_needs_braces",
    "from_bibtex",
    "latex_commands",
    "to_biblatex",
    "to_bibtex",
    "with_bibtex_keys",
]

DIALECTS = ("bibtex", "biblatex")
RAW_FIELD = "refman-raw"

# --- tables (data) ------------------------------------------------------------------------------

#: CSL type -> (BibTeX type, biblatex type).
CSL_TO_BIBTEX_TYPE: dict[str, tuple[str, str]] = {
    "article": ("article", "article"),
    "article-journal": ("article", "article"),
    "article-magazine": ("article", "article"),
    "article-newspaper": ("article", "article"),
    "review": ("article", "review"),
    "review-book": ("article", "review"),
    "book": ("book", "book"),
    "classic": ("book", "book"),
    "collection": ("book", "collection"),
    "periodical": ("misc", "periodical"),
    "chapter": ("incollection", "incollection"),
    "entry": ("incollection", "inreference"),
    "entry-dictionary": ("incollection", "inreference"),
    "entry-encyclopedia": ("incollection", "inreference"),
    "paper-conference": ("inproceedings", "inproceedings"),
    "thesis": ("phdthesis", "thesis"),
    "report": ("techreport", "report"),
    "webpage": ("misc", "online"),
    "post": ("misc", "online"),
    "post-weblog": ("misc", "online"),
    "manuscript": ("unpublished", "unpublished"),
    "pamphlet": ("booklet", "booklet"),
    "dataset": ("misc", "dataset"),
    "software": ("misc", "software"),
    "patent": ("misc", "patent"),
    "standard": ("misc", "standard"),
    "legislation": ("misc", "legislation"),
    "regulation": ("misc", "legislation"),
    "legal_case": ("misc", "jurisdiction"),
    "speech": ("misc", "misc"),
    "document": ("misc", "misc"),
}
_DEFAULT_TYPE = ("misc", "misc")

#: BibTeX/biblatex type -> CSL type (the reverse table, plus aliases).
BIBTEX_TO_CSL_TYPE: dict[str, str] = {
    "article": "article-journal",
    "review": "review",
    "book": "book",
    "mvbook": "book",
    "collection": "collection",
    "mvcollection": "collection",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "periodical": "periodical",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "incollection": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "unpublished": "manuscript",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
    "standard": "standard",
    "legislation": "legislation",
    "jurisdiction": "legal_case",
    "misc": "document",
}

#: ISO 639-1 code -> babel/polyglossia language name (langid) and back.
LANGID: dict[str, str] = {
    "kk": "kazakh",
    "ru": "russian",
    "en": "english",
    "uk": "ukrainian",
    "be": "belarusian",
    "de": "ngerman",
    "fr": "french",
    "tr": "turkish",
    "uz": "uzbek",
    "ky": "kyrgyz",
    "es": "spanish",
    "it": "italian",
    "pl": "polish",
    "zh": "chinese",
    "ja": "japanese",
}
LANGID_TO_CODE: dict[str, str] = {
    **{name: code for code, name in LANGID.items()},
    "american": "en",
    "british": "en",
    "USenglish": "en",
    "UKenglish": "en",
    "german": "de",
    "kazakh": "kk",
    "russian": "ru",
    "qazaq": "kk",
}

#: Where ``container-title`` goes, per (dialect, entry type); the fallback is ``howpublished``.
CONTAINER_FIELD: dict[tuple[str, str], str] = {
    ("bibtex", "article"): "journal",
    ("biblatex", "article"): "journaltitle",
    ("biblatex", "review"): "journaltitle",
    ("biblatex", "periodical"): "title",
    ("bibtex", "incollection"): "booktitle",
    ("biblatex", "incollection"): "booktitle",
    ("biblatex", "inreference"): "booktitle",
    ("bibtex", "inproceedings"): "booktitle",
    ("biblatex", "inproceedings"): "booktitle",
    ("bibtex", "inbook"): "booktitle",
    ("biblatex", "inbook"): "booktitle",
    ("biblatex", "online"): "organization",
    ("bibtex", "book"): "series",
    ("biblatex", "book"): "maintitle",
}

#: Where ``publisher`` goes, per entry type (default ``publisher``).
PUBLISHER_FIELD: dict[str, str] = {
    "phdthesis": "school",
    "mastersthesis": "school",
    "thesis": "institution",
    "techreport": "institution",
    "report": "institution",
    "manual": "organization",
}

#: Plain one-to-one text fields: CSL variable -> (BibTeX field, biblatex field).
TEXT_FIELDS: dict[str, tuple[str, str]] = {
    "title": ("title", "title"),
    "collection-title": ("series", "series"),
    "edition": ("edition", "edition"),
    "volume": ("volume", "volume"),
    "genre": ("type", "type"),
    "ISBN": ("isbn", "isbn"),
    "ISSN": ("issn", "issn"),
    "abstract": ("abstract", "abstract"),
    "keyword": ("keywords", "keywords"),
    "title-short": ("shorttitle", "shorttitle"),
    "container-title-short": ("shortjournal", "shortjournal"),
    "number-of-pages": ("pagetotal", "pagetotal"),
    "event-title": ("eventtitle", "eventtitle"),
    "event-place": ("venue", "venue"),
    "PMID": ("pmid", "pmid"),
}

#: Fields written without any escaping.
VERBATIM_FIELDS = frozenset({"doi", "url", "eprint", "file", "pdf", "verba", "verbb", "verbc"})

#: Order of fields in the output.
FIELD_ORDER = (
    "author",
    "editor",
    "translator",
    "title",
    "shorttitle",
    "journal",
    "journaltitle",
    "shortjournal",
    "booktitle",
    "maintitle",
    "eventtitle",
    "venue",
    "organization",
    "howpublished",
    "series",
    "edition",
    "volume",
    "number",
    "issue",
    "eid",
    "pages",
    "pagetotal",
    "type",
    "publisher",
    "school",
    "institution",
    "address",
    "location",
    "year",
    "month",
    "date",
    "urldate",
    "isbn",
    "issn",
    "doi",
    "pmid",
    "url",
    "language",
    "langid",
    "keywords",
    "abstract",
    "note",
    "key",
    RAW_FIELD,
)
_ORDER_INDEX = {name: i for i, name in enumerate(FIELD_ORDER)}

_NAME_PARTS = ("family", "given", "dropping_particle", "non_dropping_particle", "suffix", "literal")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ARTICLE_TYPES = frozenset({"article", "article-journal", "article-magazine", "article-newspaper"})

# LaTeX escaping of text fields (one pass; braces as commands so BibTeX's brace count holds).
_ESCAPES: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# Control characters (C0 and C1) print nothing useful and upset TeX fonts: line breaks and tabs
# become spaces, the rest are dropped.
_CONTROLS: dict[str, str] = {chr(c): "" for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))}
_CONTROLS.update({"\t": " ", "\n": " ", "\r": " "})
_ESCAPE_TABLE = str.maketrans({**_CONTROLS, **_ESCAPES})

# LaTeX decoding (from_bibtex).
#: The Cyrillic letters of LaTeX's T2A encoding (``\cyrkdsc`` -> қ, ``\CYRA`` -> А), as coBib,
#: pylatexenc and old Russian .bib files write them, Kazakh letters included; names and letters
#: as in LaTeX's own ``t2aenc.dfu`` (``\DeclareUnicodeCharacter``).
_T2A_LOWER = (
    "a а b б v в g г d д e е zh ж z з i и ishrt й k к l л m м n н o о p п r р s с t т u у f ф "
    "h х c ц ch ч sh ш shch щ hrdsn ъ ery ы sftsn ь erev э yu ю ya я yo ё dje ђ ie є dze ѕ ii і "
    "yi ї je ј lje љ nje њ tshe ћ ushrt ў dzhe џ gup ґ ghcrs ғ zhdsc җ zdsc ҙ kdsc қ kvcrs ҝ "
    "kbeak ҡ ndsc ң ng ҥ sdsc ҫ y ү yhcrs ұ hdsc ҳ chrdsc ҷ chvcrs ҹ shha һ ae ӕ schwa ә otld ө"
)
_CYRILLIC_WORDS: dict[str, str] = {
    name: letter
    for word, lower_letter in zip(*[iter(_T2A_LOWER.split())] * 2, strict=True)
    for name, letter in (("cyr" + word, lower_letter), ("CYR" + word.upper(), lower_letter.upper()))
}
_SYMBOL_WORDS: dict[str, str] = {
    **_CYRILLIC_WORDS,
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textunderscore": "_",
    "textendash": "–",
    "textemdash": "—",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "guillemotleft": "«",
    "guillemotright": "»",
    "textellipsis": "…",
    "ldots": "…",
    "dots": "…",
    "textnumero": "№",
    "ss": "ß",
    "SS": "SS",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "i": "ı",
    "j": "ȷ",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "dj": "đ",
    "DJ": "Đ",
    "S": "§",
    "P": "¶",
    "copyright": "©",
    "textregistered": "®",
    "texttrademark": "™",
    "textdegree": "°",
    "euro": "€",
    "pounds": "£",
    "quad": " ",
    "qquad": " ",
    "space": " ",
    "par": " ",
    "newline": " ",
    "linebreak": " ",
    "relax": "",
    "protect": "",
    "noopsort": "",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "slash": "/",
}
_ACCENTS: dict[str, str] = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "b": "\u0331",
    "d": "\u0323",
    "t": "\u0361",
}
_CONTROL_SYMBOLS = frozenset("&%$#_{}")

#: CSL rich-text tags <-> LaTeX commands (titles).
_TAG_TO_LATEX: dict[str, str] = {
    "i": r"\textit{",
    "b": r"\textbf{",
    "sup": r"\textsuperscript{",
    "sub": r"\textsubscript{",
    "sc": r"\textsc{",
    "nocase": "{",
}
_LATEX_TO_TAG: dict[str, str] = {
    "textit": "i",
    "emph": "i",
    "textsl": "i",
    "textbf": "b",
    "textsuperscript": "sup",
    "textsubscript": "sub",
    "textsc": "sc",
}
_MARKUP_TAG = re.compile(r'<(/?)(i|b|sup|sub|sc)>|<span class="nocase">|</span>')

_WORD_SPLIT = re.compile(r"(\s+)")
_BAD_KEY_CHARS = re.compile(r"[\s,{}()\"#%~\\'=]")
_SPACES = re.compile(r"[ \t\r\n]+")
_PAGE_DASH = re.compile(r"\s*(?:-+|–|—|‒)\s*")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_ACCESSED_NOTE = re.compile(r"(?:^|[.;]\s+)Accessed (\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)\.?$")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


# --- writing ------------------------------------------------------------------------------------


def escape_latex(text: str) -> str:
    """Escape LaTeX specials in a text field; UTF-8 letters are kept as they are, control
    characters dropped (line breaks and tabs become spaces)."""
    return text.translate(_ESCAPE_TABLE)


# Encoding for pdfLaTeX and classic BibTeX (``ascii=True``): every non-ASCII letter as a command.
_COMBINING_TO_ACCENT = {mark: command for command, mark in _ACCENTS.items()}
_CHAR_TO_COMMAND: dict[str, str] = {
    **{letter: word for word, letter in _CYRILLIC_WORDS.items()},
    **{
        value: word
        for word, value in _SYMBOL_WORDS.items()
        if len(value) == 1 and not value.isascii() and word not in _CYRILLIC_WORDS
    },
}
_PUNCTUATION_TO_TEX = {"\u00a0": "~"}


def _accented(char: str) -> str | None:
    r"""``ö`` -> ``{\"{o}}``, ``ı́`` -> ``{\'{\i}}``: a Latin letter with accents LaTeX has."""
    base, *marks = list(unicodedata.normalize("NFD", char))
    if not (base.isascii() and base.isalpha() and marks and all(m in _COMBINING_TO_ACCENT for m in marks)):
        return None
    letter = "\\i" if base == "i" else "\\j" if base == "j" else base
    for mark in marks:
        letter = "\\" + _COMBINING_TO_ACCENT[mark] + "{" + letter + "}"
    return "{" + letter + "}"


def latex_commands(text: str) -> str:
    r"""``text`` (already LaTeX-escaped) with non-ASCII characters written as LaTeX commands:
    Cyrillic, Kazakh letters included, as T2A commands (``қ`` -> ``{\cyrkdsc}``), accented
    Latin letters as accents (``ö`` -> ``{\"{o}}``), ``ß``, ``ø``, ``№``, ``«`` as their
    commands (dashes and curly quotes too, so that :func:`decode_latex` gives the text back),
    a no-break space as ``~``. A character with no command is kept.
    For pdfLaTeX (``\usepackage[T2A,T1]{fontenc}``) and classic BibTeX, which read bytes."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out.append(char)
        elif char in _CHAR_TO_COMMAND:
            out.append("{\\" + _CHAR_TO_COMMAND[char] + "}")
        elif char in _PUNCTUATION_TO_TEX:
            out.append(_PUNCTUATION_TO_TEX[char])
        else:
            out.append(_accented(char) or char)
    return "".join(out)


def _needs_protection(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    if any(c.isupper() for c in letters[1:]):
        return True  # DNA, iPhone, McDonald, COVID
    return letters[0].islower() and any(c.isupper() for c in letters)


def _protect_words(text: str) -> str:
    out: list[str] = []
    for token in _WORD_SPLIT.split(text):
        if not token or token.isspace():
            out.append(token)
        elif _needs_protection(token):
            out.append("{" + escape_latex(token) + "}")
        else:
            out.append(escape_latex(token))
    return "".join(out)


def _tag_name(match: re.Match[str]) -> tuple[str, bool]:
    """(tag, closing) of a CSL rich-text tag match."""
    whole = match.group(0)
    if whole.startswith("<span"):
        return "nocase", False
    if whole == "</span>":
        return "nocase", True
    return match.group(2), match.group(1) == "/"


def _rich_text(text: str, protect: bool) -> str:
    """LaTeX for a title that may hold CSL rich-text tags (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
    ``<sc>``, ``<span class="nocase">``); unbalanced tags are left as plain text."""
    convert = _protect_words if protect else escape_latex
    tags = list(_MARKUP_TAG.finditer(text))
    stack: list[str] = []
    for match in tags:
        name, closing = _tag_name(match)
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return convert(text)
    if not tags or stack:
        return convert(text)
    out: list[str] = []
    pos = 0
    for match in tags:
        name, closing = _tag_name(match)
        out.append(convert(text[pos : match.start()]))
        out.append("}" if closing else _TAG_TO_LATEX[name])
        pos = match.end()
    out.append(convert(text[pos:]))
    return "".join(out)


def _title_value(title: str, language: str | None, dialect: str) -> str:
    if language and language != "en":
        body = _rich_text(title, protect=False)
        return "{" + body + "}" if dialect == "bibtex" else body
    return _rich_text(title, protect=True)


def _brace_if(text: str, cond: bool) -> str:
    return "{" + text + "}" if cond else text


def family_needs_braces(family: str) -> bool:
    """True when BibTeX would split or misread this family name unbraced: a space (``Ibn Sina``),
    a comma, a lower-case start (read as a particle), or the words ``and`` / ``others``."""
    return " " in family or "," in family or family[:1].islower() or family.lower() in ("and", "others")


def _format_name(name: Name) -> str:
    if not name.family:
        # An organisation, or a lone given name: one braced unit BibTeX will not split.
        return "{" + escape_latex(name.literal or name.given or "") + "}"
    family = escape_latex(name.family or "")
    family = _brace_if(family, family_needs_braces(family))
    particles = " ".join(escape_latex(p) for p in (name.dropping_particle, name.non_dropping_particle) if p)
    last = f"{particles} {family}" if particles else family
    given = escape_latex(name.given or "")
    if re.search(r"(?:^|\s)and(?:\s|$)|,", given):
        given = "{" + given + "}"
    parts = [last]
    if name.suffix:
        parts.append(escape_latex(name.suffix))
    if given:
        parts.append(given)
    elif name.suffix:
        parts.append("")
    return ", ".join(parts) if len(parts) > 1 else last


def _format_names(names: Sequence[Name]) -> str:
    """``Family, Given and ...``; names with no text at all are left out."""
    return " and ".join(_format_name(n) for n in names if n.family or n.given or n.literal)


def _iso(part: Sequence[int | str]) -> str | None:
    try:
        nums = [int(p) for p in part[:3]]
    except (TypeError, ValueError):
        return None
    if not nums:
        return None
    out = f"{nums[0]:04d}"
    for n in nums[1:]:
        out += f"-{n:02d}"
    return out


def _date_iso(date: Date) -> str | None:
    if not date.parts:
        return None
    first = _iso(date.parts[0])
    if first is None:
        return None
    if len(date.parts) > 1:
        second = _iso(date.parts[1])
        if second:
            return f"{first}/{second}"
    return first


def _date_text(date: Date) -> str | None:
    return _date_iso(date) or date.literal or date.raw


def _pages(page: str) -> str:
    return _PAGE_DASH.sub("--", page.strip())


def _language(ref: Reference) -> str | None:
    if ref.language:
        return ref.language.split("-")[0].lower() if len(ref.language) <= 5 else ref.language
    text = " ".join(t for t in (ref.title, ref.container_title) if t)
    return detect_language(text) if text else None


_TEXT_ATTRS = (
    "title",
    "container_title",
    "collection_title",
    "volume",
    "issue",
    "page",
    "number",
    "edition",
    "publisher",
    "publisher_place",
    "genre",
    "DOI",
    "URL",
    "ISBN",
    "ISSN",
    "language",
    "abstract",
    "keyword",
    "note",
)


def _as_text(value: object) -> str | None:
    """A field value as text: numbers written out, lists joined, anything else dropped."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        parts = [t for t in (_as_text(v) for v in value) if t]
        return "; ".join(parts) or None
    return None


def _coerced(ref: Reference) -> Reference:
    """``ref`` with every text attribute a ``str`` or None (real data sometimes holds numbers
    or lists where CSL expects strings)."""
    changes = {}
    for attr in _TEXT_ATTRS:
        value = getattr(ref, attr)
        if value is not None and not isinstance(value, str):
            changes[attr] = _as_text(value)
    names = {}
    for attr in ("author", "editor", "translator"):
        people = getattr(ref, attr)
        if any(not isinstance(getattr(n, k), (str, type(None))) for n in people for k in _NAME_PARTS):
            names[attr] = [
                dataclasses.replace(n, **{k: _as_text(getattr(n, k)) for k in _NAME_PARTS}) for n in people
            ]
    return ref.replace(**changes, **names) if changes or names else ref


def _entry_fields(ref: Reference, dialect: str, entry_type: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    bib = dialect == "bibtex"
    lang = _language(ref)

    def put(name: str, value: str | None, *, escape: bool = True) -> None:
        if value is None or value == "":
            return
        fields[name] = escape_latex(value) if escape and name not in VERBATIM_FIELDS else value

    for attr, field in (("author", "author"), ("editor", "editor"), ("translator", "translator")):
        names = getattr(ref, attr)
        formatted = _format_names(names)
        if formatted:
            fields[field] = formatted

    csl = ref.to_csl()
    for var, (bt, bl) in TEXT_FIELDS.items():
        value = csl.get(var)
        put(bt if bib else bl, _as_text(value))
    if ref.title:
        fields["title"] = _title_value(ref.title, lang, dialect)
    if ref.genre is None and entry_type == "thesis" and not bib:
        fields["type"] = "phdthesis"

    if ref.container_title:
        container_field = CONTAINER_FIELD.get((dialect, entry_type), "howpublished")
        if container_field in fields and container_field != "title":
            container_field = "howpublished"
        if container_field == "title" and "title" in fields:
            container_field = "howpublished"
        put(container_field, ref.container_title)

    # issue/number: journals put the issue in "number".
    if ref.type in _ARTICLE_TYPES:
        put("number", ref.issue or ref.number)
        if ref.issue and ref.number:
            put("eid", ref.number)
    else:
        put("number", ref.number or ref.issue)
        if ref.number and ref.issue:
            put("issue", ref.issue)
    if ref.page:
        fields["pages"] = escape_latex(_pages(ref.page))

    put(PUBLISHER_FIELD.get(entry_type, "publisher"), ref.publisher)
    put("address" if bib else "location", ref.publisher_place)

    if ref.issued is not None:
        if bib:
            year = str(ref.issued.year) if ref.issued.year is not None else None
            if year is None:
                year = ref.issued.literal or ref.issued.raw
            put("year", year)
            first = ref.issued.parts[0] if ref.issued.parts else []
            if len(first) > 1 and len(ref.issued.parts) == 1:
                try:
                    month = int(first[1])
                except (TypeError, ValueError):
                    month = 0
                if 1 <= month <= 12:
                    fields["month"] = _MONTHS[month - 1]
        else:
            iso = _date_iso(ref.issued)
            if iso:
                fields["date"] = iso
            else:
                put("year", ref.issued.literal or ref.issued.raw)

    note = ref.note
    if ref.accessed is not None:
        accessed = _date_text(ref.accessed)
        if accessed and not bib:
            fields["urldate"] = accessed if _date_iso(ref.accessed) else escape_latex(accessed)
        elif accessed:
            note = f"{note}. Accessed {accessed}" if note else f"Accessed {accessed}"
    put("note", note)

    if bib and "author" not in fields and "editor" not in fields:
        # BibTeX styles sort and label by `key` when there are no names (plainnat runs out of
        # label letters after 26 unnamed, undated items otherwise).
        put("key", ref.title or ref.container_title or ref.publisher or ref.citation_key)
    put("doi", ref.DOI)
    put("url", _balanced_url(ref.URL) if ref.URL else None)
    if lang:
        put("language" if bib else "langid", LANGID.get(lang) or ref.language)
    if ref.refman.raw:
        put(RAW_FIELD, ref.refman.raw)
    return fields


def _balanced_url(url: str) -> str:
    """The URL with braces percent-encoded when they would unbalance the field (same target)."""
    depth = 0
    for char in url:
        depth += 1 if char == "{" else -1 if char == "}" else 0
        if depth < 0:
            break
    if depth == 0:
        return url
    return url.replace("{", "%7B").replace("}", "%7D")


def _entry_type(ref: Reference, dialect: str) -> str:
    bt, bl = CSL_TO_BIBTEX_TYPE.get(ref.type, _DEFAULT_TYPE)
    if dialect == "bibtex" and bt == "phdthesis":
        genre = (ref.genre or "").lower()
        if any(w in genre for w in ("master", "магистр", "диплом", "bachelor", "бакалавр")):
            return "mastersthesis"
    return bt if dialect == "bibtex" else bl


def with_bibtex_keys(refs: Sequence[Reference]) -> list[Reference]:
    """The references with the citation keys :func:`to_bibtex` writes: given keys kept when safe
    and unique for BibTeX, the others assigned by :func:`refman.keys.assign_keys`."""
    return assign_keys(_usable_keys(refs))


def _usable_keys(refs: Sequence[Reference]) -> list[Reference]:
    """Refs whose given keys are safe and unique for BibTeX; others get a fresh key later."""
    out: list[Reference] = []
    seen: set[str] = set()
    for ref in refs:
        key = ref.citation_key
        if key is not None:
            clean: str | None = _BAD_KEY_CHARS.sub("", key)
            if not clean or clean in seen:
                clean = None
            else:
                seen.add(clean)
            if clean != key:
                ref = ref.replace(citation_key=clean)
        out.append(ref)
    return out


def bibtex_entry(ref: Reference, dialect: str = "bibtex", ascii: bool = False) -> tuple[str, dict[str, str]]:
    """The entry type and fields ``to_bibtex`` writes for one reference, fields in output order,
    LaTeX-encoded and unbraced (``month`` is a macro name such as ``jan``); names are
    ``Family, Given and ...`` strings. The entry key is not chosen here. ``ascii``: non-ASCII
    letters of every field but the verbatim ones as LaTeX commands (:func:`latex_commands`)."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown BibTeX dialect {dialect!r}; choose one of {DIALECTS}")
    ref = _coerced(ref)
    entry_type = _entry_type(ref, dialect)
    fields = _entry_fields(ref, dialect, entry_type)
    if ascii:
        fields = {k: v if k in VERBATIM_FIELDS else latex_commands(v) for k, v in fields.items()}
    ordered = sorted(fields.items(), key=lambda kv: (_ORDER_INDEX.get(kv[0], len(FIELD_ORDER)), kv[0]))
    return entry_type, dict(ordered)


def to_bibtex(refs: Sequence[Reference], dialect: str = "bibtex", ascii: bool = False) -> str:
    """The references as a .bib string for ``dialect`` "bibtex" or "biblatex".

    References without a ``citation_key`` get one from :func:`refman.keys.assign_keys`; a given
    key loses characters BibTeX cannot take (space , { } ( ) " # % ~ \\ ' =) and a repeated or
    empty one is replaced, so keys are unique. Fields are escaped and mapped as the module
    docstring describes. UTF-8 is kept (XeLaTeX, LuaLaTeX, biber); ``ascii=True`` writes
    non-ASCII letters as LaTeX commands instead, for pdfLaTeX with T2A and classic BibTeX.
    """
    if dialect not in DIALECTS:
        raise ValueError(f"unknown BibTeX dialect {dialect!r}; choose one of {DIALECTS}")
    library = Library()
    for ref in with_bibtex_keys(refs):
        entry_type, fields = bibtex_entry(ref, dialect, ascii)
        block = [
            Field(name, value if name == "month" else "{" + value + "}") for name, value in fields.items()
        ]
        library.add(Entry(entry_type, ref.citation_key or ref.id, block))
    fmt = BibtexFormat()  # type: ignore[no-untyped-call]
    fmt.indent = "  "
    fmt.block_separator = "\n"
    text: str = write_string(library, unparse_stack=[], bibtex_format=fmt)
    return text if text.endswith("\n") or not text else text + "\n"


# --- reading ------------------------------------------------------------------------------------


def _read_group(text: str, i: int) -> tuple[str, int]:
    """The content of the brace group starting at ``text[i] == "{"`` and the index after it."""
    depth = 0
    j = i
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[i + 1 : j], j + 1
        j += 1
    return text[i + 1 :], len(text)


def _read_control_word(text: str, i: int) -> tuple[str, int]:
    j = i
    while j < len(text) and text[j].isascii() and text[j].isalpha():
        j += 1
    return text[i:j], j


def _accent_argument(text: str, i: int) -> tuple[str, int]:
    """The letter an accent applies to, starting at ``i``; returns it decoded and the end index."""
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text):
        return "", i
    if text[i] == "{":
        inner, end = _read_group(text, i)
        return _decode(inner, accent_base=True), end
    if text[i] == "\\":
        word, end = _read_control_word(text, i + 1)
        if word in ("i", "j"):
            return word, end
        return _decode(text[i:end]), end
    return text[i], i + 1


def _decode(text: str, accent_base: bool = False) -> str:
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in "{}$":
            i += 1
            continue
        if c == "~":
            out.append(" ")
            i += 1
            continue
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt.isascii() and nxt.isalpha():
            word, end = _read_control_word(text, i + 1)
            if word in _ACCENTS and len(word) == 1 and word not in _SYMBOL_WORDS:
                base, end = _accent_argument(text, end)
                if base:
                    out.append(base[0] + _ACCENTS[word] + base[1:])
                i = end
                continue
            if word in _SYMBOL_WORDS:
                value = _SYMBOL_WORDS[word]
                if accent_base and word in ("i", "j"):
                    value = word
                out.append(value)
                if text.startswith("{}", end):
                    end += 2
                elif end < n and text[end] == " ":
                    end += 1
                i = end
                continue
            if word in _LATEX_TO_TAG and end < n and text[end] == "{":
                inner, end = _read_group(text, end)
                tag = _LATEX_TO_TAG[word]
                out.append(f"<{tag}>{_decode(inner)}</{tag}>")
                i = end
                continue
            # Unknown command (\url, \cyrchar, \relax ...): drop it, keep its argument.
            if end < n and text[end] == " ":
                end += 1
            i = end
            continue
        if nxt in _ACCENTS:
            base, end = _accent_argument(text, i + 2)
            if base:
                out.append(base[0] + _ACCENTS[nxt] + base[1:])
            i = end
            continue
        if nxt in _CONTROL_SYMBOLS:
            out.append(nxt)
        elif nxt == "\\" or nxt == " ":
            out.append(" ")
        elif nxt not in "-/@,;:!":
            out.append(nxt)
        elif nxt == ",":
            out.append(" ")
        i += 2
    return "".join(out)


def decode_latex(text: str) -> str:
    """Unicode text from a LaTeX-encoded field: accents, escapes and symbols decoded, protecting
    braces removed, white space collapsed (``{\\"o}`` -> ``ö``, ``\\&`` -> ``&``, ``{DNA}`` -> ``DNA``)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", _decode(text))).strip()


def _name_from_bibtex(text: str) -> Name:
    stripped = text.strip()
    if stripped.startswith("{") and stripped.endswith("}"):
        inner, end = _read_group(stripped, 0)
        if end == len(stripped):
            return Name(literal=decode_latex(inner).strip())
    try:
        parts = parse_single_name_into_parts(stripped, strict=False)
    except Exception:  # bibtexparser raises its own error types for odd names
        return Name(literal=decode_latex(stripped))

    def join(words: list[str]) -> str | None:
        value = " ".join(decode_latex(w) for w in words).strip()
        return value or None

    return Name(
        family=join(parts.last),
        given=join(parts.first),
        non_dropping_particle=join(parts.von),
        suffix=join(parts.jr),
    )


def _names(value: str) -> list[Name]:
    return [_name_from_bibtex(n) for n in split_multiple_persons_names(value) if n.strip()]


def _date_from(text: str) -> Date:
    text = text.strip()
    pieces = text.split("/")
    parts: list[list[int | str]] = []
    for piece in pieces[:2]:
        match = _ISO_DATE.match(piece.strip())
        if not match:
            parts = []
            break
        parts.append([int(g) for g in match.groups() if g is not None])
    if parts:
        return Date(parts=parts)
    match = _YEAR.search(text)
    if match and match.group(0) == text:
        return Date.ymd(int(text))
    return Date(literal=text)


def _month_number(value: str) -> int | None:
    low = value.strip().lower()[:3]
    if low in _MONTHS:
        return _MONTHS.index(low) + 1
    try:
        month = int(value.strip())
    except ValueError:
        return None
    return month if 1 <= month <= 12 else None


_REVERSE_TEXT: dict[str, str] = {}
for _var, (_bt, _bl) in TEXT_FIELDS.items():
    _REVERSE_TEXT.setdefault(_bt, _var)
    _REVERSE_TEXT.setdefault(_bl, _var)

_CONTAINER_NAMES = frozenset({"journal", "journaltitle", "booktitle", "maintitle", "howpublished"})
_PUBLISHER_NAMES = ("publisher", "school", "institution")


def _reference_from_entry(entry: Entry, problems: list[str]) -> Reference:
    raw_fields = {f.key.lower(): f.value for f in entry.fields}
    values: dict[str, str] = {k: v if isinstance(v, str) else str(v) for k, v in raw_fields.items()}
    line = (entry.start_line or 0) + 1
    etype = entry.entry_type.lower()
    csl_type = BIBTEX_TO_CSL_TYPE.get(etype)
    if csl_type is None:
        problems.append(f"line {line}: unknown entry type @{entry.entry_type}, read as document")
        csl_type = "document"
    accessed = "urldate" in values or "Accessed" in values.get("note", "")
    if csl_type == "document" and values.get("url") and accessed:
        csl_type = "webpage"
    ref = Reference(id=entry.key, type=csl_type, citation_key=entry.key)
    used: set[str] = set()

    def take(name: str) -> str | None:
        if name in values:
            used.add(name)
            return values[name]
        return None

    for field in ("author", "editor", "translator"):
        value = take(field)
        if value:
            setattr(ref, field, _names(value))

    extra_csl: dict[str, Any] = {}
    for field, var in _REVERSE_TEXT.items():
        value = take(field)
        if value is None:
            continue
        text = decode_latex(value)
        attr = var.replace("-", "_")
        if hasattr(ref, attr) and attr not in ("id", "type"):
            if getattr(ref, attr) is None:
                setattr(ref, attr, text)
        else:
            extra_csl[var] = text
    if etype in ("phdthesis", "mastersthesis") and ref.genre is None:
        ref.genre = "PhD thesis" if etype == "phdthesis" else "Master's thesis"
    if ref.genre == "phdthesis" and etype == "thesis":
        ref.genre = "PhD thesis"

    organization = take("organization")
    for field in ("journaltitle", "journal", "booktitle", "maintitle", "howpublished"):
        if field in values and ref.container_title is None:
            value = take(field)
            ref.container_title = decode_latex(value) if value else None
    # A second container-like field (howpublished beside journal) is kept with the other
    # fields CSL has no place for, in ``custom.refman.bibtex``.
    if organization:
        if etype in ("online", "www", "electronic") and ref.container_title is None:
            ref.container_title = decode_latex(organization)
        elif ref.publisher is None:
            ref.publisher = decode_latex(organization)
    for field in _PUBLISHER_NAMES:
        value = take(field)
        if value and ref.publisher is None:
            ref.publisher = decode_latex(value)
    place = take("location") or take("address")
    if place:
        ref.publisher_place = decode_latex(place)

    number = take("number")
    issue = take("issue")
    eid = take("eid")
    if csl_type in _ARTICLE_TYPES:
        if number:
            ref.issue = decode_latex(number)
        elif issue:
            ref.issue = decode_latex(issue)
        if eid:
            ref.number = decode_latex(eid)
    else:
        if number:
            ref.number = decode_latex(number)
        if issue:
            ref.issue = decode_latex(issue)
        if eid and not number:
            ref.number = decode_latex(eid)

    pages = take("pages")
    if pages:
        ref.page = _PAGE_DASH.sub("-", decode_latex(pages.replace("--", "-")).strip())

    date = take("date")
    year = take("year")
    month = take("month")
    if date:
        ref.issued = _date_from(date)
    elif year:
        ref.issued = _date_from(decode_latex(year))
        month_no = _month_number(month) if month else None
        if month_no and ref.issued.parts and len(ref.issued.parts) == 1:
            ref.issued.parts[0] = [*ref.issued.parts[0][:1], month_no]
    urldate = take("urldate")
    if urldate:
        ref.accessed = _date_from(urldate)

    note = take("note")
    if note is not None:
        text = decode_latex(note)
        match = _ACCESSED_NOTE.search(text)
        if match and ref.accessed is None:
            ref.accessed = _date_from(match.group(1))
            text = text[: match.start()].rstrip()
        ref.note = text or None

    doi = take("doi")
    if doi:
        ref.DOI = normalise_doi(doi) or doi.strip()
    url = take("url")
    if url:
        ref.URL = url.strip()
    lang = take("langid") or take("language")
    if lang:
        lang = lang.strip()
        ref.language = LANGID_TO_CODE.get(lang, LANGID_TO_CODE.get(lang.lower(), lang))
    key_field = values.get("key")
    if key_field is not None and not ref.author and not ref.editor:
        key_text = decode_latex(key_field)
        if key_text in (ref.title, ref.container_title, ref.publisher, entry.key):
            take("key")  # the sort key to_bibtex writes for unnamed entries
    raw = take(RAW_FIELD)
    if raw is not None:
        ref.refman.raw = decode_latex(raw)

    ref.extra.update(extra_csl)
    leftovers = {k: v for k, v in values.items() if k not in used}
    if leftovers:
        ref.refman.extra["bibtex"] = leftovers
    if etype != "misc" and BIBTEX_TO_CSL_TYPE.get(etype) is not None:
        expected = CSL_TO_BIBTEX_TYPE.get(csl_type, _DEFAULT_TYPE)
        if etype not in expected:
            ref.refman.extra.setdefault("bibtex_type", etype)
    return ref


def from_bibtex(text: str) -> tuple[list[Reference], list[str]]:
    """Read a .bib string: the references it holds and the problems met (with 1-based lines).

    Blocks that fail to parse, duplicate keys and duplicate fields are reported, never fatal;
    the first of two entries with one key is kept. Unknown fields are kept in
    ``custom.refman.bibtex``.
    """
    library = parse_string(text)
    problems: list[str] = []
    refs: list[Reference] = []
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, Entry):
            refs.append(_reference_from_entry(block, problems))
        elif isinstance(block, DuplicateBlockKeyBlock):
            problems.append(f"line {line}: duplicate key {block.key!r}; the later block was skipped")
        elif isinstance(block, DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            key = entry.key if isinstance(entry, Entry) else "?"
            problems.append(f"line {line}: duplicate fields in {key!r}; the first value of each was kept")
            if isinstance(entry, Entry):
                refs.append(_reference_from_entry(_first_fields(entry), problems))
        elif isinstance(block, MiddlewareErrorBlock):
            problems.append(f"line {line}: {block.error}")
        elif isinstance(block, ParsingFailedBlock):
            first = (block.raw or "").strip().splitlines()[:1]
            what = f" ({first[0][:60]})" if first else ""
            error = block.error
            reason = getattr(error, "abort_reason", None) or str(error) or type(error).__name__
            problems.append(f"line {line}: could not parse block{what}: {reason.strip()}")
    return refs, problems


def _first_fields(entry: Entry) -> Entry:
    seen: set[str] = set()
    fields: list[Field] = []
    for f in entry.fields:
        key = f.key.lower()
        if key not in seen:
            seen.add(key)
            fields.append(f)
    return Entry(entry.entry_type, entry.key, fields, start_line=entry.start_line, raw=entry.raw)


def to_biblatex(refs: Sequence[Reference]) -> str:
    """The references as a biblatex .bib string (for biber): ``to_bibtex(refs, "biblatex")``."""
    return to_bibtex(refs, dialect="biblatex")
