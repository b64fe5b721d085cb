"""End-to-end extraction of the two real seed articles (bibliography/articles/).

004 is a Kazakh journal article in Markdown with a numbered list under
"*Пайдаланылған әдебиеттер тізімі:*"; 000 is PDF-derived Kazakh text with numeric citations and
no reference list. Expected values were read off the files by hand.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from refman.extract import extract_article
from refman.extract.recovered import RECOVERED_NOTE, Recovered
from refman.model import Article, Citation

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "bibliography" / "articles"
S004 = "004_c159abb99046b70d"
S000 = "000_cd854a2d8b355c99"


@cache
def _article(stem: str) -> Article:
    return extract_article((SEEDS / f"{stem}.txt").read_text(encoding="utf-8"), stem)


def _source_lines(stem: str) -> list[str]:
    return (SEEDS / f"{stem}.txt").read_text(encoding="utf-8").split("\n")


def _citation(article: Article, text: str) -> Citation:
    found = [c for c in article.citations if c.text == text]
    assert found, f"no citation {text!r}"
    return found[0]


# --- 004: the reference list -------------------------------------------------------------------


def test_004_has_18_references_numbered_1_to_17_with_6_twice() -> None:
    refs = _article(S004).references
    assert len(refs) == 18
    assert [r.refman.number for r in refs] == [1, 2, 3, 4, 5, 6, 6, *range(7, 18)]
    assert refs[5].id == f"{S004}-6a"
    assert refs[6].id == f"{S004}-6b"
    assert refs[0].id == f"{S004}-1"
    assert refs[-1].id == f"{S004}-17"
    assert len({r.id for r in refs}) == 18


def test_004_two_works_under_number_6_are_split_at_the_second_line() -> None:
    refs = _article(S004).references
    first, second = refs[5], refs[6]
    assert first.refman.line == 155
    assert second.refman.line == 156
    assert "Global Peace Operations Initiative" in (first.refman.raw or "")
    assert "U.S.-ASEAN" not in (first.refman.raw or "")
    assert (second.refman.raw or "").startswith("*U.S.-ASEAN Comprehensive Strategic Partnership")
    assert first.URL == "https://2009-2017.state.gov/t/pm/ppa/gpoi/index.htm"
    assert second.URL is not None and second.URL.startswith("https://id.usembassy.gov/fact-sheet-u-s-asean")


def test_004_each_reference_keeps_its_raw_string_as_written() -> None:
    refs = _article(S004).references
    lines = _source_lines(S004)
    for ref in refs:
        raw = ref.refman.raw
        assert raw, ref.id
        assert ref.refman.article == S004
        source_line = lines[(ref.refman.line or 0) - 1].strip()
        # The raw string is the source line without its list marker (and trailing spaces).
        assert source_line.endswith(raw) or raw in source_line, ref.id
    assert refs[0].refman.raw == (
        "*Fatalities statistics by nationality and mission. United Nations Peacekeeping.* "
        "URL: <https://peacekeeping.un.org/en/fatalities>."
    )
    assert refs[-1].refman.line == 168


def test_004_urls_carry_no_markdown_escapes() -> None:
    refs = _article(S004).references
    urls = [r.URL for r in refs if r.URL]
    assert len(urls) == 7
    assert all("\\" not in url for url in urls)
    assert refs[1].URL == (
        "https://tengrinews.kz/kazakhstan_news/skolko-poluchayut-kazahstanskije-mirotvortsyi-"
        "uchastie-missii-562346/"
    )
    # ... while the raw string keeps the escape exactly as written.
    assert "kazakhstan\\\\_news" in (refs[1].refman.raw or "")


def test_004_item_5_has_its_access_date() -> None:
    ref = _article(S004).references[4]
    assert ref.refman.number == 5
    assert ref.accessed is not None
    assert ref.accessed.parts == [[2025, 2, 22]]


def test_004_items_9_to_17_have_authors_year_and_title() -> None:
    refs = [r for r in _article(S004).references if (r.refman.number or 0) >= 9]
    assert [r.refman.number for r in refs] == list(range(9, 18))
    for ref in refs:
        assert ref.author, ref.id
        assert ref.year is not None, ref.id
        assert ref.title, ref.id
    by_number = {r.refman.number: r for r in refs}
    assert by_number[12].author[0].family == "Grobbelaar"
    assert by_number[12].year == 2023
    assert [a.family for a in by_number[17].author] == ["Zhao", "Liu", "Gong", "Hou", "Cao"]


def test_004_metadata_cites_every_list_reference() -> None:
    article = _article(S004)
    assert article.metadata.id == S004
    assert article.metadata.refman.extra["cites"] == [r.id for r in article.references]
    assert article.metadata.to_csl()["custom"]["refman"]["cites"][6] == f"{S004}-6b"


# --- 004: citations ----------------------------------------------------------------------------


def test_004_citations_are_only_searched_in_the_body() -> None:
    article = _article(S004)
    heading_line = 148
    assert article.citations
    assert all(c.line < heading_line for c in article.citations)


def test_004_numeric_citation_6_links_both_works() -> None:
    article = _article(S004)
    six = _citation(article, "[6]")
    assert six.numbers == [6]
    assert six.references == [f"{S004}-6a", f"{S004}-6b"]
    refs = {r.id: r for r in article.references}
    assert refs[f"{S004}-6b"].refman.cited[0]["text"] == "[6]"


def test_004_author_year_citations_link_across_scripts() -> None:
    article = _article(S004)
    expected = {
        "Стейгерге сәйкес (2023)": 14,  # Стейгер ~ Staeger, with a Kazakh case ending
        "(Стейгер, 2023: 502-503)": 14,
        "(Отто және басқалар, 2024: 488-489)": 13,  # Отто ~ Otto
        "(Каплан және басқалар, 2024: 644-670)": 10,  # Каплан ~ Caplan
        "Чжао және т. б. (2022)": 17,  # Чжао ~ Zhao
        "Толиповтың (2024)": 15,
    }
    for text, number in expected.items():
        citation = _citation(article, text)
        assert citation.references == [f"{S004}-{number}"], text
        assert citation.year is not None
    otto = _citation(article, "(Отто және басқалар, 2024: 488-489)")
    assert otto.names == ["Отто"]
    assert otto.locator == "488-489"
    assert otto.line == 79


def test_004_grobelaar_2022_is_one_mismatch_naming_both() -> None:
    article = _article(S004)
    grob = _citation(article, "(Grobelaar, 2022)")
    assert grob.references == [f"{S004}-12"]
    found = [d for d in article.diagnostics if d.code == "author_year_mismatch" and "Grobelaar" in d.message]
    assert len(found) == 1
    message = found[0].message
    assert "Grobbelaar" in message and "2022" in message and "2023" in message
    assert found[0].line == grob.line == 134


def test_004_unlisted_author_year_citation_is_reported() -> None:
    article = _article(S004)
    found = [d for d in article.diagnostics if d.code == "author_year_unlisted"]
    assert [d.line for d in found] == [140]
    assert "Аббаси Гади" in found[0].message


def test_004_cited_references_record_their_citations_with_context() -> None:
    article = _article(S004)
    staeger = next(r for r in article.references if r.refman.number == 14)
    texts = [c["text"] for c in staeger.refman.cited]
    assert "Стейгерге сәйкес (2023)" in texts
    first = staeger.refman.cited[0]
    assert set(first) == {"text", "line", "locator", "context"}
    assert "тең емес серіктестер" in first["context"]
    assert first["context"].startswith("Мысалы, Стейгерге сәйкес (2023)")


def test_004_every_entry_is_cited_so_no_list_diagnostics() -> None:
    # 1-9 are cited in brackets, 10-17 by author-year (11 as "Глейзер мен Томанн, 2021").
    article = _article(S004)
    assert all(r.refman.cited for r in article.references)
    codes = {d.code for d in article.diagnostics}
    assert codes.isdisjoint({"no_reference_list", "cited_not_listed", "listed_not_cited"})
    glaser = _citation(article, "(Глейзер мен Томанн, 2021)")
    assert glaser.names == ["Глейзер", "Томанн"]
    assert glaser.references == [f"{S004}-11"]


# --- 000: no list ------------------------------------------------------------------------------


def test_000_reports_no_reference_list() -> None:
    article = _article(S000)
    first = article.diagnostics[0]
    assert first.code == "no_reference_list"
    assert "1–16, 18–21" in first.message


def test_000_recovers_a_reference_for_each_cited_number_with_the_names_beside_it() -> None:
    article = _article(S000)
    assert [r.refman.number for r in article.references] == [*range(1, 17), *range(18, 22)]
    names = {r.refman.number: [n.family for n in r.author] for r in article.references}
    assert names[7] == ["Моргентау"]
    assert names[8] == ["Уолтц"]  # "Кеннет Уолтцтың": the Kazakh genitive dropped
    assert names[13] == ["Най", "Кохейн"]  # "Дж. Най мен Р.Кохейн [13]"
    # named in the paragraph before "[18]": kept as a lead, not as an author
    assert names[18] == []
    eighteen = Recovered.of(article.references[16])
    assert eighteen is not None and eighteen.number == 18
    assert (eighteen.names[0].name, eighteen.names[0].beside) == ("Валлерстайн", False)
    recovered = Recovered.of(article.references[6])
    assert recovered is not None and recovered.number == 7
    assert recovered.names[0].romanised == "Morgentau" and recovered.names[0].beside
    assert "Моргентау" in recovered.sentences[0]
    assert all(r.note == RECOVERED_NOTE and r.DOI is None for r in article.references)
    assert _citation(article, "[7]").references == [f"{S000}-7"]
    assert article.metadata.refman.extra["cites"] == [r.id for r in article.references]
    codes = [d.code for d in article.diagnostics]
    assert codes[:2] == ["no_reference_list", "recovered_from_text"]
    assert "[7] Моргентау" in article.diagnostics[1].message


def test_000_reports_numbers_1_to_21_cited_except_17() -> None:
    article = _article(S000)
    cited = {n for c in article.citations for n in c.numbers}
    assert cited == (set(range(1, 22)) - {17}) | {90}
    gap = [d for d in article.diagnostics if d.code == "citation_gap"]
    assert len(gap) == 1
    assert gap[0].numbers == [17]
    assert "1–21" in gap[0].message and "17" in gap[0].message


def test_000_flags_the_stray_90() -> None:
    article = _article(S000)
    stray = [d for d in article.diagnostics if d.code == "stray_citation"]
    assert len(stray) == 1
    assert stray[0].numbers == [90]
    assert stray[0].line == 360
    assert "[90, 203 б.]" in stray[0].message
    ninety = _citation(article, "[90, 203 б.]")
    assert ninety.numbers == [90]
    assert ninety.locator == "203 б."


def test_000_semicolon_numbers_are_page_locators() -> None:
    article = _article(S000)
    first = _citation(article, "[1; 12–13]")
    assert first.numbers == [1]
    assert first.locator == "12–13"
    assert first.line == 158
    assert first.context == "Көбінесе сыртқы саясат ішкіге бағынады [1; 12–13]."
    assert _citation(article, "[1;16]").locator == "16"
    assert _citation(article, "[9; 126–129]").numbers == [9]
