"""Accuracy of ``refman.dedupe`` on labelled benchmarks: Cora, DBLP-ACM and the bib-dedupe cases.

Run: ``python bench/dedupe_benchmarks.py [cora|dblp-acm|cases|all] [--errors N]``.
Prints one JSON line per benchmark: pairwise precision, recall and F1 of the merged clusters
against the gold labels, review pairs, candidate pairs and wall time. Targets (issue 5): Cora
P >= 0.99 and R >= 0.95; DBLP-ACM F1 >= 0.97; all 25 cases right.

Pairwise metrics: every pair of input records put in one output item is a predicted pair; Cora
gold pairs are all pairs within a gold cluster; DBLP-ACM counts only cross-source pairs (the
benchmark's gold is cross-source only).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dedupe_data import load_cases, load_cora, load_dblp_acm
from refman.dedupe import compare, dedupe
from refman.model import Reference


def _predicted_pairs(id_map: dict[str, str]) -> set[tuple[str, str]]:
    clusters: dict[str, list[str]] = defaultdict(list)
    for source, target in id_map.items():
        clusters[target].append(source)
    pairs: set[tuple[str, str]] = set()
    for members in clusters.values():
        for x, y in itertools.combinations(sorted(members), 2):
            pairs.add((x, y))
    return pairs


def _prf(predicted: set[tuple[str, str]], gold: set[tuple[str, str]]) -> dict[str, float | int]:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": len(predicted) - tp,
        "fn": len(gold) - tp,
    }


def _show_errors(refs: list[Reference], pairs: Iterable[tuple[str, str]], limit: int, title: str) -> None:
    by_id = {r.id: r for r in refs}
    for shown, (a, b) in enumerate(pairs):
        if shown >= limit:
            break
        d = compare(by_id[a], by_id[b])
        print(f"--- {title}: {d.explain()}", file=sys.stderr)
        for x in (by_id[a], by_id[b]):
            names = "; ".join(f"{n.family}, {n.given}" for n in x.author[:4])
            print(
                f"    {x.id}: {names} | {x.title} | {x.container_title} | {x.year} | v{x.volume} "
                f"p{x.page} | {x.type}",
                file=sys.stderr,
            )


def run_cora(errors: int = 0) -> dict[str, object]:
    """Cora (coraLarge, 1,879 records, 191 clusters)."""
    refs, labels = load_cora()
    start = time.perf_counter()
    result = dedupe(refs)
    seconds = time.perf_counter() - start
    predicted = _predicted_pairs(result.id_map)
    by_label: dict[str, list[str]] = defaultdict(list)
    for rid, label in labels.items():
        by_label[label].append(rid)
    gold = {p for members in by_label.values() for p in itertools.combinations(sorted(members), 2)}
    out: dict[str, object] = {
        "benchmark": "cora_er (coraLarge)",
        "records": len(refs),
        **_prf(predicted, gold),
        "items": len(result.items),
        "gold_clusters": len(by_label),
        "review_pairs": len(result.review),
        "candidates": result.stats["candidate_pairs"],
        "seconds": round(seconds, 2),
    }
    if errors:
        fp = Counter((labels[a], labels[b]) for a, b in predicted - gold)
        print("false-positive label pairs:", fp.most_common(15), file=sys.stderr)
        fn_pairs = sorted(gold - predicted)
        fn = Counter(labels[a] for a, _ in fn_pairs)
        print("false-negative labels:", fn.most_common(15), file=sys.stderr)
        _show_errors(refs, sorted(predicted - gold), errors, "FP")
        step = max(1, len(fn_pairs) // max(1, errors))
        _show_errors(refs, fn_pairs[::step], errors, "FN")
    return out


def run_dblp_acm(errors: int = 0) -> dict[str, object]:
    """DBLP-ACM (2,616 + 2,294 records, 2,224 gold cross-source matches)."""
    refs, gold = load_dblp_acm()
    start = time.perf_counter()
    result = dedupe(refs)
    seconds = time.perf_counter() - start
    predicted = {
        (a, b) if a.startswith("dblp:") else (b, a)
        for a, b in _predicted_pairs(result.id_map)
        if a.split(":")[0] != b.split(":")[0]
    }
    out: dict[str, object] = {
        "benchmark": "dblp_acm",
        "records": len(refs),
        **_prf(predicted, gold),
        "review_pairs": len(result.review),
        "candidates": result.stats["candidate_pairs"],
        "seconds": round(seconds, 2),
    }
    if errors:
        _show_errors(refs, sorted(predicted - gold), errors, "FP")
        _show_errors(refs, sorted(gold - predicted), errors, "FN")
    return out


def run_cases(errors: int = 0) -> dict[str, object]:
    """The 25 bib-dedupe pair cases, each run through ``dedupe`` as a two-record collection."""
    right = 0
    wrong: list[str] = []
    for case_id, expected, a, b in load_cases():
        merged = len(dedupe([a, b]).items) == 1
        if merged == expected:
            right += 1
        else:
            wrong.append(case_id)
    return {"benchmark": "bib_dedupe_cases", "cases": right + len(wrong), "right": right, "wrong": wrong}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("which", nargs="?", default="all", choices=["all", "cora", "dblp-acm", "cases"])
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each kind to stderr")
    args = parser.parse_args(argv)
    runs = {"cases": run_cases, "cora": run_cora, "dblp-acm": run_dblp_acm}
    for name, run in runs.items():
        if args.which in ("all", name):
            print(json.dumps(run(args.errors), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
