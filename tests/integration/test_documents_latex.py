"""PDFs made here with LaTeX and DOCX made with python-docx give the same references (raw strings
and numbers) as the text articles they were made from, through real ``refman extract`` processes,
and ``refman build`` reads a folder holding PDF, DOCX and HTML articles.

The text articles are tests/data/documents/*.txt (constructed; see its README): Russian in two
columns (XeLaTeX, GOST list numbered "1.", an entry cut by hyphenation across the page break with
the running head between its halves), Kazakh in one column (XeLaTeX, "[1]" list across a page
break) and English in two columns (pdfLaTeX, an unnumbered APA list with hanging indents). Each
PDF has running heads that alternate between even and odd pages and page numbers in the footer.
Needs xelatex and pdflatex; skipped without them unless REFMAN_REQUIRE_LATEX=1 (CI).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from refman.documents import read_document
from tests.support.documents import DATA, compile_latex, read_text_article, to_docx, to_latex
from tests.support.documents import LATEX_ARTICLES as ARTICLES

pytestmark = [pytest.mark.latex, pytest.mark.slow]


def _require(tool: str) -> None:
    if shutil.which(tool):
        return
    if os.environ.get("REFMAN_REQUIRE_LATEX") == "1":
        pytest.fail(f"REFMAN_REQUIRE_LATEX=1 but {tool} is not installed")
    pytest.skip(f"{tool} is not installed")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every article as .txt, .pdf and .docx in one folder."""
    _require("xelatex")
    _require("pdflatex")
    folder = tmp_path_factory.mktemp("documents")
    for name, spec in ARTICLES.items():
        source = DATA / f"{name}.txt"
        shutil.copy(source, folder / source.name)
        article = read_text_article(source)
        pdf = compile_latex(to_latex(article, **spec), spec["engine"], folder / "latex", name)
        shutil.copy(pdf, folder / pdf.name)
        to_docx(article, folder / f"{name}.docx")
    return folder


def _extract(path: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "refman", "extract", "--json", str(path)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _references(article: dict[str, Any]) -> list[tuple[int | None, str]]:
    return [
        (r["custom"]["refman"].get("number"), r["custom"]["refman"]["raw"]) for r in article["references"]
    ]


@pytest.mark.parametrize("name", list(ARTICLES))
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_same_references_as_the_text(made: Path, name: str, kind: str) -> None:
    text = _references(_extract(made / f"{name}.txt"))
    assert len(text) == len(read_text_article(DATA / f"{name}.txt").entries)
    assert _references(_extract(made / f"{name}.{kind}")) == text


@pytest.mark.parametrize("name", list(ARTICLES))
def test_pdf_text_has_no_running_heads_or_page_numbers(made: Path, name: str) -> None:
    text = read_document(made / f"{name}.pdf").text
    spec = ARTICLES[name]
    assert spec["head"] not in text and spec["short"] not in text
    assert not [line for line in text.splitlines() if line.strip().isdigit()]


def test_lists_cross_page_breaks(made: Path) -> None:
    """The fixtures do what the module says: each list runs over two pages, and in the Russian
    article an entry is cut by hyphenation at the page break."""
    import pypdfium2 as pdfium

    for name in ARTICLES:
        document = pdfium.PdfDocument(str(made / f"{name}.pdf"))
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
        entries = read_text_article(DATA / f"{name}.txt").entries
        first = entries[0][:20]
        last = entries[-1][:20]
        on = [next(i for i, p in enumerate(pages) if probe in " ".join(p.split())) for probe in (first, last)]
        assert on[1] > on[0], name
    ru = pdfium.PdfDocument(str(made / "ru_two_column.pdf"))
    first, second = (ru[i].get_textpage().get_text_range() for i in (0, 1))
    assert "экономи\ufffe" in first and second.split("\r\n")[1] == "ческий рост // Вопросы экономики."


def test_build_reads_pdf_docx_and_html(made: Path, tmp_path: Path) -> None:
    articles = tmp_path / "bib" / "articles"
    articles.mkdir(parents=True)
    shutil.copy(made / "ru_two_column.pdf", articles)
    shutil.copy(made / "kk_one_column.docx", articles)
    shutil.copy(made / "en_two_column.pdf", articles)
    shutil.copy(DATA / "ojs_article_page.html", articles)
    env = {**os.environ, "REFMAN_CACHE_DIR": str(tmp_path / "cache"), "REFMAN_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "refman", "build", str(tmp_path / "bib"), "--offline", "--json"],
        capture_output=True,
        timeout=600,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    summary = json.loads(result.stdout)
    assert {a["id"]: a["references"] for a in summary["articles"]} == {
        "en_two_column": 9,
        "kk_one_column": 10,
        "ojs_article_page": 4,
        "ru_two_column": 14,
    }
    items = json.loads((tmp_path / "bib" / "references.json").read_text(encoding="utf-8"))
    raws = {
        raw
        for item in items
        for raw in [item.get("custom", {}).get("refman", {}).get("raw")]
        + [m.get("raw") for m in item.get("custom", {}).get("refman", {}).get("merged_from_raw", [])]
        if raw
    }
    for name in ARTICLES:
        assert {raw for _, raw in _references(_extract(made / f"{name}.txt"))} <= raws, name
    ojs = next(i for i in items if i["custom"]["refman"]["id"] == "ojs_article_page")
    assert ojs["DOI"] == "10.5555/vpn.2023.2.14" and ojs["container-title"] == "Вестник педагогических наук"
