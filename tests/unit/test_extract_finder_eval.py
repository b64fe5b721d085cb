"""Accuracy of the reference-list finder on real labelled documents, with a floor.

tests/data/finder/ holds four documents of AnyStyle's finder data (real Stanford dissertations,
BSD-2-Clause; source in the README there). Every line is labelled; a line counts as found when an
entry of a list refman finds holds it. Line-level precision and recall are printed and held above
a floor (measured 2025: P 0.99+, R 0.99+ on these four; 0.990 / 0.982 on all fifteen).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from refman.extract.reflist import find_reference_lists
from tests.support.finder_data import read_ttx

FINDER = Path(__file__).resolve().parents[2] / "tests" / "data" / "finder"
FLOOR = 0.95


def _score(path: Path) -> tuple[int, int, int]:
    """True positives, false positives and false negatives over non-blank lines."""
    lines, labels = read_ttx(path)
    found = {row - 1 for lst in find_reference_lists(lines) for e in lst.entries for row in e.rows}
    truth = {i for i, label in enumerate(labels) if label == "ref" and lines[i].strip()}
    return len(found & truth), len(found - truth), len(truth - found)


def test_finder_precision_and_recall_on_labelled_documents() -> None:
    paths = sorted(FINDER.glob("*.ttx"))
    assert len(paths) == 4
    tp = fp = fn = 0
    for path in paths:
        a, b, c = _score(path)
        tp, fp, fn = tp + a, fp + b, fn + c
        assert a > 0, path.name
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"\nfinder: precision {precision:.3f} recall {recall:.3f} ({tp} reference lines)")
    assert precision >= FLOOR
    assert recall >= FLOOR


@pytest.mark.parametrize(
    ("name", "count", "numbered"),
    [("bd466fq0394.ttx", 197, True), ("bj581pc8202.ttx", 134, False)],
)
def test_finder_entry_counts(name: str, count: int, numbered: bool) -> None:
    lines, _ = read_ttx(FINDER / name)
    (found,) = find_reference_lists(lines)
    assert found.numbered is numbered
    assert len(found.entries) == count
    if numbered:
        assert [e.number for e in found.entries] == list(range(1, count + 1))
