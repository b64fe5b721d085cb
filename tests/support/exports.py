"""The mixed kk/ru/en collection of tests/data/exports (see its SOURCE.md), read the way
``refman export`` reads each kind of file: Crossref records and CSL-JSON by the CSL-JSON reader,
the .bib by the BibTeX reader. Keys as the .bib writer gives them."""

from __future__ import annotations

from pathlib import Path

from refman.formats.bibtex_reader import from_bibtex
from refman.formats.bibtex_writer import with_bibtex_keys
from refman.formats.csljson import from_csl_json
from refman.model import Reference

EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"
#: The parts, in order: file -> how it was made (SOURCE.md says more).
PARTS = {
    "refman_kk.json": "real: refman's build of two Kazakh articles (bibliography/)",
    "refman_ru.json": "real: refman's parse of two Russian articles (tests/data/extract_gold)",
    "crossref_works.jsonl": "real: Crossref REST records",
    "crossref_transforms.json": "real: Crossref/DataCite CSL transforms",
    "entries.bib": "real: biblatex and BibTeX entries",
    "constructed.json": "constructed by hand: CSL types no real record here has",
}


def read_part(name: str) -> list[Reference]:
    """The references of one part, read as refman export reads that kind of file."""
    text = (EXPORTS / name).read_text(encoding="utf-8")
    if name.endswith(".jsonl"):
        text = "[" + ",".join(line for line in text.splitlines() if line.strip()) + "]"
    refs = from_bibtex(text, name)[0] if name.endswith(".bib") else from_csl_json(text, name)[0]
    stem = name.split(".")[0]
    return [ref.replace(id=f"{stem}-{n}") for n, ref in enumerate(refs, 1)]


def mixed_collection() -> list[Reference]:
    """Every part's references, with unique citation keys."""
    return with_bibtex_keys([ref for name in PARTS for ref in read_part(name)])
