"""Exporters: CSL-JSON (canonical) and BibTeX/biblatex. Pure: values in, ``str`` out."""

from __future__ import annotations

from refman.export.bibtex import from_bibtex, to_bibtex
from refman.export.csljson import from_csl_json, to_csl_json

__all__ = ["from_bibtex", "from_csl_json", "to_bibtex", "to_csl_json"]
