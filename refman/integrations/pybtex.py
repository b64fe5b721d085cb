"""A pybtex database plugin for CSL-JSON, so pybtex and the tools built on it read and write
refman's collection::

    pybtex.database.parse_file("references.json")                    # by the .json suffix
    pybtex.database.parse_file("refs.json", bib_format="csljson")    # or by name
    pybtex-convert --from csljson --to bibtex references.json references.bib

Reading reuses refman's own CSL -> BibTeX mapping (:func:`refman.formats.bibtex_writer.bibtex_entry`):
a pybtex entry gets the type and LaTeX-encoded fields ``to_bibtex`` would write, and its key is
the CSL ``id`` (the citation key). Names become structured :class:`pybtex.database.Person`
objects (given -> first and middle, particles -> prelast, family -> last, suffix -> lineage; an
organisation is one braced last name). Writing goes the other way through
:func:`refman.formats.bibtex_reader.from_bibtex` and :func:`refman.formats.csljson.to_csl_json`.

Registered in pyproject.toml under pybtex's entry-point groups ``pybtex.database.input`` and
``pybtex.database.output`` (name ``csljson``, alias ``csl-json``, suffix ``.json``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO, Any

from pybtex.bibtex.utils import split_tex_string
from pybtex.database import BibliographyData, BibliographyDataError, Entry, Person
from pybtex.database.input import BaseParser
from pybtex.database.input.bibtex import month_names
from pybtex.database.output import BaseWriter
from pybtex.errors import report_error

from refman.errors import InputError
from refman.formats.bibtex_reader import from_bibtex
from refman.formats.bibtex_tables import BAD_KEY_CHARS, DIALECTS
from refman.formats.bibtex_writer import bibtex_entry, family_needs_braces, spaced_initials
from refman.formats.collection import CSL_JSON_SUFFIX
from refman.formats.csljson import csl_ids, from_csl_json, to_csl_json
from refman.formats.latex import escape_latex
from refman.model import Name, Reference

__all__ = [
    "CslJsonParser",
    "CslJsonWriter",
    "entry_from_reference",
    "person_from_name",
    "references_from_bibliography",
]

_SPACE = re.compile(r"\s")


def _text(value: object) -> str:
    """A name part as text (real data sometimes holds numbers); anything else is empty."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _word(word: str) -> str:
    """One name word, braced when BibTeX would read it as a separator (a comma, ``and``)."""
    return "{" + word + "}" if "," in word or word.lower() in ("and", "others") else word


def person_from_name(name: Name) -> Person:
    """The pybtex Person for a refman Name; parts are LaTeX-encoded as pybtex's BibTeX reader
    gives them. A name without a family (an organisation) is a single braced last name, and so
    is a family that BibTeX would otherwise split (spaces, a comma, a lower-case start)."""
    family = _text(name.family)
    if not family:
        whole = _text(name.literal) or _text(name.given)
        return Person(last="{" + escape_latex(whole) + "}")
    last = escape_latex(family)
    if family_needs_braces(last) or _SPACE.search(last):
        last = "{" + last + "}"
    given = [_word(w) for w in split_tex_string(escape_latex(spaced_initials(_text(name.given))))]
    particles = (_text(name.dropping_particle), _text(name.non_dropping_particle))
    prelast = " ".join(_word(escape_latex(p)) for p in particles if p)
    lineage = _text(name.suffix)
    return Person(
        first=given[0] if given else "",
        middle=" ".join(given[1:]),
        prelast=prelast,
        last=last,
        lineage=_word(escape_latex(lineage)) if lineage else "",
    )


def _has_text(name: Name) -> bool:
    return bool(_text(name.family) or _text(name.given) or _text(name.literal))


def entry_from_reference(ref: Reference, dialect: str = "bibtex") -> Entry:
    """The pybtex Entry for one reference: type and fields as ``to_bibtex`` maps them for
    ``dialect``, ``author`` and ``editor`` as Person lists (other name roles stay text fields,
    as pybtex's BibTeX reader keeps them), ``month`` spelled out as pybtex's macros do."""
    entry_type, fields = bibtex_entry(ref, dialect)
    entry = Entry(entry_type)
    for field, value in fields.items():
        if field in Person.valid_roles:
            continue
        entry.fields[field] = month_names.get(value, value) if field == "month" else value
    for role in Person.valid_roles:
        for name in getattr(ref, role):
            if _has_text(name):
                entry.add_person(person_from_name(name), role)
    return entry


class CslJsonParser(BaseParser):  # type: ignore[misc]  # pybtex ships no type hints
    """pybtex input plugin: a CSL-JSON array (or one item object) -> BibliographyData.

    ``dialect`` ("bibtex" or "biblatex") picks refman's field mapping; keyword arguments pybtex
    passes to every parser (``keyless_entries``, ...) are accepted and ignored.
    """

    default_suffix = CSL_JSON_SUFFIX
    unicode_io = True

    def __init__(
        self,
        encoding: str | None = None,
        wanted_entries: Iterable[str] | None = None,
        min_crossrefs: int = 2,
        dialect: str = "bibtex",
        **kwargs: Any,
    ) -> None:
        if dialect not in DIALECTS:
            raise BibliographyDataError(f"unknown BibTeX dialect {dialect!r}; choose one of {DIALECTS}")
        super().__init__(
            encoding=encoding, wanted_entries=wanted_entries, min_crossrefs=min_crossrefs, **kwargs
        )
        self.dialect = dialect

    def parse_stream(self, stream: IO[Any]) -> BibliographyData:
        """Read the CSL-JSON in ``stream`` into ``self.data``; the entry key is the item's CSL
        ``id`` as refman writes it (:func:`~refman.formats.csljson.csl_ids`: the citation key)."""
        content = stream.read()
        text = content.decode(self.encoding) if isinstance(content, bytes) else str(content)
        try:
            refs, problems = from_csl_json(text.lstrip("\ufeff"), str(self.filename or "<CSL-JSON>"))
        except InputError as exc:
            raise BibliographyDataError(f"not a CSL-JSON file: {exc}") from None
        for problem in problems:
            report_error(BibliographyDataError(str(problem)))
        for ref, key in zip(refs, csl_ids(refs), strict=True):
            self.data.add_entry(key, entry_from_reference(ref, self.dialect))
        return self.data


def _bibtex_name(person: Person) -> str:
    """``von Last, Jr, First Middle`` with an empty first part kept when there is a lineage."""
    last = " ".join(person.prelast_names + person.last_names)
    first = " ".join(person.first_names + person.middle_names)
    lineage = " ".join(person.lineage_names)
    if lineage:
        return f"{last}, {lineage}, {first}"
    return f"{last}, {first}" if first else last


def _entry_bibtex(key: str, entry: Entry) -> str:
    fields = [(role, " and ".join(_bibtex_name(p) for p in people)) for role, people in entry.persons.items()]
    fields += list(entry.fields.items())
    body = "".join(f",\n  {name} = {{{value}}}" for name, value in fields)
    safe_key = "key" if not key or BAD_KEY_CHARS.search(key) else key
    return f"@{entry.original_type}{{{safe_key}{body}\n}}\n"


def references_from_bibliography(bib_data: BibliographyData) -> list[Reference]:
    """refman References for pybtex data, read with :func:`refman.formats.bibtex_reader.from_bibtex`
    (LaTeX decoded, types and fields mapped back); the entry key becomes ``id`` and
    ``citation-key``. Problems (an unknown type, a field with unbalanced braces) go through
    pybtex's ``report_error``: raised in strict mode, warnings otherwise."""
    refs: list[Reference] = []
    for key, entry in bib_data.entries.items():
        found, problems = from_bibtex(_entry_bibtex(key, entry))
        for problem in problems:
            report_error(BibliographyDataError(f"entry {key!r}: {problem.message}"))
        refs.extend(ref.replace(id=key, citation_key=key) for ref in found[:1])
    return refs


class CslJsonWriter(BaseWriter):  # type: ignore[misc]  # pybtex ships no type hints
    """pybtex output plugin: BibliographyData -> a CSL-JSON array (refman's ``to_csl_json``)."""

    unicode_io = True

    def write_stream(self, bib_data: BibliographyData, stream: IO[str]) -> None:
        """Write ``bib_data`` to ``stream`` as CSL-JSON (the preamble has no CSL place: dropped)."""
        stream.write(to_csl_json(references_from_bibliography(bib_data)))
