"""``refman resolve`` end to end against the local Crossref-compatible server (real records and the
labelled strings of tests/data/crossref/; the BibTeX and CSL-JSON inputs are constructed here)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from refman.cli import cli
from tests.conftest import DATA, ROOT
from tests.support.crossref_server import CrossrefServer

CROSSREF = DATA / "crossref"
with gzip.open(CROSSREF / "works.jsonl.gz", "rt", encoding="utf-8") as _fh:
    RECORDS = [json.loads(line) for line in _fh]
CASES = [
    json.loads(line) for line in (CROSSREF / "references.jsonl").read_text(encoding="utf-8").splitlines()
]


@pytest.fixture(scope="module")
def server() -> Iterator[CrossrefServer]:
    with CrossrefServer(RECORDS) as srv:
        yield srv


def test_resolve_json_in_input_order_with_doi_only_for_accepted_matches(
    server: CrossrefServer, tmp_path: Path
) -> None:
    refs = tmp_path / "refs.txt"
    refs.write_text("\n".join(c["text"] for c in CASES[:8]) + "\n", encoding="utf-8")
    env = {
        **os.environ,
        "REFMAN_CACHE_DIR": str(tmp_path / "cache"),
        "REFMAN_MAILTO": "t@example.org",
        "REFMAN_OFFLINE": "0",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "refman", "resolve", str(refs), "--json", "--crossref-url", server.url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    items = json.loads(proc.stdout)
    assert [i["custom"]["refman"]["line"] for i in items] == list(range(1, 9))
    for case, item in zip(CASES[:8], items, strict=True):
        match = item["custom"]["refman"]["match"]
        assert item["custom"]["refman"]["raw"] == case["text"]
        if match["status"] == "matched":
            assert item["DOI"] == case["expected_doi"]
        else:
            assert "DOI" not in item
    assert "8 references" in proc.stderr
    assert sum(i["custom"]["refman"]["match"]["status"] == "matched" for i in items) >= 4


@pytest.mark.slow
def test_csl_json_and_bibtex_inputs_and_strict(server: CrossrefServer, tmp_path: Path) -> None:
    rec = next(r for r in RECORDS if r["DOI"].lower() == CASES[0]["expected_doi"])
    first = rec["author"][0]
    csl = [
        {
            "id": "a",
            "type": "article-journal",
            "title": rec["title"][0],
            "author": [{"family": first["family"], "given": first.get("given", "")}],
            "container-title": rec["container-title"][0],
            "volume": rec.get("volume"),
            "issued": {"date-parts": [rec["issued"]["date-parts"][0][:1]]},
        }
    ]
    name = f"{first['family']}, {first.get('given', '')}"
    bib = (
        f"@article{{b, author = {{{name}}}, title = {{{rec['title'][0]}}},\n"
        f"  journal = {{{rec['container-title'][0]}}}, year = {{{rec['issued']['date-parts'][0][0]}}},\n"
        f"  volume = {{{rec.get('volume', '')}}}}}\n"
        "@misc{c, title = {Zzyzx qwerty unknown thing}, year = {1901}}\n"
    )
    runner = CliRunner()
    env = {
        "REFMAN_CACHE_DIR": str(tmp_path / "cache"),
        "REFMAN_CROSSREF_URL": server.url,
        "REFMAN_OFFLINE": "0",
    }
    for name, text in (("in.json", json.dumps(csl)), ("in.bib", bib)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(cli, ["resolve", str(path), "--json"], env=env)
        assert result.exit_code == 0, result.output
        items = json.loads(result.stdout)
        assert items[0]["DOI"] == rec["DOI"].lower()
        assert items[0]["custom"]["refman"]["match"]["status"] == "matched"
    result = runner.invoke(
        cli, ["resolve", str(tmp_path / "in.bib"), "--strict"], env=env, standalone_mode=False
    )
    assert result.return_value == 2  # the exit status refman.cli.main gives: the @misc entry is not matched
    assert "matched" in result.stdout and "unmatched" in result.stdout


def test_offline_flag_and_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    refs = tmp_path / "refs.txt"
    refs.write_text(CASES[0]["text"] + "\n", encoding="utf-8")
    env = {"REFMAN_CACHE_DIR": str(tmp_path / "cache")}
    result = runner.invoke(cli, ["resolve", str(refs), "--offline", "--json"], env=env)
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["custom"]["refman"]["match"]["status"] == "not checked"
    assert "not checked (offline)" in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    result = runner.invoke(cli, ["resolve", str(broken)], env=env)
    assert result.exit_code == 1
