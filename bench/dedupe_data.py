"""Loaders for the deduplication benchmarks (read-only data in ../shared/data), as References.

Shared by ``bench/dedupe.py``, ``bench/dedupe_benchmarks.py`` and the dedupe tests. Sources:

* ``dedup/cora_er/coraLarge_records.csv``: Cora citation ER (pyJedAI copy, 1,879 records).
* ``dedup/cora_er/cora_records.psv``: the smaller Cora (1,295 records, with a venue column).
* ``dedup/dblp_acm/{dblp,acm,gt}.csv``: DBLP-ACM (Leipzig ER benchmark, pyJedAI copy).
* ``dedup/bib_dedupe_cases/test_cases.json``: CoLRev bib-dedupe's 25 hand-written pairs (MIT).
* ``bib/beebe_fish_all_146k.bib.gz``: Beebe's fisheries bibliographies (public domain).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from refman.model import Date, Reference
from refman.normalise import normalise_title, parse_names, parse_year

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"

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
    p = path or SHARED / "dedup" / "bib_dedupe_cases" / "test_cases.json"
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


def cora_reference(row: Mapping[str, str]) -> Reference:
    """One Cora CSV row as a Reference (fields are noisy segmentations of citation strings)."""
    ref_type = _cora_type(
        row.get("type", ""), bool(row.get("booktitle", "").strip()), bool(row.get("journal", "").strip())
    )
    fields = {
        "ENTRYTYPE": "",
        "author": row.get("author", ""),
        "title": row.get("title", ""),
        "journal": _cora_clean(row.get("journal", "")),
        "booktitle": _cora_clean(row.get("booktitle", "")),
        "year": (row.get("year", "") + " " + row.get("date", "")),
        "volume": row.get("volume", ""),
        "pages": row.get("pages", ""),
        "publisher": _cora_clean(row.get("publisher", "") or row.get("institution", "")),
    }
    ref = fields_to_reference(fields, id=row["id"])
    ref.type = ref_type
    return ref


def load_cora(path: Path | None = None) -> tuple[list[Reference], dict[str, str]]:
    """Cora (coraLarge): references and gold cluster label by id."""
    p = path or SHARED / "dedup" / "cora_er" / "coraLarge_records.csv"
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
    fields = {
        "ENTRYTYPE": "",
        "author": row.get("author", ""),
        "editor": row.get("editor", ""),
        "title": row.get("title", "").strip().strip("'\"`"),
        "venue": _cora_clean(venue),
        "year": row.get("year", ""),
        "volume": row.get("volume", ""),
        "pages": row.get("pages", ""),
        "publisher": _cora_clean(row.get("publisher", "") or row.get("institution", "")),
    }
    ref = fields_to_reference(fields, id=row["Entity Id"])
    ref.type = ref_type
    return ref


def load_cora_small(directory: Path | None = None) -> tuple[list[Reference], set[tuple[str, str]]]:
    """The smaller Cora: references and its gold duplicate pairs (ids sorted in each pair)."""
    d = directory or SHARED / "dedup" / "cora_er"
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
    d = directory or SHARED / "dedup" / "dblp_acm"
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
    p = path or SHARED / "bib" / "beebe_fish_all_146k.bib.gz"
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
