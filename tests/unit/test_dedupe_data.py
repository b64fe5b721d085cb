"""Deduplication on labelled data: bib-dedupe's 25 cases, our constructed Cyrillic/romanised set
(zero false merges), and accuracy floors on Cora and DBLP-ACM (read from ../shared/data)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.dedupe_benchmarks import run_cora, run_cora_ceiling, run_cora_small, run_dblp_acm
from bench.dedupe_data import SHARED, load_cases
from refman.dedupe import dedupe
from refman.model import Reference

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


needs_shared = pytest.mark.skipif(not (SHARED / "dedup").is_dir(), reason="../shared/data not available")


@needs_shared
@pytest.mark.slow
def test_dblp_acm_floor() -> None:
    result = run_dblp_acm()
    assert float(result["f1"]) >= 0.97, result  # type: ignore[arg-type]
    assert float(result["precision"]) >= 0.99, result  # type: ignore[arg-type]


@needs_shared
@pytest.mark.slow
@pytest.mark.parametrize(
    ("run", "precision", "recall"),
    [
        # coraLarge: measured 0.871 / 0.852; docs/dedupe.md says why 0.99 precision is out of reach.
        (run_cora, 0.86, 0.85),
        # The Cora copy with venues: measured 0.973 / 0.767 (its gold joins conference and
        # journal versions, which issue 5 counts as two publications).
        (run_cora_small, 0.97, 0.75),
    ],
)
def test_cora_floors(run: Callable[[], dict[str, object]], precision: float, recall: float) -> None:
    result = run()
    assert float(result["precision"]) >= precision, result  # type: ignore[arg-type]
    assert float(result["recall"]) >= recall, result  # type: ignore[arg-type]


@needs_shared
def test_cora_label_ceiling_is_below_the_target() -> None:
    # Records with one title, one set of surnames, one year and no disagreeing detail, under two
    # gold labels: issue 5 calls them one publication, so precision 0.99 cannot be reached.
    result = run_cora_ceiling()
    assert int(result["forced_false_pairs"]) > 2000, result  # type: ignore[call-overload]
    assert float(result["precision_ceiling_at_recall_1"]) < 0.99, result  # type: ignore[arg-type]
