"""In-text citations, linking and diagnostics (refman.extract.citations, .linking, .diagnostics).

Every snippet here is CONSTRUCTED for these tests (invented authors, titles and numbers).
"""

from __future__ import annotations

import pytest

from refman.extract import CODES, extract_article
from refman.extract.citations import cited_run, find_citations, parse_author_year, parse_bracket
from refman.extract.linking import NAME_THRESHOLD
from refman.extract.text import line_starts, name_key, name_similarity, sentence_around, sentence_starts
from refman.model import Citation


def _cite(text: str, list_size: int | None = None) -> list[Citation]:
    return find_citations(text, [(0, len(text))], line_starts(text), list_size)


@pytest.mark.parametrize(
    ("text", "numbers", "locator"),
    [
        ("[1]", [1], None),
        ("[1; 12–13]", [1], "12–13"),
        ("[1;16]", [1, 16], None),  # alone, 16 <= run size: another reference
        ("[2, с. 45]", [2], "с. 45"),
        ("[4, б. 7]", [4], "б. 7"),
        ("[5–7]", [5, 6, 7], None),
        ("[8, 9]", [8, 9], None),
        ("[90, 203 б.]", [90], "203 б."),
        ("[10, с. 81; 17, с. 2]", [10, 17], "с. 81; с. 2"),
        ("[3, pp. 5-10]", [3], "pp. 5-10"),
        ("[1; 3; 5]", [1, 3, 5], None),
        ("[2; с. 15]", [2], "с. 15"),
        ("\\[4\\]", [4], None),
        ("[1, 45-б.]", [1], "45-б."),
        ("[1, т. 2, с. 34]", [1], "т. 2, с. 34"),
        ("[2, с.45]", [2], "с.45"),
        ("[1 – 3, 5]", [1, 2, 3, 5], None),
    ],
)
def test_numeric_citations(text: str, numbers: list[int], locator: str | None) -> None:
    found = _cite(f"As shown before {text}. Next sentence.", list_size=20)
    assert len(found) == 1
    assert found[0].numbers == numbers
    assert found[0].locator == locator
    assert found[0].text == text


@pytest.mark.parametrize(
    "content",
    [
        "составлено авторами",
        "Электронный ресурс",
        "sic",
        "1.21, 1.57",
        "и др.",
        "0",
        "1-999",
        "^1",
        "",
        "a, b",
    ],
)
def test_brackets_that_are_not_citations(content: str) -> None:
    assert parse_bracket(content) is None
    assert _cite(f"Text [{content}] more.") == []


def test_image_links_are_not_citations() -> None:
    assert _cite("![1](figure.png) and [2](#ref-2)")[0].numbers == [2]


def test_semicolon_numbers_follow_the_article_style() -> None:
    pages = "A [1; 12–13]. B [2; 415]. C [1; 15]. D [4; 202]. E [3]. F [5]."
    found = _cite(pages)
    assert [c.locator for c in found] == ["12–13", "415", "15", "202", None, None]
    refs = "A [1; 3]. B [2; 4]. C [5]. D [6; 7]."
    assert [c.numbers for c in _cite(refs, list_size=10)] == [[1, 3], [2, 4], [5], [6, 7]]


def test_citation_line_and_context() -> None:
    text = "Title\n\nFirst sentence here. The second one cites\n[2, с. 45] and ends. Third.\n"
    (citation,) = _cite(text)
    assert citation.line == 4
    assert citation.context == "The second one cites [2, с. 45] and ends."


def test_context_does_not_stop_at_initials() -> None:
    text = "Earlier. Дж. Най мен Р.Кохейн [13] зерттеушілер болды. Later."
    (citation,) = _cite(text)
    assert citation.context == "Дж. Най мен Р.Кохейн [13] зерттеушілер болды."


@pytest.mark.parametrize("double_spaced", [False, True])
def test_markdown_headings_stand_apart_from_sentences(double_spaced: bool) -> None:
    text = "# On steppe languages\n\nKazakh was studied long ago [1]\n\n## Method\n\nWe count [2].\n"
    starts = sentence_starts(text, double_spaced)
    for cited, sentence in (("[1]", "Kazakh was studied long ago [1]"), ("[2]", "We count [2].")):
        at = text.index(cited)
        assert sentence_around(text, starts, at, at + 3) == sentence


def test_short_markdown_contexts_leave_headings_out() -> None:
    # One-line paragraphs between headings read as double-spaced; headings still end sentences.
    text = (
        "# On steppe languages\n\nKazakh has been studied for a long time [1].\n\n## Method\n\n"
        "We follow the usual corpus method [2].\n\n## Results\n\nThe results agree with earlier work.\n\n"
        "## References\n\n1. Brown A. Theory. London: Macmillan, 1999.\n"
        "2. Jones B. Study. Journal of Stuff, 2005, 3, 10-20.\n"
    )
    article = extract_article(text, "a")
    assert [c.context for c in article.citations] == [
        "Kazakh has been studied for a long time [1].",
        "We follow the usual corpus method [2].",
    ]


def test_sentence_around_is_bounded() -> None:
    text = "x " * 2000 + "[1]" + " y" * 2000
    starts = sentence_starts(text)
    assert len(sentence_around(text, starts, 4000, 4003)) <= 810


@pytest.mark.parametrize(
    ("content", "names", "year", "locator"),
    [
        ("Grobelaar, 2022", ["Grobelaar"], "2022", None),
        ("Иванов, 2020, с. 5", ["Иванов"], "2020", "с. 5"),
        ("Отто және басқалар, 2024: 488-489", ["Отто"], "2024", "488-489"),
        ("Аббаси Гади және басқалар, 2022", ["Аббаси Гади"], "2022", None),
        ("Smith & Jones, 2020, p. 5", ["Smith", "Jones"], "2020", "p. 5"),
        ("Smith et al., 2019a", ["Smith"], "2019a", None),
        ("Иванов и др., 2019", ["Иванов"], "2019", None),
        ("Глейзер мен Томанн, 2021", ["Глейзер", "Томанн"], "2021", None),
        ("see Brown 2018", ["Brown"], "2018", None),
        ("Urban Data Lab, n.d.", ["Urban Data Lab"], "n.d.", None),
    ],
)
def test_parenthetical_author_year(content: str, names: list[str], year: str, locator: str | None) -> None:
    ((got_names, got_year, got_locator, _),) = parse_author_year(content)
    assert (got_names, got_year, got_locator) == (names, year, locator)


@pytest.mark.parametrize(
    "content",
    [
        "мысалы, этникалық топтар немесе 2020",
        "January 2020",
        "in 2020",
        "Table 2, 2020",
        "878 адам",
        "N = 2,146",
        "Дата обращения: 22.02.2025",
        "UNITEAMS",
    ],
)
def test_parentheses_that_are_not_author_year(content: str) -> None:
    assert parse_author_year(content) == []


def test_several_author_year_parts_in_one_parenthesis() -> None:
    found = _cite("Walkability (Adams & Lee, 2021; Thomson, 2015) matters.")
    assert [(c.names, c.year) for c in found] == [(["Adams", "Lee"], "2021"), (["Thomson"], "2015")]


@pytest.mark.parametrize(
    ("text", "cited", "names", "year"),
    [
        ("Мысалы, Стейгерге сәйкес (2023) тең емес.", "Стейгерге сәйкес (2023)", ["Стейгерге"], "2023"),
        ("Бұл Чжао және т. б. (2022) еңбегі.", "Чжао және т. б. (2022)", ["Чжао"], "2022"),
        ("As Brown et al. (2018) showed.", "Brown et al. (2018)", ["Brown"], "2018"),
        ("The index of Adams and Lee (2021) is used.", "Adams and Lee (2021)", ["Adams", "Lee"], "2021"),
        ("Consistent with Chen (2016, pp. 88-91), yes.", "Chen (2016, pp. 88-91)", ["Chen"], "2016"),
        ("Каплан және басқалар, (2024) БҰҰ.", "Каплан және басқалар, (2024)", ["Каплан"], "2024"),
    ],
)
def test_narrative_author_year(text: str, cited: str, names: list[str], year: str) -> None:
    (citation,) = _cite(text)
    assert (citation.text, citation.names, citation.year) == (cited, names, year)


def test_year_in_parentheses_after_an_ordinary_word_is_not_a_citation() -> None:
    assert _cite("the programme was adopted in the period (2015) and later.") == []


@pytest.mark.parametrize(
    ("cited", "listed"),
    [
        ("Каплан", "Caplan"),
        ("Чжао", "Zhao"),
        ("Стейгер", "Staeger"),
        ("Стейгерге", "Staeger"),
        ("Отто", "Otto"),
        ("Иванов", "Ivanov"),
        ("Grobelaar", "Grobbelaar"),
        ("Толиповтың", "Tolipov"),
        ("Глейзер", "Glaser"),
    ],
)
def test_surnames_match_across_scripts(cited: str, listed: str) -> None:
    assert name_similarity(cited, listed) >= NAME_THRESHOLD


@pytest.mark.parametrize(("cited", "listed"), [("Smith", "Brown"), ("Иванов", "Petrov"), ("Li", "Lindqvist")])
def test_different_surnames_do_not_match(cited: str, listed: str) -> None:
    assert name_similarity(cited, listed) < NAME_THRESHOLD


def test_name_keys() -> None:
    assert name_key("Чжао") == name_key("Zhao") == "jao"
    assert name_key("Каплан") == name_key("Caplan")


def test_cited_run() -> None:
    assert cited_run([*range(1, 17), 18, 19, 20, 21, 90]) == (21, [90])
    assert cited_run([1, 2, 3, 10]) == (10, [])
    assert cited_run([]) == (0, [])
    assert cited_run([3, 4, 5, 400]) == (5, [400])


# --- linking and diagnostics on a whole article ------------------------------------------------

ARTICLE = """Title of a constructed article

Body cites [1] and [2, с. 5] and [5]. Then (Smith, 2020) and (Ivanova, 2019) appear.
Also (Petrov, 2018) and (Nobody, 2001) are cited, and Сидоров (2017) too.

Список литературы

1. Smith J. First work. London, 2020. 100 p.
2. Иванова А.А. Вторая работа. – М., 2018. – 200 с.
3. Петров П.П. Третья работа. – М., 2018. – 50 с.
4. Sidorov S. Fourth work. 2017.
"""


def test_article_linking_and_diagnostics() -> None:
    article = extract_article(ARTICLE, "c")
    by_text = {c.text: c for c in article.citations}
    assert by_text["[2, с. 5]"].references == ["c-2"]
    assert by_text["(Smith, 2020)"].references == ["c-1"]
    assert by_text["(Ivanova, 2019)"].references == ["c-2"]  # Latin citation, Cyrillic entry
    assert by_text["(Petrov, 2018)"].references == ["c-3"]
    assert by_text["Сидоров (2017)"].references == ["c-4"]
    assert by_text["(Nobody, 2001)"].references == []
    codes = {d.code: d for d in article.diagnostics}
    assert codes["cited_not_listed"].numbers == [5]
    assert codes["cited_not_listed"].line == 3
    assert "listed_not_cited" not in codes
    assert "year 2019 vs 2018" in codes["author_year_mismatch"].message
    assert codes["author_year_unlisted"].line == 4
    assert {d.code for d in article.diagnostics} <= set(CODES)
    assert article.references[1].refman.cited == [
        {
            "text": "[2, с. 5]",
            "line": 3,
            "locator": "с. 5",
            "context": "Body cites [1] and [2, с. 5] and [5].",
        },
        {
            "text": "(Ivanova, 2019)",
            "line": 3,
            "locator": None,
            "context": "Then (Smith, 2020) and (Ivanova, 2019) appear.",
        },
    ]


def test_every_code_has_a_one_line_meaning() -> None:
    assert {"no_reference_list", "cited_not_listed", "listed_not_cited", "author_year_mismatch"} <= set(CODES)
    assert {"author_year_unlisted", "citation_gap", "stray_citation"} <= set(CODES)
    assert all(meaning and "\n" not in meaning for meaning in CODES.values())
