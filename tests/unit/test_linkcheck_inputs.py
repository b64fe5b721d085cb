"""Finding links: article text, plain lists, CSL-JSON and BibTeX fields (constructed inputs).

The seed article test reads the real seed in bibliography/articles/ (asserting seed results is
allowed); everything else is written here.
"""

from __future__ import annotations

import time

import pytest

from refman.errors import InputError
from refman.linkcheck.inputs import (
    bib_entry_lines,
    csl_item_lines,
    links_from_list,
    links_from_references,
    links_from_text,
    parse_links,
    url_problem,
)
from refman.model import Reference
from tests.conftest import SEED_004


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.org/a", None),
        ("https://сайт.kz/страница", None),
        ("ftp://example.org/file", "unsupported scheme"),
        ("https://exa mple.org/", "spaces"),
        ("https:///path-only", "no host"),
        ("example.org/page", "no scheme"),
        ("https://example.org:99999/", "malformed"),
        ("https://bad..host/", "malformed host"),
    ],
)
def test_url_problem(url: str, problem: str | None) -> None:
    found = url_problem(url)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_text_scan_finds_every_form_with_lines() -> None:
    text = (
        "Intro line.\n"
        "See https://example.org/report.pdf. And (https://en.example.org/wiki/Foo_(bar)).\n"
        "Autolink: <https://example.org/auto>, markdown [the site](https://example.org/md).\n"
        "Escaped: [https://example.org/a\\\\_b](https://example.org/a_b).\n"
        "Old style: www.example.kz/page; DOI: 10.5555/abc.123.\n"
        "Resolver: https://doi.org/10.5555/XYZ and a DOI inside a URL https://pub.example/doi/10.5555/q\n"
    )
    links = links_from_text(text, source="a.md")
    got = [(link.line, link.kind, link.url) for link in links]
    assert got == [
        (2, "url", "https://example.org/report.pdf"),
        (2, "url", "https://en.example.org/wiki/Foo_(bar)"),
        (3, "url", "https://example.org/auto"),
        (3, "url", "https://example.org/md"),
        (4, "url", "https://example.org/a_b"),
        (5, "url", "https://www.example.kz/page"),
        (5, "doi", "https://doi.org/10.5555/abc.123"),
        (6, "doi", "https://doi.org/10.5555/XYZ"),
        (6, "url", "https://pub.example/doi/10.5555/q"),
    ]
    assert links[7].doi == "10.5555/xyz"
    assert all(link.source == "a.md" and link.field == "text" and link.reference is None for link in links)


def test_text_scan_attributes_links_to_references() -> None:
    text = "Body cites [1].\n\nReferences\n1. Report. URL: https://example.org/r1 (accessed 2024).\n"
    ref = Reference(
        id="r1", citation_key="report2024", URL="https://example.org/r1", DOI="10.5555/only-in-ref"
    )
    ref.refman.line = 4
    links = links_from_text(text, source="a.txt", references=[ref])
    assert [(link.url, link.reference, link.field, link.line) for link in links] == [
        ("https://example.org/r1", "report2024", "URL", 4),
        ("https://doi.org/10.5555/only-in-ref", "report2024", "DOI", 4),
    ]


def test_text_scan_is_linear() -> None:
    line = "Текст статьи со ссылкой https://example.org/page/{} и DOI 10.5555/x{} и [скобками] (круглыми).\n"
    text = "".join(line.format(i, i) for i in range(60_000))  # ~6 MB
    started = time.perf_counter()
    links = links_from_text(text)
    assert len(links) == 120_000
    assert links[-1].line == 60_000
    assert time.perf_counter() - started < 10


def test_plain_list() -> None:
    text = (
        "# my links\nhttps://example.org/a\n\n10.5555/abc\nwww.example.org\nftp://example.org/x\nnot-a-link\n"
    )
    links = links_from_list(text, "<stdin>")
    assert links is not None
    assert [(link.line, link.kind, link.problem is None) for link in links] == [
        (2, "url", True),
        (4, "doi", True),
        (5, "url", True),
        (6, "url", False),
        (7, "url", False),
    ]
    assert links[4].problem == "not a URL or DOI"
    assert links_from_list("Some prose with https://example.org/a in it.\n") is None


def test_references_fields_and_dedup() -> None:
    refs = [
        Reference(
            id="a",
            citation_key="smith2020",
            DOI="10.5555/ABC",
            URL="https://doi.org/10.5555/abc",
            note="Archived at https://archive.example/a; see also doi:10.5555/other",
            container_title="\\url{https://example.org/hp}",
        ),
        Reference(id="b", URL="https://example.org/b", DOI="not-a-doi"),
        Reference(id="c", title="No links at all"),
    ]
    links = links_from_references(refs, "refs.json", {"smith2020": 3, "b": 20})
    got = [
        (link.reference, link.field, link.kind, link.url, link.line, link.problem is None) for link in links
    ]
    assert got == [
        ("smith2020", "DOI", "doi", "https://doi.org/10.5555/abc", 3, True),
        ("smith2020", "note", "url", "https://archive.example/a", 3, True),
        ("smith2020", "note", "doi", "https://doi.org/10.5555/other", 3, True),
        ("smith2020", "container-title", "url", "https://example.org/hp", 3, True),
        ("b", "DOI", "doi", "not-a-doi", 20, False),
        ("b", "URL", "url", "https://example.org/b", 20, True),
    ]
    bib = links_from_references(refs[:1], "refs.bib", bibtex=True)
    assert [link.field for link in bib] == ["doi", "note", "note", "howpublished"]


def test_bibtex_eprint_becomes_an_arxiv_link() -> None:
    ref = Reference(id="x")
    ref.refman.extra["bibtex"] = {"eprint": "2101.00001", "eprinttype": "arxiv"}
    links = links_from_references([ref], bibtex=True)
    assert [(link.field, link.url) for link in links] == [("eprint", "https://arxiv.org/abs/2101.00001")]


def test_entry_lines() -> None:
    bib = "% comment\n@string{j = {J}}\n\n@article{smith2020,\n title={A}}\n@Misc( other ,\n url={x})\n"
    assert bib_entry_lines(bib) == {"smith2020": 4, "other": 6}
    csl = '[\n  {\n    "id": "a",\n    "type": "book"\n  },\n  {"id": 7}\n]\n'
    assert csl_item_lines(csl) == {"a": 3, "7": 6}


def test_parse_links_csl_json_and_bibtex() -> None:
    csl = '[{"id": "k1", "type": "webpage", "URL": "https://example.org/k1"}]'
    links, problems = parse_links("refs.json", csl)
    assert [(link.reference, link.field, link.line) for link in links] == [
        ("k1", "URL", 1)
    ] and problems == []
    bib = "@misc{key1,\n  title = {T},\n  url = {https://example.org/k1},\n  doi = {10.5555/K1}\n}\n"
    links, problems = parse_links("refs.bib", bib)
    assert [(link.reference, link.field, link.kind) for link in links] == [
        ("key1", "doi", "doi"),
        ("key1", "url", "url"),
    ]
    with pytest.raises(InputError, match=r"^bad\.json:1: not valid JSON"):
        parse_links("bad.json", "[{")


def test_seed_004_links_belong_to_their_references() -> None:
    text = SEED_004.read_text(encoding="utf-8")
    links, problems = parse_links(str(SEED_004), text)
    assert problems == []
    assert len(links) == 7
    assert all(link.kind == "url" and link.problem is None for link in links)
    assert all(link.reference and link.field == "URL" for link in links)
    assert len({link.reference for link in links}) == 7
    assert not any("\\" in link.url for link in links)
    lines = [link.line or 0 for link in links]
    assert lines == sorted(lines)
