"""The committed collection in bibliography/: valid for its consumers, and current with the code."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import bibtexparser
import jsonschema
from pybtex.database import parse_string

from refman.pipeline import build
from refman.settings import Settings
from tests.conftest import DATA, ROOT

BIB_DIR = ROOT / "bibliography"
SCHEMA = json.loads((DATA / "csl" / "csl-data.json").read_text(encoding="utf-8"))


def test_references_json_validates_against_the_csl_schema() -> None:
    items = json.loads((BIB_DIR / "references.json").read_text(encoding="utf-8"))
    jsonschema.validate(items, SCHEMA)
    assert len(items) >= 20
    raws = [i["custom"]["refman"].get("raw") for i in items if i["type"] != "article-journal"]
    assert all(raws), "every reference keeps its raw string"


def test_references_bib_parses_with_pybtex_and_bibtexparser() -> None:
    text = (BIB_DIR / "references.bib").read_text(encoding="utf-8")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    keys = [e.key for e in library.entries]
    assert len(keys) == len(set(keys)) >= 20
    assert all(re.fullmatch(r"[A-Za-z0-9_:-]+", k) for k in keys)
    assert set(parse_string(text, "bibtex").entries) == set(keys)


def test_committed_outputs_are_what_build_makes_now(tmp_path: Path) -> None:
    shutil.copytree(BIB_DIR / "articles", tmp_path / "articles")
    settings = Settings(offline=True, cache_dir=tmp_path / "cache")
    result = build(tmp_path, settings=settings, write=False)
    for path, text in result.outputs.items():
        stale = f"bibliography/{path.name} is stale: run REFMAN_CACHE_DIR=$(mktemp -d) refman build --offline"
        assert (BIB_DIR / path.name).read_text(encoding="utf-8") == text, stale
