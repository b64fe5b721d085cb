"""BibTeX and biblatex export, written with bibtexparser 2 (pure: references in, ``str`` out).

Policy (the default target is biber + XeLaTeX/LuaLaTeX, or BibTeX run under XeLaTeX):

* UTF-8 is kept as it is (no ``\\cyrchar``), unless ``ascii=True`` asks for pdfLaTeX + classic
  BibTeX: then every non-ASCII letter becomes a LaTeX command (:func:`~refman.formats.latex.latex_commands`:
  T2A Cyrillic, accents); LaTeX specials in text fields are escaped
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
  BibTeX and biber ignore, so :func:`~refman.formats.bibtex_reader.from_bibtex` can bring it back.
* Verbatim fields are written raw, so that url.sty, hyperref and biber print them as they are;
  only values that no LaTeX set-up can misread get there (see :mod:`refman.formats.latex`): a
  DOI must be one DOI without a backslash, brace, ``^`` or space, a URL a web address, its
  other characters percent-encoded. A value that cannot be written is left out, and
  :func:`set_aside_unwritable` moves it to ``custom.refman.set_aside`` with a problem, so the
  CSL-JSON keeps it. A BibTeX .bib with a ``doi`` or ``url`` starts with
  :data:`~refman.formats.latex.VERBATIM_FALLBACK`, which lets styles print them verbatim
  without url.sty too.

Types and fields are mapped by the tables of :mod:`refman.formats.bibtex_tables`; the text is
encoded by :mod:`refman.formats.latex`.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.model import Block, Entry, Field, Preamble
from bibtexparser.writer import BibtexFormat

from refman.formats.bibtex_tables import (
    ARTICLE_TYPES,
    BAD_KEY_CHARS,
    BIBTEX_TO_CSL_TYPE,
    CLASSIC_TYPES,
    CONTAINER_FIELD,
    CORPORATE_FIELDS,
    CSL_EXTRA_FIELD,
    CSL_TO_BIBTEX_FIELD,
    CSL_TO_BIBTEX_TYPE,
    DEFAULT_TYPE,
    DIALECTS,
    ENTRYSUBTYPE,
    FIELD_ORDER,
    LANGID,
    MONTHS,
    PAGE_DASH,
    PUBLISHER_FIELD,
    RAW_FIELD,
    SENTENCE_CASED_FIELDS,
    VERBATIM_FIELDS,
)
from refman.formats.csl_schema import (
    CSL_TYPES,
    DATE_VARIABLES,
    NAME_VARIABLES,
    TEXT_OR_NUMBER_VARIABLES,
    TEXT_VARIABLES,
    clean_rich_text,
)
from refman.formats.latex import (
    VERBATIM_FALLBACK,
    ascii_fallback,
    beyond_pdflatex,
    decode_latex,
    escape_latex,
    latex_commands,
    percent_encoded,
    rich_text_to_latex,
    tex_quotes,
    url_for_latex,
    verbatim_safe,
)
from refman.identifiers import find_urls, is_doi, normalise_doi
from refman.keys import assign_keys
from refman.lang import detect_language
from refman.model import DATE_FIELDS, NAME_FIELDS, NAME_PARTS, TEXT_FIELDS, Date, Name, Reference
from refman.translit import to_ascii

__all__ = [
    "CATEGORY_SEPARATOR",
    "bibtex_entry",
    "extra_field_names",
    "family_needs_braces",
    "set_aside_unwritable",
    "sort_key",
    "spaced_initials",
    "to_biblatex",
    "to_bibtex",
    "unwritable",
    "with_bibtex_keys",
]

_ORDER_INDEX = {name: i for i, name in enumerate(FIELD_ORDER)}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _title_value(title: str, language: str | None, dialect: str) -> str:
    if language and language != "en":
        body = rich_text_to_latex(title, protect=False)
        return "{" + body + "}" if dialect == "bibtex" else body
    return rich_text_to_latex(title, protect=True)


def _brace_if(text: str, cond: bool) -> str:
    return "{" + text + "}" if cond else text


def family_needs_braces(family: str) -> bool:
    """True when BibTeX would split or misread this family name unbraced: a space (``Ibn Sina``),
    a comma, a lower-case start (read as a particle), or the words ``and`` / ``others``."""
    return " " in family or "," in family or family[:1].islower() or family.lower() in ("and", "others")


_SPLITS_NAME = re.compile(r"(?:^|\s)(?:and|others)(?:\s|$)|,", re.IGNORECASE)


def _name_part(text: str) -> str:
    """A given name, particle or suffix escaped, braced when BibTeX would split it (a comma, or
    the words ``and`` / ``others``)."""
    escaped = escape_latex(text)
    return "{" + escaped + "}" if _SPLITS_NAME.search(escaped) else escaped


_JOINED_INITIAL = re.compile(r"(?<=\w\.)(?=\w)")


def spaced_initials(given: str) -> str:
    """Initials written together spaced, as biber and biblatex-gost need to see each one:
    ``С.Б.`` -> ``С. Б.``, ``J.R.R.`` -> ``J. R. R.``."""
    return _JOINED_INITIAL.sub(" ", given)


def _format_name(name: Name) -> str:
    if not name.family:
        # An organisation, or a lone given name: one braced unit BibTeX will not split.
        return "{" + escape_latex(name.literal or name.given or "") + "}"
    family = escape_latex(name.family or "")
    family = _brace_if(family, family_needs_braces(family))
    particles = " ".join(_name_part(p) for p in (name.dropping_particle, name.non_dropping_particle) if p)
    last = f"{particles} {family}" if particles else family
    given = _name_part(spaced_initials(name.given or ""))
    parts = [last]
    if name.suffix:
        parts.append(_name_part(name.suffix))
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
    """A page range escaped, its dashes as ``--`` (escaping would keep them apart)."""
    return escape_latex(PAGE_DASH.sub("-", page.strip())).replace("-", "--")


def _language(ref: Reference) -> str | None:
    if ref.language:
        return ref.language.split("-")[0].lower() if len(ref.language) <= 5 else ref.language
    text = " ".join(t for t in (ref.title, ref.container_title) if t)
    return detect_language(text) if text else None


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
    """``ref`` with every text attribute a clean ``str`` or None (real data sometimes holds
    numbers or lists where CSL expects strings, HTML entities and U+FFFD; see :func:`_clean`)."""
    changes = {}
    for attr in TEXT_FIELDS.values():
        value = getattr(ref, attr)
        text = clean_rich_text(value if value is None or isinstance(value, str) else _as_text(value))
        if text is not value:
            changes[attr] = text
    names = {}
    for attr in NAME_FIELDS.values():
        people = getattr(ref, attr)
        cleaned = [
            dataclasses.replace(
                n, **{k: clean_rich_text(_as_text(getattr(n, k))) for k in NAME_PARTS.values()}
            )
            for n in people
        ]
        if cleaned != people:
            names[attr] = cleaned
    return ref.replace(**changes, **names) if changes or names else ref


def _entry_fields(ref: Reference, dialect: str, entry_type: str, ascii: bool) -> dict[str, str]:
    fields: dict[str, str] = {}
    bib = dialect == "bibtex"
    lang = _language(ref)

    def put(name: str, value: str | None, *, escape: bool = True) -> None:
        if value is None or value == "":
            return
        if escape and name in SENTENCE_CASED_FIELDS:
            fields[name] = _title_value(value, lang, dialect)
        else:
            fields[name] = escape_latex(value) if escape and name not in VERBATIM_FIELDS else value

    for field, attr in NAME_FIELDS.items():
        formatted = _format_names(getattr(ref, attr))
        if formatted:
            fields[field] = formatted

    csl = ref.to_csl()
    for var, (bt, bl) in CSL_TO_BIBTEX_FIELD.items():
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
        if container_field == "organization":
            # the site again where Zotero's BibTeX importer reads a webpage's website title
            # (biblatex prints organization; pandoc reads no booktitle outside chapters)
            put("booktitle", ref.container_title)

    # issue/number: journals put the issue in "number".
    if ref.type in ARTICLE_TYPES:
        put("number", ref.issue or ref.number)
        if ref.issue and ref.number:
            put("eid", ref.number)
    else:
        put("number", ref.number)
        put("issue", ref.issue)
    if ref.page:
        fields["pages"] = _pages(ref.page)

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
                    fields["month"] = MONTHS[month - 1]
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
        sort_text = ref.title or ref.container_title or ref.publisher or ref.citation_key
        put("key", sort_key(sort_text, ascii) if sort_text else None)
    for var, (name, written, _) in _VERBATIM.items():
        value = getattr(ref, var)
        if value:
            put(name, written(value, ascii))
    if lang and bib:
        put("language", LANGID.get(lang) or ref.language)
    elif lang:
        put("langid", LANGID.get(lang) or ref.language)
        # biblatex reads `language` as localisation keys (macro names): a known language only
        put("language", LANGID.get(lang))
    for name in CORPORATE_FIELDS & fields.keys():
        fields[name] = _CORPORATE_AND.sub("{and}", fields[name])
    if ref.issued is not None and bib and len(ref.issued.parts) == 1 and len(ref.issued.parts[0]) == 3:
        put("day", _as_text(ref.issued.parts[0][2]))
    for name, value in _extra_fields(ref, lang, dialect).items():
        fields.setdefault(name, value)
    if BIBTEX_TO_CSL_TYPE.get(entry_type) != ref.type and ref.type in CSL_TYPES:
        # biblatex builds macro names from it: "motion-picture", no "_"
        put("entrysubtype", ENTRYSUBTYPE.get(ref.type, ref.type.replace("_", "-")))
    for name, value in _kept_bibtex_fields(ref).items():
        other = _SYNONYMS.get(name)
        if name in fields and other and other not in fields:
            fields[other] = fields.pop(name)  # the .bib had both: each keeps its own
        if name not in fields:
            fields[name] = value
    if ref.refman.raw:
        put(RAW_FIELD, ref.refman.raw)
    return fields


#: Fields of the same meaning in the two dialects: a .bib that had both gets both back.
_SYNONYMS = {
    "address": "location",
    "location": "address",
    "journal": "journaltitle",
    "journaltitle": "journal",
}
_CORPORATE_AND = re.compile(r"(?<=\s)and(?=\s)")
#: The most characters of the ``key`` field of an --ascii entry: BibTeX's sort keys must stay
#: under its 500-character limit whatever a title holds.
SORT_KEY_LENGTH = 60


_MARKUP = re.compile(r"</?[a-z]+[^<>]*>")


def sort_key(text: str, ascii: bool) -> str:
    """A short sort key for an entry without names: the letters, digits and plain punctuation
    of ``text`` (a title), romanised when ``ascii``, :data:`SORT_KEY_LENGTH` characters at
    most, so that BibTeX sorts the entry where a reader looks for it, stays within its
    500-character limits and meets no character a style's label could choke on (``"``)."""
    text = _MARKUP.sub("", text)
    plain = " ".join((to_ascii(text) if ascii else text).split())
    return "".join(c for c in plain if c.isalnum() or c in " -.,:")[:SORT_KEY_LENGTH].strip()


#: CSL variables the writer maps itself, never written under their own name.
_MAPPED = frozenset(
    {
        "id",
        "type",
        "custom",
        "categories",
        "shortTitle",
        *TEXT_FIELDS,
        *NAME_FIELDS,
        *DATE_FIELDS,
        *CSL_TO_BIBTEX_FIELD,
    }
)


_CSL_VARIABLES = TEXT_VARIABLES | TEXT_OR_NUMBER_VARIABLES | NAME_VARIABLES | DATE_VARIABLES


def extra_field_names(variables: Sequence[str]) -> dict[str, str]:
    """CSL variable -> the field of its own that the writer keeps it in (see
    :data:`~refman.formats.bibtex_tables.CSL_EXTRA_FIELD`), for the variables not mapped
    otherwise (variables the CSL schema does not know are kept on the CSL side only)."""
    return {
        var: CSL_EXTRA_FIELD.get(var, var.lower())
        for var in variables
        if var in _CSL_VARIABLES and var not in _MAPPED
    }


def _extra_fields(ref: Reference, lang: str | None, dialect: str) -> dict[str, str]:
    """The CSL variables of ``ref.extra`` with no other BibTeX field, each as a field of its own
    (names as names, dates as ISO dates, text as text)."""
    out: dict[str, str] = {}
    for var, name in extra_field_names(list(ref.extra)).items():
        value: Any = ref.extra[var]
        if var in NAME_VARIABLES and isinstance(value, list):
            text = _format_names([Name.from_csl(n) for n in value if isinstance(n, dict)])
            if text:
                out[name] = text
            continue
        if var in DATE_VARIABLES and isinstance(value, dict):
            date = Date.from_csl(value)
            iso = _date_iso(date)
            text = iso or escape_latex(_as_text(date.literal) or _as_text(date.raw) or "")
        elif name in SENTENCE_CASED_FIELDS:
            text = _title_value(clean_rich_text(_as_text(value)) or "", lang, dialect)
        else:
            text = escape_latex(clean_rich_text(_as_text(value)) or "")
        if text:
            out[name] = text
    categories = ref.extra.get("categories")
    if isinstance(categories, list) and categories and all(isinstance(c, str) for c in categories):
        out["categories"] = escape_latex(CATEGORY_SEPARATOR.join(categories))
    return out


#: How the ``categories`` field joins CSL's list of categories.
CATEGORY_SEPARATOR = "; "


def _kept_bibtex_fields(ref: Reference) -> dict[str, str]:
    """The fields a .bib held that CSL has no place for (``custom.refman.bibtex``: eprint,
    numpages, coden...), to write back: verbatim fields as they were when safe, others
    decoded and escaped again, so that no brace or command of a stranger's file gets through."""
    kept = ref.refman.extra.get("bibtex")
    out: dict[str, str] = {}
    if not isinstance(kept, dict):
        return out
    for name, value in kept.items():
        if not (
            isinstance(name, str) and isinstance(value, str) and value and not BAD_KEY_CHARS.search(name)
        ):
            continue
        name = name.lower()
        if name in VERBATIM_FIELDS and verbatim_safe(value):
            out[name] = value
        else:
            out[name] = escape_latex(clean_rich_text(decode_latex(value)) or "")
    return {k: v for k, v in out.items() if v}


def _written_doi(doi: str, ascii: bool) -> str | None:
    """The DOI as the ``doi`` field holds it: bare (in the case it was given, when it was given
    bare), beyond ASCII percent-encoded when ``ascii``; None when it is not one DOI that can be
    written as it is."""
    text = doi.strip()
    bare = normalise_doi(text) if verbatim_safe(text) and is_doi(text) else None
    if bare is not None and bare == text.lower():
        bare = text
    return _NON_ASCII.sub(lambda m: percent_encoded(m.group(0)), bare) if bare and ascii else bare


def _written_url(url: str, ascii: bool) -> str | None:
    """The URL as the ``url`` field holds it (what a URL may not hold percent-encoded); None
    when it is not a web address."""
    text = url.strip()
    found = find_urls(text)
    return url_for_latex(text, ascii) if found and text.startswith(found[0]) else None


# The verbatim fields refman writes: CSL variable -> (BibTeX field, how, why a value is left out).
_VERBATIM = {
    "DOI": ("doi", _written_doi, "is not one DOI free of backslashes, braces, ^ and spaces"),
    "URL": ("url", _written_url, "is not a web address (http, https or www.)"),
}


def unwritable(ref: Reference) -> dict[str, str]:
    """The verbatim variables of ``ref`` (``DOI``, ``URL``) that :func:`to_bibtex` leaves out,
    each with why: a value no LaTeX set-up could be trusted to read as it is."""
    out = {}
    for var, (_, written, why) in _VERBATIM.items():
        value = getattr(ref, var)
        if isinstance(value, str) and value and written(value, False) is None:
            out[var] = f'{var} "{value}" {why}'
    return out


def set_aside_unwritable(refs: Sequence[Reference]) -> tuple[list[Reference], list[str]]:
    """The references with each value :func:`unwritable` names moved from its variable to
    ``custom.refman.set_aside`` (so the CSL-JSON keeps it) and a problem added to the
    reference; and those problems, one line each naming the item."""
    out: list[Reference] = []
    problems: list[str] = []
    for index, ref in enumerate(refs, 1):
        bad = unwritable(ref)
        if bad:
            aside = {**ref.refman.set_aside, **{var: getattr(ref, var) for var in bad}}
            notes = [f"{why}: left out of the .bib, kept in custom.refman.set_aside" for why in bad.values()]
            refman = dataclasses.replace(ref.refman, set_aside=aside, problems=[*ref.refman.problems, *notes])
            ref = ref.replace(**dict.fromkeys(bad), refman=refman)
            problems += [f"item {index} (id {ref.id!r}): {note}" for note in notes]
        out.append(ref)
    return out, problems


def _entry_type(ref: Reference, dialect: str) -> str:
    """The entry type: the one a .bib gave (``custom.refman.bibtex_type``) while it still means
    the reference's type and the dialect has it; else the table's, a master's thesis as one."""
    given = ref.refman.extra.get("bibtex_type")
    if (
        isinstance(given, str)
        and BIBTEX_TO_CSL_TYPE.get(given) == ref.type
        and (dialect == "biblatex" or given in CLASSIC_TYPES)
    ):
        return given
    bt, bl = CSL_TO_BIBTEX_TYPE.get(ref.type, DEFAULT_TYPE)
    if bt == "phdthesis":
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
            clean: str | None = BAD_KEY_CHARS.sub("", key)
            if not clean or clean in seen:
                clean = None
            else:
                seen.add(clean)
            if clean != key:
                ref = ref.replace(citation_key=clean)
        out.append(ref)
    return out


def bibtex_entry(
    ref: Reference, dialect: str = "bibtex", ascii: bool = False, missing: dict[str, set[str]] | None = None
) -> tuple[str, dict[str, str]]:
    """The entry type and fields ``to_bibtex`` writes for one reference, fields in output order,
    LaTeX-encoded and unbraced (``month`` is a macro name such as ``jan``); names are
    ``Family, Given and ...`` strings. The entry key is not chosen here. ``ascii``: non-ASCII
    letters of every field but the verbatim ones as LaTeX commands (:func:`latex_commands`),
    the characters with none added to ``missing`` under their field's name."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown BibTeX dialect {dialect!r}; choose one of {DIALECTS}")
    ref = _coerced(ref)
    entry_type = _entry_type(ref, dialect)
    fields = {
        name: value if name in VERBATIM_FIELDS or name in NAME_FIELDS else tex_quotes(value)
        for name, value in _entry_fields(ref, dialect, entry_type, ascii).items()
    }
    if ascii:
        encoded = {}
        for name, value in fields.items():
            lost: set[str] = set()
            encoded[name] = value if name in VERBATIM_FIELDS else latex_commands(value, lost)
            if lost and missing is not None:
                missing.setdefault(name, set()).update(lost)
        fields = encoded
    elif dialect == "bibtex":  # classic BibTeX runs under pdfLaTeX too
        fields = {
            k: v if k in VERBATIM_FIELDS or k == RAW_FIELD else beyond_pdflatex(v) for k, v in fields.items()
        }
    ordered = sorted(fields.items(), key=lambda kv: (_ORDER_INDEX.get(kv[0], len(FIELD_ORDER)), kv[0]))
    return entry_type, dict(ordered)


def _unencodable(index: int, key: str, missing: dict[str, set[str]]) -> str:
    """The warning for the characters of one entry that have no LaTeX command."""
    parts = []
    for name, chars in sorted(missing.items()):
        shown = ", ".join(
            f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}) as {ascii_fallback(c)!r}"
            for c in sorted(chars)
        )
        parts.append(f"{name}: {shown}")
    return f"item {index} (key {key!r}): no LaTeX command for " + "; ".join(parts)


def to_bibtex(
    refs: Sequence[Reference], dialect: str = "bibtex", ascii: bool = False, warnings: list[str] | None = None
) -> str:
    """The references as a .bib string for ``dialect`` "bibtex" or "biblatex".

    References without a ``citation_key`` get one from :func:`refman.keys.assign_keys`; a given
    key loses characters BibTeX or LaTeX cannot take (space , { } ( ) " # % ~ \\ ' = ^ $ & and
    control characters) and a repeated or empty one is replaced, so keys are unique. Fields are
    escaped and mapped as the module docstring describes. UTF-8 is kept (XeLaTeX, LuaLaTeX,
    biber); ``ascii=True`` writes non-ASCII letters as LaTeX commands instead, for pdfLaTeX with
    T2A and classic BibTeX, and a readable ASCII fallback for a character that has none (Thai,
    say), with a line for each such entry added to ``warnings``.
    """
    if dialect not in DIALECTS:
        raise ValueError(f"unknown BibTeX dialect {dialect!r}; choose one of {DIALECTS}")
    entries: list[Block] = []
    verbatim = {name for name, _, _ in _VERBATIM.values()}
    needs_fallback = False
    for index, ref in enumerate(with_bibtex_keys(refs), 1):
        missing: dict[str, set[str]] = {}
        entry_type, fields = bibtex_entry(ref, dialect, ascii, missing)
        if missing and warnings is not None:
            warnings.append(_unencodable(index, ref.citation_key or ref.id, missing))
        block = [
            Field(name, value if name == "month" else "{" + value + "}") for name, value in fields.items()
        ]
        entries.append(Entry(entry_type, ref.citation_key or ref.id, block))
        needs_fallback = needs_fallback or (dialect == "bibtex" and not verbatim.isdisjoint(fields))
    library = Library()
    if needs_fallback:
        library.add(Preamble('"' + VERBATIM_FALLBACK + '"'))
    library.add(entries)
    fmt = BibtexFormat()  # type: ignore[no-untyped-call]
    fmt.indent = "  "
    fmt.block_separator = "\n"
    text: str = write_string(library, unparse_stack=[], bibtex_format=fmt)
    return text if text.endswith("\n") or not text else text + "\n"


def to_biblatex(refs: Sequence[Reference]) -> str:
    """The references as a biblatex .bib string (for biber): ``to_bibtex(refs, "biblatex")``."""
    return to_bibtex(refs, dialect="biblatex")
