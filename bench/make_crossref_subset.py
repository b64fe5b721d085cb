"""Rebuild ``tests/data/crossref/`` from the shared real data (run by hand, not by the tests).

It picks reference strings from the benchmark's held-out ``test`` split (real Crossref records
rendered through CSL styles by ``bench/resolve.py``, some with noise), and copies into the test
subset every record the full server would offer as a candidate for them, so that ranking and
validation in the tests face the same competition as against all 7,551 records.

    python -m bench.make_crossref_subset /tmp/refman-bench/dataset-v2-test-2000-500-7.json
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "crossref"


def main(dataset: str) -> None:
    """Write works.jsonl.gz (records) and references.jsonl (labelled strings)."""
    sys.path.insert(0, str(ROOT))
    from bench.resolve import WORKS, parse_all, search_index
    from refman.resolve.crossref import SELECT_FIELDS
    from tests.support.crossref_server import WorkIndex, load_records

    rows = json.loads(Path(dataset).read_text(encoding="utf-8"))["rows"]
    rng = random.Random(11)
    clean = [r for r in rows if r["set"] == "clean"]
    noisy = [r for r in rows if r["set"] == "noisy" and {"cyrillic_names", "translate_title"} & set(r["ops"])]
    negative = [r for r in rows if r["set"] == "negative"]
    picked = rng.sample(clean, 10) + rng.sample(noisy, 6) + rng.sample(negative, 4)
    records = load_records(WORKS)
    negatives = {r["doi"] for r in picked if r["set"] == "negative"}
    index = WorkIndex(r for r in records if str(r["DOI"]).lower() not in negatives)
    keep: dict[str, dict[str, object]] = {}
    by_doi = {str(r["DOI"]).lower(): r for r in records}
    for ref, row in zip(parse_all(picked), picked, strict=True):
        for item in search_index(index, ref):
            keep.setdefault(str(item["DOI"]).lower(), item)
        if row["set"] != "negative":
            keep.setdefault(row["doi"], by_doi[row["doi"]])
    fields = {*SELECT_FIELDS, "language", "edition-number"} - {"score"}
    OUT.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT / "works.jsonl.gz", "wt", encoding="utf-8") as fh:
        for doi in sorted(keep):
            rec = {k: v for k, v in by_doi[doi].items() if k in fields}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with (OUT / "references.jsonl").open("w", encoding="utf-8") as fh:
        for row in picked:
            expected = None if row["set"] == "negative" else row["doi"]
            out = {
                "text": row["text"],
                "expected_doi": expected,
                "record_doi": row["doi"],
                "set": row["set"],
                "style": row["style"],
                "noise": row["ops"],
            }
            fh.write(json.dumps(out, ensure_ascii=False) + "\n")
    print(f"{len(keep)} records, {len(picked)} references -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
