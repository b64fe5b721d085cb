"""Extraction of the CONSTRUCTED test articles in tests/data/articles/ (see the README there:
invented works, written for refman's tests) and of variants of them built in these tests.

ru_gost_constructed.md: GOST list under "Список литературы" plus a romanised "References" copy.
en_apa_constructed.txt: APA list under "References", hanging indents, author-year citations.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from refman.extract import extract_article
from refman.model import Article, Citation

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "tests" / "data" / "articles"
RU = "ru_gost_constructed"
EN = "en_apa_constructed"


def _text(name: str) -> str:
    return next(ARTICLES.glob(f"{name}.*")).read_text(encoding="utf-8")


@cache
def _article(name: str) -> Article:
    return extract_article(_text(name), name)


def _citation(article: Article, text: str) -> Citation:
    found = [c for c in article.citations if c.text == text]
    assert found, f"no citation {text!r}"
    return found[0]


def _codes(article: Article, code: str) -> list[list[int]]:
    return [d.numbers for d in article.diagnostics if d.code == code]


# --- Russian GOST article with a romanised copy -----------------------------------------------


def test_ru_reads_the_original_list_only() -> None:
    refs = _article(RU).references
    assert [r.refman.number for r in refs] == list(range(1, 14))
    assert [r.id for r in refs][:2] == [f"{RU}-1", f"{RU}-2"]
    assert (
        refs[0].refman.raw
        == "Иванов И.И. Региональная экономика: теория и практика. – М.: Наука, 2019. – 256 с."
    )
    assert refs[0].refman.line == 63
    assert all(re.search("[А-Яа-я]", r.refman.raw or "") or r.refman.number in (6, 12) for r in refs)


def test_ru_attaches_each_romanised_entry_to_its_original() -> None:
    refs = _article(RU).references
    for ref in refs:
        twin = ref.refman.romanised
        assert twin is not None, ref.id
        assert twin["number"] == ref.refman.number
        assert twin["line"] == 78 + (ref.refman.number or 0)
        assert "custom" not in twin["item"]
        assert twin["item"]["id"] == ref.id
    first = refs[0].refman.romanised or {}
    assert first["raw"].startswith("Ivanov I.I. Regional'naya ekonomika")
    assert first["item"]["author"][0]["family"] == "Ivanov"
    assert "romanised_unattached" not in {d.code for d in _article(RU).diagnostics}


def test_ru_attaches_an_unnumbered_alphabetical_romanised_list() -> None:
    # Variant built here: the "References" entries lose their numbers and are sorted (Latin order).
    text = _text(RU)
    head, tail = text.split("## References\n")
    entries = sorted(re.sub(r"^\d+\.\s*", "", line) for line in tail.strip().split("\n"))
    article = extract_article(head + "## References\n\n" + "\n".join(entries) + "\n", "ru_alpha")
    assert len(article.references) == 13
    numbered = {int(m.group(1)): m.group(2) for m in re.finditer(r"^(\d+)\.\s*(.+)$", tail, re.M)}
    for ref in article.references:
        twin = ref.refman.romanised
        assert twin is not None, ref.id
        assert twin["number"] is None
        assert twin["raw"] == numbered[ref.refman.number or 0], ref.id
    assert (article.references[7].refman.romanised or {})["raw"].startswith("Sidorov A.A. et al. Metody")


def test_ru_numeric_citations_with_locators_and_ranges() -> None:
    article = _article(RU)
    assert _citation(article, "[2, с. 45]").locator == "с. 45"
    three = _citation(article, "[3; 12–13]")
    assert (three.numbers, three.locator) == ([3], "12–13")
    assert _citation(article, "[5–7]").numbers == [5, 6, 7]
    assert _citation(article, "[5–7]").references == [f"{RU}-5", f"{RU}-6", f"{RU}-7"]
    assert _citation(article, "[8, 9]").numbers == [8, 9]
    assert _citation(article, "[9, с. 201–203]").locator == "с. 201–203"


def test_ru_brackets_that_are_not_citations() -> None:
    texts = {c.text for c in _article(RU).citations}
    assert "[составлено авторами]" not in texts
    assert not any("Электронный ресурс" in t for t in texts)


def test_ru_author_year_citation_links_to_the_2020_entry() -> None:
    citation = _citation(_article(RU), "(Иванов, 2020, с. 5)")
    assert citation.names == ["Иванов"]
    assert citation.year == "2020"
    assert citation.locator == "с. 5"
    assert citation.references == [f"{RU}-2"]


def test_ru_diagnostics_14_not_listed_11_not_cited() -> None:
    article = _article(RU)
    assert _codes(article, "cited_not_listed") == [[14]]
    assert _codes(article, "listed_not_cited") == [[11]]
    assert not _codes(article, "author_year_mismatch")


# --- English APA article -----------------------------------------------------------------------


def test_en_reads_12_unnumbered_entries_joining_wrapped_lines() -> None:
    refs = _article(EN).references
    assert [r.id for r in refs] == [f"{EN}-u{i}" for i in range(1, 13)]
    assert all(r.refman.number is None for r in refs)
    brown = refs[1]
    assert brown.refman.line == 75
    assert brown.refman.raw == (
        "Brown, K. L., Novak, P., & Ortiz, M. (2018). Commuting patterns and subjective well-being: "
        "Evidence from panel data. Transport Studies Quarterly, 44(2), 201–219. "
        "https://doi.org/10.5555/tsq.2018.44.2.201"
    )
    assert refs[-1].refman.raw is not None and refs[-1].refman.raw.startswith("Yilmaz, D. (2019)")


def test_en_author_year_citations_link_to_entries() -> None:
    article = _article(EN)
    expected = {
        "(Chen, 2016)": 3,
        "(Smith, 2019)": 7,
        "(Smith & Jones, 2020, p. 5)": 8,
        "Brown et al. (2018)": 2,
        "Adams and Lee (2021)": 1,
        "Chen (2016, pp. 88-91)": 3,
        "(National Mobility Observatory, 2023)": 6,
        "(Urban Data Lab, n.d.)": 10,
        "Williams et al. (2020)": 11,
    }
    for text, index in expected.items():
        assert _citation(article, text).references == [f"{EN}-u{index}"], text
    assert _citation(article, "Chen (2016, pp. 88-91)").locator == "pp. 88-91"
    two = [c for c in article.citations if c.line == 37]
    assert [c.text for c in two] == ["Adams & Lee, 2021", "Thomson, 2015"]


def test_en_mismatches_listed_not_cited_and_non_citations() -> None:
    article = _article(EN)
    mismatches = [d for d in article.diagnostics if d.code == "author_year_mismatch"]
    assert len(mismatches) == 2
    garcia, thomson = sorted(mismatches, key=lambda d: "Garcia" not in d.message)
    assert "2018" in garcia.message and "2017" in garcia.message and f"{EN}-u4" in garcia.message
    assert "Thomson" in thomson.message and "Thompson" in thomson.message
    uncited = [d for d in article.diagnostics if d.code == "listed_not_cited"]
    assert len(uncited) == 1 and f"{EN}-u12" in uncited[0].message
    assert not any("1.21" in c.text for c in article.citations)  # "95% CI [1.21, 1.57]"
    assert not any(c.text.startswith("(N =") for c in article.citations)
