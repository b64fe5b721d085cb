"""The fuzz targets: one per reader, each a check on one input (bytes) and its seeds.

A check raises only when the reader breaks its contract: an exception other than its documented
error (InputError naming the file), or a documented invariant broken (every input item kept or
named in a problem, what refman writes reads back unchanged, no parser safety-net problem). The
invariants are the ones the bounded property tests state (tests/unit/test_readers_properties.py);
the targets reuse those checks so both say the same thing.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from refman.extract import extract_article
from refman.formats import cobib
from refman.model import Reference
from refman.parse import parse_reference
from tests.unit.test_readers_properties import (
    COBIB_SAMPLE,
    check_bibtex,
    check_cobib_yaml,
    check_crossref,
    check_csl_json,
    check_rulings,
    check_web_page,
    check_written,
)

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = ROOT / "tests" / "data"
SHARED_DATA = ROOT.parent / "shared" / "data"
#: Seeds taken from one large source (the rest of it adds little coverage and slows the start).
SEEDS_PER_SOURCE = 200


def text_of(data: bytes) -> str:
    """The input as a reader gets it: text decoded from UTF-8, bad bytes replaced."""
    return data.decode("utf-8", "replace")


def check_csl_json_input(data: bytes) -> None:
    check_csl_json(text_of(data))


def check_bibtex_input(data: bytes) -> None:
    check_bibtex(text_of(data))


def check_cobib_input(data: bytes) -> None:
    check_cobib_yaml(text_of(data), cobib)


def check_rulings_input(data: bytes) -> None:
    check_rulings(text_of(data))


def check_crossref_input(data: bytes) -> None:
    """A Crossref work (the ``message`` of an answer) maps to CSL fields that all fit."""
    try:
        record = json.loads(text_of(data))
    except (ValueError, RecursionError):
        return  # not JSON: the HTTP layer refuses such an answer before the mapping sees it
    if isinstance(record, dict):
        check_crossref(record)


def check_html_input(data: bytes) -> None:
    check_web_page(text_of(data))


def check_no_safety_net(refs: list[Reference]) -> None:
    """No parser failure hidden as a problem, and what refman writes of ``refs`` reads back."""
    for ref in refs:
        assert not any(p.startswith("parser error:") for p in ref.refman.problems), ref.refman.problems
    check_written(refs)


def check_article_input(data: bytes) -> None:
    check_no_safety_net(extract_article(text_of(data), "fuzz").references)


def check_reference_input(data: bytes) -> None:
    check_no_safety_net([parse_reference(text_of(data), "fuzz")])


# --- seeds ------------------------------------------------------------------------------------


def files(folder: Path, pattern: str) -> list[Path]:
    """The files matching ``pattern`` in ``folder`` (none where the folder is missing)."""
    return sorted(folder.glob(pattern)) if folder.is_dir() else []


def jsonl(path: Path) -> Iterator[Any]:
    """The JSON values of a JSON Lines file, gzipped or not (none where it is missing)."""
    if not path.is_file():
        return
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def encoded(texts: Iterator[str] | list[str]) -> list[bytes]:
    return [t.encode("utf-8") for t in texts]


def csl_json_seeds() -> list[bytes]:
    texts = [p.read_text(encoding="utf-8") for p in files(TEST_DATA / "csl_items", "*.json")]
    texts += [p.read_text(encoding="utf-8") for p in files(TEST_DATA / "csl", "*.json")]
    return encoded(texts)


def bibtex_seeds() -> list[bytes]:
    texts = [p.read_text(encoding="utf-8") for p in files(TEST_DATA, "**/*.bib")]
    combined = SHARED_DATA / "bib" / "bibliotex_combined.bib"
    if combined.is_file():
        entries = ["@" + e for e in re.split(r"\n(?=@)", combined.read_text(encoding="utf-8"))[1:]]
        texts += ["\n".join(entries[i : i + 3]) for i in range(0, 3 * SEEDS_PER_SOURCE, 3)]
    return encoded(texts)


def cobib_seeds() -> list[bytes]:
    return encoded([COBIB_SAMPLE, *(p.read_text(encoding="utf-8") for p in files(TEST_DATA, "**/*.yaml"))])


def rulings_seeds() -> list[bytes]:
    ruling = {"a": "smith2020", "b": "smith2020a", "decision": "same", "note": "one work"}
    return encoded(
        [
            json.dumps({"decisions": [ruling, {**ruling, "decision": "different", "b": "x"}]}),
            json.dumps({"decisions": []}),
        ]
    )


def crossref_seeds() -> list[bytes]:
    records = list(islice(jsonl(SHARED_DATA / "crossref" / "works.jsonl.gz"), SEEDS_PER_SOURCE))
    records += list(jsonl(TEST_DATA / "crossref" / "works.jsonl.gz"))
    return encoded(json.dumps(r, ensure_ascii=False) for r in records)


def html_seeds() -> list[bytes]:
    return encoded(p.read_text(encoding="utf-8") for p in files(TEST_DATA, "**/*.html"))


def article_seeds() -> list[bytes]:
    folders = [TEST_DATA / "articles", TEST_DATA / "extract_gold", TEST_DATA / "documents"]
    return encoded(
        p.read_text(encoding="utf-8")
        for folder in folders
        for p in files(folder, "*")
        if p.suffix in (".md", ".txt")
    )


def reference_seeds() -> list[bytes]:
    strings = [
        r["ref_string"]
        for r in islice(jsonl(SHARED_DATA / "strings" / "real_unstructured_2000.jsonl"), SEEDS_PER_SOURCE)
    ]
    strings += [
        r["text"]
        for r in islice(jsonl(SHARED_DATA / "parsing" / "anystyle" / "core.jsonl"), SEEDS_PER_SOURCE)
    ]
    strings += [
        "Иванов И.И. Региональная экономика. – М.: Наука, 2019. – 256 с.",
        "Smith J. (2020) T. Nature 5:1-10",
    ]
    return encoded(strings)


@dataclass(frozen=True)
class Target:
    """One reader under fuzzing: the check on one input and where its seeds come from."""

    name: str
    check: Callable[[bytes], None]
    seeds: Callable[[], list[bytes]]
    summary: str


TARGETS = {
    t.name: t
    for t in [
        Target(
            "csl-json",
            check_csl_json_input,
            csl_json_seeds,
            "CSL-JSON text: refman.formats.csljson.from_csl_json",
        ),
        Target(
            "bibtex",
            check_bibtex_input,
            bibtex_seeds,
            "BibTeX text: refman.formats.bibtex_reader.from_bibtex",
        ),
        Target(
            "cobib", check_cobib_input, cobib_seeds, "coBib YAML text: refman.formats.cobib.from_cobib_yaml"
        ),
        Target(
            "rulings", check_rulings_input, rulings_seeds, "decisions.json: refman.rulings.rulings_from_json"
        ),
        Target("crossref", check_crossref_input, crossref_seeds, "Crossref work JSON: resolve.mapping + fit"),
        Target("html", check_html_input, html_seeds, "web page: refman.resolve.web.parse_html_metadata"),
        Target("article", check_article_input, article_seeds, "article text: refman.extract.extract_article"),
        Target(
            "reference", check_reference_input, reference_seeds, "one reference: refman.parse.parse_reference"
        ),
    ]
}
