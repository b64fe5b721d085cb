"""The reference parser (CRF labels + CSL rules) on seed 004, the constructed test articles and
typical GOST, APA, Vancouver and romanised shapes.

Seed 004 is a real article (bibliography/articles/); the two test articles are constructed
(tests/data/articles/README.md). Expected values below were checked by hand against the text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from refman.model import Reference
from refman.parse import parse_reference

ROOT = Path(__file__).resolve().parents[2]
SEED_004 = ROOT / "bibliography" / "articles" / "004_c159abb99046b70d.txt"
ARTICLES = ROOT / "tests" / "data" / "articles"


def _seed_works() -> list[tuple[int, str]]:
    """(list number, work) for the seed's list; a continuation line is a second work."""
    lines = SEED_004.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "әдебиеттер тізімі" in line)
    works: list[tuple[int, str]] = []
    number = 0
    for line in lines[start + 1 :]:
        m = re.match(r"^(\d+)\.\s+(.*)$", line.strip())
        if m:
            number = int(m.group(1))
            works.append((number, m.group(2)))
        elif line.strip() and number:
            works.append((number, line.strip()))
    return works


def _numbered(path: Path, start: str, stop: str | None = None) -> dict[int, str]:
    out: dict[int, str] = {}
    on = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(start):
            on = True
            continue
        if on and stop and line.startswith(stop):
            break
        m = re.match(r"^(\d+)\.\s+(.*)$", line)
        if on and m:
            out[int(m.group(1))] = m.group(2)
    return out


def _apa_entries() -> dict[str, str]:
    """The English article's references: hanging indent joined, keyed "Surname year"."""
    text = (ARTICLES / "en_apa_constructed.txt").read_text(encoding="utf-8")
    block = text.split("\nReferences\n", 1)[1]
    entries: list[str] = []
    for line in block.splitlines():
        if line.startswith("    ") and entries:
            entries[-1] += " " + line.strip()
        elif line.strip():
            entries.append(line.strip())
    out = {}
    for e in entries:
        year = re.search(r"\((\d{4}|n\.d\.)", e)
        out[f"{e.split(',')[0].split('.')[0]} {year.group(1) if year else ''}"] = e
    return out


def _names(ref: Reference, attr: str = "author") -> list[tuple[str | None, str | None]]:
    return [(n.family, n.given) for n in getattr(ref, attr)]


def _check(ref: Reference, expected: dict[str, Any]) -> None:
    csl = ref.to_csl()
    for key, value in expected.items():
        if key == "author" or key == "editor":
            assert _names(ref, key) == value, (key, ref.refman.raw)
        elif key == "year":
            assert ref.year == value, (key, ref.refman.raw)
        elif key in ("et_al",):
            assert ref.refman.extra.get(key) is value, (key, ref.refman.raw)
        elif key == "number-of-pages":
            assert ref.extra.get("number-of-pages") == value, (key, ref.refman.raw)
        else:
            assert csl.get(key) == value, (key, csl.get(key), ref.refman.raw)


# --- seed 004 --------------------------------------------------------------------------------


def test_seed_004_has_seventeen_works() -> None:
    works = _seed_works()
    assert [n for n, _ in works] == [1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]


SEED_WEB = {
    # (number, index among works with that number): site, URL
    (1, 0): (
        "Fatalities statistics by nationality and mission",
        "United Nations Peacekeeping",
        "https://peacekeeping.un.org/en/fatalities",
    ),
    (2, 0): (
        "БҰҰ-ның Голланд жоталарындағы миссиясына қатысқан қазақстандық бітімгерлер қанша жалақы алады",
        "Tengrinews.kz",
        "https://tengrinews.kz/kazakhstan_news/skolko-poluchayut-kazahstanskije-mirotvortsyi-uchastie-missii-562346/",
    ),
    (3, 0): (
        "These Countries Have the Strongest Militaries",
        "U.S. News & World Report",
        "https://www.usnews.com/news/best-countries/rankings/strong-military",
    ),
    (4, 0): (
        "SIPRI Military Expenditure Database",
        "Stockholm International Peace Research Institute",
        "https://www.sipri.org/databases/milex",
    ),
    (5, 0): (
        "Troop and police contributors",
        "United Nations Peacekeeping",
        "https://peacekeeping.un.org/en/troop-and-police-contributors",
    ),
    (6, 0): (
        "Global Peace Operations Initiative (GPOI)",
        "U.S. Department of State",
        "https://2009-2017.state.gov/t/pm/ppa/gpoi/index.htm",
    ),
    (6, 1): (
        "U.S.-ASEAN Comprehensive Strategic Partnership, One Year On",
        "U.S. Embassy in Indonesia",
        "https://id.usembassy.gov/fact-sheet-u-s-asean-comprehensive-strategic-partnership-one-year-on/",
    ),
}


def _seed_by_key() -> dict[tuple[int, int], str]:
    out: dict[tuple[int, int], str] = {}
    for number, work in _seed_works():
        index = sum(1 for key in out if key[0] == number)
        out[(number, index)] = work
    return out


@pytest.mark.parametrize("key", sorted(SEED_WEB))
def test_seed_004_web_pages(key: tuple[int, int]) -> None:
    title, site, url = SEED_WEB[key]
    ref = parse_reference(_seed_by_key()[key], id=f"seed004-{key[0]}")
    assert ref.type == "webpage"
    assert ref.title == title
    assert ref.container_title == site
    assert url == ref.URL
    assert ref.author == []
    assert ref.id == f"seed004-{key[0]}"
    assert ref.refman.raw == _seed_by_key()[key]


def test_seed_004_accessed_date() -> None:
    ref = parse_reference(_seed_by_key()[(5, 0)])
    assert ref.accessed is not None
    assert ref.accessed.to_csl() == {"date-parts": [[2025, 2, 22]]}
    assert ref.refman.confidence["accessed"] > 0.9
    # The other web pages give no access date.
    assert parse_reference(_seed_by_key()[(1, 0)]).accessed is None


@pytest.mark.parametrize("number", [7, 8])
def test_seed_004_pages_without_url(number: int) -> None:
    ref = parse_reference(_seed_by_key()[(number, 0)])
    assert ref.title is not None and ref.title.startswith(("Руандадағы", "Аймақтар"))
    assert ref.publisher == "United Nations"
    assert ref.language == "kk"
    assert ref.URL is None


SEED_APA = {
    9: (
        [("Vokeria", "S. A.")],
        2022,
        "БҰҰ мен АС-тың бітімгершілік саласындағы әріптестігі: үрдістер мен мәселелер",
    ),
    10: (
        [("Caplan", "R."), ("Gledhill", "J."), ("Meiske", "M.")],
        2024,
        "БҰҰ-ның бітімгершілік операцияларының қабылдаушы елдердің сыртқы саясатына әсерін зерттеу",
    ),
    11: (
        [("Glaser", "M."), ("Thomann", "P. E.")],
        2022,
        "“Ұлы Еуразия” тұжырымдамасы: Ресейдің “Шығысқа бұрылуы” және оның Еуропалық Одаққа геосаяси "
        "тұрғыдан әсері",
    ),
    12: (
        [("Grobbelaar", "A.")],
        2023,
        "Африкадағы БАҚ және терроризм: Аш-Шабабтың радикалды топтан медиа ойыншысына айналуы",
    ),
    13: (
        [("Otto", "S."), ("Kube", "F."), ("Smidt", "H.")],
        2024,
        "Бітімгершілікке орналастыру кезінде БҰҰ-ның бітімгершілік қызметі: "
        "теория мен тәжірибедегі әрекеттер",
    ),
    14: (
        [("Staeger", "U.")],
        2023,
        "Қауіпсіздік серіктестіктеріндегі ресурстарды жұмылдыру: Еуропалық Одақ пен Африка Одағы арасындағы "
        "ынтымақтастық пен мәжбүрлеуді түсіндіру",
    ),
    15: (
        [("Tolirov", "F.")],
        2024,
        "Қауіпсіздіктің бөлінетін және бөлінбейтін сипаты: Орталық Азия үшін қиындықтар",
    ),
    16: (
        [("Yoshimatsu", "H.")],
        2023,
        "Аймақтық бірлестіктегі АСЕАН және ұлы державалардың бәсекелестігі: Шығыс Азиядан Үнді-Тынық мұхит "
        "аймағына дейін",
    ),
    17: (
        [("Zhao", "M."), ("Liu", "Y."), ("Gong", "Y."), ("Hou", "Y."), ("Cao", "X.")],
        2022,
        "Сирия мен Украина оқиғаларына негізделген “Еуразияның Орталық өңірі” саяси ықпал үлгісі",
    ),
}


@pytest.mark.parametrize("number", sorted(SEED_APA))
def test_seed_004_apa_entries(number: int) -> None:
    authors, year, title = SEED_APA[number]
    ref = parse_reference(_seed_by_key()[(number, 0)])
    assert _names(ref) == authors
    assert ref.year == year
    assert ref.title == title
    assert ref.language == "kk"
    assert ref.refman.confidence["author"] >= 0.8
    assert ref.refman.confidence["issued"] >= 0.9


def test_seed_004_journal_article() -> None:
    ref = parse_reference(_seed_by_key()[(9, 0)])
    assert ref.type == "article-journal"
    assert ref.container_title == "Халықаралық ұйымдар бюллетені"
    assert (ref.volume, ref.issue, ref.page) == ("17", "2", "189-207")


def test_seed_004_maiden_name_kept_aside() -> None:
    ref = parse_reference(_seed_by_key()[(11, 0)])
    assert len(ref.author) == 2
    assert ref.refman.extra["name_notes"] == ["Glaser, M. (Kukartseva)"]


def test_seed_004_title_only_entries_say_so() -> None:
    ref = parse_reference(_seed_by_key()[(12, 0)])
    assert ref.type == "document"
    assert any("container" in p for p in ref.refman.problems)


def test_markdown_free_input_gives_the_same_fields() -> None:
    md = _seed_by_key()[(5, 0)]
    plain = (
        "Troop and police contributors. United Nations Peacekeeping. URL: "
        "https://peacekeeping.un.org/en/troop-and-police-contributors (Дата обращения: 22.02.2025)."
    )
    a, b = parse_reference(md), parse_reference(plain)
    assert a.to_csl() | {"custom": None} == b.to_csl() | {"custom": None}


# --- the constructed Russian article: GOST list ----------------------------------------------

GOST: dict[int, dict[str, Any]] = {
    1: {
        "type": "book",
        "author": [("Иванов", "И.И.")],
        "title": "Региональная экономика: теория и практика",
        "publisher-place": "М.",
        "publisher": "Наука",
        "year": 2019,
        "number-of-pages": "256",
        "language": "ru",
    },
    2: {
        "type": "article-journal",
        "author": [("Иванов", "И.И."), ("Петров", "П.П.")],
        "title": "Оценка инвестиционной привлекательности регионов",
        "container-title": "Вопросы региональной экономики",
        "year": 2020,
        "volume": "5",
        "issue": "2",
        "page": "10-20",
    },
    3: {
        "type": "chapter",
        "author": [("Сидоров", "А.А.")],
        "title": "Малые города в пространственном развитии",
        "container-title": "Пространственная экономика России",
        "editor": [("Кузнецов", "В.В.")],
        "publisher-place": "СПб.",
        "publisher": "Питер",
        "year": 2018,
        "page": "45-67",
    },
    4: {
        "type": "webpage",
        "author": [],
        "title": "Статистический ежегодник регионов 2023",
        "URL": "https://stat.example.org/regions/yearbook-2023",
        "accessed": {"date-parts": [[2024, 3, 12]]},
        "issued": None,
    },
    5: {
        "type": "thesis",
        "author": [("Кузнецова", "Е.В.")],
        "title": "Механизмы устойчивого развития моногородов",
        "genre": "дис. ... канд. экон. наук",
        "publisher-place": "М.",
        "year": 2015,
        "number-of-pages": "180",
    },
    6: {
        "type": "article-journal",
        "author": [("Smith", "J."), ("Brown", "K.")],
        "title": "Regional inequality in transition economies",
        "container-title": "Journal of Regional Analysis",
        "year": 2017,
        "volume": "12",
        "issue": "3",
        "page": "201-219",
        "language": "en",
    },
    7: {
        "type": "article-journal",
        "author": [("Петрова", "М.С.")],
        "title": "Цифровизация муниципального управления",
        "container-title": "Экономика и управление территориями",
        "year": 2021,
        "volume": "14",
        "issue": "4",
        "page": "33-41",
        "DOI": "10.5555/etu.2021.14.4.33",
    },
    8: {
        "type": "book",
        "author": [("Сидоров", "А.А.")],
        "et_al": True,
        "title": "Методы оценки социально-экономического потенциала территорий",
        "publisher-place": "Екатеринбург",
        "publisher": "УрО РАН",
        "year": 2016,
        "number-of-pages": "312",
    },
    9: {
        "type": "book",
        "author": [("Орлов", "В.Н."), ("Федорова", "Т.А.")],
        "title": "Экономика региона",
        "edition": "3",
        "publisher-place": "М.",
        "publisher": "Юрайт",
        "year": 2018,
        "number-of-pages": "410",
    },
    10: {
        "type": "paper-conference",
        "author": [("Николаев", "С.П.")],
        "title": "Кластерная политика в регионах Сибири",
        "container-title": "Актуальные проблемы экономики",
        "publisher-place": "Томск",
        "publisher": "Изд-во ТГУ",
        "year": 2019,
        "page": "112-118",
    },
    11: {
        "author": [("Морозов", "К.Л.")],
        "title": "Рейтинг регионов по качеству жизни",
        "container-title": "Региональный обозреватель",
        "year": 2022,
        "URL": "https://regobzor.example.ru/rating-2022",
        "accessed": {"date-parts": [[2023, 10, 5]]},
    },
    12: {
        "type": "book",
        "author": [("Johnson", "M.A.")],
        "title": "Spatial Economics and Policy",
        "edition": "2",
        "publisher-place": "London",
        "publisher": "Routledge",
        "year": 2015,
        "number-of-pages": "298",
        "language": "en",
    },
    13: {
        "type": "article-journal",
        "author": [("Алексеев", "Б.Б."), ("Волков", "Г.Г."), ("Дмитриев", "Д.Д.")],
        "et_al": True,
        "title": "Агломерационные эффекты в российских регионах",
        "container-title": "Известия вузов. Экономика региона",
        "year": 2022,
        "issue": "3",
        "page": "5-18",
    },
}


@pytest.mark.parametrize("number", sorted(GOST))
def test_gost_entries_of_constructed_article(number: int) -> None:
    raw = _numbered(ARTICLES / "ru_gost_constructed.md", "## Список литературы", "## References")[number]
    ref = parse_reference(raw, id=f"ru-{number}")
    expected = dict(GOST[number])
    if expected.pop("issued", "absent") is None:
        assert ref.issued is None
    _check(ref, expected)
    assert ref.refman.raw == raw
    if "language" not in expected:
        assert ref.language == "ru"


def test_gost_editor_restored_from_genitive_and_kept_as_written() -> None:
    raw = _numbered(ARTICLES / "ru_gost_constructed.md", "## Список литературы", "## References")[3]
    ref = parse_reference(raw)
    assert ref.refman.extra["editor_as_written"] == ["В.В. Кузнецова"]
    assert ref.refman.confidence["editor"] < ref.refman.confidence["author"]


# --- the constructed Russian article: romanised "References" ---------------------------------

ROMANISED: dict[int, dict[str, Any]] = {
    1: {
        "type": "book",
        "author": [("Ivanov", "I.I.")],
        "title": "Regional'naya ekonomika: teoriya i praktika",
        "publisher-place": "Moscow",
        "publisher": "Nauka",
        "year": 2019,
        "number-of-pages": "256",
        "language": "ru",
    },
    2: {
        "type": "article-journal",
        "title": "Otsenka investitsionnoi privlekatel'nosti regionov",
        "container-title": "Voprosy regional'noi ekonomiki",
        "year": 2020,
        "volume": "5",
        "issue": "2",
        "page": "10-20",
        "language": "ru",
    },
    3: {
        "type": "chapter",
        "container-title": "Prostranstvennaya ekonomika Rossii",
        "editor": [("Kuznetsov", "V.V.")],
        "publisher-place": "St. Petersburg",
        "publisher": "Piter",
        "year": 2018,
        "page": "45-67",
    },
    4: {
        "type": "webpage",
        "title": "Statisticheskii ezhegodnik regionov 2023",
        "issued": None,
        "accessed": {"date-parts": [[2024, 3, 12]]},
    },
    5: {
        "type": "thesis",
        "author": [("Kuznetsova", "E.V.")],
        "publisher-place": "Moscow",
        "year": 2015,
        "number-of-pages": "180",
    },
    6: {
        "type": "article-journal",
        "container-title": "Journal of Regional Analysis",
        "year": 2017,
        "volume": "12",
        "issue": "3",
        "page": "201-219",
        "language": "en",
    },
    7: {
        "type": "article-journal",
        "container-title": "Ekonomika i upravlenie territoriyami",
        "DOI": "10.5555/etu.2021.14.4.33",
        "volume": "14",
        "issue": "4",
        "page": "33-41",
    },
    8: {
        "type": "book",
        "author": [("Sidorov", "A.A.")],
        "et_al": True,
        "publisher-place": "Yekaterinburg",
        "publisher": "UrO RAN",
        "year": 2016,
    },
    9: {"type": "book", "title": "Ekonomika regiona", "edition": "3", "publisher": "Yurait", "year": 2018},
    10: {
        "type": "paper-conference",
        "title": "Klasternaya politika v regionakh Sibiri",
        "publisher-place": "Tomsk",
        "year": 2019,
        "page": "112-118",
    },
    11: {
        "type": "webpage",
        "container-title": "Regional'nyi obozrevatel'",
        "year": 2022,
        "accessed": {"date-parts": [[2023, 10, 5]]},
    },
    12: {"type": "book", "title": "Spatial Economics and Policy", "edition": "2", "publisher": "Routledge"},
    13: {
        "type": "article-journal",
        "author": [("Alekseev", "B.B."), ("Volkov", "G.G."), ("Dmitriev", "D.D.")],
        "et_al": True,
        "title": "Aglomeratsionnye effekty v rossiiskikh regionakh",
        "container-title": "Izvestiya vuzov. Ekonomika regiona",
        "issue": "3",
        "page": "5-18",
        "year": 2022,
    },
}


@pytest.mark.parametrize("number", sorted(ROMANISED))
def test_romanised_entries_of_constructed_article(number: int) -> None:
    raw = _numbered(ARTICLES / "ru_gost_constructed.md", "## References")[number]
    ref = parse_reference(raw)
    expected = dict(ROMANISED[number])
    if expected.pop("issued", "absent") is None:
        assert ref.issued is None
    _check(ref, expected)


def test_romanised_translations_are_kept_aside() -> None:
    raw = _numbered(ARTICLES / "ru_gost_constructed.md", "## References")[2]
    ref = parse_reference(raw)
    assert ref.refman.extra["title_translated"] == "Assessment of the investment attractiveness of regions"
    assert ref.refman.extra["container_title_translated"] == "Issues of Regional Economics"


# --- the constructed English article: APA 7 ---------------------------------------------------

APA: dict[str, dict[str, Any]] = {
    "Adams 2021": {
        "type": "article-journal",
        "author": [("Adams", "R. T."), ("Lee", "S.")],
        "year": 2021,
        "title": "Measuring walkability in mid-sized cities",
        "container-title": "Journal of Urban Mobility",
        "volume": "8",
        "issue": "3",
        "page": "112-130",
        "DOI": "10.5555/jum.2021.0083",
        "language": "en",
    },
    "Brown 2018": {
        "type": "article-journal",
        "author": [("Brown", "K. L."), ("Novak", "P."), ("Ortiz", "M.")],
        "title": "Commuting patterns and subjective well-being: Evidence from panel data",
        "container-title": "Transport Studies Quarterly",
        "volume": "44",
        "issue": "2",
        "page": "201-219",
        "DOI": "10.5555/tsq.2018.44.2.201",
        "year": 2018,
    },
    "Chen 2016": {
        "type": "book",
        "author": [("Chen", "H.")],
        "title": "Urban form and everyday travel",
        "edition": "2",
        "publisher": "Riverbank University Press",
        "year": 2016,
    },
    "Garcia 2017": {
        "type": "chapter",
        "author": [("Garcia", "L. M.")],
        "year": 2017,
        "title": "Public transit subsidies in comparative perspective",
        "editor": [("Whitfield", "A. B."), ("Dunn", "C.")],
        "container-title": "Handbook of transport policy",
        "page": "45-68",
        "publisher": "Meridian Academic",
    },
    "Kowalski 2022": {
        "type": "webpage",
        "title": "Ten years of bike lanes: What changed?",
        "container-title": "City Pulse",
        "issued": {"date-parts": [[2022, 5, 14]]},
        "URL": "https://www.citypulse.example.org/bike-lanes-ten-years",
    },
    "National Mobility Observatory 2023": {
        "type": "report",
        "title": "Annual report on urban travel 2022",
        "number": "NMO-2023-04",
        "year": 2023,
        "URL": "https://www.nmo.example.org/reports/2023-04.pdf",
    },
    "Smith 2019": {
        "type": "article-journal",
        "author": [("Smith", "J. A.")],
        "title": "The politics of parking",
        "container-title": "Urban Affairs Letters",
        "volume": "12",
        "issue": "1",
        "page": "1-19",
        "year": 2019,
    },
    "Thompson 2015": {
        "type": "book",
        "title": "Walking in the suburbs: Fieldwork notes",
        "publisher": "Harbor Press",
        "year": 2015,
    },
    "Urban Data Lab n.d.": {
        "type": "webpage",
        "title": "Open mobility indicators dashboard",
        "issued": None,
        "accessed": {"date-parts": [[2024, 3, 3]]},
        "URL": "https://www.urbandatalab.example.org/mobility",
    },
    "Williams 2020": {
        "type": "paper-conference",
        "author": [("Williams", "T."), ("Zhou", "Y."), ("Patel", "A.")],
        "container-title": "Proceedings of the 7th International Conference on Smart Mobility",
        "page": "88-97",
        "publisher": "Association for Smart Mobility",
        "DOI": "10.5555/icsm.2020.12",
    },
    "Yilmaz 2019": {
        "type": "article-journal",
        "container-title": "Journal of Urban Mobility",
        "volume": "6",
        "issue": "1",
        "page": "33-50",
        "year": 2019,
    },
}


@pytest.mark.parametrize("key", sorted(APA))
def test_apa_entries_of_constructed_article(key: str) -> None:
    ref = parse_reference(_apa_entries()[key])
    expected = dict(APA[key])
    if "issued" in expected and expected["issued"] is None:
        expected.pop("issued")
        assert ref.issued is None
    _check(ref, expected)


def test_apa_organisation_author_is_literal() -> None:
    ref = parse_reference(_apa_entries()["National Mobility Observatory 2023"])
    assert [n.literal for n in ref.author] == ["National Mobility Observatory"]
    ref = parse_reference(_apa_entries()["Urban Data Lab n.d."])
    assert [n.literal for n in ref.author] == ["Urban Data Lab"]
    assert ref.refman.extra["no_date"] == "n.d."


def test_apa_doi_is_bare_and_lower_case() -> None:
    ref = parse_reference(_apa_entries()["Smith 2020"])
    assert ref.DOI == "10.5555/arr.2020.015"
    assert ref.URL is None


# --- typical GOST shapes from the brief ------------------------------------------------------


def test_gost_journal_article() -> None:
    ref = parse_reference(
        "Иванов И.И., Петров П.П. Название статьи // Журнал. – 2020. – Т. 5, № 2. – С. 10–20."
    )
    _check(
        ref,
        {
            "type": "article-journal",
            "author": [("Иванов", "И.И."), ("Петров", "П.П.")],
            "title": "Название статьи",
            "container-title": "Журнал",
            "year": 2020,
            "volume": "5",
            "issue": "2",
            "page": "10-20",
        },
    )


def test_gost_book() -> None:
    ref = parse_reference("Иванов И.И. Книга. – М.: Наука, 2019. – 256 с.")
    _check(
        ref,
        {
            "type": "book",
            "title": "Книга",
            "publisher-place": "М.",
            "publisher": "Наука",
            "year": 2019,
            "number-of-pages": "256",
        },
    )


def test_gost_et_al_in_brackets() -> None:
    ref = parse_reference("Сидоров А.А. [и др.] Управление проектами. – СПб.: Питер, 2021. – 320 с.")
    _check(
        ref,
        {
            "author": [("Сидоров", "А.А.")],
            "et_al": True,
            "title": "Управление проектами",
            "publisher-place": "СПб.",
            "year": 2021,
        },
    )


def test_gost_electronic_resource() -> None:
    ref = parse_reference(
        "Название ресурса [Электронный ресурс]. – URL: http://example.org/page (дата обращения: 01.02.2023)."
    )
    _check(
        ref,
        {
            "type": "webpage",
            "title": "Название ресурса",
            "URL": "http://example.org/page",
            "accessed": {"date-parts": [[2023, 2, 1]]},
        },
    )
    assert ref.refman.extra["electronic"] is True


def test_gost_dissertation() -> None:
    ref = parse_reference(
        "Петров П.П. Развитие региональных рынков : дис. ... канд. экон. наук : 08.00.05. "
        "– М., 2015. – 180 с."
    )
    _check(
        ref,
        {
            "type": "thesis",
            "title": "Развитие региональных рынков",
            "genre": "дис. ... канд. экон. наук",
            "publisher-place": "М.",
            "year": 2015,
            "number-of-pages": "180",
        },
    )


def test_gost_dot_only_areas() -> None:
    ref = parse_reference(
        "Казанин Г.С., Заяц И.В. Исследования в районе полюса // Океанология. 2016. Т.56. №2. С. 333–335."
    )
    _check(
        ref,
        {
            "type": "article-journal",
            "container-title": "Океанология",
            "year": 2016,
            "volume": "56",
            "issue": "2",
            "page": "333-335",
        },
    )


def test_gost_responsibility_statement_gives_editors() -> None:
    ref = parse_reference(
        "Анализ систем управления. Т. 3 / под общ. ред. Н.Д. Егупова. – М.: МГТУ, 2000. – 400 с."
    )
    _check(ref, {"type": "book", "editor": [("Егупов", "Н.Д.")], "publisher": "МГТУ", "year": 2000})
    assert ref.author == []


def test_kazakh_gost_book() -> None:
    ref = parse_reference(
        "Әбдіқадыров Н.М. Қазақ әдебиетінің тарихы. – Алматы: Қазақ университеті, 2018. – 312 б."
    )
    _check(
        ref,
        {
            "type": "book",
            "author": [("Әбдіқадыров", "Н.М.")],
            "title": "Қазақ әдебиетінің тарихы",
            "publisher-place": "Алматы",
            "publisher": "Қазақ университеті",
            "year": 2018,
            "number-of-pages": "312",
            "language": "kk",
        },
    )


def test_kazakh_access_date_and_et_al() -> None:
    ref = parse_reference(
        "Серікбаев А.Б. және т.б. Цифрлық экономика. – URL: https://example.kz/a (жүгінген күні: 15.01.2024)."
    )
    assert ref.refman.extra["et_al"] is True
    assert ref.accessed is not None and ref.accessed.to_csl() == {"date-parts": [[2024, 1, 15]]}
    assert ref.URL == "https://example.kz/a"


def test_gost_2018_statement_of_responsibility_lists_all_authors() -> None:
    ref = parse_reference(
        "Иванов, И. И. Название книги / И. И. Иванов, П. П. Петров. – Москва : Наука, 2019. – 256 с. "
        "– ISBN 978-5-02-040000-0. – Текст : непосредственный."
    )
    _check(
        ref,
        {
            "type": "book",
            "author": [("Иванов", "И. И."), ("Петров", "П. П.")],
            "title": "Название книги",
            "publisher-place": "Москва",
            "publisher": "Наука",
            "year": 2019,
            "number-of-pages": "256",
            "ISBN": "978-5-02-040000-0",
        },
    )
    assert ref.note is None
    assert "electronic" not in ref.refman.extra


def test_gost_translator_restored_from_genitive() -> None:
    ref = parse_reference(
        "Бжезинский З. Великая шахматная доска / пер. с англ. О.Ю. Уральской. – М.: Междунар. отношения, "
        "1998. – 256 с."
    )
    assert _names(ref, "translator") == [("Уральская", "О.Ю.")]
    assert ref.refman.extra["translator_as_written"] == ["О.Ю. Уральской"]
    assert _names(ref) == [("Бжезинский", "З.")]


def test_gost_newspaper_day_and_month() -> None:
    ref = parse_reference("Петров П.П. Новый закон // Казахстанская правда. – 2012. – 17 января.")
    _check(
        ref,
        {
            "type": "article-newspaper",
            "container-title": "Казахстанская правда",
            "issued": {"date-parts": [[2012, 1, 17]]},
        },
    )


def test_kazakh_apa_with_journal_series() -> None:
    ref = parse_reference(
        "Әбенов, Қ. (2021). Мақала атауы. ҚазҰУ Хабаршысы. Халықаралық қатынастар сериясы, 2(94), 12–20. "
        "https://doi.org/10.26577/IRILS.2021.v94.i2.02"
    )
    _check(
        ref,
        {
            "type": "article-journal",
            "author": [("Әбенов", "Қ.")],
            "title": "Мақала атауы",
            "container-title": "ҚазҰУ Хабаршысы. Халықаралық қатынастар сериясы",
            "volume": "2",
            "issue": "94",
            "page": "12-20",
            "DOI": "10.26577/irils.2021.v94.i2.02",
            "language": "kk",
        },
    )


def test_full_given_names() -> None:
    ref = parse_reference(
        "Deuchar, Margaret, & Quay, Suzanne. 2000. Bilingual acquisition. Oxford: Oxford University Press."
    )
    assert _names(ref) == [("Deuchar", "Margaret"), ("Quay", "Suzanne")]
    assert ref.year == 2000
    assert ref.title == "Bilingual acquisition"
    assert (ref.publisher_place, ref.publisher) == ("Oxford", "Oxford University Press")


# --- other shapes and edge cases ---------------------------------------------------------------


def test_vancouver_article() -> None:
    ref = parse_reference(
        "Razzouk D, Sharan P, Gallo C, et al. Scarcity and inequity of mental health research resources. "
        "Health Policy. 2010;94:211–20."
    )
    _check(
        ref,
        {
            "type": "article-journal",
            "author": [("Razzouk", "D."), ("Sharan", "P."), ("Gallo", "C.")],
            "et_al": True,
            "container-title": "Health Policy",
            "year": 2010,
            "volume": "94",
            "page": "211-20",
        },
    )


def test_springer_style_article() -> None:
    ref = parse_reference(
        "Dayal S, Lentz SR (2008) Murine models of hyperhomocysteinemia. Arterioscler Thromb Vasc Biol "
        "28(9):1596–1605. doi: 10.1161/atvbaha.108.166421"
    )
    _check(
        ref,
        {
            "type": "article-journal",
            "year": 2008,
            "container-title": "Arterioscler Thromb Vasc Biol",
            "volume": "28",
            "issue": "9",
            "page": "1596-1605",
            "DOI": "10.1161/atvbaha.108.166421",
        },
    )


def test_harvard_year_after_authors() -> None:
    ref = parse_reference(
        "Dentler, R. and Hafner, A., 1997. Hosting newcomers. New York: Teachers College Press."
    )
    _check(
        ref,
        {
            "type": "book",
            "author": [("Dentler", "R."), ("Hafner", "A.")],
            "year": 1997,
            "title": "Hosting newcomers",
            "publisher-place": "New York",
            "publisher": "Teachers College Press",
        },
    )


@pytest.mark.parametrize("raw", ["", "   ", "...", "– . –", "*"])
def test_empty_input(raw: str) -> None:
    ref = parse_reference(raw, id="x")
    assert ref.type == "document"
    assert ref.refman.problems == ["empty reference"]
    assert ref.refman.raw == raw
    assert ref.id == "x"


def test_garbage_is_reported_not_raised() -> None:
    ref = parse_reference("qwerty 12345 ][ )( // // – – ::")
    assert ref.refman.problems
    assert ref.refman.raw == "qwerty 12345 ][ )( // // – – ::"


def test_confidences_are_between_zero_and_one() -> None:
    ref = parse_reference(_apa_entries()["Adams 2021"])
    assert ref.refman.confidence
    assert all(0.0 <= v <= 1.0 for v in ref.refman.confidence.values())
    assert {"author", "title", "issued", "container-title", "DOI"} <= set(ref.refman.confidence)


@pytest.mark.parametrize("colon", [" : ", ": "])
def test_gost_other_title_information_with_or_without_spaces(colon: str) -> None:
    ref = parse_reference(
        f"Кузнецова Е.В. Механизмы развития{colon}дис. ... канд. экон. наук. – М., 2015. – 180 с."
    )
    assert (ref.type, ref.title, ref.genre) == ("thesis", "Механизмы развития", "дис. ... канд. экон. наук")
    ref = parse_reference(f"Орлов В.Н. Экономика региона{colon}учебник. – М.: Юрайт, 2018. – 410 с.")
    assert (ref.type, ref.title) == ("book", "Экономика региона")
    ref = parse_reference(
        f"Сидоров А.А. Роль науки // Проблемы экономики{colon}материалы конф. – Томск, 2019. – С. 1–5."
    )
    assert (ref.type, ref.container_title) == ("paper-conference", "Проблемы экономики")
