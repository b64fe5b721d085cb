"""The BibTeX <-> CSL mapping as data: entry types, fields, languages (each pinned by a golden test).

The writer (:mod:`refman.formats.bibtex_writer`) reads these tables left to right, the reader
(:mod:`refman.formats.bibtex_reader`) right to left.
"""

from __future__ import annotations

import re

__all__ = [
    "ARTICLE_TYPES",
    "BAD_KEY_CHARS",
    "BIBTEX_TO_CSL_TYPE",
    "CLASSIC_TYPES",
    "CONTAINER_FIELD",
    "CORPORATE_FIELDS",
    "CSL_EXTRA_FIELD",
    "CSL_TO_BIBTEX_FIELD",
    "CSL_TO_BIBTEX_TYPE",
    "DEFAULT_TYPE",
    "DIALECTS",
    "ENTRYSUBTYPE",
    "FIELD_ORDER",
    "LANGID",
    "LANGID_TO_CODE",
    "MONTHS",
    "PAGE_DASH",
    "PUBLISHER_FIELD",
    "RAW_FIELD",
    "SENTENCE_CASED_FIELDS",
    "VERBATIM_FIELDS",
]

#: The two .bib dialects refman writes and reads.
DIALECTS = ("bibtex", "biblatex")
#: The field that keeps the raw reference string (``custom.refman.raw``); BibTeX and biber ignore it.
RAW_FIELD = "refman-raw"
#: Characters BibTeX cannot take in an entry key, or LaTeX could misread in ``\bibitem{key}``
#: (``^^5c`` is a backslash; ``$`` and ``&`` are math and alignment).
BAD_KEY_CHARS = re.compile(r"[\s,{}()\"#%~\\'=^$&\x00-\x1f\x7f-\x9f]")

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
    "thesis": ("phdthesis", "phdthesis"),
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
#: The entry types classic BibTeX styles (plain, plainnat, unsrt...) know; the bibtex dialect
#: writes no other.
CLASSIC_TYPES = frozenset(
    {
        *("article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings"),
        *("manual", "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished"),
    }
)
#: CSL type -> the ``entrysubtype`` that keeps it where the entry type alone would not bring it
#: back (biblatex's own words for magazines and newspapers; the CSL type name, "_" as "-",
#: otherwise).
ENTRYSUBTYPE: dict[str, str] = {"article-magazine": "magazine", "article-newspaper": "newspaper"}
#: The entry types of a CSL type the table does not list.
DEFAULT_TYPE: tuple[str, str] = ("misc", "misc")

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

#: Title fields that pandoc's .bib reader puts in sentence case unless the entry's ``langid``
#: says it is not English (as BibTeX styles do to article titles): the writer braces their
#: capitals, so every reader prints them as the CSL-JSON has them.
SENTENCE_CASED_FIELDS = frozenset(
    {"title", "booktitle", "maintitle", "series", "shorttitle", "eventtitle", "origtitle"}
)

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
CSL_TO_BIBTEX_FIELD: dict[str, tuple[str, str]] = {
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

#: CSL variables with no field above that have a biblatex field of their own; every other CSL
#: variable is written to a field of its own name in lower case (``source``, ``version``,
#: ``journalabbreviation``), which BibTeX and biber ignore and the reader reads back.
CSL_EXTRA_FIELD: dict[str, str] = {
    "original-title": "origtitle",
    "original-date": "origdate",
    "original-publisher": "origpublisher",
    "original-publisher-place": "origlocation",
    "event-date": "eventdate",
    "number-of-volumes": "volumes",
    "container-author": "bookauthor",
    "chapter-number": "chapter",
}
#: Fields that biblatex reads as lists split at "and": a corporate "and" in them is braced.
CORPORATE_FIELDS = frozenset({"publisher", "institution", "school", "organization", "location", "address"})

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
    "day",
    "date",
    "urldate",
    "isbn",
    "issn",
    "doi",
    "pmid",
    "url",
    "langid",
    "language",
    "keywords",
    "abstract",
    "note",
    "key",
    "entrysubtype",
    RAW_FIELD,
)

#: BibTeX's month macros, January first.
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: CSL types whose issue BibTeX keeps in ``number``.
ARTICLE_TYPES = frozenset(
    {"article", "article-journal", "article-magazine", "article-newspaper", "periodical"}
)

#: A page-range dash as written (``-``, ``--``, en or em dash, a run of them), with the spaces around.
PAGE_DASH = re.compile(r"\s*[-–—‒]+\s*")
