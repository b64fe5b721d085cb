"""The labeller's label set and the tables that map other corpora's labels to it (data, pure).

The CRF labels every token of a reference with one of :data:`LABELS`. They follow AnyStyle's
set (so its corpora need no relabelling): ``volume`` holds the volume *and* issue ("Т. 5, № 2",
"12(3)"), ``pages`` the page range or the number of pages ("С. 10–20", "256 с."), ``journal`` a
periodical and ``container-title`` a book or proceedings. refman adds ``accessed`` for GOST
access dates ("(дата обращения: 12.03.2024)"). :data:`CSL_FIELD` maps each label to the CSL
variable it becomes; :func:`align` turns a labelled string (text + segments) into token labels.
"""

from __future__ import annotations

from collections.abc import Sequence

from refman.parse.tokens import Token, tokenize

__all__ = [
    "ANYSTYLE_LABELS",
    "CSL_FIELD",
    "LABELS",
    "OTHER",
    "align",
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


_OPENERS = "([{«“„‘<№"


def align(text: str, segments: Sequence[tuple[str, str]]) -> tuple[list[Token], list[str]] | None:
    """Tokens of ``text`` and one label each, from segments ``(label, text)`` in order.

    A token takes the label of most of its letters and digits. Text labelled :data:`OTHER`
    joins a neighbour: words ("pp.", "In") and opening brackets the next field, other
    punctuation the previous one. Returns None when the segments do not match the text.
    """
    chars: list[str | None] = [None] * len(text)
    pos = 0
    for label, seg in segments:
        seg = seg.strip()
        if not seg:
            continue
        at = text.find(seg, pos)
        if at < 0 or text[pos:at].strip():
            return None
        for k in range(at, at + len(seg)):
            if not text[k].isspace():
                chars[k] = label
        pos = at + len(seg)
    if text[pos:].strip():
        return None
    tokens = tokenize(text)
    raw: list[str] = []
    for tok in tokens:
        votes: dict[str, int] = {}
        for k in range(tok.start, tok.end):
            lab = chars[k]
            if lab is not None and lab != OTHER and text[k].isalnum():
                votes[lab] = votes.get(lab, 0) + 1
        if votes:
            raw.append(max(votes, key=lambda key: votes[key]))
            continue
        span = chars[tok.start : tok.end]
        labs = [lab for lab in span if lab is not None and lab != OTHER]
        if labs and OTHER not in span:
            raw.append(labs[0])
        elif any(ch.isalnum() for ch in tok.text) or tok.text[:1] in _OPENERS:
            raw.append("+")  # joins the next field
        else:
            raw.append("-")  # joins the previous field
    n = len(tokens)
    following = [""] * n
    nxt = ""
    for i in range(n - 1, -1, -1):
        following[i] = nxt
        if raw[i] not in ("+", "-"):
            nxt = raw[i]
    labels: list[str] = []
    prev = ""
    for i in range(n):
        if raw[i] == "+":
            lab = following[i] or prev
        elif raw[i] == "-":
            lab = prev or following[i]
        else:
            lab = raw[i]
        labels.append(lab)
        prev = lab or prev
    if not all(labels):
        return None
    return tokens, labels
