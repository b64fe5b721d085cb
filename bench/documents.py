"""Benchmark: PDF text libraries for refman's PDF reader, by speed and layout quality.

The PDFs are the LaTeX test articles (tests/support/documents.py: Russian two-column XeLaTeX,
Kazakh one-column XeLaTeX, English two-column pdfLaTeX; running heads alternating between even
and odd pages, page numbers, a reference list over a page break). Each candidate's text goes to
``extract_article``; quality is the share of the text article's references (number and raw
string) found exactly, and the running heads and page-number lines left in the text.

* ``pypdfium2+layout``: refman's reader (PDFium characters and boxes, then refman.documents.layout);
* ``pypdfium2``: PDFium's own text of each page (``get_text_range``), pages joined;
* ``pdfminer.six``: ``pdfminer.high_level.extract_text`` with its default layout analysis;
* ``pdftotext``, ``pdftotext -layout``: poppler's command-line tool (Debian's poppler-utils),
  one process per file.

Speed: the fastest of ``--repeat`` passes over all PDFs (this machine is a shared VM), as pages
per second. Needs xelatex, pdflatex, pdftotext and ``pip install pdfminer.six`` (not a refman
dependency).

    python bench/documents.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from refman.documents import read_document  # noqa: E402
from refman.extract import extract_article  # noqa: E402
from tests.support.documents import DATA, compile_latex, read_text_article, to_latex  # noqa: E402
from tests.support.documents import LATEX_ARTICLES as SPECS  # noqa: E402


def _pdfium_plain(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def _pdfminer(path: Path) -> str:
    from pdfminer.high_level import extract_text

    text: str = extract_text(str(path))
    return text


def _pdftotext(*options: str) -> Callable[[Path], str]:
    def run(path: Path) -> str:
        result = subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, check=True)
        return result.stdout.decode("utf-8")

    return run


CANDIDATES: dict[str, Callable[[Path], str]] = {
    "pypdfium2+layout": lambda path: read_document(path).text,
    "pypdfium2": _pdfium_plain,
    "pdfminer.six": _pdfminer,
    "pdftotext": _pdftotext(),
    "pdftotext -layout": _pdftotext("-layout"),
}


def _references(text: str) -> list[tuple[int | None, str | None]]:
    article = extract_article(text.replace("\r\n", "\n").replace("\f", "\n"), "bench")
    return [(r.refman.number, r.refman.raw) for r in article.references]


def _pages(path: Path) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(str(path)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="refman-bench-documents-"))
    pdfs: dict[str, Path] = {}
    gold: dict[str, list[tuple[int | None, str | None]]] = {}
    for name, spec in SPECS.items():
        article = read_text_article(DATA / f"{name}.txt")
        pdfs[name] = compile_latex(to_latex(article, **spec), str(spec["engine"]), folder, name)
        gold[name] = _references((DATA / f"{name}.txt").read_text(encoding="utf-8"))
    pages = sum(_pages(p) for p in pdfs.values())
    total = sum(len(g) for g in gold.values())
    print(f"{len(pdfs)} PDFs, {pages} pages, {total} references; fastest of {args.repeat} passes")
    print(f"{'library':<20} {'pages/s':>8} {'refs exact':>11} {'heads left':>11} {'folios left':>12}")
    for label, read in CANDIDATES.items():
        best = float("inf")
        texts: dict[str, str] = {}
        for _ in range(args.repeat):
            start = time.perf_counter()
            texts = {name: read(path) for name, path in pdfs.items()}
            best = min(best, time.perf_counter() - start)
        exact = sum(sum(1 for ref in _references(texts[name]) if ref in gold[name]) for name in pdfs)
        heads = sum(
            texts[name].count(str(SPECS[name]["head"])) + texts[name].count(str(SPECS[name]["short"]))
            for name in pdfs
        )
        folios = sum(sum(1 for line in texts[name].splitlines() if line.strip().isdigit()) for name in pdfs)
        print(f"{label:<20} {pages / best:8.1f} {exact:>5}/{total:<5} {heads:>11} {folios:>12}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
