"""Resolution over real HTTP against the Crossref-compatible server on 127.0.0.1 (habanero unpatched).

Data: tests/data/crossref/ (375 real records; 20 labelled reference strings rendered from them,
see its README). Every test starts its own server and cache; nothing leaves the machine.
"""

from __future__ import annotations

import gzip
import itertools
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from refman.model import Provenance, Reference
from refman.resolve import resolve_references
from refman.resolve.cache import Cache
from refman.resolve.crossref import CrossrefClient, Task
from refman.resolve.records import CROSSREF_NOT_REACHED, NOT_CHECKED, Resolution
from refman.settings import Settings
from tests.conftest import DATA, NO_DOIORG
from tests.support.crossref_server import CrossrefServer, Fault, Faults, WorkIndex
from tests.support.network import closed_port

CROSSREF = DATA / "crossref"
with gzip.open(CROSSREF / "works.jsonl.gz", "rt", encoding="utf-8") as _fh:
    RECORDS = [json.loads(line) for line in _fh]
CASES = [
    json.loads(line) for line in (CROSSREF / "references.jsonl").read_text(encoding="utf-8").splitlines()
]
MAILTO = "tests@example.org"


@pytest.fixture(scope="module")
def index() -> WorkIndex:
    return WorkIndex(RECORDS)


@pytest.fixture
def server(index: WorkIndex) -> Iterator[CrossrefServer]:
    with CrossrefServer(index, list_limit=50, single_limit=50) as srv:
        yield srv


def refs_from_cases(cases: list[dict[str, Any]] = CASES) -> list[Reference]:
    from refman.parse import parse_reference

    out = []
    for i, case in enumerate(cases):
        ref = parse_reference(case["text"], id=f"c{i}")
        ref.refman.raw = case["text"]
        out.append(ref)
    return out


def settings_for(url: str, tmp_path: Path, **kw: Any) -> Settings:
    return Settings(crossref_url=url, doiorg_url=NO_DOIORG, mailto=MAILTO, cache_dir=tmp_path / "cache", **kw)


def statuses(refs: list[Reference]) -> list[tuple[str | None, str | None]]:
    resolutions = [Resolution.of(r) for r in refs]
    return [(res.status if res else None, r.DOI) for res, r in zip(resolutions, refs, strict=True)]


def fast_client(settings: Settings, **kw: Any) -> CrossrefClient:
    return CrossrefClient(settings, Cache(settings.cache_dir), backoff=0.05, **kw)


def test_labelled_strings_resolve_to_their_records_and_negatives_to_nothing(
    server: CrossrefServer, tmp_path: Path
) -> None:
    refs = refs_from_cases()
    out, report = resolve_references(refs, settings_for(server.url, tmp_path))
    assert [r.id for r in out] == [r.id for r in refs]  # input order
    matched = 0
    for case, r in zip(CASES, out, strict=True):
        match = r.refman.extra["match"]
        if match["status"] == "matched":
            # precision first: a DOI is only ever the right one
            assert case["expected_doi"] == r.DOI, case["text"]
            assert match["supporting_fields"] and match["score"] > 0
            matched += 1
        elif case["expected_doi"]:
            # not sure enough: then the right record is among the candidates kept for review
            assert match["status"] == "ambiguous", case["text"]
            assert case["expected_doi"] in [c["DOI"] for c in match["candidates"]]
        else:
            assert r.DOI is None
        assert r.refman.raw == case["text"]  # the string as written survives
    assert report.complete and report.total == len(CASES)
    clean = [c for c in CASES if c["set"] == "clean"]
    assert matched >= len(clean) + 4  # every clean string and most noisy ones
    # one probe, one search per reference, and one search by author and year for each reference
    # the string did not settle; never over the advertised limits
    assert server.stats.rate_limited == 0 and server.stats.concurrency_limited == 0
    by_author = [e for e in server.stats.log if "query.author" in e["params"]]
    assert 0 < len(by_author) <= len(CASES) - matched
    assert all("from-pub-date" in e["params"]["filter"] for e in by_author)
    assert server.stats.data_requests == len(CASES) + 1 + len(by_author)


def test_habanero_talks_to_the_server_politely(server: CrossrefServer, tmp_path: Path) -> None:
    resolve_references(refs_from_cases(CASES[:2]), settings_for(server.url, tmp_path))
    searches = [e for e in server.stats.log if e["path"] == "/works" and "query.bibliographic" in e["params"]]
    assert searches, "no query.bibliographic request reached the server"
    for entry in searches:
        ua = entry["user_agent"]
        assert "habanero/" in ua and "refman/" in ua and f"mailto:{MAILTO}" in ua
        assert entry["params"]["rows"] == "20"
        assert "DOI" in entry["params"]["select"].split(",")
    assert any("from-pub-date" in e["params"].get("filter", "") for e in searches)


@pytest.mark.slow
def test_every_third_request_failing_gives_complete_and_identical_results(
    index: WorkIndex, tmp_path: Path
) -> None:
    refs = refs_from_cases(CASES[:12])
    with CrossrefServer(index, list_limit=50) as clean:
        expected, _ = resolve_references(refs, settings_for(clean.url, tmp_path / "a"))
    with CrossrefServer(index, list_limit=50, faults=Faults(every=3, kinds=("429", "500"))) as faulty:
        settings = settings_for(faulty.url, tmp_path / "b")
        started = time.monotonic()
        got, report = resolve_references(refs, settings, client=fast_client(settings))
        elapsed = time.monotonic() - started
        stats = faulty.stats
    assert report.complete, (report.unreached, report.errors)  # why, should it ever fail again
    assert [r.to_csl() for r in got] == [r.to_csl() for r in expected]
    assert stats.injected["429"] >= 2 and stats.injected["500"] >= 2
    assert report.client.retries == sum(stats.injected.values())
    # Retry-After: 1 was honoured: the pool paused at least once for a second
    assert elapsed >= 1.0


def test_timeouts_and_malformed_json_are_retried(index: WorkIndex, tmp_path: Path) -> None:
    def plan(n: int, path: str) -> Fault | None:
        return {2: Fault("slow", delay=1.5), 4: Fault("malformed"), 5: Fault("503")}.get(n)

    refs = refs_from_cases(CASES[:5])
    with CrossrefServer(index, faults=Faults(only=plan)) as srv:
        settings = settings_for(srv.url, tmp_path)
        out, report = resolve_references(refs, settings, client=fast_client(settings, timeout=0.5))
    assert report.complete
    assert [s for s, _ in statuses(out)] == ["matched"] * 5
    assert report.client.retries >= 3
    assert any("timed out" in k for k in report.client.failures)
    assert any("malformed" in k for k in report.client.failures)


@pytest.mark.slow
def test_the_client_keeps_to_the_servers_rate_limit(index: WorkIndex, tmp_path: Path) -> None:
    refs = refs_from_cases(CASES[:10])
    with CrossrefServer(index, list_limit=4, concurrency=2) as srv:
        settings = settings_for(srv.url, tmp_path)
        started = time.monotonic()
        _, report = resolve_references(refs, settings)
        elapsed = time.monotonic() - started
        stats = srv.stats
    assert stats.rate_limited == 0 and stats.concurrency_limited == 0
    assert report.client.limits["list"] == (4, 1.0, 2)  # learnt from X-Rate-Limit-* headers
    assert elapsed >= (stats.data_requests - 4) / 4 * 0.95  # paced, not bursting
    assert stats.peak_in_flight["list"] <= 2


def test_cache_offline_and_refresh(server: CrossrefServer, tmp_path: Path) -> None:
    refs = refs_from_cases(CASES[:6])
    settings = settings_for(server.url, tmp_path)
    first, _ = resolve_references(refs, settings)
    n = server.stats.data_requests
    again, report = resolve_references(refs, settings)
    assert server.stats.data_requests == n and report.from_cache == 6
    assert [r.to_csl() for r in again] == [r.to_csl() for r in first]
    offline, report = resolve_references(refs, settings_for("http://127.0.0.1:9", tmp_path, offline=True))
    assert report.complete is False  # another service: its answers are not in the cache
    offline, report = resolve_references(refs, settings_for(server.url, tmp_path, offline=True))
    assert report.complete and [r.to_csl() for r in offline] == [r.to_csl() for r in first]
    resolve_references(refs, settings_for(server.url, tmp_path, refresh=True))
    assert server.stats.data_requests > n


def test_offline_with_an_empty_cache_reports_what_it_could_not_check(tmp_path: Path) -> None:
    refs = refs_from_cases(CASES[:3])
    out, report = resolve_references(refs, settings_for("http://127.0.0.1:9", tmp_path, offline=True))
    assert report.offline and report.counts[NOT_CHECKED] == 3 and not report.complete
    assert {u["reason"] for u in report.unreached} == {CROSSREF_NOT_REACHED}
    assert all(r.refman.extra["match"]["status"] == "not checked" for r in out)
    assert "not checked (offline)" in report.summary(why=True)


def test_an_unreachable_service_fails_fast_and_is_reported(tmp_path: Path) -> None:
    refs = refs_from_cases(CASES[:8])
    started = time.monotonic()
    out, report = resolve_references(refs, settings_for(f"http://127.0.0.1:{closed_port()}", tmp_path))
    assert time.monotonic() - started < 3.0
    assert report.counts[NOT_CHECKED] == 8 and report.errors and "cannot connect" in report.errors[0]
    assert {u["reason"] for u in report.unreached} == {CROSSREF_NOT_REACHED}
    assert report.client.requests <= 2  # the probe, then nothing
    assert [r.refman.raw for r in out] == [r.refman.raw for r in refs]


def test_a_given_doi_is_looked_up_and_a_missing_one_is_reported(
    server: CrossrefServer, tmp_path: Path
) -> None:
    case = CASES[0]
    good = Reference(
        id="good", refman=Provenance(raw=f"{case['text']} https://doi.org/{case['expected_doi']}")
    )
    bad = Reference(id="bad", DOI="10.9999/does-not-exist", refman=Provenance(raw=case["text"]))
    out, report = resolve_references([good, bad], settings_for(server.url, tmp_path))
    assert statuses(out) == [("matched", case["expected_doi"]), ("matched", case["expected_doi"])]
    assert "DOI" in out[0].refman.extra["match"]["supporting_fields"]
    # not in Crossref, doi.org not reached: the search found the work, whose DOI replaced it
    assert out[1].refman.extra["match"]["doi_status"] == {
        "DOI": "10.9999/does-not-exist",
        "status": "not in Crossref",
        "checked": False,
    }
    assert out[1].refman.extra["match"]["replaced"]["DOI"] == "10.9999/does-not-exist"  # nothing is lost
    assert report.dois_not_in_crossref == [
        {"id": "bad", "DOI": "10.9999/does-not-exist", "status": "not in Crossref; not checked at doi.org"}
    ]
    paths = [e["path"] for e in server.stats.log]
    assert f"/works/{case['expected_doi']}" in paths and "/works/10.9999/does-not-exist" in paths


def test_crossref_metadata_replaces_parsed_fields_and_the_old_values_are_kept(
    server: CrossrefServer, tmp_path: Path
) -> None:
    noisy = next(c for c in CASES if c["set"] == "noisy" and "translate_title" in c["noise"])
    (out,), _ = resolve_references(refs_from_cases([noisy]), settings_for(server.url, tmp_path))
    record = next(r for r in RECORDS if r["DOI"].lower() == noisy["expected_doi"])
    assert out.title == record["title"][0]
    replaced = out.refman.extra["match"]["replaced"]
    assert any(ch.isalpha() and "\u0400" <= ch <= "\u04ff" for ch in json.dumps(replaced, ensure_ascii=False))


def test_client_tasks_are_deduplicated_and_cached(server: CrossrefServer, tmp_path: Path) -> None:
    settings = settings_for(server.url, tmp_path)
    client = CrossrefClient(settings, Cache(settings.cache_dir))
    doi = CASES[0]["expected_doi"]
    results = client.run_many([Task("work", doi), Task("work", doi), Task("work", "10.9999/nope")])
    assert results[Task("work", doi)].status == "ok"
    assert results[Task("work", "10.9999/nope")].status == "not_found"
    assert server.stats.data_requests == 1 + 2  # probe + two distinct lookups
    again = client.run_many([Task("work", doi)])
    assert again[Task("work", doi)].cached and server.stats.data_requests == 3


def test_the_gate_paces_starts_and_pauses_for_retry_after() -> None:
    from refman.resolve.crossref import RateGate

    gate = RateGate("list", limit=3, interval=0.5, concurrency=2)
    starts = []
    for _ in range(7):
        with gate.slot():
            starts.append(time.monotonic())
            time.sleep(0.02)  # the request takes a while; the window counts until its answer
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.5 / 3 * 0.95  # spread out, not in bursts
    # never more than 3 starts in any half second, even counting from each answer
    assert all(later - earlier >= 0.5 for earlier, later in zip(starts, starts[3:], strict=False))
    gate.block(0.3)
    blocked_at = time.monotonic()
    with gate.slot():
        assert time.monotonic() - blocked_at >= 0.29
