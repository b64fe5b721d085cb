"""A missing reference list recovered from the text (pure): an article written for these tests
(constructed) that cites numbers and prints no list, and the names beside its citations."""

from __future__ import annotations

import pytest

from refman.extract import extract_article
from refman.extract.recovered import RECOVERED_NOTE, Recovered, citing_sentence, names_beside
from refman.model import Reference

ARTICLE = """# Қауіпсіздік теориялары

## Кіріспе

Классикалық реализмді Ганс Моргентау қалыптастырды [1]. Кеннет Уолтцтың
еңбектері неореализмнің бастауы болды [2]. Дж. Най мен Р.Кохейн [3]
өзара тәуелділікті зерттеді. Бұл тәсілдер әлі де талқылануда [4].
Keohane and Nye [3] later revised the argument, as did Morgenthau [1]
himself, and the debate went on for decades after their first books.
"""


def test_each_cited_number_becomes_a_provisional_reference_with_the_names_beside_it() -> None:
    article = extract_article(ARTICLE, "t")
    refs = {r.refman.number or 0: r for r in article.references}
    assert sorted(refs) == [1, 2, 3, 4]
    assert [n.family for n in refs[1].author] == ["Моргентау", "Morgenthau"]
    assert [n.family for n in refs[2].author] == ["Уолтц"]
    assert [n.family for n in refs[3].author] == ["Най", "Кохейн", "Keohane", "Nye"]
    assert refs[4].author == []  # "Бұл" opens the sentence: no name
    assert refs[1].title == "[1] Моргентау, Morgenthau: recovered from the text, not from a list"
    for number, ref in refs.items():
        record = Recovered.of(ref)
        assert record is not None and record.number == number
        assert ref.note == RECOVERED_NOTE and record.note == RECOVERED_NOTE
        assert ref.title is not None and ref.title.endswith(RECOVERED_NOTE) and ref.DOI is None
        assert ref.refman.raw == record.sentences[0]
    three = Recovered.of(refs[3])
    assert three is not None and len(three.sentences) == 2
    assert "Ганс Моргентау" in refs[1].refman.cited[0]["context"]
    assert [n.romanised for n in three.names[:2]] == ["Nay", "Kokheyn"]
    assert {c.text: c.references for c in article.citations}["[2]"] == ["t-2"]


def test_the_record_survives_csl_json() -> None:
    ref = extract_article(ARTICLE, "t").references[0]
    again = Reference.from_csl(ref.to_csl())
    assert Recovered.of(again) == Recovered.of(ref)
    assert again.note == RECOVERED_NOTE


def test_an_article_with_a_list_recovers_nothing() -> None:
    text = ARTICLE + "\nӘдебиеттер\n\n1. Morgenthau H. Politics among nations. – 1948.\n"
    article = extract_article(text, "t")
    assert all(Recovered.of(r) is None for r in article.references)


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("Ал Ганс Моргентау атап өтті [7].", ["Моргентау"]),
        ("Иммануил Валлерстайнның көзқарастары [18].", ["Валлерстайн"]),
        ("Солардың ең негізгісі — И.Канттың және Г.Гроций идеялары [11].", ["Кант", "Гроций"]),
        ("Көбінесе сыртқы саясат ішкіге бағынады [1].", []),
    ],
)
def test_names_beside_a_citation(sentence: str, names: list[str]) -> None:
    assert [name for _, name in names_beside(sentence)] == names


def test_a_recovered_reference_never_takes_a_heading_as_its_text() -> None:
    # a heading right above the citing sentence, and one the sentence's context runs into
    text = "# Фольклор\nҚазақ фольклоры ұрпақтан ұрпаққа жеткен [1].\n\nҚараңыз [2].\n## Қорытынды\n\n1.\n"
    article = extract_article(text, "folk")
    raws = [r.refman.raw or "" for r in article.references]
    assert raws == ["Қазақ фольклоры ұрпақтан ұрпаққа жеткен [1].", "Қараңыз [2]."]
    for ref in article.references:
        record = Recovered.of(ref)
        assert record is not None and not any("#" in s or "Қорытынды" in s for s in record.sentences)


@pytest.mark.parametrize(
    ("context", "own", "sentence"),
    [
        (
            "# Фольклор Қазақ фольклоры жеткен [1].",
            "Қазақ фольклоры жеткен [1]",
            "Қазақ фольклоры жеткен [1].",
        ),
        ("Қараңыз [1]. ## Әдебиеттер 1.", "Қараңыз [1]", "Қараңыз [1]."),
        ("Қараңыз [1]. ## Әдебиеттер 1.", None, "Қараңыз [1]."),
        ("**Қазақ** эпосы [1].", None, "Қазақ эпосы [1]."),
    ],
)
def test_citing_sentence_leaves_headings_and_marks_out(context: str, own: str | None, sentence: str) -> None:
    assert citing_sentence(context, "[1]", own) == sentence
