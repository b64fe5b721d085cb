"""The CSL-JSON schema as data, and the one table of foreign item types (pure).

The schema is csl-data.json of CSL 1.0.2: :data:`CSL_TYPES` and the variables by the kind of
their values. :data:`TYPE_ALIASES` maps the type names other sources write (Crossref's work
types, BibTeX and biblatex entry types, older CSL spellings) to CSL types; :func:`csl_type`
reads any of them. The BibTeX writer's own direction (CSL -> entry type) is
:data:`refman.formats.bibtex_tables.CSL_TO_BIBTEX_TYPE`.
"""

from __future__ import annotations

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
