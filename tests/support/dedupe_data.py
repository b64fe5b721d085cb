"""The deduplication benchmarks (read-only data in ../shared/data): loaders and scoring.

Used by the dedupe floor tests and by ``bench/dedupe_benchmarks.py`` and ``bench/dedupe.py``
(bench imports ``tests.support``, never the other way). Tests pass the paths they get from
:func:`tests.support.shared.shared_data`; the defaults are for the bench scripts. Sources:

* ``dedup/cora_er/coraLarge_records.csv``: Cora citation ER (pyJedAI copy, 1,879 records).
* ``dedup/cora_er/cora_records.psv``: the smaller Cora (1,295 records, with a venue column).
* ``dedup/dblp_acm/{dblp,acm,gt}.csv``: DBLP-ACM (Leipzig ER benchmark, pyJedAI copy).
* ``dedup/bib_dedupe_cases/test_cases.json``: CoLRev bib-dedupe's 25 hand-written pairs (MIT).
* ``bib/beebe_fish_all_146k.bib.gz``: Beebe's fisheries bibliographies (public domain).
"""

from __future__ import annotations

import csv
import gzip
import itertools
import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refman.dedupe import DedupeResult, dedupe
from refman.model import Date, Reference
from refman.normalise import fold_key, normalise_title, page_range, parse_names, parse_year
from tests.support.shared import SHARED_DATA

DEDUP = SHARED_DATA / "dedup"

_BIB_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "book": "book",
    "proceedings": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "unpublished": "manuscript",
}


def _text(fields: Mapping[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = fields.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def fields_to_reference(fields: Mapping[str, Any], id: str | None = None) -> Reference:
    """A Reference from flat BibTeX-style fields (``ENTRYTYPE``, ``author``, ``title``, ...)."""
    entry_type = str(fields.get("ENTRYTYPE") or fields.get("type") or "misc").lower()
    ref = Reference(id=id or str(fields.get("ID", "")), type=_BIB_TYPES.get(entry_type, "document"))
    authors = _text(fields, "author")
    if authors:
        ref.author = parse_names(authors)[0]
    editors = _text(fields, "editor")
    if editors:
        ref.editor = parse_names(editors)[0]
    title = _text(fields, "title")
    ref.title = normalise_title(title) if title else None
    ref.container_title = _text(fields, "journal", "booktitle", "journaltitle", "venue")
    year = parse_year(_text(fields, "year", "date"))
    if year is not None:
        ref.issued = Date.ymd(year)
    ref.volume = _text(fields, "volume")
    ref.issue = _text(fields, "number", "issue")
    ref.page = _text(fields, "pages")
    ref.DOI = _text(fields, "doi")
    ref.URL = _text(fields, "url")
    isbn = _text(fields, "isbn")
    if isbn and ref.type in ("book", "chapter"):
        ref.ISBN = isbn
    elif isbn:
        ref.ISSN = isbn
    ref.publisher = _text(fields, "publisher", "institution", "school")
    ref.edition = _text(fields, "edition")
    ref.language = _text(fields, "language")
    return ref


# --- bib-dedupe cases ---------------------------------------------------------------------------


def load_cases(path: Path | None = None) -> list[tuple[str, bool, Reference, Reference]]:
    """The 25 bib-dedupe pair cases: (case id, expected duplicate, record a, record b)."""
    p = path or DEDUP / "bib_dedupe_cases" / "test_cases.json"
    data = json.loads(p.read_text(encoding="utf-8"))
    out = []
    for case in data["cases"]:
        a = fields_to_reference(case["record_a"], id="a")
        b = fields_to_reference(case["record_b"], id="b")
        out.append((case["id"], bool(case["expected_duplicate"]), a, b))
    return out


# --- Cora ---------------------------------------------------------------------------------------

_CORA_REPORT = re.compile(r"tech|report|\bTR\b|memo", re.IGNORECASE)
_CORA_THESIS = re.compile(r"thesis|dissertation", re.IGNORECASE)


def _cora_clean(value: str) -> str:
    return value.strip().strip(",.;:").strip()


def _cora_type(kind: str, conference: bool, journal: bool) -> str:
    """A CSL type from Cora's free text (``Technical Report ...``) and which venue it names."""
    if _CORA_THESIS.search(kind):
        return "thesis"
    if _CORA_REPORT.search(kind):
        return "report"
    return "paper-conference" if conference else "article-journal" if journal else "document"


def _cora(row: Mapping[str, str], ref_type: str, rid: str, **fields: str) -> Reference:
    """A row of either Cora copy: the columns both have, then ``fields``."""
    shared = {
        "ENTRYTYPE": "",
        "author": row.get("author", ""),
        "volume": row.get("volume", ""),
        "pages": row.get("pages", ""),
        "publisher": _cora_clean(row.get("publisher", "") or row.get("institution", "")),
    }
    ref = fields_to_reference(shared | fields, id=rid)
    ref.type = ref_type
    return ref


def cora_reference(row: Mapping[str, str]) -> Reference:
    """One Cora CSV row as a Reference (fields are noisy segmentations of citation strings)."""
    ref_type = _cora_type(
        row.get("type", ""), bool(row.get("booktitle", "").strip()), bool(row.get("journal", "").strip())
    )
    return _cora(
        row,
        ref_type,
        row["id"],
        title=row.get("title", ""),
        journal=_cora_clean(row.get("journal", "")),
        booktitle=_cora_clean(row.get("booktitle", "")),
        year=row.get("year", "") + " " + row.get("date", ""),
    )


def load_cora(path: Path | None = None) -> tuple[list[Reference], dict[str, str]]:
    """Cora (coraLarge): references and gold cluster label by id."""
    p = path or DEDUP / "cora_er" / "coraLarge_records.csv"
    refs: list[Reference] = []
    labels: dict[str, str] = {}
    with p.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            refs.append(cora_reference(row))
            labels[row["id"]] = row["label"]
    return refs, labels


_CORA_CONFERENCE = re.compile(r"\bproc|conference|workshop|symposium|colt|stoc|focs", re.IGNORECASE)


def cora_small_reference(row: Mapping[str, str]) -> Reference:
    """One row of the smaller Cora (``cora_records.psv``: venue, note, institution columns)."""
    venue = row.get("venue", "")
    context = " ".join((venue, row.get("institution", ""), row.get("note", "")))
    ref_type = _cora_type(context, bool(_CORA_CONFERENCE.search(venue)), bool(venue.strip()))
    return _cora(
        row,
        ref_type,
        row["Entity Id"],
        editor=row.get("editor", ""),
        title=row.get("title", "").strip().strip("'\"`"),
        venue=_cora_clean(venue),
        year=row.get("year", ""),
    )


def load_cora_small(directory: Path | None = None) -> tuple[list[Reference], set[tuple[str, str]]]:
    """The smaller Cora: references and its gold duplicate pairs (ids sorted in each pair)."""
    d = directory or DEDUP / "cora_er"
    with (d / "cora_records.psv").open(encoding="utf-8", newline="") as handle:
        refs = [cora_small_reference(row) for row in csv.DictReader(handle, delimiter="|")]
    gold: set[tuple[str, str]] = set()
    for line in (d / "cora_gt_pairs.psv").read_text(encoding="utf-8").splitlines():
        a, _, b = line.strip().partition("|")
        if a and b:
            gold.add((a, b) if a < b else (b, a))
    return refs, gold


# --- DBLP-ACM -----------------------------------------------------------------------------------


def _dblp_acm_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="%", quoting=csv.QUOTE_NONE)


def load_dblp_acm(directory: Path | None = None) -> tuple[list[Reference], set[tuple[str, str]]]:
    """DBLP-ACM: references (ids ``dblp:N`` and ``acm:N``) and the gold cross-source pairs."""
    d = directory or DEDUP / "dblp_acm"
    refs: list[Reference] = []
    for source in ("dblp", "acm"):
        for row in _dblp_acm_rows(d / f"{source}.csv"):
            fields = {
                "ENTRYTYPE": "",
                "title": row.get("title", ""),
                "author": row.get("authors", ""),
                "venue": row.get("venue", ""),
                "year": row.get("year", ""),
            }
            refs.append(fields_to_reference(fields, id=f"{source}:{row['id']}"))
    gold: set[tuple[str, str]] = set()
    with (d / "gt.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="%"):
            gold.add((f"dblp:{row['D1']}", f"acm:{row['D2']}"))
    return refs, gold


# --- Beebe BibTeX -------------------------------------------------------------------------------


def read_beebe(limit: int, path: Path | None = None) -> str:
    """The first ``limit`` @Article entries of the Beebe file as BibTeX text (with its @String and
    @Preamble blocks, which precede the entries of each concatenated file)."""
    p = path or SHARED_DATA / "bib" / "beebe_fish_all_146k.bib.gz"
    out: list[str] = []
    count = 0
    entry = re.compile(r"^@Article\s*\{", re.IGNORECASE)
    with gzip.open(p, "rt", encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if entry.match(line):
                count += 1
                if count > limit:
                    break
            out.append(line)
    return "".join(out)


# --- scoring ------------------------------------------------------------------------------------
#
# Pairwise metrics: every pair of input records put in one output item is a predicted pair; Cora
# gold pairs are all pairs within a gold cluster; DBLP-ACM counts only cross-source pairs (the
# benchmark's gold is cross-source only).


def predicted_pairs(id_map: dict[str, str]) -> set[tuple[str, str]]:
    """Every pair of input ids that ``dedupe`` put in one output item (ids sorted in each pair)."""
    clusters: dict[str, list[str]] = defaultdict(list)
    for source, target in id_map.items():
        clusters[target].append(source)
    pairs: set[tuple[str, str]] = set()
    for members in clusters.values():
        for x, y in itertools.combinations(sorted(members), 2):
            pairs.add((x, y))
    return pairs


def prf(predicted: set[tuple[str, str]], gold: set[tuple[str, str]]) -> dict[str, float | int]:
    """Pairwise precision, recall and F1 (rounded), and the counts behind them."""
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


@dataclass
class Measured:
    """One benchmark run: its ``figures`` (one JSON line of the bench script), and what they were
    measured on, for showing errors: the records, predicted and gold pairs, gold labels by id."""

    figures: dict[str, object]
    refs: list[Reference]
    predicted: set[tuple[str, str]]
    gold: set[tuple[str, str]]
    labels: dict[str, str] = field(default_factory=dict)


def _timed_dedupe(refs: list[Reference]) -> tuple[DedupeResult, float]:
    start = time.perf_counter()
    result = dedupe(refs)
    return result, time.perf_counter() - start


def measure_cora(path: Path | None = None) -> Measured:
    """Cora (coraLarge, 1,879 records, 191 clusters)."""
    refs, labels = load_cora(path)
    result, seconds = _timed_dedupe(refs)
    predicted = predicted_pairs(result.id_map)
    by_label: dict[str, list[str]] = defaultdict(list)
    for rid, label in labels.items():
        by_label[label].append(rid)
    gold = {p for members in by_label.values() for p in itertools.combinations(sorted(members), 2)}
    figures: dict[str, object] = {
        "benchmark": "cora_er (coraLarge)",
        "records": len(refs),
        **prf(predicted, gold),
        "items": len(result.items),
        "gold_clusters": len(by_label),
        "review_pairs": len(result.review),
        "candidates": result.stats["candidate_pairs"],
        "seconds": round(seconds, 2),
    }
    return Measured(figures, refs, predicted, gold, labels)


def measure_cora_small(directory: Path | None = None) -> Measured:
    """The smaller Cora (1,295 records with venues, 112 clusters, 17,184 gold pairs)."""
    refs, gold = load_cora_small(directory)
    result, seconds = _timed_dedupe(refs)
    predicted = predicted_pairs(result.id_map)
    figures: dict[str, object] = {
        "benchmark": "cora_er (cora, with venues)",
        "records": len(refs),
        **prf(predicted, gold),
        "items": len(result.items),
        "review_pairs": len(result.review),
        "seconds": round(seconds, 2),
    }
    return Measured(figures, refs, predicted, gold)


def measure_dblp_acm(directory: Path | None = None) -> Measured:
    """DBLP-ACM (2,616 + 2,294 records, 2,224 gold cross-source matches)."""
    refs, gold = load_dblp_acm(directory)
    result, seconds = _timed_dedupe(refs)
    predicted = {
        (a, b) if a.startswith("dblp:") else (b, a)
        for a, b in predicted_pairs(result.id_map)
        if a.split(":")[0] != b.split(":")[0]
    }
    figures: dict[str, object] = {
        "benchmark": "dblp_acm",
        "records": len(refs),
        **prf(predicted, gold),
        "review_pairs": len(result.review),
        "candidates": result.stats["candidate_pairs"],
        "seconds": round(seconds, 2),
    }
    return Measured(figures, refs, predicted, gold)


def measure_cases(path: Path | None = None) -> dict[str, object]:
    """The 25 bib-dedupe pair cases, each run through ``dedupe`` as a two-record collection."""
    right = 0
    wrong: list[str] = []
    for case_id, expected, a, b in load_cases(path):
        merged = len(dedupe([a, b]).items) == 1
        if merged == expected:
            right += 1
        else:
            wrong.append(case_id)
    return {"benchmark": "bib_dedupe_cases", "cases": right + len(wrong), "right": right, "wrong": wrong}


# --- the Cora label ceiling ---------------------------------------------------------------------


def _ceiling_key(ref: Reference) -> tuple[str, tuple[str, ...], int | None]:
    surnames = tuple(sorted(fold_key(n.family or n.literal or "").replace(" ", "") for n in ref.author))
    return fold_key(ref.title or ""), surnames, ref.year


def _ceiling_details(ref: Reference) -> tuple[object, ...]:
    pages = page_range(ref.page) if ref.page else None
    volume = "".join(ch for ch in ref.volume or "" if ch.isdigit()) or None
    return (pages[0] if pages else None, volume, None if ref.type == "document" else ref.type)


def cora_ceiling(path: Path | None = None, shown: int = 5) -> dict[str, object]:
    """The precision any method following issue 5's definition can reach on coraLarge's labels
    (the records with one title, surnames and year and nothing disagreeing, under two labels);
    ``shown``: how many such label pairs to list."""
    refs, labels = load_cora(path)
    groups: dict[tuple[str, tuple[str, ...], int | None], list[Reference]] = defaultdict(list)
    for ref in refs:
        if ref.title and ref.year is not None:
            groups[_ceiling_key(ref)].append(ref)
    forced: Counter[tuple[str, str]] = Counter()
    for members in groups.values():
        for a, b in itertools.combinations(members, 2):
            details = zip(_ceiling_details(a), _ceiling_details(b), strict=True)
            if labels[a.id] != labels[b.id] and all(x is None or y is None or x == y for x, y in details):
                la, lb = sorted((labels[a.id], labels[b.id]))
                forced[(la, lb)] += 1
    gold = sum(n * (n - 1) // 2 for n in Counter(labels.values()).values())
    total = sum(forced.values())
    return {
        "benchmark": "cora_er (coraLarge) label ceiling",
        "gold_pairs": gold,
        "forced_false_pairs": total,
        "precision_ceiling_at_recall_1": round(gold / (gold + total), 4),
        "label_pairs": [f"{a}/{b}: {n}" for (a, b), n in forced.most_common(shown)],
    }
