"""The article's own publication facts, read from its front matter (refman.extract.venue).

Real texts: tests/data/extract_gold (see its README) and the two seed articles of bibliography/.
The header lines in the last test are constructed in the forms Kazakh and Russian journals print."""

from __future__ import annotations

from pathlib import Path

import pytest

from refman.extract.frontmatter import extract_metadata
from refman.extract.venue import read_venue

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "extract_gold"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "ru_npe_2022_04_05.md",
            {
                "DOI": "10.26583/npe.2022.4.05",
                "issue": "4",
                "year": 2022,
                "page": "58–66",
                "URL": "https://static.nuclear-power-engineering.ru/articles/2022/04/05.pdf",
            },
        ),
        (
            "ru_npe_2022_03_05.md",
            {
                "DOI": "10.26583/npe.2022.3.05",
                "issue": "3",
                "year": 2022,
                "URL": "https://static.nuclear-power-engineering.ru/articles/2022/03/05.pdf",
            },
        ),
        # the article's own BibTeX block: journal and year; its DOI is the arXiv preprint's, left out
        ("en_joss_pybads_2024.md", {"container-title": "Journal of Open Source Software", "year": 2024}),
        # these print nothing about where they were published
        ("ru_hse_38310145.txt", {}),
        ("en_acl_W04-3227.txt", {}),
    ],
)
def test_real_articles(name: str, expected: dict[str, object]) -> None:
    assert read_venue(_text(GOLD / name)) == expected


@pytest.mark.parametrize("name", ["000_cd854a2d8b355c99.txt", "004_c159abb99046b70d.txt"])
def test_the_seed_articles_print_no_venue(name: str) -> None:
    assert read_venue(_text(ROOT / "bibliography" / "articles" / name)) == {}


def test_the_article_item_carries_the_venue() -> None:
    ref = extract_metadata(_text(GOLD / "ru_npe_2022_02_03.md"), "npe")
    assert (ref.DOI, ref.issue, ref.page, ref.year) == ("10.26583/npe.2022.2.03", "2", "27–36", 2022)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            "ҚазҰУ Хабаршысы. Халықаралық қатынастар сериясы. №2 (58). 2021\nISSN 1563-0285\n",
            {
                "container-title": "ҚазҰУ Хабаршысы. Халықаралық қатынастар сериясы",
                "issue": "2",
                "year": 2021,
                "ISSN": "1563-0285",
            },
        ),
        (
            "Вестник КазНУ. Серия историческая. Т. 17, № 2. С. 189–207\nDOI: 10.26577/JH.2021.v101.i2.01\n",
            {
                "container-title": "Вестник КазНУ. Серия историческая",
                "volume": "17",
                "issue": "2",
                "page": "189–207",
                "DOI": "10.26577/jh.2021.v101.i2.01",
            },
        ),
        ("Title\n\nПоступила в редакцию 12.03.2020\n", {"year": 2020}),
        # the Kazakh form on the title page of the journal Keruen: the volume after its number
        (
            "КЕРУЕН ғылыми журналы №2, 75-том 2022\n",
            {"container-title": "КЕРУЕН ғылыми журналы", "volume": "75", "issue": "2", "year": 2022},
        ),
        # a reference of the article's list names a journal: not the article's own
        ("1. Иванов И.И. Статья // Вестник КазНУ. 2019. № 3. С. 1–5.\n", {}),
    ],
)
def test_printed_header_lines(head: str, expected: dict[str, object]) -> None:
    assert read_venue(head) == expected
