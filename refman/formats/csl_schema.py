"""The CSL-JSON schema as data, and the one table of foreign item types (pure).

The schema is csl-data.json of CSL 1.0.2: :data:`CSL_TYPES` and the variables by the kind of
their values; :func:`clean_rich_text` makes text CSL rich text (what Crossref's HTML entities and
JATS tags mean). :data:`TYPE_ALIASES` maps the type names other sources write (Crossref's work
types, BibTeX and biblatex entry types, older CSL spellings) to CSL types; :func:`csl_type`
reads any of them. The BibTeX writer's own direction (CSL -> entry type) is
:data:`refman.formats.bibtex_tables.CSL_TO_BIBTEX_TYPE`.
"""

from __future__ import annotations

import html
import re

from refman.formats.bibtex_tables import BIBTEX_TO_CSL_TYPE

__all__ = [
    "CROSSREF_TYPES",
    "CSL_TYPES",
    "DATE_VARIABLES",
    "NAME_FLAG_PARTS",
    "NAME_TEXT_PARTS",
    "NAME_VARIABLES",
    "TEXT_OR_NUMBER_VARIABLES",
    "TEXT_VARIABLES",
    "TYPE_ALIASES",
    "VERBATIM_VARIABLES",
    "clean_rich_text",
    "csl_type",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CSL_TYPES = _words(
    """
    article article-journal article-magazine article-newspaper bill book broadcast chapter
    classic collection dataset document entry entry-dictionary entry-encyclopedia event
    figure graphic hearing interview legal_case legislation manuscript map motion_picture
    musical_score pamphlet paper-conference patent performance periodical
    personal_communication post post-weblog regulation report review review-book software
    song speech standard thesis treaty webpage
    """
)
TEXT_VARIABLES = _words(
    """
    citation-key language journalAbbreviation shortTitle abstract annote archive
    archive_collection archive_location archive-place authority call-number citation-label
    collection-title container-title container-title-short dimensions division DOI event
    event-title event-place genre ISBN ISSN jurisdiction keyword medium note
    original-publisher original-publisher-place original-title part-title PMCID PMID
    publisher publisher-place references reviewed-genre reviewed-title scale section source
    status title title-short URL version volume-title volume-title-short year-suffix
    """
)
TEXT_OR_NUMBER_VARIABLES = _words(
    """
    chapter-number citation-number collection-number edition first-reference-note-number
    issue locator number number-of-pages number-of-volumes page page-first part printing
    supplement volume
    """
)
NAME_VARIABLES = _words(
    """
    author chair collection-editor compiler composer container-author contributor curator
    director editor editorial-director executive-producer guest host interviewer illustrator
    narrator organizer original-author performer producer recipient reviewed-author
    script-writer series-creator translator
    """
)
DATE_VARIABLES = _words("accessed available-date event-date issued original-date submitted")
NAME_TEXT_PARTS = _words("family given dropping-particle non-dropping-particle suffix literal")
NAME_FLAG_PARTS = _words("comma-suffix static-ordering parse-names")

#: Crossref work type -> CSL item type (Crossref's own transform, CSL 1.0.2 names).
CROSSREF_TYPES: dict[str, str] = {
    "journal-article": "article-journal",
    "proceedings-article": "paper-conference",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "book-track": "chapter",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-series": "book",
    "proceedings": "book",
    "proceedings-series": "book",
    "report": "report",
    "report-component": "report",
    "report-series": "report",
    "dissertation": "thesis",
    "dataset": "dataset",
    "database": "dataset",
    "standard": "standard",
    "standard-series": "standard",
    "posted-content": "article",
    "peer-review": "review",
    "reference-entry": "entry",
    "journal": "periodical",
    "journal-issue": "periodical",
    "journal-volume": "periodical",
    "component": "document",
    "grant": "document",
    "other": "document",
}
#: Type names of older CSL versions and of tools that misspell CSL (CSL 1.0.2 says a preprint
#: is an "article").
_OLD_CSL_TYPES: dict[str, str] = {
    "preprint": "article",
    "conference-paper": "paper-conference",
    "paper_conference": "paper-conference",
    "journal_article": "article-journal",
    "personal-communication": "personal_communication",
    "legal-case": "legal_case",
    "motion-picture": "motion_picture",
    "musical-score": "musical_score",
    "post_weblog": "post-weblog",
    "entry_dictionary": "entry-dictionary",
    "entry_encyclopedia": "entry-encyclopedia",
    "review_book": "review-book",
    "web-page": "webpage",
    "web_page": "webpage",
    "misc": "document",
}
#: Any foreign item type name -> CSL type: the ONE table every CSL-JSON reader and writer uses.
#: CSL's own names map to themselves and come first (BibTeX's ``article`` is a CSL type too).
TYPE_ALIASES: dict[str, str] = {
    **BIBTEX_TO_CSL_TYPE,
    **CROSSREF_TYPES,
    **_OLD_CSL_TYPES,
    **{name: name for name in CSL_TYPES},
}


def csl_type(name: object) -> str | None:
    """The CSL type a source's type ``name`` stands for (any case), or None when unknown."""
    if not isinstance(name, str):
        return None
    return TYPE_ALIASES.get(name) or TYPE_ALIASES.get(name.strip().lower())


#: Text variables that hold identifiers and addresses, written as they are.
VERBATIM_VARIABLES = _words("citation-key DOI ISBN ISSN PMCID PMID URL")

_HTML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: JATS and HTML tags in Crossref's titles -> the CSL rich-text tag they mean ("" drops the tag).
_TAGS = {
    "italic": "i",
    "em": "i",
    "bold": "b",
    "strong": "b",
    "scp": "sc",
    "sc": "sc",
    "sub": "sub",
    "sup": "sup",
}
_TAG = re.compile(r"<(/?)(?:jats:)?([a-zA-Z]+)(?:\s[^<>]*)?>")


def _tag(match: re.Match[str]) -> str:
    name = match.group(2).lower()
    if name in ("i", "b", "span"):
        return match.group(0)
    tag = _TAGS.get(name)
    return f"<{match.group(1)}{tag}>" if tag else ""


def clean_rich_text(text: str | None) -> str | None:
    """Text as CSL rich text, what every reader of a .bib or CSL-JSON prints as meant: HTML
    entities (``&amp;`` as Crossref sends them, ``&amp;lt;`` too) decoded, JATS tags
    (``<jats:italic>``, ``<scp>``) made CSL's tags or dropped, U+FFFD (a character lost before
    refman saw it) dropped."""
    if text is None or not ("&" in text or "<" in text or "\ufffd" in text):
        return text
    for _ in range(3):  # "&amp;amp;" was escaped twice
        text = _HTML_ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return _TAG.sub(_tag, text).replace("\ufffd", "")
