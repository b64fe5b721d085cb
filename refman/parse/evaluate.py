"""Evaluation of the reference parser on labelled strings (pure: text in, numbers out).

A labelled reference is its text and its segments ``(label, text)``, as in AnyStyle's XML and
the JSONL files of ``data/parsing`` (:func:`read_anystyle_xml`, :func:`read_jsonl` read them
from strings). The parser's output is compared field by field: a *field* is one contiguous
run of tokens with one label, mapped to its CSL variable (:data:`~refman.parse.labels.CSL_FIELD`)
and compared after trimming punctuation and spaces at both ends. A predicted field is right
when the gold reference has the same variable with the same text. Micro precision, recall and
F1 count all fields of all references; a reference is an exact match when every field is right.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from refman.parse.labels import ANYSTYLE_LABELS, CSL_FIELD, OTHER, grobid_label

__all__ = [
    "Example",
    "Scores",
    "field_set",
    "read_anystyle_xml",
    "read_jsonl",
    "score",
]

_TRIM = " \t.,;:()[]{}\"'«»“”„‘’/–—-"


@dataclass
class Example:
    """One labelled reference: id, text and segments ``(label, text)`` in our label set."""

    id: str
    text: str
    segments: list[tuple[str, str]]
    meta: dict[str, Any] = field(default_factory=dict)


def _norm(text: str) -> str:
    return " ".join(text.split()).strip(_TRIM)


def field_set(segments: Iterable[tuple[str, str]]) -> Counter[tuple[str, str]]:
    """The fields of a reference as a multiset of ``(CSL variable, normalised text)``."""
    out: Counter[tuple[str, str]] = Counter()
    for label, text in segments:
        if label == OTHER:
            continue
        value = _norm(text)
        if value:
            out[(CSL_FIELD.get(label, label), value)] += 1
    return out


@dataclass
class Scores:
    """Counts per CSL variable and the derived precision, recall and F1."""

    tp: Counter[str] = field(default_factory=Counter)
    pred: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    references: int = 0
    exact: int = 0

    def add(self, gold: Counter[tuple[str, str]], pred: Counter[tuple[str, str]]) -> None:
        """Count one reference."""
        self.references += 1
        both = gold & pred
        for (var, _), n in both.items():
            self.tp[var] += n
        for (var, _), n in pred.items():
            self.pred[var] += n
        for (var, _), n in gold.items():
            self.gold[var] += n
        if gold == pred:
            self.exact += 1

    @staticmethod
    def _prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def micro(self) -> tuple[float, float, float]:
        """Micro-averaged (precision, recall, F1) over all fields."""
        return self._prf(sum(self.tp.values()), sum(self.pred.values()), sum(self.gold.values()))

    def per_field(self) -> dict[str, tuple[float, float, float, int]]:
        """(precision, recall, F1, gold count) per CSL variable, most frequent first."""
        keys = sorted(set(self.gold) | set(self.pred), key=lambda k: (-self.gold[k], k))
        return {k: (*self._prf(self.tp[k], self.pred[k], self.gold[k]), self.gold[k]) for k in keys}

    def to_json(self) -> dict[str, Any]:
        """The figures as a JSON object (what ``refman eval parse --json`` prints)."""
        p, r, f = self.micro()
        return {
            "references": self.references,
            "exact_match": round(self.exact / self.references, 4) if self.references else 0.0,
            "micro": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)},
            "fields": {
                k: {"precision": round(a, 4), "recall": round(b, 4), "f1": round(c, 4), "support": n}
                for k, (a, b, c, n) in self.per_field().items()
            },
        }


def score(examples: Iterable[Example], label: Callable[[str], list[tuple[str, str]]] | None = None) -> Scores:
    """Score a labeller (text -> segments in our label set) on labelled examples.

    The default labeller is the parser's own (:func:`refman.parse.labeller.label_segments`).
    """
    if label is None:
        from refman.parse.labeller import label_segments

        label = label_segments
    scores = Scores()
    for ex in examples:
        scores.add(field_set(ex.segments), field_set(label(ex.text)))
    return scores


# --- readers (strings in, examples out) ---------------------------------------------------------


def read_anystyle_xml(xml_text: str, name: str = "xml") -> list[Example]:
    """Examples from AnyStyle's XML (``<dataset><sequence><author>..</author>..``)."""
    root = ET.fromstring(xml_text)
    out: list[Example] = []
    for k, seq in enumerate(root.iter("sequence")):
        segs: list[tuple[str, str]] = []
        for child in seq:
            text = " ".join("".join(child.itertext()).split())
            if text:
                segs.append((ANYSTYLE_LABELS.get(child.tag, "note"), text))
        if segs:
            out.append(Example(f"{name}#{k}", " ".join(t for _, t in segs), segs))
    return out


def read_jsonl(text: str) -> list[Example]:
    """Examples from JSONL lines ``{"id", "text", "segments": [[label, text], ...]}``.

    AnyStyle labels are taken as they are; GROBID TEI labels (``title[@level=a]``,
    ``biblScope[@unit=page]``, ...) are mapped to ours; ``<other>`` text is kept as such.
    """
    out: list[Example] = []
    for k, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        data = json.loads(line)
        raw = [(str(a), str(b)) for a, b in data.get("segments", [])]
        has_a = any(t.startswith("title[@level=a]") for t, _ in raw)
        segs = [(ANYSTYLE_LABELS[t] if t in ANYSTYLE_LABELS else grobid_label(t, has_a), s) for t, s in raw]
        meta = {key: value for key, value in data.items() if key not in ("id", "text", "segments", "fields")}
        out.append(Example(str(data.get("id", k)), str(data["text"]), segs, meta))
    return out
