"""The cross-language floor, over real HTTP against the Crossref-compatible server on 127.0.0.1.

Data: tests/data/crosslang/ (69 references to real Crossref records with their titles translated
by hand into Kazakh or Russian, and 1,316 real records: the targets and every look-alike the full
7,551-record server offers for them). ``bench/crosslang.py`` prints the same figures, per feature.
And a missing list recovered from the text: seed 000's cited numbers, the names beside them, and
candidates for review from a server holding the works (constructed records, seed000_works.jsonl).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from refman.extract import extract_article
from refman.resolve import resolve_references
from refman.resolve.records import Resolution
from refman.settings import Settings
from tests.conftest import SEED_000
from tests.support.crosslang import DATA, load_cases, load_subset, run
from tests.support.crossref_server import CrossrefServer, WorkIndex, load_records

NOTE = "recovered from the text, not from a list"
SEED_WORKS = load_records(DATA / "seed000_works.jsonl")  # constructed: see the data's README


@pytest.mark.slow
def test_translated_titles_resolve_with_no_wrong_doi() -> None:
    out = run(load_subset(), load_cases())
    assert out["n"] >= 60
    assert out["wrong_dois"] == 0 and out["negatives_matched"] == 0, out["missed"]
    assert out["recall"] >= 0.85, out["missed"]
    assert out["candidate_recall"] >= 0.95, out["missed"]
    # one search by the string, a second by author and year only for what it did not settle
    assert out["list_requests_per_reference"] <= 1.5


def test_the_server_answers_author_queries_within_the_date_filter() -> None:
    records = load_subset()
    with CrossrefServer(WorkIndex(records)) as server:
        url = f"{server.url}/works?query.author=Jung&filter=from-pub-date:2015,until-pub-date:2017&rows=50"
        with urllib.request.urlopen(url, timeout=10) as reply:
            items = json.load(reply)["message"]["items"]
    assert items
    for item in items:
        names = " ".join(f"{a.get('given', '')} {a.get('family', '')}" for a in item["author"])
        assert "jung" in names.lower()  # given names count too, as at Crossref
        dates = ("issued", "published", "published-print", "published-online")
        years = {item[k]["date-parts"][0][0] for k in dates if k in item}
        assert years & {2015, 2016, 2017}
    dois = {i["DOI"].lower() for i in items}
    # Jung 2015 and Amirinia & Jung 2017 (second author), both in the set
    assert {"10.1016/j.oceaneng.2015.09.033", "10.1016/j.oceaneng.2017.06.005"} <= dois


@pytest.mark.slow
def test_refman_extract_lists_candidates_for_seed_000_and_asserts_nothing(tmp_path: Path) -> None:
    with CrossrefServer(WorkIndex([*load_subset(), *SEED_WORKS])) as server:
        env = {k: v for k, v in os.environ.items() if k != "REFMAN_OFFLINE"} | {"NO_COLOR": "1"}
        args = ["extract", str(SEED_000), "--candidates", "--json", "--crossref-url", server.url]
        args += ["--cache-dir", str(tmp_path / "cache"), "--mailto", "tests@example.org"]
        result = subprocess.run(
            [sys.executable, "-m", "refman", *args], capture_output=True, text=True, timeout=120, env=env
        )
        searches = [e for e in server.stats.log if e["path"] == "/works"]
    assert result.returncode == 0, result.stderr
    refs = {r["custom"]["refman"]["number"]: r for r in json.loads(result.stdout)["references"]}
    assert sorted(refs) == [*range(1, 17), *range(18, 22)]
    for ref in refs.values():
        assert ref["note"] == NOTE and ref["custom"]["refman"]["recovered"]["note"] == NOTE
        assert "DOI" not in ref and ref["custom"]["refman"]["match"]["status"] != "matched"
    names = {n: [a["family"] for a in r.get("author", [])] for n, r in refs.items()}
    expected = {6: "10.5555/refman.seed000.5", 7: "10.5555/refman.seed000.1", 8: "10.5555/refman.seed000.2"}
    expected |= {13: "10.5555/refman.seed000.3", 18: "10.5555/refman.seed000.4"}
    for number, doi in expected.items():
        match = refs[number]["custom"]["refman"]["match"]
        assert match["status"] == "ambiguous", (number, names[number], match)
        assert doi in [c["DOI"] for c in match["candidates"]], (number, names[number])
        assert NOTE in match["reason"]
    assert names[7] == ["Моргентау"] and names[13] == ["Най", "Кохейн"]
    # at most one search by the names for each recovered reference that has names (two that cite
    # the same names ask once), and the probe; nothing else
    named = sum(1 for r in refs.values() if r["custom"]["refman"]["recovered"]["names"])
    assert len(searches) <= named + 1
    assert all("query.author" in e["params"] or e["params"].get("rows") == "0" for e in searches)


def test_a_recovered_reference_is_never_matched_even_by_its_exact_record(tmp_path: Path) -> None:
    text = "Theory.\n\nAs Kenneth Waltz argued [1], structure matters; see also\nthe realists [2].\n"
    refs = extract_article(text, "w").references
    with CrossrefServer(WorkIndex(SEED_WORKS)) as server:
        settings = Settings(crossref_url=server.url, mailto="tests@example.org", cache_dir=tmp_path)
        out, report = resolve_references(refs, settings)
    waltz = Resolution.of(out[0])
    assert waltz is not None and waltz.status == "ambiguous"
    assert [c.DOI for c in waltz.candidates] == ["10.5555/refman.seed000.2"]
    assert out[0].DOI is None and report.counts["matched"] == 0
    nameless = Resolution.of(out[1])
    assert nameless is not None and nameless.status == "unmatched" and NOTE in (nameless.reason or "")
