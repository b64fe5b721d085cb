"""Reference lists as journals print them (issue 15): a list without a heading, the first entry on
the heading's line, numbers on lines of their own, a list that goes on under a second heading or
after a page break, bare and run-on numbers, entries that cite several works, unnumbered lists
split by the shape their entries open with.

Every snippet here is CONSTRUCTED for these tests (invented authors, titles and numbers); the
real-data figures are in ``bench/extract_split.py``, ``bench/extract_finder.py`` and
``tests/integration/test_extract_gold.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from refman.extract import extract_article
from refman.extract.finder import best_run, line_score
from refman.extract.reflist import find_reference_lists
from refman.extract.text import split_lines
from tests.support.finder_data import read_ttx

BODY_KK = "Кіріспе\n\nБұл мақалада зерттеу нәтижелері берілген [1, 2, 3].\n\n"
KK_ENTRIES = (
    "Иванов И.И. Қазақ тілі. Алматы: Ғылым, 2001. 200 б.",
    "Петров П.П. Тарих. Астана: Фолиант, 2010. 150 б.",
    "Сидоров С.С. Әдебиет // Хабаршы. 2015. № 2. Б. 10-20.",
)
FINDER = Path(__file__).resolve().parents[1] / "data" / "finder"


def _raws(text: str) -> list[str]:
    return [r.refman.raw or "" for r in extract_article(text, "a").references]


def test_the_first_entry_on_the_headings_line() -> None:
    text = BODY_KK + f"Әдебиеттер: 1. {KK_ENTRIES[0]}\n2. {KK_ENTRIES[1]}\n3. {KK_ENTRIES[2]}\n"
    article = extract_article(text, "a")
    assert [r.refman.raw for r in article.references] == list(KK_ENTRIES)
    assert [r.refman.number for r in article.references] == [1, 2, 3]
    assert article.references[0].refman.line == 5


def test_each_number_on_its_own_line() -> None:
    text = BODY_KK + "Әдебиеттер\n\n" + "".join(f"{k}.\n{e}\n" for k, e in enumerate(KK_ENTRIES, 1))
    assert _raws(text) == list(KK_ENTRIES)


def test_a_second_heading_with_wrapped_unnumbered_entries_goes_on_with_the_list() -> None:
    text = (
        BODY_KK + "Список литературы\n\n1. Иванов И.И. Язык. М.: Наука, 2001. 200 с.\n"
        "2. Петров П.П. История. СПб.: Питер, 2010. 150 с.\n\nИсточники\n\n"
        "Архив Президента Республики Казахстан. Ф. 141. Оп. 1. Д. 5. Л. 10-12,\n"
        "  опубликовано в 2001 г.\nЦентральный государственный архив РК. Ф. 5. Оп. 2. Д. 7,\n  2005.\n"
    )
    article = extract_article(text, "a")
    assert [r.refman.number for r in article.references] == [1, 2, None, None]
    assert (article.references[2].refman.raw or "").endswith("опубликовано в 2001 г.")
    assert not [d for d in article.diagnostics if d.code == "extra_reference_list"]


@pytest.mark.parametrize(
    "page_break",
    [
        "\n12\n\f\n",  # page number, form feed
        "\n\n---\n\n#### Page 5\n\n",  # OCR'd Markdown
        "\n- 12 -\n\n",
    ],
)
def test_an_entry_broken_by_a_page_break_stays_one_entry(page_break: str) -> None:
    text = (
        "Intro text [1-3].\n\nReferences\n\n1. A. Smith. A study. J. Stuff, 1(2):3-4, 2001.\n"
        f"2. B. Jones. Another study of things in\n{page_break}the world. J. Stuff, 2(2):3-4, 2002.\n"
        "3. C. Brown. Third study. J. Stuff, 3(2):5-6, 2003.\n"
    )
    raws = _raws(text)
    assert raws[1] == "B. Jones. Another study of things in the world. J. Stuff, 2(2):3-4, 2002."
    assert len(raws) == 3


def test_an_unnumbered_list_goes_on_after_a_page_mark() -> None:
    entries = [
        f"Author{k}, A. ({2000 + k}). Work number {k}. Journal of Things, {k}, 1-10." for k in range(1, 7)
    ]
    text = "Intro.\n\n## References\n\n" + "\n\n".join(entries[:3])
    text += "\n\n---\n\n#### Page 5\n\n" + "\n\n".join(entries[3:]) + "\n"
    assert _raws(text) == entries


def test_bare_list_numbers_and_numbers_that_run_on_in_a_line() -> None:
    bare = (
        "References\n1 A. Aaa, B. Bbb, Phys. Rev. Lett. 94,\n102301 "
        "(2005)\n2 C. Ccc, Phys. Lett. B 629, 20 (2005)\n"
    )
    bare += "3 D. Ddd, Nucl. Phys. A 561, 477 (1993)\n"
    lists = find_reference_lists(split_lines(bare))
    assert [e.number for e in lists[0].entries] == [1, 2, 3]
    run_on = "Литература\n\n1. Иванов И.И. Уравнения. М., 1970.  2. Петров П.П. Задачи. Т. 2. М., 1984.  "
    run_on += "3. Сидоров С.С. Методы. Л., 1990.\n"
    raws = [e.raw for e in find_reference_lists(split_lines(run_on))[0].entries]
    assert raws == [
        "Иванов И.И. Уравнения. М., 1970.",
        "Петров П.П. Задачи. Т. 2. М., 1984.",
        "Сидоров С.С. Методы. Л., 1990.",
    ]


def test_an_entry_citing_several_works_gives_one_entry_each_under_its_number() -> None:
    text = "References\n\n[1] J. Aaa, Z. Phys. C 46, 93 (1990); F. J. Bbb, Phys. Rev. D 41, 142 (1990).\n"
    text += "[2] (a) K. Ccc, Tetrahedron 37, 437 (1981); (b) L. Ddd, J. Org. Chem. 37, 1850 (1972).\n"
    entries = find_reference_lists(split_lines(text))[0].entries
    assert [(e.number, e.raw) for e in entries] == [
        (1, "J. Aaa, Z. Phys. C 46, 93 (1990);"),
        (1, "F. J. Bbb, Phys. Rev. D 41, 142 (1990)."),
        (2, "(a) K. Ccc, Tetrahedron 37, 437 (1981);"),
        (2, "(b) L. Ddd, J. Org. Chem. 37, 1850 (1972)."),
    ]


def test_an_unnumbered_list_is_split_by_the_shape_its_entries_open_with() -> None:
    entries = [
        (
            "Aaa HE (2012) The regulation of social recognition, social "
            "com-\nmunication. Horm Behav 61:283-292.\nCrossRef Medline"
        ),
        (
            "Bbb H, Ccc K, Ddd DC, Eee RJ (2008) A new test paradigm for "
            "social\nrecognition. Behav Brain Res 190:97-104.\nCrossRef Medline"
        ),
        (
            "Fff AJ, Ggg C, Hhh G, Iii R, Jjj B, Kkk C, Lll Y,\nMmm J, Nnn JD (2004) "
            "High-resolution characterization. Proc Natl\nAcad Sci USA 101: 9067 – 9072"
        ),
        "Ooo DG, Ppp B (2000) Quantitative mapping of amplicon structure. Nat\nGenet 25: 144 – 146",
    ]
    text = "References\n" + "\n".join(entries) + "\n"
    raws = [e.raw for e in find_reference_lists(split_lines(text))[0].entries]
    assert raws == [" ".join(e.split("\n")) for e in entries]


def test_a_list_without_a_heading_is_found_by_the_look_of_its_lines() -> None:
    body = "\n\n".join(
        f"Paragraph {k} of the article discusses the matter at some length [{k}]." for k in range(1, 9)
    )
    entries = "\n".join(
        f"Author{k} A.B. Title of work {k} // Journal of Things. {2000 + k}. Vol. {k}. P. {k}-{k + 9}."
        for k in range(1, 9)
    )
    article = extract_article(body + "\n\n" + entries + "\n", "a")
    assert len(article.references) == 8
    assert (
        article.references[0].refman.raw
        == "Author1 A.B. Title of work 1 // Journal of Things. 2001. Vol. 1. P. 1-10."
    )


def test_prose_and_a_table_of_years_are_no_list() -> None:
    prose = "\n\n".join(
        f"In {1990 + k} the committee met again and the members discussed what should be done next about it."
        for k in range(8)
    )
    table = "\n".join(
        f"{k}    Smith et al. ({2000 + k})    Brazil    Seedling density    26.8    46.8" for k in range(12)
    )
    article = extract_article(prose + "\n\n" + table + "\n", "a")
    assert article.references == []
    assert [d.code for d in article.diagnostics] == ["no_reference_list"] or article.diagnostics == []
    assert (
        line_score(table.split("\n")[0])
        < 0
        < line_score("Smith, J. (2001). Title. Journal of Things, 3(2), 10-20.")
    )


@pytest.mark.parametrize("path", sorted(FINDER.glob("*.ttx")), ids=lambda p: p.name)
def test_the_finder_finds_a_real_list_with_its_heading_blanked(path: Path) -> None:
    """AnyStyle's finder documents (real theses, tests/data/finder): with no heading to go by, the
    best-scoring run is at least 90 % reference lines."""
    lines, labels = read_ttx(path)
    refs = [label == "ref" for label in labels]
    run = best_run(lines)
    assert run is not None
    inside = [i for i in range(run[0], run[1] + 1) if lines[i].strip()]
    assert sum(refs[i] for i in inside) >= 0.9 * len(inside)
