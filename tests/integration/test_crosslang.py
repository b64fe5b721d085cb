"""The cross-language floor, over real HTTP against the Crossref-compatible server on 127.0.0.1.

Data: tests/data/crosslang/ (69 references to real Crossref records with their titles translated
by hand into Kazakh or Russian, and 1,316 real records: the targets and every look-alike the full
7,551-record server offers for them). ``bench/crosslang.py`` prints the same figures, per feature.
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.support.crosslang import load_cases, load_subset, run
from tests.support.crossref_server import CrossrefServer, WorkIndex


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
