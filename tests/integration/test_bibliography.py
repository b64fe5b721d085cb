"""The committed collection in bibliography/: valid for its consumers, and current with the code."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from bibtexparser.entrypoint import parse_string as parse_bibtex
from pybtex.database import parse_string

from refman.pipeline import build
from refman.settings import Settings
from tests.conftest import DATA, ROOT
from tests.support.network import closed_port

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
    library = parse_bibtex(text)
    assert library.failed_blocks == []
    keys = [e.key for e in library.entries]
    assert len(keys) == len(set(keys)) >= 20
    assert all(re.fullmatch(r"[A-Za-z0-9_:-]+", k) for k in keys)
    assert set(parse_string(text, "bibtex").entries) == set(keys)


@pytest.mark.slow
def test_committed_outputs_are_what_build_makes_now(tmp_path: Path) -> None:
    shutil.copytree(BIB_DIR / "articles", tmp_path / "articles")
    shutil.copy(BIB_DIR / "library.sqlite", tmp_path)  # the ids and keys issued so far
    settings = Settings(offline=True, cache_dir=tmp_path / "cache")
    result = build(tmp_path, settings=settings, write=False)
    for path, text in result.outputs.items():
        stale = f"bibliography/{path.name} is stale: run REFMAN_CACHE_DIR=$(mktemp -d) refman build --offline"
        assert (BIB_DIR / path.name).read_text(encoding="utf-8") == text, stale


@pytest.mark.slow
def test_a_build_writes_the_same_offline_and_with_the_network_unreachable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The README's two commands on a clone without network: the committed outputs were built
    # offline, and a build that cannot reach Crossref (nor any web page: every request goes to a
    # proxy that is not there) must write the same files.
    closed = f"http://127.0.0.1:{closed_port()}"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, closed)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    written = []
    for offline in (True, False):
        root = tmp_path / ("offline" if offline else "unreachable")
        shutil.copytree(BIB_DIR / "articles", root / "articles")
        settings = Settings(crossref_url=closed, offline=offline, cache_dir=root / "cache")
        result = build(root, settings=settings)
        written.append({path.name: path.read_bytes() for path in result.outputs})
    assert not result.resolution.offline and "cannot connect" in result.resolution.errors[0]
    assert written[0] == written[1]
