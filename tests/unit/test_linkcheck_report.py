"""Link results as data: exit codes, JSON / JUnit / Markdown reports, merging into references.

The results are constructed here; no network.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from refman.linkcheck import Link, LinkResult, Outcome
from refman.linkcheck.report import (
    exit_code,
    group_by_reference,
    merge_link_results,
    render_json,
    render_junit,
    render_markdown,
    summarise,
)
from refman.model import Reference

T = "2026-01-02T03:04:05Z"


def _result(
    url: str, status: str, ref: str | None = "k1", code: int | None = 200, **extra: str
) -> LinkResult:
    link = Link(url=url, reference=ref, field="URL", source="refs.json", line=3)
    return LinkResult(
        link, Outcome(status, code, extra.pop("final_url", url), extra.pop("reason", ""), checked_at=T)
    )


RESULTS = [
    _result("https://example.org/ok", "ok"),
    _result(
        "https://example.org/moved",
        "redirected",
        code=200,
        final_url="https://example.org/new",
        reason="moved",
    ),
    _result("https://example.org/gone", "broken", ref="k2", code=404, reason="HTTP 404 not found"),
    _result("https://example.org/wall", "blocked", ref="k2", code=403, reason="HTTP 403"),
    _result("https://example.org/loose", "ok", ref=None),
]


def test_exit_code_and_tolerate() -> None:
    assert exit_code(RESULTS[:2]) == 0
    assert exit_code(RESULTS) == 2
    assert exit_code([RESULTS[3]], tolerate=["blocked"]) == 0
    assert exit_code([]) == 0


def test_summary_counts_every_status() -> None:
    counts = summarise(RESULTS)
    assert counts["ok"] == 2 and counts["broken"] == 1 and counts["timeout"] == 0
    assert list(counts)[:3] == ["ok", "redirected", "broken"]


def test_grouping_keeps_first_appearance_order() -> None:
    labels = [label for label, _ in group_by_reference(RESULTS)]
    assert labels == ["k1", "k2", "refs.json (outside references)"]


def test_json_has_the_contract_keys() -> None:
    data = json.loads(render_json(RESULTS))
    assert len(data) == 5
    for item in data:
        assert list(item)[:7] == ["url", "status", "code", "final_url", "reference", "field", "checked_at"]
    assert data[2]["status"] == "broken" and data[2]["code"] == 404 and data[2]["reference"] == "k2"


def test_junit_marks_failures_and_tolerated_skips() -> None:
    root = ET.fromstring(render_junit(RESULTS, tolerate=["blocked"], elapsed=1.5))
    assert root.get("tests") == "5" and root.get("failures") == "1" and root.get("skipped") == "1"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    failure = suites["k2"].find("testcase/failure")
    assert failure is not None and failure.get("type") == "broken" and "404" in (failure.text or "")


def test_markdown_report() -> None:
    md = render_markdown(RESULTS)
    assert md.startswith("# Link check\n")
    assert "5 links, 2 need attention." in md
    assert "## k2" in md and "| broken | 404 | https://example.org/gone | URL | 3 |" in md


def test_merge_link_results_into_references() -> None:
    items = [Reference(id="a", citation_key="k1"), Reference(id="k2"), Reference(id="z")]
    merged = merge_link_results(items, RESULTS)
    assert [e["url"] for e in merged[0].refman.extra["link"]] == [
        "https://example.org/ok",
        "https://example.org/moved",
    ]
    assert merged[0].to_csl()["custom"]["refman"]["link"][1]["final_url"] == "https://example.org/new"
    assert [e["status"] for e in merged[1].refman.extra["link"]] == ["broken", "blocked"]
    assert merged[2] is items[2]
    assert "link" not in items[0].refman.extra  # the input is not changed


def test_merge_keeps_a_checked_entry_over_an_offline_one() -> None:
    first = merge_link_results([Reference(id="k1")], [RESULTS[0]])
    offline = LinkResult(
        RESULTS[0].link, Outcome("not_checked", None, None, "offline: not checked, no cached result")
    )
    again = merge_link_results(first, [offline])
    assert again[0].refman.extra["link"][0]["status"] == "ok"
    fresh = merge_link_results([Reference(id="k1")], [offline])
    assert fresh[0].refman.extra["link"][0] == {
        "url": "https://example.org/ok",
        "field": "URL",
        "status": "not_checked",
        "reason": "offline: not checked, no cached result",
    }
