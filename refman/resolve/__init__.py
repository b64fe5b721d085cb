"""Resolution: references -> DOIs and Crossref metadata, validated; web references described.

``crossref.py`` is the only module that imports habanero (lazily); ``match.py`` and
``mapping.py`` are pure; ``web.py`` reads web pages; ``cache.py`` is the SQLite cache;
``records.py`` holds what resolution stores on a reference (:class:`Resolution`,
:class:`WebPage`); ``resolver.py`` wires them together as :func:`resolve_references`.
"""

from __future__ import annotations

from refman.resolve.match import MatchResult, match_candidates, validate_doi_record
from refman.resolve.records import Resolution, WebPage
from refman.resolve.resolver import apply_resolution, resolve_references
from refman.resolve.stats import ResolveReport

__all__ = [
    "MatchResult",
    "Resolution",
    "ResolveReport",
    "WebPage",
    "apply_resolution",
    "match_candidates",
    "resolve_references",
    "validate_doi_record",
]
