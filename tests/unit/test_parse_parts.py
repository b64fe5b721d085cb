"""The parser's building blocks: cleaning, dates, names; and that it never raises."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refman.model import Name
from refman.parse import parse_reference, parse_works, split_works
from refman.parse.names import degenitive, parse_name_segment, scan_names
from refman.parse.patterns import clean_text, parse_date
from tests.support.shared import shared_data


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("12.03.2024", [2024, 3, 12]),
        ("March 3, 2024", [2024, 3, 3]),
        ("3 March 2024", [2024, 3, 3]),
        ("5 октября 2023 г.", [2023, 10, 5]),
        ("2024-01-15", [2024, 1, 15]),
        ("2025 ж. 22 ақпан", [2025, 2, 22]),
    ],
)
def test_parse_date(text: str, parts: list[int]) -> None:
    date = parse_date(text)
    assert date is not None and date.parts == [parts]


def test_parse_date_rejects_impossible_dates() -> None:
    assert parse_date("45.13.2024") is None


def test_markdown_link_keeps_the_url() -> None:
    cleaned = clean_text("*Site.* URL: [https://a.kz/x\\_y/](https://a.kz/x_y/).")
    assert cleaned == "Site. URL: https://a.kz/x_y/."


@pytest.mark.parametrize(
    ("text", "expected", "et_al"),
    [
        ("Иванов И.И., Петров П.П. Название", [("Иванов", "И.И."), ("Петров", "П.П.")], False),
        ("Smith, J. A., & Jones, R. (2020).", [("Smith", "J. A."), ("Jones", "R.")], False),
        ("Сидоров А.А. [и др.] Методы", [("Сидоров", "А.А.")], True),
        ("Серікбаев А.Б. және т.б. Тақырып", [("Серікбаев", "А.Б.")], True),
        ("Razzouk D, Sharan P, et al. Title", [("Razzouk", "D."), ("Sharan", "P.")], True),
        ("Y. Lierler and M. Truszczynski, Modular", [("Lierler", "Y."), ("Truszczynski", "M.")], False),
        ("Zh.M. Kenzhegali, Title", [("Kenzhegali", "Zh.M.")], False),
    ],
)
def test_scan_names(text: str, expected: list[tuple[str, str]], et_al: bool) -> None:
    nl = scan_names(text)
    assert [(n.family, n.given) for n in nl.names] == expected
    assert nl.et_al is et_al


def test_scan_names_finds_none_in_a_title() -> None:
    assert scan_names("These Countries Have the Strongest Militaries. U.S. News").names == []
    assert scan_names("U.S.-ASEAN Comprehensive Strategic Partnership").names == []


def test_particles_and_suffixes() -> None:
    nl = scan_names("van Gelder, J., & Smith, R., Jr. (2012).")
    assert nl.names[0] == Name(family="Gelder", given="J.", non_dropping_particle="van")
    assert nl.names[1].suffix == "Jr."


def test_name_segment_organisation_is_literal() -> None:
    assert parse_name_segment("National Mobility Observatory.").names == [
        Name(literal="National Mobility Observatory")
    ]
    assert [n.family for n in parse_name_segment("Evans G. Norris P.").names] == ["Evans", "Norris"]


@pytest.mark.parametrize(
    ("genitive", "nominative"),
    [("Кузнецова", "Кузнецов"), ("Ивановой", "Иванова"), ("Достоевского", "Достоевский"), ("Шмидт", "Шмидт")],
)
def test_degenitive(genitive: str, nominative: str) -> None:
    assert degenitive(genitive) == nominative


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parse_reference_never_raises(raw: str) -> None:
    ref = parse_reference(raw, id="h")
    assert ref.refman.raw == raw
    assert ref.id == "h"
    assert not any(p.startswith("parser error") for p in ref.refman.problems)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Иванов И.И.",
                ",",
                " ",
                ".",
                " – ",
                " // ",
                "М.:",
                "Наука",
                "2019",
                "С. 10–20",
                "Т. 5",
                "№ 2",
                "(",
                ")",
                "[",
                "]",
                "“",
                "”",
                "URL:",
                "https://x.org/a",
                "et al.",
                "и др.",
                "&",
                "(2020).",
                "pp.",
                "doi:10.1/x",
                "Smith, J.",
                "In",
                "(Eds.)",
                ":",
                "/",
                "под ред.",
                "дис.",
                "…",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_parse_reference_never_raises_on_reference_like_noise(raw: str) -> None:
    ref = parse_reference(raw)
    assert not any(p.startswith("parser error") for p in ref.refman.problems)
    for value in ref.refman.confidence.values():
        assert 0.0 <= value <= 1.0


def test_long_pathological_input_completes() -> None:
    """Regexes have no nested unbounded repetition: these return (no timing assert, see README)."""
    unit = "Иванов И.И. Название // Журнал. – 2020. – Т. 5, № 2. – С. 10–20. "
    ref = parse_reference(unit * 2000)
    assert ref.author[0].family == "Иванов"
    assert parse_reference("(" * 20000 + "a" + "." * 20000).refman.problems
    assert parse_reference("A. " * 20000).refman.raw == "A. " * 20000


def test_real_strings_parse_without_errors() -> None:
    """Crossref's 2,000 real reference strings (MIT, ../shared/data/strings): robustness only."""
    strings = shared_data("strings", "real_unstructured_2000.jsonl")
    raws = [json.loads(line)["ref_string"] for line in strings.read_text(encoding="utf-8").splitlines()]
    refs = [parse_reference(r) for r in raws]
    assert not [r for r in refs if any(p.startswith("parser error") for p in r.refman.problems)]
    assert sum(1 for r in refs if r.title) / len(refs) > 0.95
    assert sum(1 for r in refs if r.author) / len(refs) > 0.75
    assert sum(1 for r in refs if r.issued) / len(refs) > 0.75


def test_parse_works_splits_idem_entries_and_copies_authors() -> None:
    raw = (
        "Иванов И.И. Книга первая. – М.: Наука, 2001. – 100 с.; "
        "Его же. Книга вторая. – М.: Наука, 2003. – 120 с."
    )
    refs = parse_works(raw, id="ru-6")
    assert [r.id for r in refs] == ["ru-6a", "ru-6b"]
    assert [r.title for r in refs] == ["Книга первая", "Книга вторая"]
    assert [r.year for r in refs] == [2001, 2003]
    assert refs[1].author == refs[0].author and refs[1].author[0].family == "Иванов"
    assert refs[1].refman.raw == "Его же. Книга вторая. – М.: Наука, 2003. – 120 с."
    assert refs[1].refman.extra["same_authors_as_previous"] is True


def test_parse_works_leaves_single_works_alone() -> None:
    raw = "Иванов И.И. Книга. – М.: Наука, 2019. – 256 с."
    assert split_works(raw) == [raw]
    assert [r.id for r in parse_works(raw, id="x")] == ["x"]
