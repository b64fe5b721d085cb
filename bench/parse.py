"""Benchmark: reference-string parsing speed (one core) and accuracy, against a regex baseline.

Speed data: every real reference string in ``../shared/data/strings/`` (Crossref's reference
matching evaluation, MIT: ``real_unstructured_2000.jsonl``; and the unstructured references
deposited in the Crossref records, ``crossref_deposited_unstructured_{with,no}_doi.jsonl.gz``),
about 19,000 strings. ``real_structured_2000.jsonl`` holds fields, not strings, and is skipped.

Each parser runs over all strings in one process pinned to one core, cold (refman's per-word
feature cache emptied before every pass), ``--repeat`` times (default 3); the script prints
references per second of the fastest pass and the median (this machine is a shared VM: other
work only ever adds time, so the fastest pass is the least disturbed one):

* ``refman``: :func:`refman.parse.parse_reference`, the full parser (CRF labels + CSL fields);
* ``baseline``: a plain regex-splitting parser written here: identifiers by regex, then the
  string cut at full stops, GOST dashes and "//" into areas, the first area taken as authors
  (when it looks like names), the next as title, the next as container, the first year as the
  date and the first page range as pages. It is what a careful afternoon of regexes gives.

Accuracy (``--accuracy``): field-level micro F1 of both on AnyStyle's gold.xml and on the
held-out 20% of refman's GOST corpus, scored the same way as ``refman eval parse``. The
baseline's fields are mapped to the same labels.

    python bench/parse.py                 # speed on all strings
    python bench/parse.py --accuracy      # + F1 of refman and the baseline
    python bench/parse.py --limit 2000    # speed on the first 2,000 strings only
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from refman.parse import features, parse_reference  # noqa: E402
from refman.parse.evaluate import Example, read_anystyle_xml, read_jsonl, score  # noqa: E402

DATA = Path(os.environ.get("REFMAN_DATA_DIR") or ROOT.parent / "shared" / "data")


def strings(data: Path) -> list[str]:
    """Every real reference string of data/strings, in a fixed order."""
    out: list[str] = []
    with open(data / "strings" / "real_unstructured_2000.jsonl", encoding="utf-8") as fh:
        out += [json.loads(line)["ref_string"] for line in fh if line.strip()]
    for name in (
        "crossref_deposited_unstructured_with_doi.jsonl.gz",
        "crossref_deposited_unstructured_no_doi.jsonl.gz",
    ):
        with gzip.open(data / "strings" / name, "rt", encoding="utf-8") as fh:
            out += [json.loads(line)["unstructured"] for line in fh if line.strip()]
    return [s for s in out if s and s.strip()]


# --- the baseline: plain regex splitting ------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)\S+")
_DOI = re.compile(r"\b10\.\d{4,9}/\S+")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_PAGES = re.compile(r"\b(\d+)\s*[-–—]\s*(\d+)\b")
_AREAS = re.compile(r"\s*//\s*|\.\s+[–—-]\s+|(?<=[^\s.]{3})\.\s+")
_NAMES = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][^\s,]+,?\s+(?:[A-ZА-ЯЁ]\.\s?){1,3}")


def baseline(raw: str) -> dict[str, str]:
    """Fields of ``raw`` by regex splitting (see the module docstring)."""
    fields: dict[str, str] = {}
    text = raw
    m = _DOI.search(text)
    if m:
        fields["doi"] = m.group(0)
        text = text.replace(m.group(0), " ")
    m = _URL.search(text)
    if m:
        fields["url"] = m.group(0)
        text = text.replace(m.group(0), " ")
    m = _YEAR.search(text)
    if m:
        fields["date"] = m.group(1)
    m = _PAGES.search(text)
    if m:
        fields["pages"] = m.group(0)
    areas = [a.strip(" ,;:") for a in _AREAS.split(text) if a and a.strip(" ,;:")]
    k = 0
    if areas and _NAMES.match(areas[0]):
        fields["author"] = areas[0]
        k = 1
    if len(areas) > k:
        fields["title"] = areas[k]
    if len(areas) > k + 1 and not _YEAR.fullmatch(areas[k + 1]):
        fields["journal"] = areas[k + 1]
    return fields


def baseline_segments(raw: str) -> list[tuple[str, str]]:
    """The baseline's fields as (label, text) for scoring."""
    return [(label, value) for label, value in baseline(raw).items()]


def _verdict(rate: float) -> str:
    if rate >= 2000:
        return "met"
    return f"missed by {2000 - rate:.0f} refs/s ({100 * (2000 - rate) / 2000:.0f}%)"


def run(name: str, parse: Callable[[str], object], data: list[str], repeat: int) -> float:
    """Parse every string ``repeat`` times (cold each time); print and return the best refs/s."""
    rates = []
    for _ in range(repeat):
        features._CACHE.clear()
        features._STATES.clear()
        start = time.perf_counter()
        for raw in data:
            parse(raw)
        rates.append(len(data) / (time.perf_counter() - start))
    best, median = max(rates), statistics.median(rates)
    print(f"{name:9s} {len(data):6d} refs: {best:8.0f} refs/s (fastest of {repeat}; median {median:.0f})")
    return best


def accuracy_sets(data: Path) -> Iterator[tuple[str, list[Example]]]:
    """AnyStyle gold.xml and the held-out split of refman's GOST corpus."""
    yield (
        "AnyStyle gold.xml",
        read_anystyle_xml((data / "parsing" / "anystyle" / "gold.xml").read_text(encoding="utf-8"), "gold"),
    )
    corpus = ROOT / "refman" / "parse" / "training" / "corpus" / "gost.jsonl"
    held_out = [e for e in read_jsonl(corpus.read_text(encoding="utf-8")) if e.meta.get("split") == "test"]
    yield "GOST corpus, held-out 20%", held_out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N strings")
    ap.add_argument("--accuracy", action="store_true", help="also print F1 on the labelled sets")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the strings (cold each time)")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    data = strings(args.data)
    if args.limit:
        data = data[: args.limit]
    print(f"{len(data)} real reference strings from {args.data / 'strings'} (one core, cold start)")
    fast = run("baseline", baseline, data, args.repeat)
    ours = run("refman", parse_reference, data, args.repeat)
    print(f"refman / baseline speed ratio: {ours / fast:.3f} (target: >= 2,000 refs/s -> {_verdict(ours)})")
    if args.accuracy:
        for name, examples in accuracy_sets(args.data):
            ref_scores = score(examples)
            base_scores = score(examples, baseline_segments)
            p, r, f = ref_scores.micro()
            bp, br, bf = base_scores.micro()
            print(
                f"{name} ({ref_scores.references} refs): refman P {p:.3f} R {r:.3f} F1 {f:.3f} "
                f"(exact {ref_scores.exact / ref_scores.references:.3f}); baseline F1 {bf:.3f} "
                f"(P {bp:.3f} R {br:.3f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
