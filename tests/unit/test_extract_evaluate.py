"""Scoring extraction against hand-written gold: normalisation, reading gold, alignment, shares.

The references here are constructed for the tests (CSL items written by hand); the real
collection and its floors are in tests/integration/test_extract_gold.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from refman.extract.evaluate import (
    GoldReference,
    align,
    container_key,
    normalise,
    read_gold,
    score_article,
    totals_by_language,
)
from refman.model import Name, Reference


def ref(raw: str, authors: list[Name] | None = None, year: int | None = None, **fields: Any) -> Reference:
    """A parsed reference as extraction gives it: its raw string and some CSL fields."""
    csl = {"id": raw[:8], "type": "article-journal", **fields}
    if year is not None:
        csl["issued"] = {"date-parts": [[year]]}
    item = Reference.from_csl(csl)
    item.author = authors or []
    item.refman.raw = raw
    return item


def gold(*refs: dict[str, Any], language: str = "ru", present: bool = True) -> dict[str, Any]:
    return {"article": "a.txt", "language": language, "list": {"present": present}, "references": list(refs)}


ONE = {"authors": ["Иванов"], "year": 2020, "title": "Название статьи", "container": "Вестник науки"}
TWO = {"authors": ["Smith", "van der Walt"], "year": 2019, "title": "A study of things", "container": None}


def test_normalise_folds_case_punctuation_and_words_broken_at_line_ends() -> None:
    assert normalise("  «Водно-химический»  РЕЖИМ. ") == "воднохимический режим"
    assert normalise("Differentia-\ntion in Cor- pora") == normalise("Differentiation in Corpora")
    assert normalise("Phrase- Based") == normalise("Phrase-Based")
    assert normalise("Демидов сад [Электронный ресурс]") == "демидов сад"
    assert normalise(None) == "" == normalise("")


def test_normalise_keeps_scripts_apart() -> None:
    assert normalise("Аcademia") != normalise("Academia")  # a Cyrillic А is not a Latin A
    assert normalise("Иванов") != normalise("Ivanov")


def test_container_key_drops_in_the_and_preprint_servers() -> None:
    assert container_key("In the Proceedings of NLP-KE'03") == container_key("Proceedings of NLP-KE'03")
    for preprint in (
        "arXiv",
        "arXiv preprint arXiv:2502.13923",
        "arXiv Preprint - arXiv:1711.03845",
        "CoRR, abs/1910.06403",
    ):
        assert container_key(preprint) == "", preprint
    assert container_key("Nature") == "nature"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "JSON object"),
        ({"language": "ru", "list": {"present": True}, "references": [ONE]}, "'article'"),
        ({**gold(ONE), "article": "../../secret.txt"}, "no folders"),
        (gold(ONE, language="de"), "'language'"),
        ({**gold(ONE), "list": {}}, "'list'"),
        (gold(language="ru"), "empty exactly when"),
        (gold(ONE, present=False), "empty exactly when"),
        (gold({**ONE, "year": "2020"}), "'year'"),
        (gold({**ONE, "authors": "Иванов"}), "'authors'"),
        (gold({"authors": [], "year": None, "title": None}), "exactly"),
        ({**gold(ONE), "list": {"present": True, "lines": [3]}}, "'list.lines'"),
    ],
)
def test_read_gold_says_what_is_wrong(data: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_gold(data)


def test_read_gold_reads_every_field() -> None:
    g = read_gold({**gold(ONE, TWO), "list": {"present": True, "heading": "Литература", "lines": [5, 9]}})
    assert g.references[1] == GoldReference(("Smith", "van der Walt"), 2019, "A study of things", None)
    assert (g.heading, g.lines, g.language) == ("Литература", (5, 9), "ru")


def test_align_pairs_in_order_and_leaves_merged_and_lost_references_unpaired() -> None:
    g = read_gold(gold(ONE, TWO, {**ONE, "title": "Третья работа", "year": 2001}))
    merged = ref("Иванов И.И. Название статьи // Вестник науки. 2020. Smith J. A study of things. 2019")
    third = ref("Иванов И.И. Третья работа. 2001")
    noise = ref("Рис. 1. Схема установки")
    assert align(g.references, [noise, merged, third]) == [1, None, 2]
    assert align(g.references, []) == [None, None, None]


def test_score_article_counts_fields_right() -> None:
    g = read_gold(gold(ONE, TWO))
    right_one = ref(
        "Иванов И.И. Название статьи // Вестник науки. – 2020.",
        [Name(family="Иванов", given="И.И.")],
        2020,
        title="Название статьи.",
        **{"container-title": "Вестник науки"},
    )
    wrong_two = ref(
        "Smith, J., & Walt, S. van der (2019). A study of things. arXiv.",
        [Name(family="Smith"), Name(family="Walt", dropping_particle="van der")],
        2018,
        title="A study of things. arXiv",
        **{"container-title": "arXiv"},
    )
    score = score_article("a", g, [right_one, wrong_two])
    assert score.list_found and score.paired == 2
    assert score.right == {"authors": 2, "year": 1, "title": 1, "container": 2}
    assert score.misses == [{"reference": 2, "entry": wrong_two.id, "wrong": ["year", "title"]}]


def test_list_found_needs_half_the_references_and_no_list_is_right_when_none_is_found() -> None:
    g = read_gold(gold(ONE, TWO, {**ONE, "title": "Третья работа"}))
    one_of_three = score_article("a", g, [ref("Smith J. A study of things. 2019")])
    assert not one_of_three.list_found and not one_of_three.list_right
    none = read_gold({**gold(present=False), "references": []})
    assert score_article("b", none, []).list_right
    assert not score_article("b", none, [ref("Иванов. Книга. 2000")]).list_right


def test_totals_by_language_keep_language_order_and_add_all() -> None:
    ru = score_article("a", read_gold(gold(ONE)), [])
    en = score_article(
        "b", read_gold(gold(TWO, language="en")), [ref("Smith J. A study of things. 2019", year=2019)]
    )
    totals = totals_by_language([en, ru])
    assert list(totals) == ["ru", "en", "all"]
    assert totals["all"].references == 2 and totals["en"].right["year"] == 1
    assert totals["all"].to_json()["share"]["year"] == 0.5
