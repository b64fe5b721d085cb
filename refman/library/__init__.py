"""The persistent library of a build folder (``DIR/library.sqlite``): stable ids, pinned citation
keys, a person's decisions with their history, the items people added, and the last output
generation. ``references.json``, ``references.bib`` and ``report.*`` are views of it.

- :mod:`~refman.library.identity` (pure): identities, reconciling extracted references by content,
  naming merged clusters by their oldest member;
- :mod:`~refman.library.decisions` (pure): decisions, the history folded, applied to items;
- :mod:`~refman.library.store`: the store interface and its SQLite implementation (the only SQL);
- :mod:`~refman.library.folder`: the writer lock, the output generation, repairs;
- :mod:`~refman.library.library`: :class:`Library`, what commands and the TUI open.
"""

from refman.library.decisions import (
    EDITABLE,
    Decision,
    LibraryState,
    PersonRecord,
    apply_decisions,
    edit_value,
    state_of,
    with_key_records,
    with_machine_doi,
)
from refman.library.identity import Identity, Reconciled, label, reconcile, stable_cluster_ids
from refman.library.library import AddResult, Library, who_am_i
from refman.library.store import LibraryStore, SqliteStore

__all__ = [
    "EDITABLE",
    "AddResult",
    "Decision",
    "Identity",
    "Library",
    "LibraryState",
    "LibraryStore",
    "PersonRecord",
    "Reconciled",
    "SqliteStore",
    "apply_decisions",
    "edit_value",
    "label",
    "reconcile",
    "stable_cluster_ids",
    "state_of",
    "who_am_i",
    "with_key_records",
    "with_machine_doi",
]
