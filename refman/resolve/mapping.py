"""Crossref work record -> CSL-JSON item, as data tables (pure).

The tables follow Crossref's own CSL transform (``/works/{doi}/transform/application/
vnd.citationstyles.csl+json``): a Crossref ``type`` maps to a CSL ``type`` through
:data:`refman.formats.csl_schema.CROSSREF_TYPES`, and each CSL variable is read from one or more
Crossref keys through :data:`FIELDS` (first non-empty value wins). Golden tests pin both tables
on real records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from refman.formats.csl_schema import CROSSREF_TYPES
from refman.identifiers import normalise_doi
from refman.model import Reference, fitting
from refman.resolve.records import Update

__all__ = [
    "FIELDS",
    "NAME_FIELDS",
    "agency_csl_fields",
    "crossref_relation",
    "crossref_subtitle",
    "crossref_to_csl",
    "crossref_updates",
    "strip_markup",
]


def strip_markup(text: str) -> str:
    """Remove JATS/HTML tags (``<i>``, ``<jats:sub>``) and squeeze whitespace."""
    return " ".join(re.sub(r"<[^<>]{1,80}>", "", text).split())


def _first_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = strip_markup(str(value))
        return text or None
    return None


def _date(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    parts = value.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return None
    first = [p for p in parts[0] if isinstance(p, int) and not isinstance(p, bool)]
    return {"date-parts": [first]} if first else None


def _doi(value: Any) -> str | None:
    return normalise_doi(value) if isinstance(value, str) else None


def _text(value: Any) -> str | None:
    return _first_text(value)


#: CSL variable -> (Crossref keys tried in order, converter). Values a record lacks are left out.
FIELDS: dict[str, tuple[tuple[str, ...], Callable[[Any], Any]]] = {
    "title": (("title",), _text),
    "container-title": (("container-title",), _text),
    "container-title-short": (("short-container-title",), _text),
    "collection-title": (("group-title",), _text),
    "original-title": (("original-title",), _text),
    "volume": (("volume",), _text),
    "issue": (("issue",), _text),
    "page": (("page",), _text),
    "number": (("article-number",), _text),
    "edition": (("edition-number",), _text),
    "publisher": (("publisher",), _text),
    "publisher-place": (("publisher-location",), _text),
    "ISSN": (("ISSN",), _text),
    "ISBN": (("ISBN",), _text),
    "language": (("language",), _text),
    "DOI": (("DOI",), _doi),
    "issued": (("issued", "published-print", "published-online", "published"), _date),
}

#: CSL name variable -> Crossref contributor key.
NAME_FIELDS: dict[str, str] = {"author": "author", "editor": "editor", "translator": "translator"}


def _name(person: Any) -> dict[str, str] | None:
    if not isinstance(person, Mapping):
        return None
    out: dict[str, str] = {}
    for csl_key, cr_key in (("family", "family"), ("given", "given"), ("suffix", "suffix")):
        value = person.get(cr_key)
        if isinstance(value, str) and value.strip():
            out[csl_key] = value.strip()
    if "family" not in out:
        literal = person.get("name")
        if isinstance(literal, str) and literal.strip():
            return {"literal": literal.strip()}
        if "given" in out:  # a mononym deposited as given only
            return {"literal": out["given"]}
        return None
    return out


def crossref_to_csl(record: Mapping[str, Any]) -> dict[str, Any]:
    """The CSL-JSON fields of a Crossref work ``message`` (no ``id``; ``type`` always set), each
    of the shape the model holds (values that do not fit are left out)."""
    out: dict[str, Any] = {"type": CROSSREF_TYPES.get(str(record.get("type", "")), "document")}
    for csl_key, (cr_keys, convert) in FIELDS.items():
        for cr_key in cr_keys:
            value = convert(record.get(cr_key))
            if value is not None:
                out[csl_key] = value
                break
    for csl_key, cr_key in NAME_FIELDS.items():
        people = record.get(cr_key)
        if isinstance(people, list):
            names = [n for n in (_name(p) for p in people) if n is not None]
            if names:
                out[csl_key] = names
    event = record.get("event")
    if isinstance(event, Mapping) and isinstance(event.get("name"), str):
        out["event-title"] = strip_markup(event["name"])
    return fitting(out)


def agency_csl_fields(item: Mapping[str, Any]) -> dict[str, Any]:
    """The CSL-JSON fields of a work another agency (DataCite, mEDRA...) gave by content
    negotiation, read through the model (:meth:`Reference.from_csl_checked`: what does not fit is
    left out) and kept to the fields a Crossref work gives (:data:`FIELDS`, names, ``type``); the
    DOI normalised."""
    ref, _unfit = Reference.from_csl_checked(dict(item))
    keep = {"type", *FIELDS, *NAME_FIELDS}
    out = {k: v for k, v in ref.to_csl().items() if k in keep}
    doi = normalise_doi(str(out.get("DOI", "")))
    if doi:
        out["DOI"] = doi
    return out


def crossref_relation(record: Mapping[str, Any]) -> dict[str, list[dict[str, str]]]:
    """The work's ``relation`` (``is-preprint-of``, ``has-preprint``, ``is-version-of`` ...) as
    Crossref gives it, entries without an ``id`` dropped; CSL-JSON keeps it in
    ``custom.relation``, where :mod:`refman.dedupe` reads it."""
    relation = record.get("relation")
    out: dict[str, list[dict[str, str]]] = {}
    if not isinstance(relation, Mapping):
        return out
    for kind, entries in relation.items():
        kept = [
            {k: str(v) for k, v in e.items() if k in ("id-type", "id", "asserted-by")}
            for e in (entries if isinstance(entries, list) else [])
            if isinstance(e, Mapping) and isinstance(e.get("id"), str) and e["id"].strip()
        ]
        if kept:
            out[str(kind)] = kept
    return out


def crossref_subtitle(record: Mapping[str, Any]) -> str | None:
    """The work's subtitle, if Crossref has one (CSL has no subtitle variable, and publishers
    deposit decks and catalogue numbers there too, so it is not put into the title here)."""
    return _first_text(record.get("subtitle"))


def crossref_updates(record: Mapping[str, Any]) -> list[Update]:
    """The Crossmark updates of a work: ``updated-by`` (notices about it: corrections,
    retractions...) and ``update-to`` (the works a notice updates); notices pointing at the work
    itself (a ``new_version`` of the same DOI) are left out."""
    own = _doi(record.get("DOI"))
    out: list[Update] = []
    for relation in ("updated-by", "update-to"):
        entries = record.get(relation)
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if not isinstance(entry, Mapping):
                continue
            doi = _doi(entry.get("DOI"))
            kind = entry.get("type")
            if not isinstance(kind, str) or not kind or doi == own:
                continue
            date = _date(entry.get("updated"))
            out.append(Update(relation, kind, doi, tuple(date["date-parts"][0]) if date else ()))
    return out
