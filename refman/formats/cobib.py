"""coBib's YAML databases as refman references (pure; needs coBib: ``pip install "refman[cobib]"``).

A database (``config.database.file``) is read by coBib's ``YAMLParser`` and written out by coBib's
BibTeX dumper; :func:`~refman.formats.bibtex_reader.from_bibtex` reads that. coBib stores
non-ASCII text LaTeX-encoded (``{\\cyrb}``, ``{\\"o}``, ...; see ``config.database.format``);
refman's LaTeX decoder reads those commands (T2A Cyrillic included) like any other LaTeX.
"""

from __future__ import annotations

from collections.abc import Iterable

from cobib.database import Entry
from cobib.parsers import BibtexParser, YAMLParser
from ruamel.yaml.error import YAMLError

from refman.formats.bibtex_reader import from_bibtex
from refman.model import Reference

__all__ = ["from_cobib_entries", "from_cobib_yaml"]


def from_cobib_entries(entries: Iterable[Entry]) -> tuple[list[Reference], list[str]]:
    """coBib entries as refman references, through coBib's BibTeX dumper and ``from_bibtex``.

    coBib-only fields (``tags``, ``file``, ``notes``) land in ``custom.refman.bibtex``, as any
    unknown BibTeX field does. Returns the references and the problems met.
    """
    dumper = BibtexParser(encode_latex=False)
    text = "\n".join(dumper.dump(entry) for entry in entries)
    return from_bibtex(text)


def from_cobib_yaml(text: str) -> tuple[list[Reference], list[str]]:
    """The references of a coBib YAML database, given its text, and the problems met.

    Raises ValueError when the text is not YAML, or not documents that map labels to entries.
    """
    try:
        entries = YAMLParser().parse(text)
    except YAMLError as exc:
        raise ValueError(f"not valid YAML: {exc}") from None
    except (OSError, TypeError, AttributeError):
        # coBib's parser first takes the text for a file name; when the YAML is not a mapping of
        # labels to entries it gives up with that attempt's error.
        raise ValueError("not a coBib database: each YAML document must map a label to an entry") from None
    return from_cobib_entries(entries.values())
