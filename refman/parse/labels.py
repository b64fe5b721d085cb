"""The labeller's label set and the tables that map other corpora's labels to it (data, pure).

The CRF labels every token of a reference with one of :data:`LABELS`. They follow AnyStyle's
set (so its corpora need no relabelling): ``volume`` holds the volume *and* issue ("Т. 5, № 2",
"12(3)"), ``pages`` the page range or the number of pages ("С. 10–20", "256 с."), ``journal`` a
periodical and ``container-title`` a book or proceedings. refman adds ``accessed`` for GOST
access dates ("(дата обращения: 12.03.2024)"). :data:`CSL_FIELD` maps each label to the CSL
variable it becomes; :func:`grobid_label` reads GROBID's TEI tags.
"""

from __future__ import annotations

__all__ = [
    "ANYSTYLE_LABELS",
    "CSL_FIELD",
    "LABELS",
    "OTHER",
    "grobid_label",
]

LABELS: tuple[str, ...] = (
    "author",
    "editor",
    "translator",
    "title",
    "journal",
    "container-title",
    "collection-title",
    "date",
    "volume",
    "pages",
    "publisher",
    "location",
    "edition",
    "genre",
    "note",
    "url",
    "doi",
    "isbn",
    "medium",
    "citation-number",
    "accessed",
)

OTHER = "<other>"
"""Text between fields (punctuation, "pp.", "In"): it joins a neighbouring field when aligned."""

# AnyStyle XML/JSONL label -> our label.
ANYSTYLE_LABELS: dict[str, str] = {label: label for label in LABELS}
ANYSTYLE_LABELS.update({"source": "journal", "director": "author", "producer": "editor"})

# Our label -> the CSL variable it fills (evaluation compares in this space).
CSL_FIELD: dict[str, str] = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "title": "title",
    "journal": "container-title",
    "container-title": "container-title",
    "collection-title": "collection-title",
    "date": "issued",
    "volume": "volume",
    "pages": "page",
    "publisher": "publisher",
    "location": "publisher-place",
    "edition": "edition",
    "genre": "genre",
    "note": "note",
    "url": "URL",
    "doi": "DOI",
    "isbn": "ISBN",
    "medium": "medium",
    "citation-number": "citation-number",
    "accessed": "accessed",
}

_GROBID: dict[str, str] = {
    "author": "author",
    "authors": "author",
    "editor": "editor",
    "date": "date",
    "title[@level=a]": "title",
    "title[@level=j]": "journal",
    "title[@level=j][@type=short]": "journal",
    "title[@level=s]": "collection-title",
    "title": "title",
    "publisher": "publisher",
    "publishe": "publisher",
    "pubPlace": "location",
    "pubplace": "location",
    "idno[@type=DOI]": "doi",
    "idno[@type=ISBN]": "isbn",
    "idno[@type=isbn]": "isbn",
    "idno[@type=ISSN]": "isbn",
    "idno[@type=issn]": "isbn",
    "ptr[@type=web]": "url",
    "note[@type=report]": "genre",
    "orgName": "publisher",
    "orgName[@type=collaboration]": "author",
    "lb": OTHER,
    "<other>": OTHER,
}


def grobid_label(tag: str, has_article_title: bool) -> str:
    """Our label for a GROBID citation TEI tag (``title[@level=m]`` depends on the sequence)."""
    if tag in _GROBID:
        return _GROBID[tag]
    if tag.startswith("title[@level=m]") or tag == "title[@type=m]":
        return "container-title" if has_article_title else "title"
    if tag.startswith("biblScope"):
        return "pages" if ("pp" in tag or "page" in tag) else "volume"
    return "note"
