"""refman: bibliographic references from Kazakh, Russian and English articles.

A library first; the ``refman`` command is a thin layer over these functions::

    import refman

    article = refman.extract_article(text, source="paper")      # pure: text -> Article
    ref = refman.parse_reference("Иванов И.И. Книга. – М.: Наука, 2019. – 256 с.")
    items = refman.assign_keys([article.metadata, *article.references])
    bib = refman.to_bibtex(items)                                 # BibTeX (or dialect="biblatex")
    csl = refman.to_csl_json(items)                               # CSL-JSON for Zotero
    refs, report = refman.resolve_references(items, refman.Settings.from_env())   # Crossref
    merged = refman.dedupe(refs)                                  # .items, .merges, .review
    result = refman.build("bibliography")                         # the whole job, files written
"""

from __future__ import annotations

from refman._version import __version__
from refman.dedupe import DedupeResult, dedupe
from refman.errors import InputError, RefmanError
from refman.extract import extract_article
from refman.formats.bibtex_reader import from_bibtex
from refman.formats.bibtex_writer import to_bibtex
from refman.formats.csljson import from_csl_json, to_csl_json
from refman.keys import assign_keys
from refman.lang import detect_language
from refman.linkcheck import check_links
from refman.model import Article, Citation, Date, Diagnostic, Name, Provenance, Reference
from refman.parse import parse_reference
from refman.pipeline import BuildResult, build, extract_file
from refman.resolve import ResolveReport, resolve_references
from refman.settings import Settings
from refman.translit import romanise

__all__ = [
    "Article",
    "BuildResult",
    "Citation",
    "Date",
    "DedupeResult",
    "Diagnostic",
    "InputError",
    "Name",
    "Provenance",
    "Reference",
    "RefmanError",
    "ResolveReport",
    "Settings",
    "__version__",
    "assign_keys",
    "build",
    "check_links",
    "dedupe",
    "detect_language",
    "extract_article",
    "extract_file",
    "from_bibtex",
    "from_csl_json",
    "parse_reference",
    "resolve_references",
    "romanise",
    "to_bibtex",
    "to_csl_json",
]
