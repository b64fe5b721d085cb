"""refman: bibliographic references from Kazakh, Russian and English articles.

A library first; the ``refman`` command is a thin layer over these functions::

    import refman

    article = refman.extract_article(text, source="paper")      # pure: text -> Article
    ref = refman.parse_reference("Иванов И.И. Книга. – М.: Наука, 2019. – 256 с.")
    items = refman.assign_keys([article.metadata, *article.references])
    bib = refman.to_bibtex(items)                                 # BibTeX (or dialect="biblatex")
    csl = refman.to_csl_json(items)                               # CSL-JSON for Zotero
    result = refman.build("bibliography")                         # the whole job, files written
"""

from __future__ import annotations

__version__ = "0.1.0"

from refman.errors import InputError, RefmanError
from refman.export.bibtex import from_bibtex, to_bibtex
from refman.export.csljson import from_csl_json, to_csl_json
from refman.extract import extract_article
from refman.keys import assign_keys
from refman.lang import detect_language
from refman.model import Article, Citation, Date, Diagnostic, Name, Provenance, Reference
from refman.parse import parse_reference
from refman.pipeline import BuildResult, build, extract_file
from refman.translit import romanise

__all__ = [
    "Article",
    "BuildResult",
    "Citation",
    "Date",
    "Diagnostic",
    "InputError",
    "Name",
    "Provenance",
    "Reference",
    "RefmanError",
    "__version__",
    "assign_keys",
    "build",
    "detect_language",
    "extract_article",
    "extract_file",
    "from_bibtex",
    "from_csl_json",
    "parse_reference",
    "romanise",
    "to_bibtex",
    "to_csl_json",
]
