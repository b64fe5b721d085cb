"""Tests for refman.extract.frontmatter: the article's own metadata in every language.

The two seed articles (bibliography/articles/, real Kazakh journal articles) are checked against
values read off the files by hand. The snippets written inline below are CONSTRUCTED for these
tests (invented names, titles and institutions); so are tests/data/articles/*_constructed.*
(see the README there).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refman.extract.frontmatter import extract_metadata
from refman.model import Name, Reference

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "bibliography" / "articles"
CONSTRUCTED = ROOT / "tests" / "data" / "articles"
SEED_MD = "004_c159abb99046b70d.txt"  # Markdown, kk/ru/en blocks at the top
SEED_PDF = "000_cd854a2d8b355c99.txt"  # PDF text, kk block at the top, ru/en blocks at the end


def _extract(path: Path) -> Reference:
    return extract_metadata(path.read_text(encoding="utf-8"), path.name)


@pytest.fixture(scope="module")
def seed_md() -> Reference:
    return _extract(SEEDS / SEED_MD)


@pytest.fixture(scope="module")
def seed_pdf() -> Reference:
    return _extract(SEEDS / SEED_PDF)


def _names(ref: Reference) -> list[tuple[str | None, str | None]]:
    return [(n.family, n.given) for n in ref.author]


# --- seed 004: Markdown, three blocks at the top --------------------------------------------------


def test_seed_md_titles_in_three_languages(seed_md: Reference) -> None:
    titles = seed_md.refman.extra["titles"]
    assert titles == {
        "kk": "БІТІМГЕРШІЛІК СЫРТҚЫ САЯСИ ҚЫЗМЕТТІҢ ФАКТОРЫ РЕТІНДЕ: ХАЛЫҚАРАЛЫҚ ТӘЖІРИБЕ ЖӘНЕ ОРТАЛЫҚ АЗИЯ",
        "ru": (
            "МИРОТВОРЧЕСТВО КАК ФАКТОР ВНЕШНЕПОЛИТИЧЕСКОЙ ДЕЯТЕЛЬНОСТИ: МЕЖДУНАРОДНЫЙ ОПЫТ И ЦЕНТРАЛЬНАЯ АЗИЯ"
        ),
        "en": "PEACEMAKING AS A FACTOR OF FOREIGN POLICY ACTIVITY: INTERNATIONAL EXPERIENCE AND CENTRAL ASIA",
    }
    assert list(titles) == ["kk", "ru", "en"]


def test_seed_md_main_fields(seed_md: Reference) -> None:
    assert seed_md.id == SEED_MD
    assert seed_md.type == "article-journal"
    assert seed_md.language == "kk"
    assert seed_md.title == seed_md.refman.extra["titles"]["kk"]
    assert seed_md.refman.line == 9
    assert _names(seed_md) == [("Құрманғали", "А.Қ."), ("Жаухан", "Е.М.")]
    assert seed_md.keyword == (
        "бітімгершілік қызмет, Орталық Азия, халықаралық қауіпсіздік, қақтығыстар, сыртқы саясат"
    )
    assert seed_md.abstract is not None
    assert seed_md.abstract.startswith("Халықаралық қауіпсіздікті қамтамасыз етуде")
    assert seed_md.abstract.endswith("саяси талдаушыларға пайдалы болуы мүмкін.")
    assert not seed_md.refman.problems


def test_seed_md_keywords_and_abstracts(seed_md: Reference) -> None:
    keywords = seed_md.refman.extra["keywords"]
    assert keywords["ru"] == [
        "миротворческая деятельность",
        "Центральная Азия",
        "международная безопасность",
        "конфликты",
        "внешняя политика",
    ]
    assert keywords["en"] == [
        "Peacekeeping",
        "Central Asia",
        "international security",
        "conflicts",
        "foreign policy",
    ]
    abstracts = seed_md.refman.extra["abstracts"]
    assert set(abstracts) == {"kk", "ru", "en"}
    assert abstracts["en"].startswith("Peacekeeping remains an important tool")
    # The Russian abstract is printed as two paragraphs: both are kept.
    assert "\n\n" in abstracts["ru"]
    assert abstracts["ru"].endswith("дипломатов и политических аналитиков.")


def test_seed_md_people_linked_across_languages(seed_md: Reference) -> None:
    people = seed_md.refman.extra["authors"]
    assert [{k: v for k, v in p.items() if k != "affiliations"} for p in people] == [
        {"kk": "А.Қ. Құрманғали", "ru": "Курмангали А.К.", "en": "Kurmangali A.K."},
        {"kk": "Е.М. Жаухан", "ru": "Жаухан Е.М.", "en": "Jaukhan Y.M."},
    ]
    # Both affiliation lines carry the marker 1: they are given to the authors in order.
    assert people[0]["affiliations"] == [
        "саясаттану ғылымдарының докторы, доцент, Сорбонна-Қазақстан институты, Абай атындағы ҚазҰПУ"
    ]
    assert people[1]["affiliations"] == [
        "I курс магистранты, Сорбонна-Қазақстан институты, Абай атындағы ҚазҰПУ"
    ]


def test_seed_md_affiliations_as_written(seed_md: Reference) -> None:
    affiliations = seed_md.refman.extra["affiliations"]
    assert len(affiliations) == 6
    assert affiliations[1] == "I курс магистранты, Сорбонна-Қазақстан институты, Абай атындағы ҚазҰПУ"
    # The English affiliation wrapped over two Markdown lines is joined.
    assert affiliations[4] == (
        "Doctor of Political Science, Associate Professor, Sorbonne-Kazakhstan Institute, "
        "Abai Kazakh National Pedagogical University"
    )


# --- seed 000: PDF text, kk block at the top, ru and en blocks at the end --------------------------


def test_seed_pdf_titles_joined_over_lines(seed_pdf: Reference) -> None:
    assert seed_pdf.refman.extra["titles"] == {
        "kk": "Халықаралық қауіпсіздік түсінігінің қалыптасуы және оның мәні: теориялық аспект",
        "ru": "Формирование понятия «международная безопасность» и его сущности: теоретический аспект",
        "en": "Formation of the concept of international security and its essence: theoretical aspect",
    }
    assert seed_pdf.title == seed_pdf.refman.extra["titles"]["kk"]
    assert seed_pdf.language == "kk"
    assert seed_pdf.refman.line == 1


def test_seed_pdf_four_authors_linked_ru_en(seed_pdf: Reference) -> None:
    people = seed_pdf.refman.extra["authors"]
    assert [(p.get("ru"), p.get("en")) for p in people] == [
        ("С.Б. Стамбулов", "S.B. Stambulov"),
        ("Т.Қ. Сақабай", "T.K. Sakabay"),
        ("А. Сердхан", "A. Serdkhan"),
        ("Ж.М. Кенжегали", "Zh.M. Kenzhegali"),
    ]
    # The Kazakh block has no authors; the main author list comes from the Cyrillic block.
    assert _names(seed_pdf) == [
        ("Стамбулов", "С.Б."),
        ("Сақабай", "Т.Қ."),
        ("Сердхан", "А."),
        ("Кенжегали", "Ж.М."),
    ]


def test_seed_pdf_keywords_with_wrapped_lines(seed_pdf: Reference) -> None:
    keywords = seed_pdf.refman.extra["keywords"]
    assert keywords["kk"] == [
        "қауіпсіздік",
        "халықаралық қауіпсіздік",
        "теориялар",
        "әлемдік саясат",
        "халықаралық қатынастар",
    ]
    assert keywords["ru"] == [
        "безопасность",
        "международная безопасность",
        "теория",
        "мировая политика",
        "международные отношения",
    ]
    assert keywords["en"] == [
        "security",
        "international security",
        "theory",
        "world politics",
        "international relations",
    ]


def test_seed_pdf_abstracts_unwrapped(seed_pdf: Reference) -> None:
    abstracts = seed_pdf.refman.extra["abstracts"]
    assert abstracts["kk"].startswith("Қазіргі уақытта ғылыми және академиялық топтардың арасында")
    assert abstracts["kk"].endswith("негізгі теорияларына талдау жасайды.")
    # End-of-line hyphenation is undone; no blank-line debris is left.
    assert "анализ теоретических подходов" in abstracts["ru"]
    assert "comprehensive analysis of institutional theories" in abstracts["en"]
    assert all("\n" not in text for text in abstracts.values())
    assert seed_pdf.abstract == abstracts["kk"]


# --- constructed articles in tests/data/articles ----------------------------------------------------


def test_constructed_english_apa_article() -> None:
    ref = _extract(CONSTRUCTED / "en_apa_constructed.txt")
    assert ref.title == (
        "Street Design, Transit and Everyday Mobility in Mid-Sized Cities: A Mixed-Methods Study"
    )
    assert ref.language == "en"
    assert ref.author == [
        Name(family="Henning", given="Laura M."),
        Name(family="Seitkali", given="Daniyar K."),
        Name(family="O'Donnell", given="Peter"),
    ]
    people = ref.refman.extra["authors"]
    assert people[2]["affiliations"] == [
        "Department of Urban Planning, Lakeshore Institute of Technology, Riverton, USA"
    ]
    assert people[1]["affiliations"] == [
        "School of Social Sciences, Steppe Research University, Almaty, Kazakhstan"
    ]
    assert ref.refman.extra["keywords"]["en"] == [
        "walkability",
        "street design",
        "public transit",
        "mid-sized cities",
        "travel behaviour",
    ]
    assert ref.abstract is not None and ref.abstract.startswith("Mid-sized cities have received")


def test_constructed_russian_gost_article() -> None:
    ref = _extract(CONSTRUCTED / "ru_gost_constructed.md")
    assert ref.language == "ru"
    assert ref.title == (
        "ПРОСТРАНСТВЕННОЕ НЕРАВЕНСТВО И ИНВЕСТИЦИОННАЯ ПРИВЛЕКАТЕЛЬНОСТЬ РЕГИОНОВ: ОПЫТ ЭМПИРИЧЕСКОЙ ОЦЕНКИ"
    )
    assert ref.refman.extra["titles"]["en"] == (
        "SPATIAL INEQUALITY AND INVESTMENT ATTRACTIVENESS OF REGIONS: AN EMPIRICAL ASSESSMENT"
    )
    people = ref.refman.extra["authors"]
    assert [(p["ru"], p["en"]) for p in people] == [
        ("О.Н. Белова", "O.N. Belova"),
        ("Р.Т. Кравцов", "R.T. Kravtsov"),
    ]
    assert people[1]["affiliations"][0].startswith("аспирант, Уральский государственный")
    assert ref.refman.extra["keywords"]["en"][0] == "regional economics"


# --- constructed snippets -------------------------------------------------------------------------

ENGLISH_PLAIN = """\
Journal of Applied Things, Vol. 12, No. 3, 2021, pp. 45-67

Deep Learning for Crop Yield Prediction
in Semi-Arid Regions

John A. Smith1, Maria Garcia2*, Wei Zhang1

1Department of Computer Science, University of Nowhere, Springfield, USA
2Institute of Agronomy, Central Asian University, Almaty, Kazakhstan
*Corresponding author: mgarcia@example.org

Abstract: We propose a model for predicting yields. It works well.
The second line of the abstract continues here.

Keywords: deep learning; crop yield; remote sensing

1. Introduction

Crop yield prediction is important.
"""


def test_snippet_english_plain_text() -> None:
    """Constructed: journal header, title wrapped over two lines, digit markers, inline abstract."""
    ref = extract_metadata(ENGLISH_PLAIN, "en.txt")
    assert ref.title == "Deep Learning for Crop Yield Prediction in Semi-Arid Regions"
    assert ref.refman.line == 3
    assert _names(ref) == [("Smith", "John A."), ("Garcia", "Maria"), ("Zhang", "Wei")]
    assert ref.abstract == (
        "We propose a model for predicting yields. It works well. "
        "The second line of the abstract continues here."
    )
    assert ref.keyword == "deep learning, crop yield, remote sensing"
    people = ref.refman.extra["authors"]
    assert people[1]["affiliations"] == [
        "Institute of Agronomy, Central Asian University, Almaty, Kazakhstan"
    ]
    assert people[2]["affiliations"] == [
        "Department of Computer Science, University of Nowhere, Springfield, USA"
    ]


RUSSIAN_PLAIN = """\
УДК 94(574)

Иванов И.И.¹, Петров П.П.²

¹Казанский федеральный университет, г. Казань, Россия
²Институт истории им. Ч. Валиханова, г. Алматы, Казахстан

ИСТОРИЯ ИЗУЧЕНИЯ СТЕПНЫХ ГОРОДОВ
КАЗАХСТАНА В XIX ВЕКЕ

Аннотация. В статье рассматривается история изучения городов. Показано, что изучение шло медленно.

Ключевые слова: история, города, Казахстан, XIX век.

Введение

Текст статьи начинается здесь и продолжается дальше.
"""


def test_snippet_russian_unicode_superscripts() -> None:
    """Constructed: УДК line, ¹ ² markers, upper-case title over two lines, "Аннотация." inline."""
    ref = extract_metadata(RUSSIAN_PLAIN, "ru.txt")
    assert ref.language == "ru"
    assert ref.title == "ИСТОРИЯ ИЗУЧЕНИЯ СТЕПНЫХ ГОРОДОВ КАЗАХСТАНА В XIX ВЕКЕ"
    assert _names(ref) == [("Иванов", "И.И."), ("Петров", "П.П.")]
    assert ref.refman.extra["keywords"] == {"ru": ["история", "города", "Казахстан", "XIX век"]}
    assert ref.abstract is not None and ref.abstract.startswith("В статье рассматривается")
    people = ref.refman.extra["authors"]
    assert people[1]["affiliations"] == ["Институт истории им. Ч. Валиханова, г. Алматы, Казахстан"]


def test_snippet_no_abstract_title_versus_names() -> None:
    """Constructed: no abstract or keywords; a title-case title joined by "and" is not authors."""
    text = (
        "Public Transport and Air Quality\n\nJohn Smith, Jane Doe\n\n1. Introduction\n\n"
        "Cities are growing. This paper looks at transport.\n"
    )
    ref = extract_metadata(text, "plain.txt")
    assert ref.title == "Public Transport and Air Quality"
    assert _names(ref) == [("Smith", "John"), ("Doe", "Jane")]
    assert ref.abstract is None
    assert ref.language == "en"


KAZAKH_MD = """\
# Цифрлық экономиканың дамуы

**Айгерим Сапарова¹, Ержан Бекұлы Нұрланов²**

¹Әл-Фараби атындағы Қазақ ұлттық университеті, Алматы, Қазақстан

²Л.Н. Гумилев атындағы Еуразия ұлттық университеті, Астана, Қазақстан

**Аңдатпа.** Бұл мақалада цифрлық экономиканың дамуы қарастырылады.

**Түйін сөздер:** цифрлық экономика, даму, Қазақстан

## Кіріспе

Мәтін осында басталады және әрі қарай жалғасады.

## Әдебиеттер

1. Иванов И.И. Книга. – М., 2020.

**Развитие цифровой экономики**

**Сапарова А.¹, Нурланов Е.Б.²**

**Аннотация.** В статье рассматривается развитие цифровой экономики.

**Ключевые слова:** цифровая экономика, развитие, Казахстан

**Development of the digital economy**

**Saparova A.¹, Nurlanov Ye.B.²**

**Abstract.** The article considers the development of the digital economy.

**Keywords:** digital economy, development, Kazakhstan
"""


def test_snippet_kazakh_markdown_with_blocks_after_references() -> None:
    """Constructed: full names (given first, patronymic in -ұлы) and ru/en blocks at the end."""
    ref = extract_metadata(KAZAKH_MD, "kk.md")
    assert ref.language == "kk"
    assert ref.title == "Цифрлық экономиканың дамуы"
    assert ref.refman.extra["titles"] == {
        "kk": "Цифрлық экономиканың дамуы",
        "ru": "Развитие цифровой экономики",
        "en": "Development of the digital economy",
    }
    assert _names(ref) == [("Сапарова", "Айгерим"), ("Нұрланов", "Ержан Бекұлы")]
    people = ref.refman.extra["authors"]
    assert [{k: v for k, v in p.items() if k != "affiliations"} for p in people] == [
        {"kk": "Айгерим Сапарова", "ru": "Сапарова А.", "en": "Saparova A."},
        {"kk": "Ержан Бекұлы Нұрланов", "ru": "Нурланов Е.Б.", "en": "Nurlanov Ye.B."},
    ]
    assert people[0]["affiliations"] == ["Әл-Фараби атындағы Қазақ ұлттық университеті, Алматы, Қазақстан"]
    # The numbered reference entry is not taken for an affiliation.
    assert all("Книга" not in a for a in ref.refman.extra["affiliations"])


def test_snippet_authors_linked_out_of_order() -> None:
    """Constructed: the English block lists the authors in another order; linking uses the names."""
    text = (
        "А.Б. Қасымов, Е.Ж. Төлеген\n\nҚАЗАҚ ДАЛАСЫНЫҢ ТАРИХЫ\n\nАңдатпа\n\nМақала тарихқа арналған.\n\n"
        "Кілт сөздер: тарих, дала\n\nY.Zh. Tolegen, A.B. Kassymov\n\nHISTORY OF THE KAZAKH STEPPE\n\n"
        "Abstract\n\nThe article is about history.\n\nKeywords: history, steppe\n"
    )
    ref = extract_metadata(text, "order.txt")
    people = ref.refman.extra["authors"]
    assert [(p["kk"], p["en"]) for p in people] == [
        ("А.Б. Қасымов", "A.B. Kassymov"),
        ("Е.Ж. Төлеген", "Y.Zh. Tolegen"),
    ]


SUMMARY_FIRST = """\
Айгерим Сапарова¹, Ержан Нұрланов²

¹Әл-Фараби атындағы Қазақ ұлттық университеті, Алматы, Қазақстан
²Абай атындағы ҚазҰПУ, Алматы, Қазақстан

ЦИФРЛЫҚ ЭКОНОМИКАНЫҢ ДАМУЫ

Аңдатпа. Бұл мақалада цифрлық экономиканың дамуы қарастырылады.

Түйін сөздер: цифрлық экономика, даму

Кіріспе

Мәтін осында басталады және әрі қарай жалғасады. Тағы бір сөйлем бар.

Әдебиеттер

1. Иванов И.И. Книга. – М., 2020.

Резюме

Сапарова А.¹, Нурланов Е.²

РАЗВИТИЕ ЦИФРОВОЙ ЭКОНОМИКИ

В статье рассматривается развитие цифровой экономики. Это вторая фраза.

Ключевые слова: цифровая экономика, развитие

Summary

Saparova A.¹, Nurlanov Ye.²

DEVELOPMENT OF THE DIGITAL ECONOMY

The article considers the development of the digital economy.

Keywords: digital economy, development
"""


def test_snippet_summary_label_before_authors_and_title() -> None:
    """Constructed: "Резюме"/"Summary" blocks at the end, the label printed before names and title."""
    ref = extract_metadata(SUMMARY_FIRST, "summary.txt")
    assert ref.refman.extra["titles"] == {
        "kk": "ЦИФРЛЫҚ ЭКОНОМИКАНЫҢ ДАМУЫ",
        "ru": "РАЗВИТИЕ ЦИФРОВОЙ ЭКОНОМИКИ",
        "en": "DEVELOPMENT OF THE DIGITAL ECONOMY",
    }
    assert ref.refman.extra["abstracts"]["ru"] == (
        "В статье рассматривается развитие цифровой экономики. Это вторая фраза."
    )
    people = ref.refman.extra["authors"]
    assert [(p["kk"], p["ru"], p["en"]) for p in people] == [
        ("Айгерим Сапарова", "Сапарова А.", "Saparova A."),
        ("Ержан Нұрланов", "Нурланов Е.", "Nurlanov Ye."),
    ]
    assert people[1]["affiliations"] == ["Абай атындағы ҚазҰПУ, Алматы, Қазақстан"]


def test_family_first_full_russian_name() -> None:
    """Constructed: "Family Given Patronymic" is split family-first."""
    text = "Петрова Анна Сергеевна, Ким Олег Игоревич\n\nО ЧЁМ-ТО ВАЖНОМ\n\nАннотация\n\nТекст.\n"
    ref = extract_metadata(text, "fio.txt")
    assert _names(ref) == [("Петрова", "Анна Сергеевна"), ("Ким", "Олег Игоревич")]
    assert ref.title == "О ЧЁМ-ТО ВАЖНОМ"


# --- robustness -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n\t\n", "***\n# \n---\n", "12\n34\n56\n", "\ufffd\x00\x01\x02" * 50, "<!-- a\nb -->\n"],
)
def test_empty_or_garbage_has_no_title(text: str) -> None:
    ref = extract_metadata(text, "bad.txt")
    assert ref.id == "bad.txt"
    assert ref.type == "article-journal"
    assert ref.title is None
    assert ref.refman.problems == ["no title found"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=600))
def test_never_raises_and_is_json(text: str) -> None:
    ref = extract_metadata(text, "fuzz")
    assert ref.id == "fuzz"
    assert (ref.title is None) == ("no title found" in ref.refman.problems)
    json.dumps(ref.to_csl(), ensure_ascii=False)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Abstract", "Keywords: a, b", "А.Б. Иванов¹", "¹Университет, Алматы", "# TITLE", "", "text line"]
        ),
        max_size=40,
    )
)
def test_never_raises_on_front_matter_shaped_noise(lines: list[str]) -> None:
    ref = extract_metadata("\n".join(lines), "noise")
    assert ref.id == "noise"
    json.dumps(ref.to_csl(), ensure_ascii=False)


def test_ten_megabytes_is_fast() -> None:
    seed = (SEEDS / SEED_PDF).read_text(encoding="utf-8").splitlines(keepends=True)
    body = "".join(seed[40:1000])
    text = "".join(seed[:40]) + body * (10_000_000 // len(body) + 1) + "".join(seed[1000:])
    assert len(text) > 10_000_000
    start = time.perf_counter()
    ref = extract_metadata(text, "big.txt")
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0
    # Only the head and the tail are read, so the blocks at both ends are still found.
    assert set(ref.refman.extra["titles"]) == {"kk", "ru", "en"}


def test_ten_megabytes_of_long_marker_lines_is_fast() -> None:
    text = ("А.Қ. Құрманғали<sup>1</sup>, " * 700 + "\n") * 500
    start = time.perf_counter()
    ref = extract_metadata(text, "markers.txt")
    assert time.perf_counter() - start < 5.0
    assert ref.id == "markers.txt"
