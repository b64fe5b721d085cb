"""Scaling of ``refman.dedupe`` on real BibTeX: N records of Beebe's fisheries bibliography.

Run: ``python bench/dedupe.py [N] [--inject FRACTION] [--sample 1000] [--seed 1]``.

Prints one JSON object:

* ``load_s``: reading the first N @Article entries with ``refman.formats.bibtex_reader.from_bibtex``
  (bibtexparser v2 underneath); not part of the dedupe target.
* ``dedupe_s`` (wall) and ``dedupe_cpu_s`` (process CPU time; the two differ when other
  processes compete for the CPU): ``dedupe()`` on all N (+ injected) records: features,
  blocking, comparisons, clusters and merges. Target: < 60 s for N = 100,000.
* ``naive``: all n(n-1)/2 pairs of a ``--sample`` of the records compared with the same
  rules; its CPU time per pair is extrapolated to all pairs of the full run, and
  ``ratio_cpu`` = extrapolated all-pairs CPU time / measured dedupe CPU time. The sample holds 5% injected
  copies with their originals (so it contains duplicates) and random records for the rest;
  ``sample_blocking_recall`` is the share of the all-pairs "same" verdicts that dedupe (with
  blocking) also merged.
* ``injected``: a perturbed copy of ``--inject`` x N records is appended, one perturbation each,
  in turn: title in capitals; a letter swap in the title and no DOI; changed punctuation and no
  DOI; year + 1 with no DOI and no pages (online first); initials only and the DOI in capitals;
  no container or volume and the DOI as a URL. ``injected_recall`` = share of copies merged
  with their original; ``injected_false_merges`` = copies merged into an item that does not hold
  their original; ``injected_with_source_duplicates`` = copies whose item also holds other
  records: these are duplicates already present in Beebe's data (see ``--show``).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from refman.dedupe import dedupe, judge
from refman.dedupe.records import Record
from refman.dedupe.rules import judge_records
from refman.formats.bibtex_reader import from_bibtex
from refman.model import Date, Name, Reference
from tests.support.dedupe_data import read_beebe


def _typo(text: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 8:
        return text
    i = rng.choice(letters[2:-2])
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]  # swap two letters


def _perturb(ref: Reference, n: int, rng: random.Random) -> Reference:
    """A realistic variant of ``ref``, as another source would write it (id ``inj-N``)."""
    copy = ref.replace(id=f"inj-{n}", refman=type(ref.refman)(raw=f"injected copy of {ref.id}"))
    kind = n % 6
    title = ref.title or ""
    if kind == 0:
        copy.title = title.upper()
    elif kind == 1:
        copy.title = _typo(title, rng)
        copy.DOI = None
    elif kind == 2:
        copy.title = title.replace(":", " -").replace(",", "") + "."
        copy.DOI = None
    elif kind == 3:
        year = ref.year
        copy.issued = Date.ymd(year + 1) if year else None
        copy.DOI = None
        copy.page = None  # online first: no pages yet
    elif kind == 4:
        copy.author = [
            Name(family=a.family, given=(a.given or "")[:1] + "." if a.given else None) for a in ref.author
        ]
        copy.DOI = ref.DOI.upper() if ref.DOI else None
    else:
        copy.container_title = None
        copy.volume = None
        copy.DOI = f"https://doi.org/{ref.DOI}" if ref.DOI else None
    return copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument(
        "--inject", type=float, default=0.01, help="fraction of records to copy with a perturbation"
    )
    parser.add_argument("--sample", type=int, default=1000, help="records in the naive all-pairs sample")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="print this many false merges to stderr")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    start = time.perf_counter()
    text = read_beebe(args.n + args.n // 20 + 100)  # a few entries fail to parse: read some spare
    refs, problems = from_bibtex(text)
    load_s = time.perf_counter() - start
    refs = refs[: args.n]
    # Ids must be unique for the output contract; Beebe repeats some keys across files.
    seen: dict[str, int] = {}
    for i, ref in enumerate(refs):
        if ref.id in seen or not ref.id:
            refs[i] = ref.replace(id=f"{ref.id or 'entry'}~{i}")
        seen[refs[i].id] = i

    originals = [r for r in refs if r.title and len(r.title) > 20]
    chosen = rng.sample(originals, int(args.inject * len(refs))) if args.inject else []
    injected = [_perturb(r, k, rng) for k, r in enumerate(chosen)]
    source_of = {c.id: r.id for c, r in zip(injected, chosen, strict=True)}
    collection = refs + injected

    start = time.perf_counter()
    cpu = time.process_time()
    result = dedupe(collection)
    dedupe_cpu_s = time.process_time() - cpu
    dedupe_s = time.perf_counter() - start

    found = sum(1 for c in injected if result.id_map[c.id] == result.id_map[source_of[c.id]])
    members: dict[str, list[str]] = {}
    for source, target in result.id_map.items():
        members.setdefault(target, []).append(source)
    false_merges = 0
    with_others = 0
    by_id = {r.id: r for r in collection}
    shown = 0
    for c in injected:
        group = members[result.id_map[c.id]]
        source = source_of[c.id]
        others = [m for m in group if m not in (c.id, source) and not m.startswith("inj-")]
        if len(group) > 1 and source not in group:
            false_merges += 1
        elif others:
            with_others += 1
        if source not in group and shown < args.show:
            shown += 1
            print(f"missed ({int(c.id[4:]) % 6}): {judge(by_id[source], c).explain()}", file=sys.stderr)
            for x in (by_id[source], c):
                print(f"    {x.id}: {x.title} | {x.year} | {x.DOI}", file=sys.stderr)

    # Naive all-pairs on a sample, with the same rules.
    pairs_in = rng.sample(injected, min(len(injected), args.sample // 20))
    chosen_ids = {c.id for c in pairs_in} | {source_of[c.id] for c in pairs_in}
    drawn = rng.sample(collection, min(args.sample * 2, len(collection)))
    rest = [r for r in drawn if r.id not in chosen_ids]
    sample = [by_id[i] for i in sorted(chosen_ids)] + rest[: max(0, args.sample - len(chosen_ids))]
    recs = [Record(i, r) for i, r in enumerate(sample)]
    gc.disable()  # as dedupe() does: compare like with like
    start = time.process_time()
    naive_same: list[tuple[str, str]] = []
    pairs = 0
    for rec_a, rec_b in itertools.combinations(recs, 2):
        pairs += 1
        if judge_records(rec_a, rec_b).verdict == "same":
            naive_same.append((rec_a.id, rec_b.id))
    naive_s = time.process_time() - start
    gc.enable()
    per_pair = naive_s / pairs if pairs else 0.0
    total_pairs = len(collection) * (len(collection) - 1) // 2
    extrapolated = per_pair * total_pairs
    sample_result = dedupe(sample)
    kept = sum(1 for a, b in naive_same if sample_result.id_map[a] == sample_result.id_map[b])

    out = {
        "records": len(refs),
        "injected": len(injected),
        "load_s": round(load_s, 2),
        "load_problems": len(problems),
        "dedupe_s": round(dedupe_s, 2),
        "dedupe_cpu_s": round(dedupe_cpu_s, 2),
        "records_per_s": round(len(collection) / dedupe_s),
        "items": len(result.items),
        "merged_clusters": result.stats["merged_clusters"],
        "review_pairs": result.stats["review_pairs"],
        "candidate_pairs": result.stats["candidate_pairs"],
        "windowed_blocks": result.stats["windowed_blocks"],
        "injected_recall": round(found / len(injected), 4) if injected else None,
        "injected_false_merges": false_merges,
        "injected_with_source_duplicates": with_others,
        "naive": {
            "sample": len(sample),
            "pairs": pairs,
            "cpu_s": round(naive_s, 2),
            "us_per_pair": round(per_pair * 1e6, 2),
            "all_pairs_extrapolated_cpu_s": round(extrapolated),
            "ratio_cpu": round(extrapolated / dedupe_cpu_s, 1),
            "sample_same_pairs": len(naive_same),
            "sample_blocking_recall": round(kept / len(naive_same), 4) if naive_same else None,
        },
    }
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
