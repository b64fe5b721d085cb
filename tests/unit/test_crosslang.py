"""Cross-language evidence (pure): names across scripts and romanisation systems, words that survive
translation, and the matcher's decisions on translated titles.

Records are real Crossref records from tests/data/crosslang/works.jsonl.gz; the references are
the set's own (titles translated by hand, see tests/data/crosslang/README.md) or written here.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from refman.model import Provenance, Reference
from refman.parse import parse_reference
from refman.resolve.evidence import candidate_evidence
from refman.resolve.features import author_search, ref_features
from refman.resolve.match import match_candidates
from refman.resolve.words import (
    ascii_fold,
    cognate_key,
    cognates,
    name_similarity,
    palladius,
    phonetic_keys,
    transcribed,
)
from refman.translit import pinyin_to_cyrillic
from tests.support.crosslang import load_cases, load_subset


@cache
def _records() -> dict[str, dict[str, Any]]:
    return {r["DOI"].lower(): r for r in load_subset()}


@cache
def _cases() -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in load_cases()}


def _ref(text: str) -> Reference:
    ref = parse_reference(text, id="r")
    ref.refman = Provenance(raw=text)
    return ref


@pytest.mark.parametrize(
    ("written", "record"),
    [
        ("Моргентау", "Morgenthau"),
        ("Уолтц", "Waltz"),
        ("Кохейн", "Keohane"),
        ("Валлерстайн", "Wallerstein"),
        ("Хейворд", "Hayward"),
        ("Уилкокс", "Willcox"),
        ("Гевиртц", "Gewirtz"),
        ("Джорджевич", "Djordjevic"),
        ("Курмангали", "Qūrmanğali"),
    ],
)
def test_a_foreign_name_in_cyrillic_meets_its_latin_spelling(written: str, record: str) -> None:
    assert phonetic_keys(ascii_fold(written)) & phonetic_keys(ascii_fold(record))
    assert name_similarity(ascii_fold(written), ascii_fold(record)) >= 0.75


def test_one_kazakh_name_in_four_spellings_is_one_name() -> None:
    spellings = ["Құрманғали", "Курмангали", "Kurmangali", "Qūrmanğali"]
    for a in spellings:
        for b in spellings:
            assert name_similarity(ascii_fold(a), ascii_fold(b)) >= 0.75, (a, b)


@pytest.mark.parametrize(("a", "b"), [("Smith", "Schmidt"), ("Waltz", "Wolff"), ("Keohane", "Kahn")])
def test_different_names_do_not_meet(a: str, b: str) -> None:
    assert not transcribed(ascii_fold(a), ascii_fold(b))


def test_chinese_names_are_read_as_pinyin_and_written_as_russian_does() -> None:
    assert [pinyin_to_cyrillic(n) for n in ("Qin", "Zhu", "Xu", "Xiong", "Ren", "Quan")] == [
        "Цинь",
        "Чжу",
        "Сюй",
        "Сюн",
        "Жэнь",
        "Цюань",
    ]
    assert pinyin_to_cyrillic("Smith") is None
    assert palladius("qin") == ascii_fold("Цинь")
    assert name_similarity(ascii_fold("Цинь"), "qin") >= 0.75
    assert name_similarity(ascii_fold("Ли"), "qin") == 0.0


@pytest.mark.parametrize(
    ("translated", "english"),
    [
        ("микробиотасына", "microbiota"),
        ("гипогликемия", "hypoglycemia"),
        ("ионизация", "ionization"),
        ("реабилитациясы", "rehabilitation"),
        ("кластеризация", "clustering"),
        ("механизм", "mechanism"),
    ],
)
def test_cognates_survive_translation_and_suffixes(translated: str, english: str) -> None:
    assert cognates(cognate_key(ascii_fold(translated)), cognate_key(english))


@pytest.mark.parametrize(("translated", "english"), [("информация", "performance"), ("процедура", "process")])
def test_words_that_only_look_alike_are_not_cognates(translated: str, english: str) -> None:
    assert not cognates(cognate_key(ascii_fold(translated)), cognate_key(english))


def test_translated_title_evidence_names_the_words_it_found() -> None:
    case = _cases()["x41"]  # Когути К., ... Модуляция пролиферации астроцитов ... p27Kip1 // Glia
    ev = candidate_evidence(ref_features(_ref(case["text"])), _records()[case["doi"]])
    assert ev.fields["title"] is None  # a translation is no ordinary title evidence
    assert ev.fields["translation"] is not None and ev.fields["translation"] >= 0.5
    assert "proliferatsii~proliferation" in ev.translation
    assert ev.fields["author"] is not None and ev.fields["author"] >= 0.75  # Когути = Koguchi


def test_a_translated_title_settles_a_reference_without_container_or_numbers() -> None:
    case = _cases()["x13"]  # Fu Y.-H. ... Генетическое разнообразие ... Coix lacryma-jobi L. ... – 2019.
    ref = _ref(case["text"])
    target = _records()[case["doi"]]
    same_author = [r for r in _records().values() if r is not target][:19]
    result = match_candidates(ref, [*same_author, target])
    assert result.status == "matched" and result.doi == case["doi"]
    assert "translation" in result.supporting_fields
    # without its record, nothing else is asserted: the look-alikes are kept for review or dropped
    assert match_candidates(ref, same_author).status != "matched"


def test_part_one_is_never_taken_for_part_two() -> None:
    case = _cases()["x36"]  # Shen, Y. ... (2019). ... I бөлім: ксантаттың ыдырауынан ...
    ref = _ref(case["text"])
    part_one = _records()[case["doi"]]
    part_two = _records()["10.1016/j.mineng.2019.105832"]  # same authors, year, series: Part II
    assert "Part II" in part_two["title"][0]
    assert match_candidates(ref, [part_two]).status != "matched"
    both = match_candidates(ref, [part_two, part_one])
    assert both.status != "matched" or both.doi == case["doi"]
    assert case["doi"] in [c.doi for c in both.candidates]


def test_a_search_by_author_and_year_needs_no_title() -> None:
    ref = _ref("Когути К., Накацудзи Ю. Модуляция пролиферации астроцитов. – 2001.")
    assert author_search(ref) == ("koguti nakatsudzi", (2000, 2002))
    assert (
        author_search(Reference(id="n", title="No authors", refman=Provenance(raw="No authors 2001"))) is None
    )


def test_the_glossary_is_what_its_builder_reads_from_the_articles() -> None:
    from refman.resolve.glossary import GLOSSARY
    from tests.support.crosslang import build_glossary

    assert list(GLOSSARY) == build_glossary()
    assert ("халықаралық", "international") in {(w, e) for w, e, _ in GLOSSARY}


def test_glossary_terms_and_the_translation_trace_explain_each_word() -> None:
    from refman.resolve.words import ascii_fold, glossary_terms, tokens, translation_trace

    assert glossary_terms(ascii_fold("қауіпсіздікті")) == {"security"}  # an ending added
    assert glossary_terms(ascii_fold("безопасности")) == {"security"}
    found = translation_trace(
        tokens("Орталық Азиядағы қауіпсіздік: 3D моментті BRICS"),
        "Security of 3D moment frames in Central Asia and BRICS",
    )
    assert found == [
        "kauipsizdik=security",
        "3d",
        "momentti~moment",
        "ortalyk=central",
        "aziyadagy=asia",
        "brics",
    ]
