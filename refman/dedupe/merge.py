"""Merging one cluster of duplicates into one item (pure).

The most complete reference is the base (a DOI, a real title, the Cyrillic original over its
romanised copy, filled fields); its empty fields are filled from the others, each filled field
naming its source; a Latin-script member becomes ``custom.refman.romanised`` of a Cyrillic base.
The item lists every input id it stands for (:class:`~refman.dedupe.result.MergedFrom`) and why
(:class:`~refman.dedupe.result.MergeRecord`), and keeps every source's citations and problems.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from refman.dedupe.records import Record
from refman.dedupe.result import Merge, MergedFrom, MergeRecord, MergeSource, input_ids
from refman.dedupe.verdict import PairVerdict
from refman.model import DATE_FIELDS, NAME_FIELDS, TEXT_FIELDS, Provenance, Reference

__all__ = ["merge_cluster"]

# Fields filled from another source when the base has none: CSL key -> attribute.
_FILLED = TEXT_FIELDS | DATE_FIELDS


def _completeness(ref: Reference, rec: Record) -> tuple[int, ...]:
    filled = sum(1 for f in _FILLED.values() if getattr(ref, f) not in (None, "")) + (2 if ref.author else 0)
    return (
        1 if rec.doi else 0,
        0 if rec.placeholder else 1,
        1 if rec.cyrillic else 0,  # the original, not its romanised copy
        filled,
        len(ref.author),
        1 if ref.type != "document" else 0,
    )


def _own(provenance: Provenance) -> Provenance:
    """A source's provenance without its citations and what an earlier merge recorded."""
    dropped = (MergedFrom.KEY, MergeRecord.KEY)
    extra = {k: v for k, v in provenance.extra.items() if k not in dropped}
    return dataclasses.replace(provenance, cited=[], extra=extra)


def merge_cluster(
    refs: Sequence[Reference], recs: Sequence[Record], members: list[int], pairs: list[PairVerdict]
) -> tuple[Reference, Merge]:
    """The item standing for ``refs[members]`` (linked by ``pairs``), and its :class:`Merge`."""
    order = sorted(members, key=lambda i: (tuple(-v for v in _completeness(refs[i], recs[i])), i))
    primary_index = order[0]
    primary = refs[primary_index]
    changes: dict[str, Any] = {}
    taken: dict[str, str] = {}
    for key, attr in _FILLED.items():
        if getattr(primary, attr) not in (None, ""):
            continue
        for i in order[1:]:
            value = getattr(refs[i], attr)
            if value not in (None, ""):
                changes[attr] = value
                taken[key] = refs[i].id
                break
    for key, attr in NAME_FIELDS.items():
        if getattr(primary, attr):
            continue
        for i in order[1:]:
            value = getattr(refs[i], attr)
            if value:
                changes[attr] = list(value)
                taken[key] = refs[i].id
                break
    if primary.type == "document":
        for i in order[1:]:
            if refs[i].type != "document":
                changes["type"] = refs[i].type
                taken["type"] = refs[i].id
                break
    extra = dict(primary.extra)
    custom = dict(primary.custom)
    for i in order[1:]:
        for key, value in refs[i].extra.items():
            extra.setdefault(key, value)
        for key, value in refs[i].custom.items():
            if key == "relation" and isinstance(value, dict) and isinstance(custom.get("relation"), dict):
                merged_rel = dict(custom["relation"])
                for rel, targets in value.items():
                    merged_rel.setdefault(rel, targets)
                custom["relation"] = merged_rel
            else:
                custom.setdefault(key, value)
    prov = primary.refman
    cited: list[dict[str, Any]] = []
    problems: list[str] = []
    sources: list[MergeSource] = []
    romanised = prov.romanised
    for i in sorted(members):
        ref = refs[i]
        for c in ref.refman.cited:
            if c not in cited:
                cited.append(c)
        for p in ref.refman.problems:
            if p not in problems:
                problems.append(p)
        if i != primary_index:
            sources.append(MergeSource(ref.id, _own(ref.refman), ref.title))
            if romanised is None and recs[primary_index].cyrillic and not recs[i].cyrillic and ref.title:
                romanised = {k: v for k, v in ref.to_csl().items() if k != "custom"}
    merged_from: list[str] = []
    for i in sorted(members):
        for source in input_ids(refs[i]):
            if source not in merged_from:
                merged_from.append(source)
    new_prov = dataclasses.replace(
        prov, romanised=romanised, cited=cited, confidence=dict(prov.confidence), problems=problems
    )
    merged = primary.replace(extra=extra, custom=custom, refman=new_prov, **changes)
    merged = MergedFrom(tuple(merged_from)).attach(merged)
    merged = MergeRecord(primary.id, taken, tuple(pairs), tuple(sources)).attach(merged)
    return merged, Merge(primary.id, merged_from, primary.id, pairs, taken)
