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

Each name is imported when first used (PEP 562), so ``import refman`` and ``refman --help`` stay
fast: only what a program touches is loaded.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from refman._version import __version__

if TYPE_CHECKING:
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

#: Each public name -> the module that defines it (imported on first use).
_HOMES = {
    "DedupeResult": "refman.dedupe",
    "dedupe": "refman.dedupe",
    "InputError": "refman.errors",
    "RefmanError": "refman.errors",
    "extract_article": "refman.extract",
    "from_bibtex": "refman.formats.bibtex_reader",
    "to_bibtex": "refman.formats.bibtex_writer",
    "from_csl_json": "refman.formats.csljson",
    "to_csl_json": "refman.formats.csljson",
    "assign_keys": "refman.keys",
    "detect_language": "refman.lang",
    "check_links": "refman.linkcheck",
    "Article": "refman.model",
    "Citation": "refman.model",
    "Date": "refman.model",
    "Diagnostic": "refman.model",
    "Name": "refman.model",
    "Provenance": "refman.model",
    "Reference": "refman.model",
    "parse_reference": "refman.parse",
    "BuildResult": "refman.pipeline",
    "build": "refman.pipeline",
    "extract_file": "refman.pipeline",
    "ResolveReport": "refman.resolve",
    "resolve_references": "refman.resolve",
    "Settings": "refman.settings",
    "romanise": "refman.translit",
}

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


class _Package(types.ModuleType):
    """The package module, keeping its public names over its subpackages of the same name: the
    import system sets ``refman.dedupe`` to the subpackage when it is imported, and the name must
    stay the function :func:`refman.dedupe.dedupe`."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _HOMES and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use (then kept)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'refman' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
