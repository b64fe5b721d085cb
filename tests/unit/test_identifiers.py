"""Identifiers: DOI, URL, ISBN, ISSN, arXiv id and PMID found, validated and normalised.

Real-world forms come from Crossref's deposited references and BibTeX files; the SICI DOIs are
real Wiley, AMS and BioOne DOIs.
"""

from __future__ import annotations

import time

import pytest

from refman.identifiers import (
    doi_family,
    doi_url,
    find_arxiv_id,
    find_doi,
    find_isbns,
    find_issns,
    find_urls,
    is_doi,
    is_doi_url,
    is_preprint_doi,
    labelled_isbn,
    labelled_issn,
    mentions_doi,
    normalise_doi,
    normalise_pmid,
    normalise_url,
    strip_identifiers,
    url_key,
)

SICI = "10.1002/(SICI)1097-4636(199905)45:2<115::AID-JBM6>3.0.CO;2-#"
AMS = "10.1175/1520-0469(1962)019<0173:SAODAS>2.0.CO;2"
BIOONE = "10.1890/0012-9658(2002)083[0001:ASHBFT]2.0.CO;2"

# --- DOI ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "10.1073/PNAS.1604234114",
        "https://doi.org/10.1073/pnas.1604234114",
        "http://dx.doi.org/10.1073/pnas.1604234114.",
        "https://www.doi.org/10.1073/pnas.1604234114",
        "doi.org/10.1073/pnas.1604234114",
        "doi:10.1073/pnas.1604234114",
        "DOI: 10.1073/pnas.1604234114",
        "DOI 10.1073/pnas.1604234114;",
        "urn:doi:10.1073/pnas.1604234114",
        "DOI: https://doi.org/10.1073/pnas.1604234114",
        "https://doi.org/10.1073%2Fpnas.1604234114",
        "{10.1073/pnas.1604234114}",
    ],
)
def test_normalise_doi_forms(raw: str) -> None:
    assert normalise_doi(raw) == "10.1073/pnas.1604234114"
    assert is_doi(raw)


def test_normalise_doi_reads_a_doi_inside_a_value() -> None:
    assert normalise_doi("https://www.pnas.org/doi/10.1073/pnas.1604234114") == "10.1073/pnas.1604234114"
    assert not is_doi("https://www.pnas.org/doi/10.1073/pnas.1604234114")
    assert normalise_doi("https://doi.org/10.1000%2F182") == "10.1000/182"
    assert normalise_doi("10.1000/a%2Fb") == "10.1000/a/b"
    assert normalise_doi("10.1007/978-3-642-21178-2\\_14") == "10.1007/978-3-642-21178-2_14"  # TeX
    assert normalise_doi("10.1007/11945918&lowbar;45") == "10.1007/11945918_45"  # HTML
    assert normalise_doi("10.1007/978--3--642-02652--2_6") == "10.1007/978--3--642-02652--2_6"
    assert normalise_doi("10.1000/xyz(1).") == "10.1000/xyz(1)"
    assert normalise_doi("no doi here") is None
    assert normalise_doi("10.1234/.") is None
    assert normalise_doi(None) is None


@pytest.mark.parametrize(
    ("doi", "bare"),
    [
        (SICI, SICI.lower()),
        (AMS, AMS.lower()),
        (BIOONE, BIOONE.lower()),
        (
            "10.1002/1099-1166(200112)16:1+<::AID-GPS568>3.0.CO;2-M",
            "10.1002/1099-1166(200112)16:1+<::aid-gps568>3.0.co;2-m",
        ),
        ("10.1175/1520-0469(1962)019%3C0173:SAODAS%3E2.0.CO;2", AMS.lower()),
        ("10.1002/%28SICI%291097-4636%28199905%2945%3A2%3C115%3A%3AAID-JBM6%3E3.0.CO%3B2-%23", SICI.lower()),
    ],
)
def test_sici_dois_keep_their_brackets(doi: str, bare: str) -> None:
    assert normalise_doi(doi) == bare
    assert normalise_doi(f"https://doi.org/{doi}.") == bare
    assert find_doi(f"J. Biomed. Mater. Res. 45 (1999) 115. doi:{doi}, accessed") == bare
    assert is_doi(doi)


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("Title. J. 2020. https://doi.org/10.1000/ABC.123.", "10.1000/abc.123"),
        ("doi: 10.1002/(SICI)1097-4636(199706)35:4", "10.1002/(sici)1097-4636(199706)35:4"),
        ("Иванов И.И. Статья // Журнал. DOI: 10.26577/JAPJ.2020.v1.i2.05.", "10.26577/japj.2020.v1.i2.05"),
        ("Gibson, Special Paper 465, doi: 10.1130/2010.2465(22). 2010.", "10.1130/2010.2465(22)"),
        ("(see doi:10.1017/aog.2016.20)", "10.1017/aog.2016.20"),
        ("‘10.1234/abc’, «10.1234/abc»", "10.1234/abc"),
        ("p. 367-390 [doi>10.1007/s10207-013-0222-9]", "10.1007/s10207-013-0222-9"),
        ("BMC Genomics. 2013, 14: 564-10.1186/1471-2164-14-564.", "10.1186/1471-2164-14-564"),
        ("doi = {10.1016/j.cell.2020.01.001},", "10.1016/j.cell.2020.01.001"),  # BibTeX source
        ("[https://doi.org/10.1/x](https://doi.org/10.1/x)", None),  # registrant codes have 4+ digits
        ("[https://doi.org/10.1234/x](https://doi.org/10.1234/x)", "10.1234/x"),
        ("https://doi.org/110.1088/0953-8984/14/3/321", None),  # not inside a number
        ("DOI: 10.1234/ and then nothing", None),
        ("no identifier here", None),
        ("", None),
        (None, None),
    ],
)
def test_find_doi(text: str | None, doi: str | None) -> None:
    assert find_doi(text) == doi


def test_standalone_skips_a_doi_inside_a_path() -> None:
    assert find_doi("https://example.org/10.1234/abc") == "10.1234/abc"
    assert find_doi("https://example.org/10.1234/abc", standalone=True) is None
    assert find_doi("models.10.48550/arXiv.2304.03271.", standalone=True) == "10.48550/arxiv.2304.03271"


@pytest.mark.parametrize(
    "text",
    ["", "10.12/abc", "11.1234/abc", "https://example.org/10.1234/abc", "no doi", "10.1234/a b", "10.1234/"],
)
def test_is_doi_rejects(text: str) -> None:
    assert not is_doi(text)


def test_doi_urls() -> None:
    assert is_doi_url("https://doi.org/10.5555/X.Y")
    assert is_doi_url("http://dx.doi.org/10.5555/x")
    assert is_doi_url("doi.org/10.5555/x")
    assert not is_doi_url("https://publisher.example/doi/10.5555/x")
    assert not is_doi_url("https://doi.acm.org/10.1145/272991.272995")
    assert doi_url("10.1000/abc") == "https://doi.org/10.1000/abc"


def test_mentions_doi_sees_a_doi_start_anywhere() -> None:
    assert mentions_doi("x10.1234/")
    assert mentions_doi("https://example.org/10.1234/abc")
    assert not mentions_doi("10.123/abc")
    assert not mentions_doi("10.1234")


def test_doi_family_strips_version_suffixes() -> None:
    assert doi_family("10.1002/14651858.cd002273.pub2") == doi_family("10.1002/14651858.cd002273.pub3")
    assert doi_family("10.6084/m9.figshare.123.v2") == "10.6084/m9.figshare.123"
    assert doi_family("10.1073/pnas.1604234114") == "10.1073/pnas.1604234114"


def test_is_preprint_doi() -> None:
    assert is_preprint_doi("10.48550/arxiv.2412.19437")
    assert is_preprint_doi("10.2139/ssrn.1154053")
    assert is_preprint_doi("10.1101/2020.03.01.123456")
    assert not is_preprint_doi("10.1101/gr.123")
    assert not is_preprint_doi("10.1073/pnas.1604234114")


# --- arXiv, PMID --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "arxiv"),
    [
        ("arXiv:2104.01234v2", "2104.01234"),
        ("arXiv:2412.19437v2 [cs.CL]", "2412.19437"),
        ("arXiv:hep-th/9901001", "hep-th/9901001"),
        ("arXiv: math.AG/0101001v3", "math.ag/0101001"),
        ("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
        ("https://arxiv.org/pdf/2412.19437v2", "2412.19437"),
        ("https://doi.org/10.48550/arXiv.2104.01234", "2104.01234"),
        ("2412.19437v2", None),  # a bare number could be anything
        ("no id", None),
        (None, None),
    ],
)
def test_find_arxiv_id(text: str | None, arxiv: str | None) -> None:
    assert find_arxiv_id(text) == arxiv


@pytest.mark.parametrize(
    ("value", "pmid"),
    [
        ("12345678", "12345678"),
        ("PMID: 12345678", "12345678"),
        ("pmid 00123", "123"),
        ("https://pubmed.ncbi.nlm.nih.gov/19179418/", "19179418"),
        ("http://www.ncbi.nlm.nih.gov/pubmed/19179418", "19179418"),
        ("123456789", None),
        ("PMC1234567", None),
    ],
)
def test_normalise_pmid(value: str, pmid: str | None) -> None:
    assert normalise_pmid(value) == pmid


# --- ISBN, ISSN ---------------------------------------------------------------------------------


def test_isbn() -> None:
    assert find_isbns("5020138509") == ["9785020138506"]  # ISBN-10 as ISBN-13
    assert find_isbns("ISBN 5-02-013850-9") == ["9785020138506"]
    assert find_isbns("978-5-02-013850-6") == ["9785020138506"]
    assert find_isbns("978-5-02-013850-7") == []  # wrong check digit
    assert find_isbns("5-02-013850-8") == []  # wrong check digit
    assert find_isbns("0-8044-2957-X") == ["9780804429573"]  # X check digit
    assert find_isbns("080442957x") == ["9780804429573"]
    assert find_isbns(None) == []


def test_find_isbns_reads_lists() -> None:
    text = "ISBN 5-02-013850-9; 978-5-02-013850-6 (т. 1), 0-8044-2957-X, 978-5-02-013850-7"
    assert find_isbns(text) == ["9785020138506", "9780804429573"]
    assert find_isbns("0 85501 146 7") == ["9780855011468"]
    assert find_isbns("") == []


def test_labelled_isbn_keeps_the_number_as_written() -> None:
    text = "М.: Наука, 2019. – 256 с. – ISBN 978–5–02–013850–7."
    assert labelled_isbn(text) == "978-5-02-013850-7"  # check digit not tested
    assert labelled_isbn("ISBN-13: 978 5 02 013850 6") == "978-5-02-013850-6"
    assert labelled_isbn("978-5-02-013850-6") is None


def test_issn() -> None:
    assert find_issns("0957-9672 (Print)") == ["0957-9672"]
    assert find_issns("ISSN 1361 6137") == ["1361-6137"]
    assert find_issns("1234-5678") == []  # wrong check digit
    assert find_issns("0957-9672 (Print), 1361-6137 (Online); 0957-9672") == ["0957-9672", "1361-6137"]
    assert labelled_issn("Вестник. e-ISSN: 1361–6137. 2020") == "1361-6137"
    assert labelled_issn("1361-6137") is None


def test_issn_with_x_check_digit() -> None:
    assert find_issns("ISSN 0000-006x") == ["0000-006X"]


# --- URL ----------------------------------------------------------------------------------------


def test_find_urls_trims_sentence_punctuation_and_unbalanced_brackets() -> None:
    text = "(see https://a.org/x_(y).) and www.b.org/z, then"
    assert find_urls(text) == ["https://a.org/x_(y)", "www.b.org/z"]


def test_normalise_url() -> None:
    assert normalise_url("\\url{https://Example.COM/a\\_b}") == "https://example.com/a_b"
    assert (
        normalise_url("<https://tengrinews.kz/kazakhstan\\_news/x/>.")
        == "https://tengrinews.kz/kazakhstan_news/x/"
    )
    assert normalise_url("https://a.org/x?a=1&amp;b=2") == "https://a.org/x?a=1&b=2"
    assert normalise_url("https://a.org/x)") == "https://a.org/x"
    assert normalise_url("https://a.org/ long/path") == "https://a.org/long/path"
    assert normalise_url("") is None
    assert url_key("https://www.Example.com/a/#top") == url_key("http://example.com/a") == "example.com/a"


# --- all of them --------------------------------------------------------------------------------


def test_strip_identifiers_leaves_the_words() -> None:
    raw = (
        "Smith J. Title. Ecol Appl 7:737–750. doi: " + BIOONE + " https://x.org/a_(b) "
        "arXiv:hep-th/9901001 ISBN 5-02-013850-9 ISSN 1361-6137 end"
    )
    words = ["Smith", "J.", "Title.", "Ecol", "Appl", "7:737–750.", "doi:", "end"]
    assert strip_identifiers(raw).split() == words


@pytest.mark.parametrize(
    "hostile",
    [
        "10.1234/" + "(" * 50_000,
        "10.1234/a" + "(a" * 30_000,
        "10.1234/" + "<1:" * 30_000,
        "10.1234/" * 20_000,
        "10.12345" * 20_000,
        "arxiv" * 40_000,
        "arXiv:" + "a-" * 50_000,
        "ISBN " + "1 " * 50_000,
        "ISSN " * 40_000,
        "www." * 50_000,
        "http://" + "a" * 100_000,
        "doi:" * 50_000 + "10.1234/x",
        "1-" * 100_000,
    ],
)
def test_linear_time_on_hostile_input(hostile: str) -> None:
    start = time.perf_counter()
    find_doi(hostile)
    find_doi(hostile, standalone=True)
    normalise_doi(hostile)
    is_doi(hostile)
    find_arxiv_id(hostile)
    find_isbns(hostile)
    find_issns(hostile)
    labelled_isbn(hostile)
    labelled_issn(hostile)
    find_urls(hostile)
    normalise_url(hostile)
    strip_identifiers(hostile)
    assert time.perf_counter() - start < 2.0
