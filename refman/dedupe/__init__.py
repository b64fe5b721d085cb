"""Find and merge duplicate references, safely for Cyrillic, with every merge explained (pure).

The method, for ``n`` references, one module a stage:

1. :mod:`~refman.dedupe.records`: each reference folded once into a
   :class:`~refman.dedupe.records.Record` (DOI and its version family, ISBN-13, arXiv id, title
   variants that are the same for a Cyrillic title and its romanisations, authors, year, venue,
   volume, pages, type, edition and flags).
2. :mod:`~refman.dedupe.clustering`: blocking picks the candidate pairs (near-linear).
3. :mod:`~refman.dedupe.rules`: the rules, a table read top to bottom, give each candidate pair
   a verdict (:class:`~refman.dedupe.verdict.PairVerdict`): ``same``, ``maybe`` (goes to the review
   list, never merged) or ``different``, with the rule and the evidence
   (:mod:`~refman.dedupe.evidence`).
4. :mod:`~refman.dedupe.clustering`: union-find over ``same`` pairs, strongest first, refusing
   unions across hard conflicts; a person's rulings (:class:`~refman.rulings.Ruling`) win.
5. :mod:`~refman.dedupe.merge`: one item per cluster, with
   :class:`~refman.dedupe.result.MergedFrom` and :class:`~refman.dedupe.result.MergeRecord` on it;
   :class:`~refman.dedupe.result.DedupeResult` says what was done.

A false merge loses a reference, so the rules are asymmetric: anything uncertain becomes a
review pair instead of a merge.
"""

from refman.dedupe.clustering import DedupeOptions, dedupe
from refman.dedupe.evidence import MAYBE_TITLE, SAME_TITLE
from refman.dedupe.result import (
    DedupeResult,
    Merge,
    MergedFrom,
    MergeRecord,
    MergeSource,
    Unapplied,
    input_ids,
)
from refman.dedupe.rules import judge
from refman.dedupe.verdict import PairVerdict, Verdict

__all__ = [
    "MAYBE_TITLE",
    "SAME_TITLE",
    "DedupeOptions",
    "DedupeResult",
    "Merge",
    "MergeRecord",
    "MergeSource",
    "MergedFrom",
    "PairVerdict",
    "Unapplied",
    "Verdict",
    "dedupe",
    "input_ids",
    "judge",
]
