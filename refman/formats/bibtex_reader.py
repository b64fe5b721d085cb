"""BibTeX and biblatex import, read with bibtexparser 2 (pure: a .bib string in, references out).

:func:`from_bibtex` reverses the tables of :mod:`refman.formats.bibtex_tables`, decodes LaTeX
(:func:`~refman.formats.latex.decode_latex`: accents, escapes, T2A Cyrillic) and reports the
blocks it could not read as problems with their line numbers. Fields CSL has no place for are
kept in ``custom.refman.bibtex``.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from typing import Any

from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    ImplicitComment,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
)

from refman.errors import InputError, Problem
from refman.formats.bibtex_tables import (
    ARTICLE_TYPES,
    BIBTEX_TO_CSL_TYPE,
    CSL_TO_BIBTEX_FIELD,
    CSL_TO_BIBTEX_TYPE,
    DEFAULT_TYPE,
    ENTRYSUBTYPE,
    LANGID_TO_CODE,
    MONTHS,
    PAGE_DASH,
    RAW_FIELD,
)
from refman.formats.bibtex_writer import CATEGORY_SEPARATOR, extra_field_names, sort_key
from refman.formats.csl_schema import (
    CSL_TYPES,
    DATE_VARIABLES,
    NAME_VARIABLES,
    TEXT_OR_NUMBER_VARIABLES,
    TEXT_VARIABLES,
    TYPE_ALIASES,
)
from refman.formats.latex import decode_latex, whole_group
from refman.identifiers import normalise_doi
from refman.model import (
    LONE_SURROGATE,
    MAX_NUMBER_TEXT,
    MAX_TEXT,
    NAME_FIELDS,
    SET_ASIDE,
    SURROGATE_REPLACED,
    Date,
    Name,
    Reference,
    too_long,
    without_surrogates,
)

__all__ = ["from_bibtex"]

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_ACCESSED_NOTE = re.compile(r"(?:^|[.;]\s+)Accessed (\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)\.?$")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
# Text between entries that starts like a field (``, title = {...``): an entry closed too early.
# A name that :func:`_plain_name` leaves to bibtexparser: braces, escapes, ties (or a second comma).
_NOT_PLAIN = re.compile(r"[{}\\~]")
# A word of a name (BibTeX separates them by space, tab, CR and LF only).
_WORDS = re.compile(r"[^ \t\r\n]+")
# The word "and" between names, as BibTeX reads it, outside braces.
_AND = re.compile(r"[ \r\n\t]+[aA][nN][dD][ \r\n\t]+")
_BRACES_OR_ESCAPES = re.compile(r"[{}\\]")
#: Values up to this long are decoded once per file (journal names, months, names repeat).
_CACHED_TEXT = 256
_decoded_cached = functools.lru_cache(maxsize=1 << 16)(decode_latex)


def _decoded(text: str) -> str:
    """:func:`~refman.formats.latex.decode_latex`, remembered for short values."""
    return _decoded_cached(text) if len(text) <= _CACHED_TEXT else decode_latex(text)


_LOOKS_LIKE_FIELDS = re.compile(r"\s*(?:,\s*)?[A-Za-z][\w-]*\s*=\s*[{\"\w]")

# bibtexparser logs each failed block to stderr; refman reports them itself, as problems.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


#: What TeX would join into a dash or a quote (``--``, two backquotes or apostrophes): decoded.
_TEX_LIGATURE = re.compile(r"--|``|''")


def _plain_name(text: str) -> tuple[str | None, str | None] | None:
    """(family, given) of a name bibtexparser would read the same way, found faster: "Last,
    First" or "First Last" whose words all begin with a capital (so no von part), without
    braces, escapes or ties and with at most one comma; None for any other name."""
    if _NOT_PLAIN.search(text) or text.count(",") > 1:
        return None
    last_part, _, first_part = text.partition(",")
    last = _WORDS.findall(last_part)
    first = _WORDS.findall(first_part)
    if not first:  # no comma, or a trailing one (which bibtexparser drops): "First Last"
        last, first = last[-1:], last[:-1]
    if not last or not all([w[0].isupper() for w in last]) or not all([w[0].isupper() for w in first]):
        return None
    if text.isascii() and "$" not in text and not _TEX_LIGATURE.search(text):  # nothing to decode
        return " ".join(last), " ".join(first) or None
    family, given = (" ".join(_decoded(w) for w in words).strip() for words in (last, first))
    return family or None, given or None


def _name_from_bibtex(text: str) -> Name:
    """One BibTeX name as a CSL name (a new object each time: names are mutable; short names, which
    repeat, are read once per file)."""
    read = _read_name_cached(text) if len(text) <= _CACHED_TEXT else _read_name(text)
    return Name(read.family, read.given, None, read.non_dropping_particle, read.suffix, read.literal)


def _read_name(text: str) -> Name:
    stripped = text.strip()
    inner = whole_group(stripped)
    if inner is not None:
        return Name(literal=_decoded(inner).strip())
    plain = _plain_name(stripped)
    if plain is not None:
        return Name(family=plain[0], given=plain[1])
    try:
        parts = parse_single_name_into_parts(stripped, strict=False)
    except Exception:  # bibtexparser raises its own error types for odd names
        return Name(literal=_decoded(stripped))

    def join(words: list[str]) -> str | None:
        value = " ".join(_decoded(w) for w in words).strip()
        return value or None

    return Name(
        family=join(parts.last),
        given=join(parts.first),
        non_dropping_particle=join(parts.von),
        suffix=join(parts.jr),
    )


_read_name_cached = functools.lru_cache(maxsize=1 << 16)(_read_name)


def _split_names(value: str) -> list[str]:
    """The names of a name list, split at ``and`` as bibtexparser splits them: a list without
    braces or backslashes (most) by one regular expression, faster, the same split."""
    if _BRACES_OR_ESCAPES.search(value):
        return split_multiple_persons_names(value)
    plain = value.strip(" \r\n\t")
    return _AND.split(plain) if plain else []


def _names(value: str) -> list[Name]:
    return [_name_from_bibtex(n) for n in _split_names(value) if n.strip()]


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
    if low in MONTHS:
        return MONTHS.index(low) + 1
    try:
        month = int(value.strip())
    except ValueError:
        return None
    return month if 1 <= month <= 12 else None


_REVERSE_TEXT: dict[str, str] = {}
for _var, (_bt, _bl) in CSL_TO_BIBTEX_FIELD.items():
    _REVERSE_TEXT.setdefault(_bt, _var)
    _REVERSE_TEXT.setdefault(_bl, _var)

#: Field -> the CSL variable the writer keeps in it under its own name (``source``, ``origtitle``).
_EXTRA_VARIABLES = {
    field: var
    for var, field in extra_field_names(
        sorted(TEXT_VARIABLES | TEXT_OR_NUMBER_VARIABLES | NAME_VARIABLES | DATE_VARIABLES)
    ).items()
}
#: ``entrysubtype`` -> the CSL type it keeps (``magazine``, or a CSL type's own name).
_SUBTYPES = {**{name: name for name in CSL_TYPES}, **{sub: csl for csl, sub in ENTRYSUBTYPE.items()}}
_PUBLISHER_NAMES = ("publisher", "school", "institution")
#: Fields that hold numbers: their text is held to :data:`~refman.model.MAX_NUMBER_TEXT`.
_NUMBER_FIELDS = frozenset({"volume", "number", "issue", "pages", "edition", "eid", "year", "month"})


def _limit(field: str) -> int:
    return MAX_NUMBER_TEXT if field in _NUMBER_FIELDS else MAX_TEXT


def _reference_from_entry(entry: Entry, source: str, problems: list[Problem]) -> Reference:
    values = {f.key.lower(): v if isinstance(v := f.value, str) else str(v) for f in entry.fields}
    line = _line(entry)
    long_fields = {
        k: why for k, v in values.items() if len(v) > MAX_NUMBER_TEXT and (why := too_long(v, _limit(k)))
    }
    set_aside = {k: values.pop(k) for k in long_fields}
    for name, why in long_fields.items():
        why = f"{why}; {SET_ASIDE}"
        problems.append(Problem(source, why, line, id=entry.key, field=name))
    etype = entry.entry_type.lower()
    csl_type = BIBTEX_TO_CSL_TYPE.get(etype)
    if csl_type is None:
        why = f"unknown entry type @{entry.entry_type}, read as document"
        problems.append(Problem(source, why, line, id=entry.key))
        csl_type = "document"
    accessed = "urldate" in values or "Accessed" in values.get("note", "")
    written = values.get("entrysubtype", "").strip()
    subtype = _SUBTYPES.get(written) or TYPE_ALIASES.get(written.lower())
    used: set[str] = set()
    if subtype is not None and etype in CSL_TO_BIBTEX_TYPE.get(subtype, DEFAULT_TYPE):
        csl_type = subtype  # the type refman wrote where the entry type alone does not say it
        used.add("entrysubtype")
    elif csl_type == "document" and values.get("url") and accessed:
        csl_type = "webpage"
    ref = Reference(id=entry.key, type=csl_type, citation_key=entry.key)
    ref.refman.set_aside = set_aside

    def take(name: str) -> str | None:
        if name in values:
            used.add(name)
            return values[name]
        return None

    for field, attr in NAME_FIELDS.items():
        value = take(field)
        if value:
            setattr(ref, attr, _names(value))

    extra_csl: dict[str, Any] = {}
    for field, var in _REVERSE_TEXT.items():
        value = take(field)
        if value is None:
            continue
        text = _decoded(value)
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
            ref.container_title = _decoded(value) if value else None
    # A second container-like field (howpublished beside journal) is kept with the other
    # fields CSL has no place for, in ``custom.refman.bibtex``.
    if organization:
        site = _decoded(organization)
        if etype in ("online", "www", "electronic") and ref.container_title in (None, site):
            ref.container_title = site  # booktitle too, as the writer gives it for Zotero
        elif ref.publisher is None:
            ref.publisher = site
    for field in _PUBLISHER_NAMES:
        value = take(field)
        if value and ref.publisher is None:
            ref.publisher = _decoded(value)
    place = take("location") or take("address")
    if place:
        ref.publisher_place = _decoded(place)

    number = take("number")
    eid = take("eid")
    if csl_type in ARTICLE_TYPES:
        issue = values.get("issue") if number else take("issue")  # both given: issue kept aside
        if number:
            ref.issue = _decoded(number)
        elif issue:
            ref.issue = _decoded(issue)
        if eid:
            ref.number = _decoded(eid)
    else:
        issue = take("issue")
        if number:
            ref.number = _decoded(number)
        if issue:
            ref.issue = _decoded(issue)
        if eid and not number:
            ref.number = _decoded(eid)

    pages = take("pages")
    if pages:
        ref.page = PAGE_DASH.sub("-", _decoded(pages.replace("--", "-")).strip())

    date = take("date")
    year = take("year")
    month = take("month")
    if date:
        ref.issued = _date_from(date)
    elif year:
        ref.issued = _date_from(_decoded(year))
        month_no = _month_number(month) if month else None
        if month_no and ref.issued.parts and len(ref.issued.parts) == 1:
            ref.issued.parts[0] = [*ref.issued.parts[0][:1], month_no]
            day = values.get("day", "").strip()
            if day.isdigit() and 1 <= int(day) <= 31:
                ref.issued.parts[0].append(int(take("day") or day))
    urldate = take("urldate")
    if urldate:
        ref.accessed = _date_from(urldate)

    note = take("note")
    if note is not None:
        text = _decoded(note)
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
    langid, language = take("langid"), take("language")
    lang = langid or language
    if (
        langid
        and language
        and LANGID_TO_CODE.get(language.strip().lower()) != LANGID_TO_CODE.get(langid.strip().lower())
    ):
        used.discard("language")  # a language of its own, not the one the writer puts beside langid
    if lang:
        lang = lang.strip()
        ref.language = LANGID_TO_CODE.get(lang, LANGID_TO_CODE.get(lang.lower(), lang))
    key_field = values.get("key")
    if key_field is not None and not ref.author and not ref.editor:
        key_text = _decoded(key_field)
        sorted_by = (ref.title, ref.container_title, ref.publisher, entry.key)
        if key_text in sorted_by or key_text in {
            sort_key(t, ascii) for t in sorted_by if t for ascii in (True, False)
        }:
            take("key")  # the sort key to_bibtex writes for unnamed entries
    raw = take(RAW_FIELD)
    if raw is not None:
        ref.refman.raw = _decoded(raw)

    for field, var in _EXTRA_VARIABLES.items():
        value = take(field)
        if value is None:
            continue
        if var in NAME_VARIABLES:
            extra_csl[var] = [name.to_csl() for name in _names(value)]
        elif var in DATE_VARIABLES:
            extra_csl[var] = _date_from(_decoded(value)).to_csl()
        else:
            extra_csl[var] = _decoded(value)
    categories = take("categories")
    if categories:
        extra_csl["categories"] = _decoded(categories).split(CATEGORY_SEPARATOR)
    ref.extra.update(extra_csl)
    leftovers = {k: v for k, v in values.items() if k not in used}
    if leftovers:
        ref.refman.extra["bibtex"] = leftovers
    if etype != "misc" and BIBTEX_TO_CSL_TYPE.get(etype) is not None:
        expected = CSL_TO_BIBTEX_TYPE.get(csl_type, DEFAULT_TYPE)
        if etype not in expected:
            ref.refman.extra.setdefault("bibtex_type", etype)
    return ref


def from_bibtex(text: str, source: str = "<string>") -> tuple[list[Reference], list[Problem]]:
    """Read a .bib string: the references it holds and the problems met, each naming ``source``,
    the line (1-based) and the entry's key.

    Every entry is kept: of entries that share a key the later ones are renamed ``key-2``,
    ``key-3`` ...; of fields given twice the first value is used; a field too long
    (:func:`~refman.model.too_long`) is set aside (``custom.refman.set_aside``). Blocks that fail
    to parse, and text after an entry that looks like its fields (an unbalanced ``}``), are
    reported. Unknown fields are kept in ``custom.refman.bibtex``. Raises
    :class:`~refman.errors.InputError` when ``text`` holds something but no entry at all.
    """
    try:
        return _read(text, source)
    finally:  # what one file repeats is no use for the next: memory given back
        _decoded_cached.cache_clear()
        _read_name_cached.cache_clear()


def _read(text: str, source: str) -> tuple[list[Reference], list[Problem]]:
    problems: list[Problem] = []
    surrogate = LONE_SURROGATE.search(text)
    if surrogate is not None:  # only a program can pass one: no file holds it
        line = text.count("\n", 0, surrogate.start()) + 1
        problems.append(Problem(source, SURROGATE_REPLACED, line))
        text = without_surrogates(text)
    library = parse_string(text)
    refs: list[Reference] = []
    entries = [_entry_of(block) for block in library.blocks]
    taken = {entry.key for entry in entries if entry is not None}
    first_line: dict[str, int] = {}  # key -> line of the entry that has it
    previous: Entry | None = None
    for block, entry in zip(library.blocks, entries, strict=True):
        line = _line(block)
        if isinstance(block, DuplicateFieldKeyBlock) and entry is not None:
            entry = _first_fields(entry)
            twice = ", ".join(sorted(block.duplicate_keys))
            why = f"fields given twice ({twice}); the first value of each is used"
            problems.append(Problem(source, why, line, id=entry.key))
        elif isinstance(block, (MiddlewareErrorBlock, ParsingFailedBlock)) and entry is None:
            problems.append(Problem(source, _failure(block), line))
        elif (
            isinstance(block, ImplicitComment)
            and previous is not None
            and _LOOKS_LIKE_FIELDS.match(block.raw or "")
        ):
            why = "text after the entry's closing brace looks like its fields (an unbalanced '}'?); ignored"
            problems.append(Problem(source, why, line, id=previous.key))
        if entry is None:
            continue
        if not entry.key.strip():
            entry = _renamed(entry, taken, f"line{line}")
            problems.append(Problem(source, f"no key; called {entry.key!r}", line, field="key"))
        elif entry.key in first_line:
            key, entry = entry.key, _renamed(entry, taken)
            why = f"key {key!r} is already used by the entry at line {first_line[key]}; renamed {entry.key!r}"
            problems.append(Problem(source, why, line, id=key, field="key"))
        first_line[entry.key] = line
        refs.append(_reference_from_entry(entry, source, problems))
        previous = entry
    if not refs and text.strip():
        failed = [_line(b) for b in library.failed_blocks]
        where = (
            f"; blocks that failed to parse start at line {', '.join(map(str, failed[:10]))}"
            if failed
            else ""
        )
        raise InputError(source, f"no BibTeX entry found (expected @type{{key, field = {{value}}}}){where}")
    return refs, problems


def _entry_of(block: Block) -> Entry | None:
    """The entry a block holds: an entry, or one bibtexparser set aside for a duplicate key or
    duplicate fields."""
    if isinstance(block, Entry):
        return block
    if isinstance(block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)):
        inner = block.ignore_error_block
        return inner if isinstance(inner, Entry) else None
    return None


def _line(block: Block) -> int:
    return (block.start_line or 0) + 1


def _failure(block: ParsingFailedBlock | MiddlewareErrorBlock) -> str:
    first = (block.raw or "").strip().splitlines()[:1]
    what = f" ({first[0][:60]})" if first else ""
    error = block.error
    reason = getattr(error, "abort_reason", None) or str(error) or type(error).__name__
    return f"could not parse block{what}: {' '.join(reason.split())}"


def _renamed(entry: Entry, keys: set[str], key: str | None = None) -> Entry:
    """``entry`` under ``key`` or, when that is taken or not given, the first free key of
    ``key-2``, ``key-3`` ... (added to ``keys``)."""
    base = key or entry.key
    tried = itertools.chain([key] if key else [], (f"{base}-{n}" for n in itertools.count(2)))
    key = next(k for k in tried if k not in keys)
    keys.add(key)
    return Entry(entry.entry_type, key, entry.fields, start_line=entry.start_line, raw=entry.raw)


def _first_fields(entry: Entry) -> Entry:
    seen: set[str] = set()
    fields: list[Field] = []
    for f in entry.fields:
        key = f.key.lower()
        if key not in seen:
            seen.add(key)
            fields.append(f)
    return Entry(entry.entry_type, entry.key, fields, start_line=entry.start_line, raw=entry.raw)
