"""Deduplication on labelled data: bib-dedupe's 25 cases, our constructed Cyrillic/romanised set
(zero false merges), and accuracy floors on Cora and DBLP-ACM (read from ../shared/data through
``shared_data``: skipped where it is missing, failing in CI)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from refman.dedupe import dedupe
from refman.model import Reference
from tests.support.dedupe_data import (
    Measured,
    cora_ceiling,
    load_cases,
    measure_cora,
    measure_cora_small,
    measure_dblp_acm,
)
from tests.support.shared import shared_data

DATA = Path(__file__).resolve().parent.parent / "data" / "dedup"
CASES = load_cases(DATA / "bib_dedupe_cases.json")
CONSTRUCTED = json.loads((DATA / "cyrillic_constructed.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("case_id", "expected", "a", "b"), CASES, ids=[c[0] for c in CASES])
def test_bib_dedupe_cases(case_id: str, expected: bool, a: Reference, b: Reference) -> None:
    result = dedupe([a, b])
    assert (len(result.items) == 1) == expected, [p.explain() for p in result.review]


def _clusters(refs: list[Reference]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for source, target in dedupe(refs).id_map.items():
        groups.setdefault(target, set()).add(source)
    return {frozenset(g) for g in groups.values() if len(g) > 1}


def test_constructed_cyrillic_set_exact_clusters() -> None:
    refs = [Reference.from_csl(item) for item in CONSTRUCTED["items"]]
    expected = {frozenset(c) for c in CONSTRUCTED["clusters"]}
    found = _clusters(refs)
    false_merges = [sorted(c) for c in found if not any(c <= e for e in expected)]
    assert false_merges == []
    assert found == expected


def test_constructed_set_in_reverse_order_gives_the_same_clusters() -> None:
    refs = [Reference.from_csl(item) for item in reversed(CONSTRUCTED["items"])]
    assert _clusters(refs) == {frozenset(c) for c in CONSTRUCTED["clusters"]}


def test_bibtex_tidy_case_three_short_cyrillic_titles_stay_three_records() -> None:
    # bibtex-tidy 1.14 reported these as duplicates and --merge deleted two of them.
    refs = [
        Reference.from_csl(
            {
                "id": "a1",
                "type": "article-journal",
                "title": "Оптимизация систем",
                "author": [{"family": "Иванов", "given": "И."}],
                "issued": {"date-parts": [[2020]]},
            }
        ),
        Reference.from_csl(
            {
                "id": "a2",
                "type": "article-journal",
                "title": "Қазақ тілі",
                "author": [{"family": "Әлиев", "given": "Б."}],
                "issued": {"date-parts": [[2019]]},
            }
        ),
        Reference.from_csl(
            {
                "id": "a3",
                "type": "article-journal",
                "title": "Теория игр",
                "author": [{"family": "Петров", "given": "П."}],
                "issued": {"date-parts": [[2021]]},
            }
        ),
    ]
    result = dedupe(refs)
    assert [r.id for r in result.items] == ["a1", "a2", "a3"]
    assert result.review == []


def test_romanised_copy_attaches_to_the_cyrillic_original() -> None:
    refs = [Reference.from_csl(i) for i in CONSTRUCTED["items"] if i["id"] in ("kk-water", "kk-water-2021")]
    item = dedupe(refs).items[0]
    assert item.id == "kk-water" and item.title == "Қазақстандағы су ресурстарын басқарудың заманауи әдістері"
    assert item.refman.romanised is not None
    assert item.refman.romanised["title"] == "Qazaqstandağy su resurstaryn basqarudyñ zamanaui ädısterı"


@pytest.mark.slow
def test_dblp_acm_floor() -> None:
    figures = measure_dblp_acm(shared_data("dedup", "dblp_acm")).figures
    assert float(figures["f1"]) >= 0.97, figures  # type: ignore[arg-type]
    assert float(figures["precision"]) >= 0.99, figures  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("measure", "where", "precision", "recall"),
    [
        # coraLarge: measured 0.871 / 0.852; docs/dedupe.md says why 0.99 precision is out of reach.
        (measure_cora, ("cora_er", "coraLarge_records.csv"), 0.86, 0.85),
        # The Cora copy with venues: measured 0.973 / 0.767 (its gold joins conference and
        # journal versions, which issue 5 counts as two publications).
        (measure_cora_small, ("cora_er",), 0.97, 0.75),
    ],
)
def test_cora_floors(
    measure: Callable[[Path], Measured], where: tuple[str, ...], precision: float, recall: float
) -> None:
    figures = measure(shared_data("dedup", *where)).figures
    assert float(figures["precision"]) >= precision, figures  # type: ignore[arg-type]
    assert float(figures["recall"]) >= recall, figures  # type: ignore[arg-type]


def test_cora_label_ceiling_is_below_the_target() -> None:
    # Records with one title, one set of surnames, one year and no disagreeing detail, under two
    # gold labels: issue 5 calls them one publication, so precision 0.99 cannot be reached.
    result = cora_ceiling(shared_data("dedup", "cora_er", "coraLarge_records.csv"))
    assert int(result["forced_false_pairs"]) > 2000, result  # type: ignore[call-overload]
    assert float(result["precision_ceiling_at_recall_1"]) < 0.99, result  # type: ignore[arg-type]
