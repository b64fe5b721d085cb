"""From references to clusters: blocking, judging candidate pairs, joining, rulings (pure).

1. **Blocking** (near-linear): references share a block when they share a DOI family, ISBN,
   arXiv id, the first three or the last three significant title words of any variant, the
   first author's surname plus the year, or the year and page range. Blocks larger than
   ``max_block`` are compared only within a sliding window over the title key, so the number of
   comparisons stays ~linear.
2. **Verdicts**: every candidate pair is judged by :func:`~refman.dedupe.rules.judge_records`.
3. **Clusters**: union-find over ``same`` pairs, strongest rule first, refusing any union that
   would put two references with a hard conflict, a journal-vs-conference pair (or two DOI
   families) in one cluster; a refused pair goes to review.
4. **Rulings**: a person's "same" is joined first, whatever the rules say; a "different" is
   never put in one cluster, also not through a chain, and leaves the review list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from refman.bulk import collector_paused
from refman.dedupe.merge import merge_cluster
from refman.dedupe.records import Folder, Record
from refman.dedupe.result import DedupeResult, Merge, Unapplied, input_ids
from refman.dedupe.rules import judge_records
from refman.dedupe.verdict import MEANINGS, PairVerdict
from refman.model import Reference
from refman.rulings import Ruling

__all__ = ["DedupeOptions", "dedupe"]


@dataclass(frozen=True)
class DedupeOptions:
    """Tuning of blocking (not of the rules, which are fixed and documented).

    ``max_block``: blocks with more references than this are compared only within a sliding
    ``window`` over the sorted title key. ``author_year_blocks``: also block on first author +
    year (catches titles that differ in their first and last words).
    """

    max_block: int = 50
    window: int = 10
    author_year_blocks: bool = True


# --- blocking -----------------------------------------------------------------------------------


def _block_keys(rec: Record, options: DedupeOptions) -> list[str]:
    keys: list[str] = []
    if rec.doi_fam:
        keys.append("d" + rec.doi_fam)
    keys.extend("i" + i for i in rec.isbns)
    if rec.arxiv:
        keys.append("x" + rec.arxiv)
    for title in rec.titles:
        tokens = title.tokens
        if tokens:
            keys.append("t" + " ".join(tokens[:3]))
            if len(tokens) > 3:
                keys.append("e" + " ".join(tokens[-3:]))
    if options.author_year_blocks and rec.authors and rec.year is not None:
        keys.append(f"a{rec.authors[0].family}|{rec.year}")
    if rec.first_page is not None and rec.year is not None:
        # one article cited under titles in two languages, its authors in two scripts
        keys.append(f"p{rec.year}|{rec.first_page}|{rec.last_page}")
    if rec.volume is not None and rec.issue is not None and rec.year is not None:
        # the same, cited without its pages: one issue of a journal
        keys.append(f"v{rec.year}|{rec.volume}|{rec.issue}")
    if rec.url_loose:
        if "/" in rec.url_loose:
            keys.append("u" + rec.url_loose)
        if rec.group == "web":
            keys.append("h" + rec.url_loose.split("/", 1)[0])  # a page and its site's bare address
    return keys


def _mixed_languages(recs: Sequence[Record], members: list[int]) -> list[int]:
    """The members of a block, or none when their titles are all in one language."""
    languages = {recs[k].title_language for k in members}
    return members if len(languages - {None}) > 1 else []


def _candidates(
    recs: Sequence[Record], options: DedupeOptions
) -> tuple[set[tuple[int, int]], dict[str, int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for rec in recs:
        for key in set(_block_keys(rec, options)):
            blocks[key].append(rec.index)
    pairs: set[tuple[int, int]] = set()
    windowed = 0
    for key, members in blocks.items():
        n = len(members)
        if n < 2:
            continue
        if key[0] in "pv":
            # a page range or an issue ties only titles in two languages (the others have title blocks)
            members = _mixed_languages(recs, members)
            n = len(members)
        if n <= options.max_block:
            for x in range(n):
                i = members[x]
                for y in range(x + 1, n):
                    pairs.add((i, members[y]))
        else:
            windowed += 1
            ordered = sorted(
                members, key=lambda k: " ".join(recs[k].titles[0].tokens) if recs[k].titles else ""
            )
            for x in range(n):
                for y in range(x + 1, min(n, x + options.window)):
                    i, j = ordered[x], ordered[y]
                    pairs.add((i, j) if i < j else (j, i))
    return pairs, {"blocks": sum(1 for m in blocks.values() if len(m) > 1), "windowed_blocks": windowed}


# --- clusters -----------------------------------------------------------------------------------


class _Clusters:
    """Union-find that refuses unions across hard conflicts or two DOI families."""

    def __init__(self, recs: Sequence[Record]) -> None:
        self.parent = list(range(len(recs)))
        self.members: dict[int, list[int]] = {r.index: [r.index] for r in recs}
        self.conflicts: dict[int, set[int]] = defaultdict(set)
        self.ruled_apart: dict[int, set[int]] = defaultdict(set)
        self.dois: dict[int, set[str]] = {r.index: ({r.doi_fam} if r.doi_fam else set()) for r in recs}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def forbid(self, i: int, j: int, ruled: bool = False) -> None:
        conflicts = self.ruled_apart if ruled else self.conflicts
        conflicts[i].add(j)
        conflicts[j].add(i)

    def union(self, i: int, j: int, linked: bool = False, ruled: bool = False) -> bool:
        """Join the clusters of i and j unless that joins a hard conflict or, without an explicit
        ``linked`` relation, two different DOI families. A ``ruled`` union (a person's "same")
        overrides both; only a person's own "different" stops it."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        dois_differ = self.dois[ri] and self.dois[rj] and not (self.dois[ri] & self.dois[rj])
        if dois_differ and not (linked or ruled):
            return False
        small, big = (ri, rj) if len(self.members[ri]) <= len(self.members[rj]) else (rj, ri)
        big_members = set(self.members[big])
        tables = (self.ruled_apart,) if ruled else (self.ruled_apart, self.conflicts)
        for m in self.members[small]:
            if any(t.get(m) and t[m] & big_members for t in tables):
                return False
        self.parent[small] = big
        self.members[big].extend(self.members.pop(small))
        self.dois[big] |= self.dois.pop(small)
        return True


# --- the whole job ------------------------------------------------------------------------------


#: ``progress(done, total)``: candidate pairs judged so far, of how many.
Progress = Callable[[int, int], None]
#: Pairs judged between two calls of ``progress``.
PROGRESS_EVERY = 2_000


def dedupe(
    refs: Sequence[Reference],
    options: DedupeOptions | None = None,
    rulings: Sequence[Ruling] = (),
    progress: Progress | None = None,
) -> DedupeResult:
    """Merge duplicate references; see :mod:`refman.dedupe` for the method.

    ``rulings`` are a person's rulings on pairs of input ids (or ids an input item already
    merged): "same" pairs are merged first, whatever the rules say; "different" pairs are never
    put in one item and leave the review list. Rulings that cannot be carried out (unknown ids,
    two rulings that contradict each other) are listed in ``unapplied``. ``progress(done, total)``
    is called as the candidate pairs are judged (every :data:`PROGRESS_EVERY`, and at the end).

    Returns the merged items in input order (a cluster sits where its first member was), one
    :class:`~refman.dedupe.result.Merge` per merged cluster with the pairs that linked it, the
    ``review`` list of uncertain pairs (never merged), and ``id_map`` from every input id to its
    output id. Every input reference appears in exactly one output item; a merged item lists all
    the ids it stands for (its own included) in ``custom.refman.merged_from``.

    Python's cyclic garbage collector is paused while it runs (it creates no reference cycles;
    with 100,000 references the collector's full scans otherwise take ~40% of the time).
    Raises ValueError when two inputs share an id (the id map would be ambiguous).
    """
    seen: set[str] = set()
    for ref in refs:
        if ref.id in seen:
            raise ValueError(f"duplicate reference id {ref.id!r}: ids must be unique to deduplicate")
        seen.add(ref.id)
    with collector_paused():
        return _dedupe(refs, options or DedupeOptions(), rulings, progress)


def _ruled_pairs(
    refs: Sequence[Reference], rulings: Sequence[Ruling]
) -> tuple[list[tuple[int, int, Ruling]], list[Unapplied]]:
    """Rulings as index pairs, and the ones that name no input (with why)."""
    index = {source: k for k, ref in enumerate(refs) for source in input_ids(ref)}
    pairs: list[tuple[int, int, Ruling]] = []
    unapplied: list[Unapplied] = []
    for r in rulings:
        missing = [x for x in (r.a, r.b) if x not in index]
        if missing:
            unapplied.append(Unapplied(r, f"no reference with id {', '.join(missing)}"))
        elif index[r.a] == index[r.b] and not r.same:
            unapplied.append(Unapplied(r, "both ids are already one input item"))
        elif index[r.a] != index[r.b]:
            i, j = sorted((index[r.a], index[r.b]))
            pairs.append((i, j, r))
    return pairs, unapplied


def _dedupe(
    refs: Sequence[Reference], opts: DedupeOptions, rulings: Sequence[Ruling], progress: Progress | None
) -> DedupeResult:
    fold = Folder()
    recs = [Record(i, r, fold) for i, r in enumerate(refs)]
    candidates, block_stats = _candidates(recs, opts)
    verdicts: list[PairVerdict] = []
    same: list[tuple[int, float, int, int, PairVerdict]] = []
    clusters = _Clusters(recs)
    maybes: list[tuple[int, int, PairVerdict]] = []
    ruled_pairs, unapplied = _ruled_pairs(refs, rulings)
    ruled = {(i, j) for i, j, _ in ruled_pairs}
    for i, j, ruling in ruled_pairs:
        if ruling.same:
            evidence = {"note": ruling.note} if ruling.note else {}
            verdict = PairVerdict(refs[i].id, refs[j].id, "same", "user", 1.0, evidence)
            same.append((MEANINGS["user"].rank, -1.0, i, j, verdict))
        else:
            clusters.forbid(i, j, ruled=True)
    total = len(candidates)
    for done, (i, j) in enumerate(sorted(candidates)):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
        verdict = judge_records(recs[i], recs[j])
        if verdict.verdict == "same":
            if (i, j) not in ruled:
                same.append((MEANINGS[verdict.rule].rank, -verdict.score, i, j, verdict))
        else:
            if verdict.verdict == "maybe" and (i, j) not in ruled:
                maybes.append((i, j, verdict))
            if verdict.keeps_apart:
                clusters.forbid(i, j)
        verdicts.append(verdict)
    if progress is not None:
        progress(total, total)
    edges: dict[int, list[PairVerdict]] = defaultdict(list)
    refused: list[PairVerdict] = []
    for _rank, _score, i, j, verdict in sorted(same, key=lambda t: t[:4]):
        by_person = verdict.rule == "user"
        if clusters.union(i, j, linked=verdict.rule == "relation", ruled=by_person):
            edges[i].append(verdict)
        elif by_person:
            ruling = next(r for a, b, r in ruled_pairs if (a, b) == (i, j))
            unapplied.append(Unapplied(ruling, "contradicts a 'different' ruling on their items"))
        else:
            why = "would join records that conflict with each other"
            evidence = {**verdict.evidence, "why": why}
            refused.append(PairVerdict(verdict.a, verdict.b, "maybe", verdict.rule, verdict.score, evidence))
    # Group members and the pairs that linked them.
    roots: dict[int, list[int]] = defaultdict(list)
    for rec in recs:
        roots[clusters.find(rec.index)].append(rec.index)
    cluster_pairs: dict[int, list[PairVerdict]] = defaultdict(list)
    for i, plist in edges.items():
        cluster_pairs[clusters.find(i)].extend(plist)
    items: list[tuple[int, Reference]] = []
    merges: list[tuple[int, Merge]] = []
    id_map: dict[str, str] = {}
    for root, members in roots.items():
        members.sort()
        if len(members) == 1:
            ref = refs[members[0]]
            items.append((members[0], ref))
            for source in input_ids(ref):
                id_map[source] = ref.id
            continue
        merged, merge = merge_cluster(refs, recs, members, cluster_pairs[root])
        items.append((members[0], merged))
        merges.append((members[0], merge))
        for source in merge.merged_from:
            id_map[source] = merged.id
    items.sort(key=lambda t: t[0])
    merges.sort(key=lambda t: t[0])
    review = _review([v for _, _, v in maybes] + refused, id_map, refs)
    stats = {
        "records": len(refs),
        "items": len(items),
        "merged_clusters": len(merges),
        "candidate_pairs": len(candidates),
        "compared": len(verdicts),
        "same_pairs": len(same),
        "review_pairs": len(review),
        "refused_unions": len(refused),
        "rulings_applied": len(rulings) - len(unapplied),
        **block_stats,
    }
    return DedupeResult([r for _, r in items], [m for _, m in merges], review, id_map, stats, unapplied)


def _review(
    uncertain: list[PairVerdict], id_map: dict[str, str], refs: Sequence[Reference]
) -> list[PairVerdict]:
    """One review pair per pair of output items (the most similar one), in input order."""
    best: dict[tuple[str, str], PairVerdict] = {}
    for v in uncertain:
        x, y = id_map.get(v.a, v.a), id_map.get(v.b, v.b)
        if x == y:
            continue
        key = (x, y) if x < y else (y, x)
        if key not in best or v.score > best[key].score:
            best[key] = v
    order = {r.id: k for k, r in enumerate(refs)}
    return sorted(best.values(), key=lambda v: (order.get(v.a, 0), order.get(v.b, 0)))
