"""Web references against a local web server (pages constructed for these tests) and the local
Crossref-compatible server (real records from tests/data/crossref/)."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from refman.model import Date, Provenance, Reference
from refman.resolve import resolve_references
from refman.resolve.match import MATCHER_VERSION
from refman.resolve.records import NOT_CHECKED, PAGE_NOT_REACHED, Resolution
from refman.settings import Settings
from tests.conftest import DATA, NO_DOIORG
from tests.support.crossref_server import CrossrefServer

with gzip.open(DATA / "crossref" / "works.jsonl.gz", "rt", encoding="utf-8") as _fh:
    RECORDS = [json.loads(line) for line in _fh]
KNOWN = RECORDS[0]  # a real record the Crossref server holds

PAGES: dict[str, tuple[int, str, dict[str, str]]] = {
    "/article": (
        200,
        f"""<html><head><meta name="citation_title" content="{KNOWN["title"][0]}">
        <meta name="citation_doi" content="{KNOWN["DOI"]}"></head></html>""",
        {},
    ),
    "/news": (
        200,
        """<html><head><meta property="og:title" content="Troop and police contributors">
        <meta property="og:site_name" content="United Nations Peacekeeping">
        <meta name="author" content="Department of Peace Operations">
        <meta property="article:published_time" content="2024-12-31T09:00:00Z"></head></html>""",
        {},
    ),
    "/moved": (301, "", {"Location": "/news"}),
    "/gone": (404, "<html><title>Not found</title></html>", {}),
}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        status, body, headers = PAGES.get(self.path, (404, "", {}))
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def web() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def webref(rid: str, url: str, raw: str, title: str | None = None) -> Reference:
    return Reference(
        id=rid,
        type="webpage",
        title=title,
        URL=url,
        accessed=Date.ymd(2025, 2, 22),
        refman=Provenance(raw=raw),
    )


def test_web_references_are_described_from_their_pages(web: str, tmp_path: Path) -> None:
    refs = [
        webref("doi", f"{web}/article", f"Some article. URL: {web}/article"),
        webref(
            "news",
            f"{web}/moved",
            f"Troop contributors. UN Peacekeeping. URL: {web}/moved",
            "Troop contributors",
        ),
        webref("gone", f"{web}/gone", f"A page that is gone. URL: {web}/gone"),
    ]
    with CrossrefServer(RECORDS) as crossref:
        settings = Settings(
            crossref_url=crossref.url,
            doiorg_url=NO_DOIORG,
            cache_dir=tmp_path / "cache",
            mailto="t@example.org",
        )
        out, report = resolve_references(refs, settings)
        lookups = [e["path"] for e in crossref.stats.log]
    by_id = {r.id: r for r in out}
    # a DOI on the page is resolved through Crossref and validated against the page's reference
    assert by_id["doi"].refman.extra["match"]["status"] == "matched"
    assert KNOWN["DOI"].lower() == by_id["doi"].DOI
    assert f"/works/{KNOWN['DOI'].lower()}" in lookups
    assert by_id["doi"].refman.extra["web"]["sources"]["doi"] == "citation_doi"
    # no DOI: the page's metadata fills what the reference lacks; the access date is kept
    news = by_id["news"]
    assert news.container_title == "United Nations Peacekeeping"
    assert news.issued is not None and news.issued.parts == [[2024, 12, 31]]
    assert [a.literal for a in news.author] == ["Department of Peace Operations"]
    assert news.accessed == Date.ymd(2025, 2, 22)
    assert news.refman.extra["web"]["final_url"].endswith("/news")  # the redirect was followed
    assert set(news.refman.extra["web"]["filled"]) >= {"container-title", "issued", "author"}
    assert news.title == "Troop contributors"  # what the reference says is kept
    assert by_id["gone"].title is None
    assert news.refman.extra["match"]["status"] == "unmatched" and news.DOI is None
    assert by_id["gone"].refman.extra["web"]["status"] == 404
    assert report.complete and report.web_described == 3 and report.web_requests == 3

    # again, offline: everything from the cache
    again, report2 = resolve_references(
        refs, Settings(crossref_url=settings.crossref_url, cache_dir=settings.cache_dir, offline=True)
    )
    assert report2.complete and [r.to_csl() for r in again] == [r.to_csl() for r in out]


def test_an_unreachable_web_page_is_reported_not_fatal(tmp_path: Path) -> None:
    ref = webref("dead", "http://127.0.0.1:9/page", "Dead page. URL: http://127.0.0.1:9/page")
    with CrossrefServer(RECORDS) as crossref:
        (out,), report = resolve_references(
            [ref], Settings(crossref_url=crossref.url, doiorg_url=NO_DOIORG, cache_dir=tmp_path)
        )
    assert Resolution.of(out) == Resolution(NOT_CHECKED, reason=PAGE_NOT_REACHED, matcher=MATCHER_VERSION)
    assert "cannot connect" in report.errors[0]


def test_a_reference_search_cannot_settle_gets_its_doi_from_the_page_it_links_to(
    web: str, tmp_path: Path
) -> None:
    # a journal reference with a Russian stand-in title and no authors: search alone is not enough
    raw = f"Исследование свойств материалов // {KNOWN['container-title'][0]}. URL: {web}/article"
    ref = Reference(
        id="j",
        type="article-journal",
        container_title=KNOWN["container-title"][0],
        URL=f"{web}/article",
        refman=Provenance(raw=raw),
    )
    with CrossrefServer(RECORDS) as crossref:
        (out,), report = resolve_references(
            [ref], Settings(crossref_url=crossref.url, doiorg_url=NO_DOIORG, cache_dir=tmp_path)
        )
        paths = [e["path"] for e in crossref.stats.log]
    assert "/works" in paths  # searched first
    doi = KNOWN["DOI"].lower()
    assert f"/works/{doi}" in paths  # then the page's DOI was looked up
    assert out.refman.extra["match"]["status"] == "matched"
    assert (out.DOI, out.refman.extra["web"]["doi"]) == (doi, doi)
    assert report.complete
