"""Benchmark: reading a large .bib with refman against bibtexparser 2's own parse of the same file.

The anchor is ``bibtexparser.parse_file(path)`` (bibtexparser 2 with its default middlewares, the
parser refman's reader is built on); refman's figure is :func:`refman.formats.read_collection`
(the file read and decoded, its kind decided, parsed, and every entry turned into a
:class:`~refman.model.Reference`: names structured, LaTeX decoded, types and fields mapped), and
``refman add`` as a program does it: that read, then :meth:`Library.add
<refman.library.Library.add>` into an empty library (stable ids given, keys pinned, the items
stored in its SQLite file).

Inputs: the first 1k, 10k, 50k and 100k ``@Article`` entries of Beebe's fisheries bibliographies
(``../shared/data/bib/beebe_fish_all_146k.bib.gz``, 146,461 real entries, public domain; each
prefix keeps the ``@String`` macros before its entries) and the whole file. Each figure is the CPU
time (``time.process_time``) of one call in a fresh process, so neither side inherits the
other's memory or caches; the two alternate, and each figure is the fastest of ``--repeat``
runs (this machine is shared: other work only ever adds time). Printed per size: both CPU times,
the ratio, and CPU microseconds per entry (constant when the time grows linearly).

    python bench/import_bib.py                 # 1k, 10k, 50k, 100k and the whole file
    python bench/import_bib.py --sizes 1000 10000 --repeat 5
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.dedupe_data import read_beebe  # noqa: E402

#: The whole file: more entries than it has.
WHOLE = 10**9

_CHILD = {
    "bibtexparser": "import bibtexparser; run = lambda p: bibtexparser.parse_file(p).entries",
    "refman": "from refman.formats.collection import read_collection; run = lambda p: read_collection(p)[0]",
    "refman add": (
        "import tempfile, pathlib\n"
        "from refman.formats.collection import read_collection\n"
        "from refman.library import Library\n"
        "def run(p):\n"
        "    with tempfile.TemporaryDirectory() as d, Library.open(pathlib.Path(d)) as library:\n"
        "        return library.add(read_collection(p)[0], 'bench').added"
    ),
}


def cpu_seconds(tool: str, path: Path) -> tuple[float, int]:
    """CPU seconds of one read of ``path`` by ``tool`` in a fresh process, and the entries read."""
    code = (
        f"import sys, time\n{_CHILD[tool]}\n"
        "t = time.process_time(); items = run(sys.argv[1]); t = time.process_time() - t\n"
        "print(t, len(items))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    seconds, count = out.stdout.split()
    return float(seconds), int(count)


def main(argv: list[str] | None = None) -> None:
    """Print CPU time, ratio and microseconds per entry for each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000, 100_000, WHOLE])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (fastest kept)")
    args = parser.parse_args(argv)
    header = (
        "entries",
        "bibtexparser s",
        "refman s",
        "ratio",
        "add s",
        "ratio",
        "bp us",
        "refman us",
        "add us",
    )
    widths = (8, 15, 9, 6, 7, 6, 7, 10, 7)
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, widths, strict=True)) + "   (us: CPU per entry)")
    with tempfile.TemporaryDirectory(prefix="refman-bench-bib-") as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"beebe-{size}.bib"
            path.write_text(read_beebe(size), encoding="utf-8")
            best = dict.fromkeys(_CHILD, float("inf"))
            counts = {}
            for _ in range(args.repeat):
                for tool in best:
                    seconds, counts[tool] = cpu_seconds(tool, path)
                    best[tool] = min(best[tool], seconds)
            n = counts["refman"]
            anchor, ours, add = best["bibtexparser"], best["refman"], best["refman add"]
            cells = (
                n,
                anchor,
                ours,
                ours / anchor,
                add,
                add / anchor,
                *(1e6 * t / n for t in (anchor, ours, add)),
            )
            formats = (",", ".2f", ".2f", ".2f", ".2f", ".2f", ".1f", ".1f", ".1f")
            print(
                " ".join(f"{c:>{w}{f}}" for c, w, f in zip(cells, widths, formats, strict=True)), flush=True
            )
            path.unlink()


if __name__ == "__main__":
    main()
