"""Stable identity: which item of the library an extracted reference is (pure).

An item's id is born from its content the first time the library sees it (``{article}-{hash}``
of its raw string) and then stored, never recomputed. Each build reconciles the references it
extracted with the identities the library holds, by content, never by position: first the same
article and the same normalised raw string, then the nearest raw string of the same article
above :data:`SIMILAR` (one-to-one, the closest pairs first). What matches keeps its id; what does
not is a new identity.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from refman.dedupe import DedupeResult, input_ids
from refman.model import Reference

__all__ = [
    "SIMILAR",
    "Identity",
    "Reconciled",
    "label",
    "new_id",
    "normalise_raw",
    "reconcile",
    "stable_cluster_ids",
]

#: How alike two raw strings of one article must be (difflib's ratio) to be one reference
#: (a typo fixed, a page range corrected); different works by one author stay well below.
SIMILAR = 0.8
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Identity:
    """What the library remembers of an item's identity: its ``id``, the article it was read from
    (None: added by a person), its normalised raw string and its list number when last seen
    (shown to people as the label ``{article}-{number}``)."""

    id: str
    article: str | None
    raw: str
    number: int | None = None


@dataclass
class Reconciled:
    """What :func:`reconcile` found: the stable id of each reference (same order), and the
    identities to store: ``new`` ones, and known ones whose raw string or number ``changed``;
    ``renamed`` maps each extracted (positional) id to its stable id."""

    ids: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    new: list[Identity] = field(default_factory=list)
    changed: list[Identity] = field(default_factory=list)


def normalise_raw(raw: str) -> str:
    """A raw reference string as identity compares it: NFC, case folded, spaces collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", raw).casefold()).strip()


def label(article: str | None, number: int | None) -> str | None:
    """The label people see for a reference of an article: ``{article}-{number}``."""
    return f"{article}-{number}" if article is not None and number is not None else None


def new_id(prefix: str, content: str, taken: Iterable[str] | set[str]) -> str:
    """An id ``{prefix}-{hash}`` born from ``content``, not in ``taken``: the hash grows on a clash,
    and a counter follows when the content itself repeats."""
    used = taken if isinstance(taken, set) else set(taken)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
    for size in (6, 10, 16):
        candidate = f"{prefix}-{digest[:size]}"
        if candidate not in used:
            return candidate
    n = 2
    while f"{prefix}-{digest[:6]}-{n}" in used:
        n += 1
    return f"{prefix}-{digest[:6]}-{n}"


def _raw_of(ref: Reference) -> str:
    return normalise_raw(ref.refman.raw or ref.title or ref.id)


def _nearest(
    refs: list[tuple[int, str]], known: list[Identity], threshold: float
) -> list[tuple[int, Identity]]:
    """One-to-one pairs (index, identity) of raw strings alike above ``threshold``, closest first."""
    scored: list[tuple[float, int, int]] = []
    for i, raw in refs:
        for k, identity in enumerate(known):
            matcher = SequenceMatcher(None, raw, identity.raw, autojunk=False)
            if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold:
                ratio = matcher.ratio()
                if ratio >= threshold:
                    scored.append((-ratio, i, k))
    used_refs: set[int] = set()
    used_known: set[int] = set()
    pairs: list[tuple[int, Identity]] = []
    for _, i, k in sorted(scored):
        if i not in used_refs and k not in used_known:
            used_refs.add(i)
            used_known.add(k)
            pairs.append((i, known[k]))
    return pairs


def reconcile(refs: Sequence[Reference], known: Sequence[Identity], threshold: float = SIMILAR) -> Reconciled:
    """The stable id of each extracted reference (``custom.refman.article`` and ``raw`` say what
    it is): matched with ``known`` by article and raw string, exactly first and then the nearest;
    the others get new ids (see :func:`new_id`)."""
    by_article: dict[str | None, list[Identity]] = {}
    for identity in known:
        by_article.setdefault(identity.article, []).append(identity)
    taken = {identity.id for identity in known}
    out = Reconciled(ids=[""] * len(refs))
    articles: dict[str | None, list[int]] = {}
    for i, ref in enumerate(refs):
        articles.setdefault(ref.refman.article, []).append(i)
    for article, indexes in articles.items():
        _reconcile_article(refs, indexes, by_article.get(article, []), threshold, taken, out)
    out.renamed = {ref.id: out.ids[i] for i, ref in enumerate(refs)}
    return out


def _reconcile_article(
    refs: Sequence[Reference],
    indexes: list[int],
    known: list[Identity],
    threshold: float,
    taken: set[str],
    out: Reconciled,
) -> None:
    exact: dict[str, list[Identity]] = {}
    for identity in known:
        exact.setdefault(identity.raw, []).append(identity)
    matched: dict[int, Identity] = {}
    for i in indexes:
        candidates = exact.get(_raw_of(refs[i]))
        if candidates:
            matched[i] = candidates.pop(0)
    used = {identity.id for identity in matched.values()}
    rest_known = [identity for identity in known if identity.id not in used]
    rest = [(i, _raw_of(refs[i])) for i in indexes if i not in matched]
    if rest and rest_known:
        matched.update(_nearest(rest, rest_known, threshold))
    matched_ids = {identity.id for identity in matched.values()}
    for i in indexes:
        ref = refs[i]
        raw = _raw_of(ref)
        found = matched.get(i)
        if found is None:
            prefix = ref.refman.article or "ref"
            found = Identity(new_id(prefix, raw, taken), ref.refman.article, raw, ref.refman.number)
            taken.add(found.id)
            out.new.append(found)
        elif found.raw != raw or found.number != ref.refman.number:
            out.changed.append(replace(found, raw=raw, number=ref.refman.number))
        out.ids[i] = found.id
    # what the article no longer lists loses its number, so its label names nothing
    for identity in known:
        if identity.id not in matched_ids and identity.number is not None:
            out.changed.append(replace(identity, number=None))


def stable_cluster_ids(result: DedupeResult, born: Mapping[str, int]) -> DedupeResult:
    """``result`` with each merged item named by its oldest member (``born``: id -> order of
    birth; unknown ids are youngest), so a cluster keeps its id whichever member is the most
    complete this time."""
    renamed: dict[str, str] = {}
    items = []
    for ref in result.items:
        members = input_ids(ref)
        oldest = min(members, key=lambda i: (born.get(i, len(born)), i))
        if oldest != ref.id:
            renamed[ref.id] = oldest
            ref = ref.replace(id=oldest)
        items.append(ref)
    if not renamed:
        return result
    merges = [replace(m, id=renamed.get(m.id, m.id)) for m in result.merges]
    id_map = {k: renamed.get(v, v) for k, v in result.id_map.items()}
    return replace(result, items=items, merges=merges, id_map=id_map)
