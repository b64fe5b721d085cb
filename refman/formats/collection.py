"""What kind of collection file this is, by one rule, and the references it holds.

The rule (:func:`collection_kind`): a known suffix decides, the content otherwise.

* Suffixes: ``.json`` ``.csljson`` ``.csl-json`` ``.csl`` are CSL-JSON; ``.bib`` ``.bibtex``
  ``.biblatex`` BibTeX; ``.yaml`` ``.yml`` a coBib database; ``.txt`` ``.md`` ``.html`` ``.tex``
  ... a document (an article, a list of links), not a collection.
* Content: a first non-blank character ``[`` or ``{`` is CSL-JSON, a first non-blank line ``---``
  (a YAML document start) a coBib database, a line starting ``@type{`` BibTeX.

A file whose suffix says one kind and whose content another is refused with an
:class:`~refman.errors.InputError` naming the file. :func:`parse_collection` reads text with
the reader of its kind; :func:`read_collection` reads the file first (the one function of
:mod:`refman.formats` that touches a file).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from refman.bulk import collector_paused
from refman.errors import InputError, Problem
from refman.formats.bibtex_reader import from_bibtex
from refman.formats.csljson import from_csl_json
from refman.model import Reference
from refman.store import read_text

__all__ = [
    "CSL_JSON_SUFFIX",
    "DOCUMENT_SUFFIXES",
    "SUFFIX_KINDS",
    "Kind",
    "collection_kind",
    "parse_collection",
    "read_collection",
]

Kind = Literal["csl-json", "bibtex", "cobib-yaml"]

#: The suffix of a CSL-JSON file refman writes (and names to pybtex).
CSL_JSON_SUFFIX = ".json"
#: File suffix -> the kind of collection it names.
SUFFIX_KINDS: dict[str, Kind] = {
    CSL_JSON_SUFFIX: "csl-json",
    ".csljson": "csl-json",
    ".csl-json": "csl-json",
    ".csl": "csl-json",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".biblatex": "bibtex",
    ".yaml": "cobib-yaml",
    ".yml": "cobib-yaml",
}
#: Suffixes of documents (articles, lists of links): never a collection, whatever they hold.
DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".rst", ".html", ".htm", ".tex"})

_NAMES: dict[Kind, str] = {"csl-json": "CSL-JSON", "bibtex": "BibTeX", "cobib-yaml": "a coBib YAML database"}
_BIBTEX_ENTRY = re.compile(r"^[ \t]*@[A-Za-z]+\s*[{(]", re.MULTILINE)
_YAML_START = re.compile(r"---[ \t]*(?:\n|$)")


def _display(name: str) -> str:
    return "<stdin>" if name == "-" else name


def _content_kind(text: str) -> Kind | None:
    head = text.lstrip()
    if head.startswith(("[", "{")):
        return "csl-json"
    if _YAML_START.match(head):
        return "cobib-yaml"
    if _BIBTEX_ENTRY.search(text):
        return "bibtex"
    return None


def collection_kind(name: str, text: str) -> Kind | None:
    """The kind of collection in file ``name`` (``-`` for stdin) holding ``text``; None for a
    document or for text that is no collection. Raises :class:`~refman.errors.InputError` when
    the suffix and the content disagree."""
    suffix = Path(name).suffix.lower() if name != "-" else ""
    if suffix in DOCUMENT_SUFFIXES:
        return None
    named = SUFFIX_KINDS.get(suffix)
    found = _content_kind(text)
    if named is not None and found is not None and named != found:
        raise InputError(name, f"named {suffix} ({_NAMES[named]}) but its content reads as {_NAMES[found]}")
    return named or found


def parse_collection(name: str, text: str) -> tuple[list[Reference], list[Problem]]:
    """The references in ``text``, the content of file ``name`` (``-`` for stdin), read as its
    :func:`collection_kind` says, and the problems met (each naming the file, the item and the
    field; the item kept with the field set aside, or skipped). Raises
    :class:`~refman.errors.InputError` naming the file when it is no collection or malformed."""
    with collector_paused():
        return _parse(name, text)


def _parse(name: str, text: str) -> tuple[list[Reference], list[Problem]]:
    kind = collection_kind(name, text)
    where = _display(name)
    if kind is None:
        raise InputError(where, "not a collection: expected CSL-JSON, BibTeX or a coBib YAML database")
    if kind == "csl-json":
        return from_csl_json(text, where)
    if kind == "bibtex":
        return from_bibtex(text, where)
    try:
        from refman.formats.cobib import from_cobib_yaml
    except ImportError:
        why = 'a coBib database: reading it needs coBib (pip install "refman[cobib]")'
        raise InputError(where, why) from None
    return from_cobib_yaml(text, where)


def read_collection(path: str | Path) -> tuple[list[Reference], list[Problem]]:
    """The references of the collection file at ``path`` (CSL-JSON, BibTeX or a coBib YAML
    database, told apart by :func:`collection_kind`) and the problems met. Raises
    :class:`~refman.errors.InputError` naming the file when it is missing, unreadable, no
    collection or malformed."""
    return parse_collection(str(path), read_text(path))
