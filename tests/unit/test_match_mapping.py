"""Crossref -> CSL mapping (a data table) pinned by golden files of real records.

tests/data/crossref/golden_mapping.json: real records of eleven kinds with their expected CSL;
crossref_transform_*.json: Crossref's own CSL transform of a real record (see the README there).
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from refman.formats.csl_schema import CROSSREF_TYPES
from refman.resolve.mapping import FIELDS, crossref_to_csl, strip_markup
from tests.conftest import DATA

CROSSREF = DATA / "crossref"
GOLDEN = json.loads((CROSSREF / "golden_mapping.json").read_text(encoding="utf-8"))
SCHEMA_PATH = DATA / "csl" / "csl-data.json"  # the official CSL-JSON schema (see its README)


@pytest.mark.parametrize("case", GOLDEN, ids=[c["case"] for c in GOLDEN])
def test_golden_records_map_to_their_expected_csl(case: dict[str, Any]) -> None:
    assert crossref_to_csl(case["record"]) == case["expected"]


def test_golden_cases_cover_the_awkward_parts() -> None:
    by_case = {c["case"]: c["expected"] for c in GOLDEN}
    assert by_case["jats"]["title"] == "A Boy and a Girl With a Cat and an Eel"  # <emph> markup removed
    assert {"literal": "for the Canadian Critical Care Trials Group."} in by_case["org"]["author"]
    assert by_case["artno"]["number"] == "e12059" and "page" not in by_case["artno"]
    assert by_case["monograph"]["editor"] and "author" not in by_case["monograph"]
    assert "issued" not in by_case["nodate"]  # no date is better than the deposit date
    assert by_case["proceedings"]["event-title"]
    assert {c["expected"]["type"] for c in GOLDEN} >= {
        "article-journal",
        "chapter",
        "paper-conference",
        "book",
        "article",
        "dataset",
        "report",
    }


def test_mapping_agrees_with_crossrefs_own_csl_transform() -> None:
    transform = json.loads(
        (CROSSREF / "crossref_transform_10.1126_science.169.3946.635.json").read_text("utf-8")
    )
    # the transform carries the work's fields with strings where the work has lists
    work = dict(transform)
    for key in ("title", "container-title", "short-container-title"):
        if isinstance(work.get(key), str):
            work[key] = [work[key]]
    ours = crossref_to_csl(work)
    assert CROSSREF_TYPES[transform["type"]] == "article-journal"
    for key in ("title", "container-title", "volume", "issue", "page", "publisher"):
        assert ours[key] == transform[key], key
    assert ours["DOI"] == transform["DOI"].lower()
    assert ours["issued"] == transform["issued"]
    assert [(a["family"], a["given"]) for a in ours["author"]] == [
        (a["family"], a["given"]) for a in transform["author"]
    ]


def test_every_mapped_item_is_valid_csl_json() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    items = [{"id": f"i{i}", **c["expected"]} for i, c in enumerate(GOLDEN)]
    jsonschema.validate(items, schema)


def test_type_table_targets_are_csl_types() -> None:
    csl_types = {
        "article",
        "article-journal",
        "book",
        "chapter",
        "dataset",
        "document",
        "entry",
        "paper-conference",
        "periodical",
        "report",
        "review",
        "standard",
        "thesis",
    }
    assert set(CROSSREF_TYPES.values()) <= csl_types
    assert crossref_to_csl({"type": "something-new"})["type"] == "document"
    assert set(FIELDS) >= {"title", "container-title", "volume", "issue", "page", "DOI", "issued"}


def test_strip_markup() -> None:
    assert strip_markup("<jats:p>H<sub>2</sub>O  water</jats:p>") == "H2O water"
