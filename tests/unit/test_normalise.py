"""Normalisation of names, titles, pages, dates and whole references; the cross-script fold key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refman.model import Date, Name, Reference
from refman.normalise import (
    first_page,
    fold_key,
    name_initials,
    normalise_date,
    normalise_language,
    normalise_name,
    normalise_pages,
    normalise_reference,
    normalise_title,
    normalise_whitespace,
    page_range,
    parse_name,
    parse_names,
    parse_year,
    strip_markup,
    title_key,
)

# --- fold_key: one key for a Cyrillic text and all its romanisations ----------------------------

RUSSIAN = {
    "cyrillic": "Методы оптимизации транспортных потоков в крупных городах",
    "gost": "Metody` optimizacii transportny`x potokov v krupny`x gorodax",
    "bgn": "Metody optimizatsii transportnykh potokov v krupnykh gorodakh",
    "bsi": "Metody optimizatsii transportnykh potokov v krupnykh gorodakh",
    "upper": "METODY OPTIMIZACII TRANSPORTNYH POTOKOV V KRUPNYH GORODAH",
}
KAZAKH = {
    "cyrillic": "Қазақстандағы су ресурстарын басқарудың заманауи әдістері",
    "kz2021": "Qazaqstandağy su resurstaryn basqarudyñ zamanaui ädısterı",
    "kz2018": "Qazaqstandaǵy sý resýrstaryn basqarýdyń zamanaýı ádisteri",
    "bgn": "Qazaqstandaghy su resurstaryn basqarudyng zamanaui ädisteri",
    "gost": "K`azak`standag`y` su resurstary`n bask`arudy`n` zamanaui a`di`steri`",
    "ascii": "Kazakstandagy su resurstaryn baskarudyn zamanaui adisteri",
}
NAMES = {
    "Юрьев": ["Yur'ev", "Iur'ev", "Yur`ev", "Iurev"],
    "Щукин": ["Shchukin", "Shhukin"],
    "Жуков": ["Zhukov", "Jukov"],
    "Хабаров": ["Khabarov", "Xabarov", "Habarov"],
    "Цой": ["Tsoy", "Tsoi", "Czoj"],
    "Чайковский": ["Chaykovskiy", "Chaikovskii", "Chajkovskij"],
    "Нұрғалиева": ["Nurgalieva", "Nūrğalieva", "Nurǵalieva", "Nūrghalieva"],
    "Әлиев": ["Aliev", "Äliev", "Áliev", "Aliyev"],
}


@pytest.mark.parametrize("variants", [RUSSIAN, KAZAKH], ids=["russian", "kazakh"])
def test_fold_key_is_the_same_for_every_romanisation(variants: dict[str, str]) -> None:
    keys = {scheme: fold_key(text) for scheme, text in variants.items()}
    assert len(set(keys.values())) == 1, keys


@pytest.mark.parametrize(("cyrillic", "latin"), [(c, v) for c, vs in NAMES.items() for v in vs])
def test_fold_key_matches_romanised_surnames(cyrillic: str, latin: str) -> None:
    assert fold_key(cyrillic) == fold_key(latin) or _one_edit(fold_key(cyrillic), fold_key(latin))


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def test_fold_key_keeps_cyrillic_titles_apart_unlike_an_ascii_filter() -> None:
    # bibtex-tidy's [^0-9A-Za-z] filter makes all three the empty string.
    titles = ["Оптимизация систем", "Қазақ тілі", "Теория игр"]
    keys = [fold_key(t) for t in titles]
    assert all(keys) and len(set(keys)) == 3


def test_fold_key_never_uses_unidecode_at_sign() -> None:
    assert "@" not in fold_key("Әлем Ә ә")
    assert fold_key("Әлем") == "alem"


def test_fold_key_folds_case_quotes_markup_and_diacritics() -> None:
    assert fold_key("«Большой Евразии»") == fold_key('"большой евразии"')
    assert fold_key('M{\\"u}ller') == fold_key("Müller") == "muler"
    assert fold_key("<i>E. coli</i>") == "e coli"


# --- text and titles ----------------------------------------------------------------------------


def test_strip_markup_html_and_tex() -> None:
    assert strip_markup("<i>E. coli</i> &amp; <sub>2</sub>") == "E. coli & 2"
    assert strip_markup('M{\\"u}ller and \\c{C}elik') == "Müller and Çelik"
    assert strip_markup("{DNA} repair -- a \\emph{review}") == "DNA repair – a review"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ('"The Cascade-Correlation Learning Architecture",', "The Cascade-Correlation Learning Architecture"),
        ("Методы оптимизации.", "Методы оптимизации"),
        ("«Ұлы Еуразия» тұжырымдамасы.", "«Ұлы Еуразия» тұжырымдамасы"),
        ("Title   with\nbreaks /", "Title with breaks"),
        ("Economics - a primer", "Economics – a primer"),
        ("Made in the U.S.A.", "Made in the U.S.A."),
        ("To be continued...", "To be continued..."),
        ("Why now?", "Why now?"),
    ],
)
def test_normalise_title(raw: str, clean: str) -> None:
    assert normalise_title(raw) == clean


def test_normalise_title_keeps_case_and_script() -> None:
    assert normalise_title("КОНЦЕПЦИЯ Большой ЕВРАЗИИ") == "КОНЦЕПЦИЯ Большой ЕВРАЗИИ"


@given(st.text(max_size=60))
def test_normalise_title_is_idempotent(text: str) -> None:
    once = normalise_title(text)
    assert normalise_title(once) == once


@given(st.text(max_size=60))
def test_title_key_and_fold_key_are_idempotent(text: str) -> None:
    assert title_key(title_key(text)) == title_key(text)
    assert fold_key(fold_key(text)) == fold_key(text)


def test_title_key_keeps_script_and_reads_yo_as_ye() -> None:
    assert title_key("«Казахстан» — 2020.") == title_key('"Казахстан" – 2020') == "казахстан 2020"
    assert title_key("Ёлка") == title_key("Елка")


def test_normalise_whitespace() -> None:
    assert normalise_whitespace("  a\u00a0 b\n\tc ") == "a b c"


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brodley, C. E. & Utgoff, P. E.", [("Brodley", "C. E."), ("Utgoff", "P. E.")]),
        (
            "Mitchell, T.M.; Utgoff, P.E.; and Banerji, R.B.",
            [("Mitchell", "T. M."), ("Utgoff", "P. E."), ("Banerji", "R. B.")],
        ),
        ("Poggio, T., Fahle, M., and Edelman, S.", [("Poggio", "T."), ("Fahle", "M."), ("Edelman", "S.")]),
        ("Gottfried Vossen, Mathias Weske", [("Vossen", "Gottfried"), ("Weske", "Mathias")]),
        ("Tan A.Schulze A.O'Donnell C. P.", [("Tan", "A."), ("Schulze", "A."), ("O'Donnell", "C. P.")]),
        ("Abrahao, Bruno and Parigi, Paolo", [("Abrahao", "Bruno"), ("Parigi", "Paolo")]),
        ("B. Abrahao; K. S. Cook", [("Abrahao", "B."), ("Cook", "K. S.")]),
        ("Иванов И.И., Петров П.П.", [("Иванов", "И. И."), ("Петров", "П. П.")]),
        ("Aha, D. W., D. Kibler", [("Aha", "D. W."), ("Kibler", "D.")]),
        # The full stop closing a citation's author list is not part of the last surname.
        ("Yoav Freund and Robert E. Schapire.", [("Freund", "Yoav"), ("Schapire", "Robert E.")]),
        ("Fahlman, S. and Lebiere, C.", [("Fahlman", "S."), ("Lebiere", "C.")]),
    ],
)
def test_parse_names(text: str, expected: list[tuple[str, str]]) -> None:
    names, et_al = parse_names(text)
    assert [(n.family, n.given) for n in names] == expected
    assert not et_al


def test_parse_name_keeps_generational_suffixes() -> None:
    name = parse_name("John Smith Jr.")
    assert name is not None
    assert (name.family, name.given, name.suffix) == ("Smith", "John", "Jr.")
    name = parse_name("J. Smith III")
    assert name is not None
    assert (name.family, name.given, name.suffix) == ("Smith", "J.", "III")


@pytest.mark.parametrize("tail", ["et al.", "и др.", "және т.б."])
def test_parse_names_et_al(tail: str) -> None:
    names, et_al = parse_names(f"Иванов И.И., Петров П.П. {tail}")
    assert et_al and [n.family for n in names] == ["Иванов", "Петров"]


def test_parse_name_forms() -> None:
    assert parse_name("IVANOV I.I.") == Name(family="Ivanov", given="I. I.")
    assert parse_name("I. I. Ivanov") == Name(family="Ivanov", given="I. I.")
    assert parse_name("Ludwig van Beethoven") == Name(
        family="Beethoven", given="Ludwig", non_dropping_particle="van"
    )
    assert parse_name("et al.") is None
    assert parse_name("") is None


def test_normalise_name_is_idempotent_and_keeps_literals() -> None:
    name = Name(family="van der AALST", given="W.M.P.")
    once = normalise_name(name)
    assert once == Name(family="Aalst", given="W. M. P.", non_dropping_particle="van der")
    assert normalise_name(once) == once
    org = Name(literal="  United   Nations ")
    assert normalise_name(org) == Name(literal="United Nations")


def test_name_initials() -> None:
    assert name_initials("Ivan Ivanovich") == "II"
    assert name_initials("Zh. M.") == "ZM"
    assert name_initials(None) == ""


# --- pages, years, dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("pp. 524--532", "524-532"),
        ("С. 45–47.", "45-47"),
        ("Б. 77—84", "77-84"),
        ("e1234", "e1234"),
        ("12", "12"),
    ],
)
def test_normalise_pages(raw: str, clean: str) -> None:
    assert normalise_pages(raw) == clean
    assert normalise_pages(clean) == clean


def test_page_range_expands_abbreviated_ends() -> None:
    assert page_range("1018-21") == (1018, 1021)
    assert page_range("pp. 524-532") == (524, 532)
    assert page_range("45") == (45, None)
    assert page_range(None) is None
    assert first_page("С. 189–207") == 189


def test_parse_year() -> None:
    assert parse_year("(1990).") == 1990
    assert parse_year("Feb.") is None
    assert parse_year("vol. 12345") is None
    assert parse_year("2021, online 2020") == 2021


def test_normalise_date() -> None:
    assert normalise_date(Date(parts=[["2020", "3"]])).parts == [[2020, 3]]
    assert normalise_date(Date(raw="2019 г.")).parts == [[2019]]
    date = normalise_date(Date(parts=[[2020]], literal="spring 2020"))
    assert normalise_date(date) == date


# --- language and whole references --------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("Russian", "ru"),
        ("рус.", "ru"),
        ("kaz", "kk"),
        ("Қазақ", "kk"),
        ("eng", "en"),
        ("en_us", "en-US"),
        ("ru-RU", "ru-RU"),
    ],
)
def test_normalise_language(raw: str, tag: str) -> None:
    assert normalise_language(raw) == tag
    assert normalise_language(tag) == tag


# --- whole references ---------------------------------------------------------------------------


def test_normalise_reference_is_idempotent_and_keeps_raw() -> None:
    ref = Reference.from_csl(
        {
            "id": "r1",
            "type": "article-journal",
            "title": "«Ұлы Еуразия» тұжырымдамасы.",
            "author": [{"family": "IVANOV", "given": "I.I."}],
            "page": "pp. 189--207",
            "URL": "https://doi.org/10.1000/ABC.",
            "ISBN": "5-02-013850-9",
            "language": "Russian",
            "issued": {"date-parts": [["2022"]]},
            "custom": {"refman": {"raw": "IVANOV I.I. «Ұлы Еуразия» тұжырымдамасы. pp. 189--207"}},
        }
    )
    once = normalise_reference(ref)
    assert once.title == "«Ұлы Еуразия» тұжырымдамасы"
    assert once.author[0] == Name(family="Ivanov", given="I. I.")
    assert once.page == "189-207"
    assert once.DOI == "10.1000/abc"
    assert once.ISBN == "9785020138506"
    assert once.language == "ru"
    assert once.issued is not None and once.issued.parts == [[2022]]
    assert once.refman.raw == ref.refman.raw
    assert normalise_reference(once) == once
    assert ref.title == "«Ұлы Еуразия» тұжырымдамасы."  # the input is not changed
