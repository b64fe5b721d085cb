"""The records resolution stores (pure JSON round trips) and the cache that keeps them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from refman.linkcheck.links import LinkEntry, LinkRecord
from refman.model import Reference
from refman.resolve.cache import CACHE_FILE, Cache
from refman.resolve.records import NOT_CHECKED, Candidate, Resolution, Update, WebPage, updates_text

# Constructed: what refman writes for a reference matched through its search, in the order it
# writes the keys (the order is part of the committed outputs).
MATCHED = {
    "status": "matched",
    "score": 0.957,
    "DOI": "10.1016/j.jde.2013.05.024",
    "supporting_fields": ["year", "title"],
    "candidates": [
        {
            "DOI": "10.1016/j.jde.2013.05.024",
            "score": 0.957,
            "supporting_fields": ["year", "title"],
            "fields": {"year": 1.0, "title": 0.96},
            "search_score": 72.4,
        }
    ],
    "matcher": "1",
    "updates": [{"relation": "updated-by", "type": "retraction", "DOI": "10.5555/x", "date": [2020, 1, 2]}],
    "doi_status": {"DOI": "10.9999/typo", "status": "not in Crossref", "agency": "DataCite", "checked": True},
    "agency": "DataCite",
    "replaced": {"title": "the title as parsed"},
    "subtitle": "appended: the reference gives it",
}


def test_a_resolution_reads_back_typed_and_writes_the_same_json() -> None:
    ref = Reference(id="r").with_refman("match", MATCHED)
    resolution = Resolution.of(ref)
    assert resolution is not None and resolution.status == "matched"
    assert resolution.candidates[0] == Candidate(
        "10.1016/j.jde.2013.05.024", 0.957, ("year", "title"), {"year": 1.0, "title": 0.96}, None, 72.4
    )
    assert json.dumps(resolution.to_json()) == json.dumps(MATCHED)  # same keys, same order
    assert resolution.attach(Reference(id="r")).to_csl() == ref.to_csl()


def test_not_checked_and_unreadable_resolutions() -> None:
    not_checked = Resolution(NOT_CHECKED, reason="Crossref was not reached", matcher="1")
    assert not_checked.to_json() == {
        "status": NOT_CHECKED,
        "reason": "Crossref was not reached",
        "matcher": "1",
    }
    assert Resolution.of(Reference(id="r").with_refman("match", {"score": 1})) is None
    assert Resolution.of(Reference(id="r")) is None


def test_crossmark_updates_read_as_a_line() -> None:
    ref = Resolution("matched", updates=(Update("updated-by", "retraction", "10.5555/x", (2020, 1, 2)),))
    notice = Update("update-to", "correction", None)
    assert updates_text(ref.attach(Reference(id="r"))) == "RETRACTION by 10.5555/x (2020-1-2)"
    assert notice.text() == "correction notice updating ?" and not notice.serious
    assert updates_text(Reference(id="r")) == ""


def test_a_web_page_keeps_what_the_page_gave_and_what_it_filled() -> None:
    page = {"status": 200, "final_url": "https://x.org/a", "title": "A", "authors": [], "sources": {}}
    web = WebPage.from_json({**page, "language": "en", "canonical": "https://x.org/a"})
    assert web.ok and web.authors == () and web.to_json() == page
    filled = WebPage.from_json({**page, "filled": ["title"]})
    assert filled.to_json() == {**page, "filled": ["title"]}
    assert not WebPage(status=404).ok


def test_link_record_entries_leave_empty_values_out() -> None:
    entries = [
        {"url": "https://x.org", "field": "URL", "status": "ok", "code": 200},
        {"url": "u", "status": "broken"},
    ]
    record = LinkRecord.from_json(entries)
    assert record.entries[1] == LinkEntry("u", "broken") and record.to_json() == entries
    assert LinkRecord.from_json(entries[0]).to_json() == entries[:1]  # one object: a list of one


def test_a_resolution_round_trips_through_the_cache(tmp_path: Path) -> None:
    resolution = Resolution.from_json(MATCHED)
    with Cache(tmp_path) as cache:
        cache.put_resolutions([("fp", resolution)])
        assert cache.get_resolutions(["fp", "other"]) == {"fp": resolution}


def test_a_cache_with_a_decisions_table_is_renamed_in_place_and_its_rows_kept(tmp_path: Path) -> None:
    # The layout before the word "resolution": the same rows in a table named decisions.
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:
        db.execute(
            "CREATE TABLE decisions (fingerprint TEXT PRIMARY KEY, body TEXT NOT NULL, created REAL NOT NULL)"
        )
        db.execute("INSERT INTO decisions VALUES ('fp', ?, 0)", (json.dumps({"match": MATCHED}),))
    with Cache(tmp_path) as cache:
        assert cache.get_resolutions(["fp"]) == {"fp": Resolution.from_json(MATCHED)}
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "decisions" not in tables and db.execute("PRAGMA user_version").fetchone() == (1,)
