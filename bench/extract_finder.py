"""Benchmark: how well refman finds a reference list that has no heading, on AnyStyle's finder
documents, against a simple baseline.

Data: ``../shared/data/parsing/anystyle/finder/*.ttx`` (AnyStyle, BSD-2-Clause): 15 theses as
PDF text, every line labelled (``ref``, ``text``, ``title``, ``meta``, ``blank``; a line with no
label has the label of the line before it). Headings are not removed: the finder does not look
at them (it scores lines, :mod:`refman.extract.finder`).

For each document, the lines in refman's run (:func:`refman.extract.finder.best_run`) are
compared with the ``ref`` lines: precision (share of the run's text lines that are reference
lines), recall (share of the document's reference lines in the run; a document with several
lists per chapter caps it below 1) and their F1, micro-averaged over text lines; *found* counts
the documents whose run is mostly (>= 0.8) reference lines.

* ``refman``: the finder with its shipped weights;
* ``baseline``: the longest run of consecutive text lines that each hold a year.

    python bench/extract_finder.py          # figures
    python bench/extract_finder.py --tune   # coordinate ascent on the weights; prints them
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from refman.extract.finder import WEIGHTS, best_run, best_span, line_features  # noqa: E402
from tests.support.finder_data import read_ttx as read_labelled  # noqa: E402

DATA = Path(os.environ.get("REFMAN_DATA_DIR") or ROOT.parent / "shared" / "data")
FINDER = DATA / "parsing" / "anystyle" / "finder"

_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d\b")
_STEPS = (-0.5, -0.25, 0.25, 0.5)
_ROUNDS = 3


def read_ttx(path: Path) -> tuple[list[str], list[bool]]:
    """A document's lines and, for each, whether it is part of a reference."""
    lines, labels = read_labelled(path)
    return lines, [label == "ref" for label in labels]


def baseline_run(lines: Sequence[str]) -> tuple[int, int] | None:
    """The longest run of text lines that each hold a year (blank lines do not break it)."""
    best: tuple[int, int] | None = None
    start: int | None = None
    for i, line in enumerate([*lines, "x"]):
        if not line.strip():
            continue
        if _YEAR.search(line):
            start = i if start is None else start
            continue
        if start is not None and (best is None or i - start > best[1] - best[0]):
            best = (start, i - 1)
        start = None
    return best


def score(docs: Sequence[tuple[list[str], list[bool]]], run_of: object) -> tuple[float, float, float, int]:
    """Micro precision, recall, F1 over text lines and documents found."""
    hit = picked = gold = found = 0
    for lines, refs in docs:
        run = run_of(lines)  # type: ignore[operator]
        text = [i for i, line in enumerate(lines) if line.strip()]
        gold += sum(1 for i in text if refs[i])
        if run is None:
            continue
        inside = [i for i in text if run[0] <= i <= run[1]]
        good = sum(1 for i in inside if refs[i])
        hit += good
        picked += len(inside)
        found += bool(inside) and good >= 0.8 * len(inside)
    p = hit / picked if picked else 0.0
    r = hit / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), found


def tune(docs: Sequence[tuple[list[str], list[bool]]]) -> dict[str, float]:
    """Coordinate ascent on the weights (F1, then documents found); features computed once."""
    weights = dict(WEIGHTS)
    names = list(weights)
    table = [[[line_features(line)[n] for n in names] for line in lines] for lines, _ in docs]
    blanks = [[not line.strip() for line in lines] for lines, _ in docs]
    runs: dict[int, tuple[int, int] | None] = {}

    def value(w: Mapping[str, float]) -> tuple[float, int]:
        vector = [w[n] for n in names]
        for k, rows in enumerate(table):
            scores = [
                0.0 if blank else sum(a * b for a, b in zip(vector, row, strict=True))
                for row, blank in zip(rows, blanks[k], strict=True)
            ]
            runs[k] = best_span(scores, blanks[k])
        _, _, f1, found = score(
            docs, lambda lines: runs[next(k for k, d in enumerate(docs) if d[0] is lines)]
        )
        return f1, found

    best = value(weights)
    for _ in range(_ROUNDS):
        for name in names:
            for step in _STEPS:
                trial = {**weights, name: weights[name] + step}
                got = value(trial)
                if got > best:
                    best, weights = got, trial
    return weights


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures (and tuned weights with --tune)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tune", action="store_true", help="Retune the weights and print them.")
    args = parser.parse_args(argv)
    files = sorted(FINDER.glob("*.ttx"))
    if not files:
        print(f"no data: {FINDER} (set REFMAN_DATA_DIR)", file=sys.stderr)
        return 1
    docs = [read_ttx(path) for path in files]
    print(f"AnyStyle finder documents: {len(docs)}, {sum(len(d[0]) for d in docs)} lines")
    for name, run_of in (("refman", best_run), ("baseline", baseline_run)):
        p, r, f1, found = score(docs, run_of)
        print(f"  {name:8} P {p:.3f} R {r:.3f} F1 {f1:.3f}; list found in {found}/{len(docs)}")
    if args.tune:
        weights = tune(docs)
        print("  tuned weights:", {k: round(v, 2) for k, v in weights.items()})
        p, r, f1, found = score(docs, lambda lines: best_run(lines, weights))
        print(f"  tuned    P {p:.3f} R {r:.3f} F1 {f1:.3f}; list found in {found}/{len(docs)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
