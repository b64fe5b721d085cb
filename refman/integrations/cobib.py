"""coBib integration: a refman importer for coBib.

coBib discovers importer backends through the ``cobib.importers`` entry-point group (its
``cobib-plugins(7)`` and ``cobib-importers(7)`` pages); refman registers :class:`RefmanImporter`
there, so with both installed (``pip install "refman[cobib]"``)::

    cobib import --refman -- bibliography/references.json          # CSL-JSON or BibTeX
    cobib import --refman -- bibliography/references.json --biblatex

adds refman's collection to the coBib database. Entries are made by refman's one BibTeX mapping
(:func:`refman.formats.bibtex_writer.to_bibtex`) read back by coBib's own BibTeX parser, the code path of
``cobib import --bibtex``, in the form coBib saves them: labels are refman's citation keys,
authors become coBib ``Author`` records with their Cyrillic intact, the raw reference string
stays in ``refman-raw``, and other non-ASCII text is LaTeX-encoded as coBib always stores it
(``{\\cyrb}``) unless the field is listed in ``config.database.format.verbatim_fields``.

The other way, a coBib YAML database read as refman references, is
:func:`refman.formats.cobib.from_cobib_yaml` (``read_collection`` picks it for ``.yaml`` files).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from cobib.database import Author, Entry
from cobib.importers.base_importer import Importer
from cobib.parsers import BibtexParser

from refman.errors import RefmanError
from refman.formats.bibtex_tables import DIALECTS
from refman.formats.bibtex_writer import family_needs_braces, to_bibtex, with_bibtex_keys
from refman.formats.collection import parse_collection, read_collection
from refman.model import Name, Reference
from refman.store import decode_text

__all__ = ["RefmanImporter", "to_cobib_entries"]

LOGGER = logging.getLogger(__name__)


def to_cobib_entries(refs: Sequence[Reference], dialect: str = "bibtex") -> list[Entry]:
    """The references as coBib entries: ``to_bibtex(refs, dialect)`` parsed by coBib's BibtexParser.

    One entry per reference, labelled with its (unique, BibTeX-safe) citation key. Each entry is
    given in the form coBib saves and reads back (``Entry.formatted()``: non-ASCII text
    LaTeX-encoded outside ``config.database.format.verbatim_fields``, authors as ``Author``
    records), so importing the same collection again is recognised as no change. A block coBib's
    parser cannot read is logged by coBib and left out: compare the lengths to detect it.
    """
    if dialect not in DIALECTS:
        raise ValueError(f"unknown BibTeX dialect {dialect!r}; choose one of {DIALECTS}")
    if not refs:
        return []
    keyed = with_bibtex_keys(refs)
    # BibtexParser.parse first tries the string as a file name; a NUL byte would make open() raise.
    text = to_bibtex(keyed, dialect=dialect).replace("\x00", "")
    parsed = BibtexParser().parse(text)
    entries: list[Entry] = []
    for ref in keyed:
        entry = parsed.get(ref.citation_key or ref.id)
        if entry is None:
            continue
        if ref.author:
            # coBib's Author.parse splits "{Van den Akker}, Olmo" at spaces inside the braces
            # ("den" becomes a particle); structured records keep the name as refman has it.
            # (This list is what Entry's author setter stores for such values.)
            entry.data["author"] = [_cobib_author(n) for n in ref.author if n.family or n.given or n.literal]
        entries.append(entry.formatted())
    return entries


def _cobib_author(name: Name) -> str | Author:
    """A refman name as coBib holds one: an ``Author`` record, or a braced string for an
    organisation or a lone name; a family name is braced where refman's BibTeX braces it."""
    if not name.family:
        return "{" + (name.literal or name.given or "") + "}"
    family = name.family
    if family_needs_braces(family):
        family = "{" + family + "}"
    if not name.given:
        return family
    particle = " ".join(p for p in (name.dropping_particle, name.non_dropping_particle) if p)
    return Author(first=name.given, last=family, particle=particle or None, suffix=name.suffix or None)


class RefmanImporter(Importer):
    """coBib importer for a refman collection: ``cobib import --refman -- FILE [--biblatex]``.

    ``FILE`` is CSL-JSON (refman's ``references.json``) or BibTeX, ``-`` for stdin. With
    ``--biblatex`` the entries get biblatex types and fields (``online``, ``date``, ``journaltitle``)
    instead of BibTeX ones. Problems are logged; an unreadable file imports nothing.
    """

    name = "refman"

    def __init__(self, *args: str, skip_download: bool = False) -> None:
        super().__init__(*args, skip_download=skip_download)
        self._imported_entries: list[Entry] = []

    @property
    def imported_entries(self) -> list[Entry]:
        """The entries of the last :meth:`fetch`."""
        return self._imported_entries

    @imported_entries.setter
    def imported_entries(self, entries: list[Entry]) -> None:
        self._imported_entries = entries

    @classmethod
    def init_argparser(cls) -> None:
        """The importer's arguments: the collection file and ``--biblatex``."""
        parser = argparse.ArgumentParser(
            prog="refman",
            description="refman importer: a refman collection (CSL-JSON or BibTeX) into coBib.",
            epilog="refman's citation keys become coBib labels; see refman.integrations.cobib.",
        )
        parser.add_argument("file", type=str, help="refman's references.json (or a .bib file); - for stdin")
        parser.add_argument(
            "--biblatex", action="store_true", help="biblatex entry types and fields instead of BibTeX ones"
        )
        cls.argparser = parser

    async def fetch(self) -> list[Entry]:
        """Read the collection and turn it into coBib entries (nothing to download)."""
        name: str = self.largs.file
        try:
            if name == "-":
                refs, problems = parse_collection(name, decode_text(sys.stdin.buffer.read(), "<stdin>"))
            else:
                refs, problems = read_collection(name)
        except RefmanError as exc:
            LOGGER.error("refman import: %s", exc)
            self.imported_entries = []
            return self.imported_entries
        for problem in problems:
            LOGGER.warning("refman import: %s: %s", name, problem)
        entries = to_cobib_entries(refs, dialect="biblatex" if self.largs.biblatex else "bibtex")
        if len(entries) != len(refs):
            LOGGER.error(
                "refman import: coBib read %d of the %d references in %s", len(entries), len(refs), name
            )
        self.imported_entries = entries
        return self.imported_entries
