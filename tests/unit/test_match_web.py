"""Reading a web page's description of itself (pure): the HTML below is constructed for these tests."""

from __future__ import annotations

from refman.normalise import date_parts
from refman.resolve.web import parse_html_metadata

HIGHWIRE = """<!doctype html><html lang="en-GB"><head>
<title>Site | Some article</title>
<meta name="citation_title" content="Peacekeeping in  Central Asia">
<meta name="citation_author" content="Tolipov, Farkhod">
<meta name="citation_author" content="Smith, Jane">
<meta name="citation_publication_date" content="2024/03/05">
<meta name="citation_journal_title" content="Central Asian Affairs">
<meta name="citation_doi" content="doi:10.1234/CAA.2024.1">
<meta property="og:title" content="A shorter social title">
</head><body><a href="https://doi.org/10.9999/someone-else">cited work</a></body></html>"""

OPEN_GRAPH_JSONLD = """<html><head>
<meta property="og:site_name" content="Tengrinews.kz">
<meta property="article:published_time" content="2023-11-02T10:00:00+05:00">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Tengrinews"},
  {"@type": "NewsArticle", "headline": "Қазақстандық бітімгерлер қанша жалақы алады",
   "author": [{"@type": "Person", "name": "Айгүл Сейітова"}], "datePublished": "2023-11-02"}
]}
</script></head><body></body></html>"""


def test_highwire_tags_win_and_body_links_are_never_taken_for_the_pages_doi() -> None:
    meta = parse_html_metadata(HIGHWIRE, "https://journal.example/article/1")
    assert meta["title"] == "Peacekeeping in Central Asia"
    assert meta["authors"] == ["Tolipov, Farkhod", "Smith, Jane"]
    assert meta["site"] == "Central Asian Affairs"
    assert meta["doi"] == "10.1234/caa.2024.1"
    assert meta["language"] == "en"
    assert meta["sources"]["title"] == "citation_title" and meta["sources"]["doi"] == "citation_doi"
    assert date_parts(meta["date"]) == [2024, 3, 5]


def test_open_graph_and_json_ld_for_a_news_page_in_kazakh() -> None:
    meta = parse_html_metadata(OPEN_GRAPH_JSONLD, "https://tengrinews.kz/kazakhstan_news/x-562346/")
    assert meta["title"] == "Қазақстандық бітімгерлер қанша жалақы алады"
    assert meta["site"] == "Tengrinews.kz"
    assert meta["authors"] == ["Айгүл Сейітова"]
    assert date_parts(meta["date"]) == [2023, 11, 2]
    assert "doi" not in meta


def test_title_element_and_doi_in_the_url_are_the_fallbacks() -> None:
    meta = parse_html_metadata(
        "<html><head><title> Plain  page </title></head></html>", "https://doi.org/10.5555/ABC-1"
    )
    assert meta["title"] == "Plain page"
    assert meta["doi"] == "10.5555/abc-1" and meta["sources"]["doi"] == "url"


def test_broken_html_and_json_ld_do_not_raise() -> None:
    meta = parse_html_metadata(
        '<html><head><script type="application/ld+json">{not json</script><title>T', "x"
    )
    assert meta["title"] == "T"
    assert parse_html_metadata("", "https://e.org")["sources"] == {}


def test_page_dates() -> None:
    assert date_parts("22.02.2025") == [2025, 2, 22]
    assert date_parts("2021") == [2021]
    assert date_parts("no date") is None
