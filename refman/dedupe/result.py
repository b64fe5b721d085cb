"""What dedupe returns, and what it stores on a merged item (pure).

:class:`DedupeResult` is the answer of :func:`refman.dedupe.dedupe`: the items, one
:class:`Merge` per merged cluster, the review pairs (:class:`~refman.dedupe.verdict.PairVerdict`)
and the rulings it could not carry out (:class:`Unapplied`). A merged item carries two records
under ``custom.refman``: :class:`MergedFrom` (``merged_from``, the input ids it stands for) and
:class:`MergeRecord` (``merge``, why they are one item and what each source gave).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from refman.dedupe.verdict import PairVerdict
from refman.model import Provenance, Reference, StageRecord
from refman.rulings import Ruling

__all__ = ["DedupeResult", "Merge", "MergeRecord", "MergeSource", "MergedFrom", "Unapplied", "input_ids"]


@dataclass(frozen=True)
class MergedFrom(StageRecord):
    """``custom.refman.merged_from``: every input id a merged item stands for, its own included."""

    KEY: ClassVar[str] = "merged_from"

    ids: tuple[str, ...]

    def to_json(self) -> list[str]:
        """The ids, as a JSON list."""
        return list(self.ids)

    @classmethod
    def from_json(cls, data: Any) -> MergedFrom:
        """Inverse of :meth:`to_json`."""
        if not isinstance(data, list):
            raise ValueError("merged_from must be a list of ids")
        return cls(tuple(str(i) for i in data))


def input_ids(ref: Reference) -> list[str]:
    """The input ids ``ref`` stands for: its :class:`MergedFrom` ids, or its own id."""
    merged = MergedFrom.of(ref)
    return list(merged.ids) if merged is not None and merged.ids else [ref.id]


@dataclass(frozen=True)
class MergeSource:
    """What a merged item keeps of one of its other sources: its id, title and provenance (the
    raw string as written, article, number, parse confidence, ...)."""

    id: str
    provenance: Provenance
    title: str | None = None

    def to_json(self) -> dict[str, Any]:
        """``{"id", ...provenance..., "title"}``."""
        out = {"id": self.id, **self.provenance.to_json()}
        if self.title is not None:
            out.setdefault("title", self.title)
        return out

    @classmethod
    def from_json(cls, data: Any) -> MergeSource:
        """Inverse of :meth:`to_json`."""
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            raise ValueError("a merge source needs an id")
        title = data.get("title")
        provenance = Provenance.from_json({k: v for k, v in data.items() if k not in ("id", "title")})
        return cls(data["id"], provenance, title if isinstance(title, str) else None)


@dataclass(frozen=True)
class MergeRecord(StageRecord):
    """``custom.refman.merge``: why a merged item is one item.

    ``primary`` is the id of the base record, ``fields`` says which source filled each empty field
    (CSL name -> id), ``pairs`` are the verdicts (and rulings) that linked the cluster, ``sources``
    what the item keeps of every other source.
    """

    KEY: ClassVar[str] = "merge"

    primary: str
    fields: dict[str, str]
    pairs: tuple[PairVerdict, ...]
    sources: tuple[MergeSource, ...]

    def source(self, input_id: str) -> MergeSource | None:
        """What the item keeps of input ``input_id``, if it is one of its other sources."""
        return next((s for s in self.sources if s.id == input_id), None)

    def to_json(self) -> dict[str, Any]:
        """``{"primary", "fields", "pairs", "sources"}``."""
        return {
            "primary": self.primary,
            "fields": dict(self.fields),
            "pairs": [p.to_json() for p in self.pairs],
            "sources": [s.to_json() for s in self.sources],
        }

    @classmethod
    def from_json(cls, data: Any) -> MergeRecord:
        """Inverse of :meth:`to_json`."""
        if not isinstance(data, dict) or not isinstance(data.get("primary"), str):
            raise ValueError("a merge record needs its primary id")
        fields, pairs, sources = data.get("fields", {}), data.get("pairs", []), data.get("sources", [])
        if not (isinstance(fields, dict) and isinstance(pairs, list) and isinstance(sources, list)):
            raise ValueError('"fields" must be an object, "pairs" and "sources" lists')
        return cls(
            data["primary"],
            {str(k): str(v) for k, v in fields.items()},
            tuple(PairVerdict.from_json(p) for p in pairs),
            tuple(MergeSource.from_json(s) for s in sources),
        )


@dataclass(frozen=True)
class Merge:
    """One merged cluster: the output ``id``, the input ids it stands for, and why."""

    id: str
    merged_from: list[str]
    primary: str
    pairs: list[PairVerdict]
    fields: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        """A JSON object for reports: ``{"id", "merged_from", "primary", "fields", "pairs"}``."""
        return {
            "id": self.id,
            "merged_from": list(self.merged_from),
            "primary": self.primary,
            "fields": dict(self.fields),
            "pairs": [p.to_json() for p in self.pairs],
        }


@dataclass(frozen=True)
class Unapplied:
    """A ruling dedupe could not carry out, and ``why`` (an unknown id, a contradiction, ...)."""

    ruling: Ruling
    why: str

    def explain(self) -> str:
        """``ruling not applied (same a b): why``."""
        r = self.ruling
        return f"ruling not applied ({r.label} {r.a} {r.b}): {self.why}"

    def to_json(self) -> dict[str, str]:
        """The ruling's JSON object with ``why``."""
        return self.ruling.to_json() | {"why": self.why}

    @classmethod
    def from_json(cls, data: Any) -> Unapplied:
        """Inverse of :meth:`to_json`; ``ValueError`` saying what is wrong with ``data``."""
        ruling = Ruling.from_json(data)
        why = data.get("why")
        if not isinstance(why, str):
            raise ValueError(f'"why" must be a text, not {why!r}')
        return cls(ruling, why)


@dataclass(frozen=True)
class DedupeResult:
    """What :func:`refman.dedupe.dedupe` found: merged ``items`` in input order, the ``merges``,
    the ``review`` pairs (uncertain, not merged), ``id_map`` from every input id to its output
    id, counts, and the rulings it could not carry out."""

    items: list[Reference]
    merges: list[Merge]
    review: list[PairVerdict]
    id_map: dict[str, str]
    stats: dict[str, int]
    unapplied: list[Unapplied] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """``{"items": [...CSL...], "merges": [...], "review": [...], "stats": {...}}``, plus
        ``unapplied`` rulings when there are any."""
        out: dict[str, Any] = {
            "items": [r.to_csl() for r in self.items],
            "merges": [m.to_json() for m in self.merges],
            "review": [p.to_json() for p in self.review],
            "stats": dict(self.stats),
        }
        return out | ({"unapplied": [u.to_json() for u in self.unapplied]} if self.unapplied else {})
