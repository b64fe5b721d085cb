"""Finding and splitting reference lists (refman.extract.reflist, refman.extract.text).

Every snippet here is CONSTRUCTED for these tests (invented authors, titles and URLs).
"""

from __future__ import annotations

import pytest

from refman.extract import extract_article, reference_ids
from refman.extract.reflist import (
    REFERENCE_HEADINGS,
    Entry,
    _blocks_are_entries,
    find_reference_lists,
    is_reference_heading,
)
from refman.extract.romanised import is_romanised_copy, match_romanised
from refman.extract.text import clean_markdown, join_entry_lines, split_lines

BODY = "Introduction text of the article cites [1] and [2] and [3].\n\n"
ENTRIES = (
    "Ivanov I.I. First book. Moscow: Nauka, 2019. 256 p.",
    "Petrov P.P. Second paper // Journal. 2020. No. 2. P. 10-20.",
    "Smith, J. (2021). Third work. Publisher.",
)


def _lists(text: str) -> list[list[str]]:
    return [[e.raw for e in lst.entries] for lst in find_reference_lists(split_lines(text))]


@pytest.mark.parametrize(
    "line",
    [
        "Пайдаланылған әдебиеттер тізімі",
        "Әдебиеттер тізімі",
        "Әдебиеттер",
        "Список литературы",
        "Список использованной литературы",
        "Литература",
        "References",
        "Bibliography",
        "Works cited",
        "## References",
        "**References**",
        "*Пайдаланылған әдебиеттер тізімі:*",
        "СПИСОК ЛИТЕРАТУРЫ",
        "REFERENCES:",
        "### 7. References",
        "Список литературы / References",
        "References (transliterated)",
    ],
)
def test_reference_headings(line: str) -> None:
    assert is_reference_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "References to earlier work are given in brackets.",
        "Литература и искусство XX века",
        "Обзор литературы",
        "",
        "References and further reading on the history of 2020 events in the region",
    ],
)
def test_not_reference_headings(line: str) -> None:
    assert not is_reference_heading(line)


@pytest.mark.parametrize("style", ["{n}. ", "[{n}] ", "{n}) ", "**{n}.** ", "{n}\\. "])
def test_numbering_styles(style: str) -> None:
    lines = "\n".join(style.format(n=i) + e for i, e in enumerate(ENTRIES, start=1))
    text = BODY + "Список литературы\n\n" + lines + "\n"
    assert _lists(text) == [list(ENTRIES)]
    numbers = [e.number for e in find_reference_lists(split_lines(text))[0].entries]
    assert numbers == [1, 2, 3]


def test_blank_lines_between_entries_and_hard_wrapped_continuations() -> None:
    text = (
        BODY
        + "References\n\n"
        + "1. Ivanov I.I. A very long title that the PDF\n   wrapped over two lines. Moscow, 2019.\n\n"
        + "2. Petrov P.P. Second paper // Journal. 2020.\n   No. 2. P. 10-20.\n\n\n"
        + "3. Smith, J. (2021). Third work. Publisher.\n"
    )
    assert _lists(text) == [
        [
            "Ivanov I.I. A very long title that the PDF wrapped over two lines. Moscow, 2019.",
            "Petrov P.P. Second paper // Journal. 2020. No. 2. P. 10-20.",
            "Smith, J. (2021). Third work. Publisher.",
        ]
    ]


def test_entry_lines_start_at_the_marker_line() -> None:
    text = BODY + "References\n\n1. Ivanov I.I. Title.\n   Moscow, 2019.\n2. Petrov P.P. Paper. 2020.\n"
    entries = find_reference_lists(split_lines(text))[0].entries
    assert [e.line for e in entries] == [5, 7]


def test_double_spaced_pdf_text_keeps_continuations() -> None:
    # Every line followed by an empty line, as PDF extraction often gives.
    text = (
        "Body line one [1].\n\nBody line two [2].\n\nСписок литературы\n\n"
        "1. Иванов И.И. Название книги о\n\nрегиональной экономике. – М.: Наука, 2019. – 256 с.\n\n"
        "2. Петров П.П. Статья // Журнал. – 2020. – № 2. – С. 10–20.\n\n"
    )
    assert _lists(text) == [
        [
            "Иванов И.И. Название книги о региональной экономике. – М.: Наука, 2019. – 256 с.",
            "Петров П.П. Статья // Журнал. – 2020. – № 2. – С. 10–20.",
        ]
    ]


def test_list_ends_at_authors_information() -> None:
    text = (
        BODY
        + "## References\n\n1. Ivanov I.I. Book. Moscow, 2019.\n2. Petrov P.P. Paper. 2020.\n\n"
        + "Information about authors:\nIvanov Ivan - PhD, professor, 2010-2020 dean.\n"
    )
    assert _lists(text) == [["Ivanov I.I. Book. Moscow, 2019.", "Petrov P.P. Paper. 2020."]]


def test_markdown_heading_after_the_list_ends_it() -> None:
    text = BODY + "## References\n\n1. Ivanov I.I. Book. 2019.\n\n## Appendix A\n\nTable 1 data 2020.\n"
    assert _lists(text) == [["Ivanov I.I. Book. 2019."]]


def test_trailing_numbered_list_without_heading() -> None:
    body = "\n\n".join(f"Paragraph {i} of the article cites [{i}]." for i in range(1, 20))
    lines = "\n".join(f"{i}. {e}" for i, e in enumerate(ENTRIES, start=1))
    lists = find_reference_lists(split_lines(body + "\n\n" + lines + "\n"))
    assert len(lists) == 1
    assert lists[0].heading is None
    assert [e.raw for e in lists[0].entries] == list(ENTRIES)


def test_body_numbered_and_bullet_lists_are_not_reference_lists() -> None:
    text = (
        "The tasks of the study are:\n\n"
        "1. to analyse the legal framework;\n2. to study the institutions;\n3. to compare regions.\n\n"
        "- first bullet point of the body;\n- second bullet point.\n\n"
        + "\n\n".join(f"Long paragraph {i} of the body of the article goes on." for i in range(30))
        + "\n"
    )
    assert find_reference_lists(split_lines(text)) == []
    article = extract_article(text, "a")
    assert article.references == []
    assert [d.code for d in article.diagnostics] == ["no_reference_list"]


def test_trailing_body_list_without_reference_signs_is_not_a_list() -> None:
    text = (
        "Intro.\n\n" * 5
        + "Conclusions:\n\n1. Peace matters.\n2. Cooperation helps.\n3. More study is needed.\n"
    )
    assert find_reference_lists(split_lines(text)) == []


def test_two_works_under_one_number_are_split_generically() -> None:
    # Entry 3 (not 6) holds two works: the second line opens a new emphasised title with its URL.
    text = (
        BODY
        + "References\n\n"
        + "1. *First site.* URL: <https://a.example.org/one>.\n"
        + "2. *Second site.* URL: <https://b.example.org/two>.\n"
        + "3. *Third site. Agency.* URL: <https://c.example.org/three>.  \n"
        + "*Fourth site, a separate work. Embassy.* URL: <https://d.example.org/four>.\n"
        + "4. *Fifth site.* URL: <https://e.example.org/five> (accessed 01.02.2024).\n"
    )
    entries = find_reference_lists(split_lines(text))[0].entries
    assert [e.number for e in entries] == [1, 2, 3, 3, 4]
    assert entries[3].raw.startswith("*Fourth site")
    assert reference_ids(entries, "s") == ["s-1", "s-2", "s-3a", "s-3b", "s-4"]


def test_emphasised_journal_on_a_continuation_line_is_not_a_new_work() -> None:
    text = BODY + "References\n\n1. Smith J. Title of the paper.\n*Journal of Tests*, 2020, 5, 1-10.\n"
    entries = find_reference_lists(split_lines(text))[0].entries
    assert len(entries) == 1
    assert entries[0].raw == "Smith J. Title of the paper. *Journal of Tests*, 2020, 5, 1-10."


def test_markdown_lists_numbered_all_one_are_renumbered() -> None:
    lines = "\n".join(f"1. {e}" for e in ENTRIES)
    entries = find_reference_lists(split_lines(BODY + "References\n\n" + lines + "\n"))[0].entries
    assert [e.number for e in entries] == [1, 2, 3]


def test_unnumbered_list_with_hanging_indent_and_bullets() -> None:
    text = (
        BODY
        + "Bibliography\n\n"
        + "Adams, R. (2021). A title that goes on\n    and on. Journal, 8(3), 1–2.\n"
        + "Brown, K. (2018). Another. Press.\n"
    )
    assert _lists(text) == [
        [
            "Adams, R. (2021). A title that goes on and on. Journal, 8(3), 1–2.",
            "Brown, K. (2018). Another. Press.",
        ]
    ]
    bullets = BODY + "References\n\n- Adams, R. (2021). One. Press.\n- Brown, K. (2018). Two. Press.\n"
    assert _lists(bullets) == [["Adams, R. (2021). One. Press.", "Brown, K. (2018). Two. Press."]]


def test_unnumbered_list_split_on_entry_starts() -> None:
    text = (
        BODY
        + "Литература\n\n"
        + "Иванов И.И. Книга о чём-то //\nЖурнал. 2019. № 1.\n"
        + "Петров П.П. Другая книга. М., 2020\n"
        + "Сидоров С.С. Третья. СПб., 2021.\n"
    )
    assert _lists(text) == [
        [
            "Иванов И.И. Книга о чём-то // Журнал. 2019. № 1.",
            "Петров П.П. Другая книга. М., 2020",
            "Сидоров С.С. Третья. СПб., 2021.",
        ]
    ]


def test_heading_in_front_matter_followed_by_prose_is_not_a_list() -> None:
    prose = "This is a long paragraph of prose without any sign of a reference at all. " * 8
    text = "References\n\n" + prose + "\n\n" + prose + "\n"
    assert find_reference_lists(split_lines(text)) == []


# --- cleaning ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("*Title.* URL: <https://a.org/x_y>.", "Title. URL: https://a.org/x_y."),
        (
            "URL: [https://t.kz/kazakhstan\\\\_news/a/](https://t.kz/kazakhstan_news/a/).",
            "URL: https://t.kz/kazakhstan_news/a/.",
        ),
        ("see https://t.kz/kazakhstan\\_news/a.", "see https://t.kz/kazakhstan_news/a."),
        ("Name\\_with\\_escapes and \\*star\\*", "Name_with_escapes and *star*"),
        ("**Bold** and __strong__ and _em_ text", "Bold and strong and em text"),
        ("[Report of the UN](https://un.org/r) 2020", "Report of the UN https://un.org/r 2020"),
        ("snake_case_word stays", "snake_case_word stays"),
        ("A <sup>1</sup> note", "A 1 note"),
        ("  many   spaces\there ", "many spaces here"),
        ("(https://a.org/page_(x))", "(https://a.org/page_(x))"),
    ],
)
def test_clean_markdown(raw: str, clean: str) -> None:
    assert clean_markdown(raw) == clean


def test_join_entry_lines_closes_urls_and_hyphens() -> None:
    assert (
        join_entry_lines(["See https://doi.org/10.1234/", "abc.def"]) == "See https://doi.org/10.1234/abc.def"
    )
    assert join_entry_lines(["научно-", "исследовательский"]) == "научно-исследовательский"
    assert join_entry_lines(["Title,", "Journal"]) == "Title, Journal"


def test_entry_raw_and_text() -> None:
    entry = Entry(1, 10, ["*Title* URL: <https://a.org/x\\_y>", "", "(accessed 2024)"])
    assert entry.raw == "*Title* URL: <https://a.org/x\\_y> (accessed 2024)"
    assert entry.text == "Title URL: https://a.org/x_y (accessed 2024)"


def test_reference_ids_suffixes_and_unnumbered() -> None:
    entries = [Entry(1, 1), Entry(2, 2), Entry(2, 3), Entry(2, 4), Entry(None, 5), Entry(None, 6)]
    assert reference_ids(entries, "art") == ["art-1", "art-2a", "art-2b", "art-2c", "art-u1", "art-u2"]


def test_every_known_heading_is_found_in_any_case() -> None:
    for heading in sorted(REFERENCE_HEADINGS):
        for form in (heading, heading.upper(), f"## {heading.title()}:"):
            lines = ["Body text.", "", form, "", "1. Ivanov I.I. Book. 2019."]
            found = find_reference_lists(lines)
            assert [lst.heading for lst in found] == [2], form


def test_entries_record_their_source_rows() -> None:
    text = BODY + "References\n\n1. Ivanov I.I. Title\n\n   goes on. 2019.\n2. Petrov P.P. Paper. 2020.\n"
    entries = find_reference_lists(split_lines(text))[0].entries
    assert [e.rows for e in entries] == [[5, 7], [8]]


def test_running_heads_and_page_numbers_are_left_out_of_entries() -> None:
    page = "\fJournal of Constructed Tests, vol. 1\n"
    body = "".join(f"{page}Body paragraph {i} cites [1].\n\n 1{i}\n" for i in range(4))
    text = (
        body
        + "References\n\n1. Ivanov I.I. A long title that\n\n 17\n"
        + page
        + "continues after the page break. Moscow, 2019.\n2. Petrov P.P. Paper. 2020.\n"
    )
    (found,) = find_reference_lists(split_lines(text))
    assert [e.raw for e in found.entries] == [
        "Ivanov I.I. A long title that continues after the page break. Moscow, 2019.",
        "Petrov P.P. Paper. 2020.",
    ]


def test_a_chapter_heading_ends_an_unnumbered_list() -> None:
    text = (
        BODY
        + "References\n\nAdams, R. (2021). One. Press.\nBrown, K. (2018). Two. Press.\n\n"
        + "Chapter 2 – Literature review\n\nSmith (2020) wrote, in 2019, a text (Jones 2018).\n"
    )
    assert _lists(text) == [["Adams, R. (2021). One. Press.", "Brown, K. (2018). Two. Press."]]


def test_romanised_copy_is_recognised_only_when_latin_after_cyrillic() -> None:
    cyr = "Список литературы\n\n1. Иванов И.И. Книга. – М., 2019.\n2. Петров П.П. Статья. – 2020.\n\n"
    lat = "References\n\n1. Ivanov I.I. Kniga. Moscow, 2019.\n2. Petrov P.P. Stat'ya. 2020.\n"
    lists = find_reference_lists(split_lines(BODY + cyr + lat))
    assert is_romanised_copy(lists[0], lists[1])
    assert match_romanised(lists[0].entries, lists[1].entries) == {0: 0, 1: 1}
    english = find_reference_lists(split_lines(BODY + lat.replace("References", "Bibliography") + "\n" + lat))
    assert not is_romanised_copy(english[0], english[1])


def test_a_wrapped_issue_number_is_not_a_new_entry() -> None:
    text = (
        BODY
        + "Список литературы\n\n1. Иванов И.И. Статья // Вестник. – 2019. – №\n2. – С. 10–20.\n"
        + "2. Петров П.П. Книга. – М., 2020.\n"
    )
    assert _lists(text) == [
        ["Иванов И.И. Статья // Вестник. – 2019. – № 2. – С. 10–20.", "Петров П.П. Книга. – М., 2020."]
    ]


def test_a_list_numbered_past_9999_is_read_whole() -> None:
    entries = "\n".join(
        f"{k}. Author{k} A. Work number {k}. J. Things. 2001. P. {k}." for k in range(1, 10_006)
    )
    article = extract_article(f"{BODY}References\n\n{entries}\n", "a")
    assert [r.refman.number for r in article.references] == list(range(1, 10_006))
    assert article.references[-1].refman.raw == "Author10005 A. Work number 10005. J. Things. 2001. P. 10005."


def test_the_lines_after_an_entry_too_long_to_read_are_counted() -> None:
    annotation = "\n".join(
        f"a long annotation of the first work, line {k} of it, with words in it" for k in range(50)
    )
    text = f"{BODY}References\n\n1. {ENTRIES[0]}\n{annotation}\n2. {ENTRIES[1]}\n3. {ENTRIES[2]}\n"
    article = extract_article(text, "a")
    assert [r.refman.number for r in article.references] == [1, 2, 3]
    assert (article.references[0].refman.raw or "").endswith("line 42 of it, with words in it")
    too_long = [d for d in article.diagnostics if d.code == "entry_too_long"]
    assert [(d.line, d.numbers) for d in too_long] == [(5, [1])]
    assert (
        too_long[0].message
        == "entry at line 5 is longer than 3,000 characters: the 7 line(s) after it were not read"
    )


# --- lists whose entries carry no year (constructed Kazakh articles) ---------------------------

BARE_BODY = "# Фольклор\n\nҚазақ фольклоры ұрпақтан ұрпаққа жеткен [1].\n\nҚараңыз [1].\n\n"
BARE_ENTRIES = (
    "Қоңыратбаев Ә. Қазақ эпосы және түркология. Алматы: Ғылым.",
    "Ысмайылов Е. Ақындар. Алматы: Қазмемкөркемәдебиетбас.",
    "Сейфуллин С. Қазақтың ескі әдебиет нұсқалары. Қызылорда.",
)


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("numbered", [True, False])
def test_a_list_under_its_heading_is_taken_though_no_entry_has_a_year(count: int, numbered: bool) -> None:
    entries = BARE_ENTRIES[:count]
    lines = [f"{k}. {e}" if numbered else e for k, e in enumerate(entries, 1)]
    text = BARE_BODY + "## Әдебиеттер\n\n" + "\n".join(lines) + "\n"
    (found,) = find_reference_lists(split_lines(text))
    assert found.bare and [e.raw for e in found.entries] == list(entries)
    article = extract_article(text, "folk")
    assert [r.refman.raw for r in article.references] == list(entries)
    assert "recovered_from_text" not in {d.code for d in article.diagnostics}
    (bare,) = [d for d in article.diagnostics if d.code == "bare_reference_list"]
    assert bare.line == text.split("\n").index("## Әдебиеттер") + 1
    assert f"{count} entr" in bare.message


def test_a_list_with_years_is_not_bare() -> None:
    text = BODY + "## References\n\n" + "\n".join(f"{k}. {e}" for k, e in enumerate(ENTRIES, 1)) + "\n"
    (found,) = find_reference_lists(split_lines(text))
    assert not found.bare
    assert "bare_reference_list" not in {d.code for d in extract_article(text, "a").diagnostics}


def test_running_text_under_a_reference_heading_is_still_no_list() -> None:
    prose = (
        "This section describes the sources that were used for the study and the ways in which "
        "they were collected, cleaned and checked by the authors before the analysis began."
    )
    text = BODY + "## Sources\n\n" + prose + "\n"
    assert find_reference_lists(split_lines(text)) == []


@pytest.mark.parametrize(
    ("entries", "last"),
    [
        (
            (
                "Brown A. Theory of things. London: Macmillan, 1999.",
                "Jones B. Another study. Journal of Stuff, 2005, 3, 10-20.",
                "Smith J. A book. Oxford: OUP, 2001.",
            ),
            "Zed J. Some report. Publisher.",
        ),
        (
            (
                "Әуезов М. Абай жолы. Алматы: Жазушы, 1961.",
                "Иванов И.И. Тарих. Алматы: Ғылым, 2001.",
                "Омаров А. Әдебиет тарихы. Астана: Фолиант, 2015.",
            ),
            "Абай Құнанбайұлы. Қара сөздер. Алматы: Жазушы.",
        ),
    ],
)
def test_a_last_entry_without_a_year_stays_in_the_list(entries: tuple[str, ...], last: str) -> None:
    for separator in ("\n", "\n\n"):
        text = BODY + "## References\n\n" + separator.join((*entries, last)) + "\n"
        found = find_reference_lists(split_lines(text))
        assert [[e.raw for e in lst.entries] for lst in found] == [[*entries, last]]
        assert found[0].left_out == []


def test_a_block_that_is_no_reference_is_left_out_with_a_diagnostic() -> None:
    thanks = "The editors thank the anonymous reviewers for their careful reading."
    text = "As shown (Brown 1999).\n\n## References\n\n" + "\n\n".join((*ENTRIES, thanks)) + "\n"
    found = find_reference_lists(split_lines(text))[0]
    assert [e.raw for e in found.entries] == list(ENTRIES)
    assert [(e.rows, e.raw) for e in found.left_out] == [([11], thanks)]
    article = extract_article(text, "a")
    left = [d for d in article.diagnostics if d.code == "left_out_after_list"]
    assert [(d.line, d.message) for d in left] == [(11, f"left out after the list, line 11: {thanks}")]


# A Kazakh list pasted from Word: unnumbered, an empty line between entries, pages "– 304 б."
# closing one entry and a last entry without a year or authors.
WORD_KK = (
    "Байтұрсынұлы А. Тіл тағылымы. – Алматы: Ана тілі, 1992. – 448 б.",
    "Жұбанов Қ. Қазақ тілі жөніндегі зерттеулер. – Алматы: Ғылым, 1966. – 360 б.",
    "Қайдаров Ә.Т. Қазақ тілінің өзекті мәселелері. – Алматы: Ана тілі, 1998. – 304 б.",
    "Қазақ тілінің түсіндірме сөздігі. – Алматы: Дайк-Пресс.",
)
WORD_RU = (
    "Иванов И.И. Русский язык. – М.: Наука, 1990. – 300 с.",
    "Петров П.П. Синтаксис. – М.: Наука, 1991. – 200 с.",
    "Сидоров С.С. Морфология. – СПб.: Питер, 1992. – 150 с.",
    "Закон о языках. URL: http://example.kz/law (дата обращения: 01.02.2020).",
)


@pytest.mark.parametrize(("heading", "entries"), [("Әдебиеттер", WORD_KK), ("Список литературы", WORD_RU)])
def test_blank_line_separated_whole_entries_stay_apart(heading: str, entries: tuple[str, ...]) -> None:
    text = "Мақала мәтіні.\n\n" + heading + "\n\n" + "\n\n".join(entries) + "\n"
    assert _lists(text) == [list(entries)]


@pytest.mark.parametrize(
    ("blocks", "whole"),
    [
        (WORD_KK, True),
        (WORD_RU, True),
        # the second half of a wrapped entry: no names, after a block without its year
        (
            (
                "Cutler N. Songs of Experience. Bloomington: Indiana University Press, 1987.",
                "Vasudevan G. The Royal Temple of Nataraja. An Instrument of Imperial Cola Power.",
                "New Delhi: Abhonav Publications, 2003.",
                "Younger P. The Home of Dancing Siva. Oxford: Oxford University Press, 1995.",
            ),
            False,
        ),
        # PDF lines wrapped mid-sentence: a block ends with an initial, the next opens in lower case
        (
            (
                "Иванов И.И., Петров П.П.,",
                "Сидоров С.С. Название книги о",
                "региональной экономике. – М.: Наука, 2019. – 256 с.",
                "Кузнецов К.К. Статья // Журнал. – 2020. – № 2. – С. 10–20.",
            ),
            False,
        ),
        # a link line after an entry is its tail, not an entry
        ((*WORD_RU[:3], "DOI: 10.1000/xyz123."), False),
        (WORD_KK[:2], False),  # too few blocks to judge
    ],
)
def test_blocks_are_entries(blocks: tuple[str, ...], whole: bool) -> None:
    lines = split_lines("\n\n".join(blocks))
    assert _blocks_are_entries(lines, 0, len(lines), frozenset()) is whole
