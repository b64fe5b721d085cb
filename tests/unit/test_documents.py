"""Readers of article files other than text: the PDF page layout (on spans laid out here and on
PDFs written by hand), DOCX packages (numbering, footnotes), HTML journal pages (citation_* meta
tags), and the kinds refman tells apart. CLI behaviour through real ``refman`` processes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from refman.documents import extract_document, read_document, read_document_bytes
from refman.documents.docx import docx_text
from refman.documents.html import read_html
from refman.documents.layout import Page, Span, page_text
from refman.errors import InputError
from refman.store import article_kind, list_articles
from tests.support.documents import DATA, scanned_pdf, text_pdf

OJS_PAGE = DATA / "ojs_article_page.html"


def _refman(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "refman", *args], input=stdin, capture_output=True, timeout=120, check=False
    )


def _extract_json(*args: str, stdin: bytes | None = None) -> Any:
    result = _refman("extract", "--json", *args, stdin=stdin)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def _raws(article: dict[str, Any]) -> list[tuple[int | None, str]]:
    return [
        (r["custom"]["refman"].get("number"), r["custom"]["refman"]["raw"]) for r in article["references"]
    ]


# --- layout -------------------------------------------------------------------------------------


def _line(text: str, x0: float, top: float, width: float = 200.0, size: float = 10.0) -> Span:
    return Span(text, x0, top, x0 + width, top + size)


def _column(texts: list[str], x0: float, top: float, width: float = 220.0) -> list[Span]:
    return [_line(t, x0, top + 12 * i, width) for i, t in enumerate(texts)]


def test_two_columns_are_read_left_then_right_under_a_title_across_both() -> None:
    title = [Span("A TITLE ACROSS BOTH COLUMNS", 150, 60, 445, 75)]
    left = _column([f"left {i}" for i in range(6)], 60, 100)
    right = _column([f"right {i}" for i in range(6)], 310, 100)
    text = page_text([Page(595, 842, tuple(title + right + left))])
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    assert lines == [
        "A TITLE ACROSS BOTH COLUMNS",
        *(f"left {i}" for i in range(6)),
        *(f"right {i}" for i in range(6)),
    ]


def test_one_column_page_keeps_its_order() -> None:
    spans = _column([f"line {i}" for i in range(8)], 60, 100, width=470)
    text = page_text([Page(595, 842, tuple(reversed(spans)))])
    assert [ln for ln in text.splitlines() if ln] == [f"line {i}" for i in range(8)]


def test_running_heads_footers_and_page_numbers_are_removed() -> None:
    pages = []
    for n in (1, 2, 3):
        head = _line(f"Journal of Tests. 2023. Vol. {n}", 60, 30, 300)
        body = _column([f"body {n}.{i}" for i in range(5)], 60, 100, width=470)
        folio = _line(str(n + 10), 290, 800, 15)
        pages.append(Page(595, 842, (head, *body, folio)))
    text = page_text(pages)
    assert "Journal" not in text
    assert not any(ln.strip().isdigit() for ln in text.splitlines())
    assert "body 1.0" in text and "body 3.4" in text


def test_alternating_heads_of_a_two_page_article_are_removed() -> None:
    pages = []
    for n, head in ((1, "Author A., Author B."), (2, "Вестник университета. Серия экономическая")):
        body = _column([f"строка {n}.{i}" for i in range(6)], 60, 100, width=470)
        pages.append(Page(595, 842, (_line(head, 60, 50, 300), *body)))
    text = page_text(pages)
    assert "Author A." not in text and "Вестник" not in text
    assert "строка 1.0" in text and "строка 2.5" in text


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("региональ-", "ного развития", "регионального развития"),
        ("inter-", "mediaries such", "intermediaries such"),
        ("the e-", "government paradox", "the e-government paradox"),  # one letter: a compound
        ("Нур-", "Султан, 2019", "Нур-Султан, 2019"),  # a capital: a compound
        ("С. 45–", "67.", "С. 45–67."),  # a range cut after its dash
        ("https://doi.org/", "10.5555/x.1 more", "https://doi.org/10.5555/x.1 more"),
        (
            "URL: https://stat.example.kz/ru/",
            "(дата обращения)",
            "URL: https://stat.example.kz/ru/ (дата обращения)",
        ),
        ("2019. –", "№ 5.", "2019. – № 5."),
    ],
)
def test_words_and_urls_cut_at_line_ends_are_joined(first: str, second: str, joined: str) -> None:
    spans = (_line(first, 60, 100), _line(second, 60, 112))
    assert " ".join(page_text([Page(595, 842, spans)]).split()) == joined


def test_a_compound_the_document_writes_elsewhere_keeps_its_hyphen() -> None:
    texts = ["Социально-экономические программы и", "проблемы социально-", "экономического роста"]
    text = page_text([Page(595, 842, tuple(_column(texts, 60, 100, width=470)))])
    assert "социально-экономического роста" in " ".join(text.split())


def test_a_word_cut_across_a_page_break_under_a_running_head_is_joined() -> None:
    bodies = (["текст 0", "Петров П.П. Инвестиционная привле-"], ["кательность регионов.", "текст 1"])
    pages = [
        Page(595, 842, (_line("Журнал тестов. 2023", 60, 30, 300), *_column(body, 60, 100, width=470)))
        for body in bodies
    ]
    assert "Журнал" not in page_text(pages)
    assert "Инвестиционная привлекательность\nрегионов." in page_text(pages)


# --- PDF ----------------------------------------------------------------------------------------


def test_text_pdf_is_read(tmp_path: Path) -> None:
    pdf = tmp_path / "article.pdf"
    pdf.write_bytes(text_pdf([[(72, 72, "Hello world,"), (72, 86, "second line.")], [(72, 72, "Page two.")]]))
    document = read_document(pdf)
    assert document.kind == "pdf" and document.diagnostics == []
    assert document.text.split() == ["Hello", "world,", "second", "line.", "Page", "two."]


def test_scanned_pdf_gets_a_diagnostic_naming_the_file(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scanned_pdf(pages=2))
    result = _refman("extract", "--json", str(pdf))
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["references"] == []
    assert [d["code"] for d in data["diagnostics"]] == ["no_text_layer"]
    assert str(pdf) in data["diagnostics"][0]["message"] and "OCR" in data["diagnostics"][0]["message"]
    assert "no text layer" in result.stderr.decode() and str(pdf) in result.stderr.decode()


def test_damaged_pdf_is_one_line_error_naming_the_file(tmp_path: Path) -> None:
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"%PDF-1.4\nthis is not a PDF body\n")
    result = _refman("extract", str(pdf))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "broken.pdf" in err and "not a readable PDF" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


# --- DOCX ---------------------------------------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _p(text: str, num: tuple[int, int] | None = None, style: str | None = None, extra: str = "") -> str:
    ppr = ""
    if num or style:
        numpr = f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else ""
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + numpr + "</w:pPr>"
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r>{extra}</w:p>'


def _docx(body: str, numbering: str = "", footnotes: str = "", styles: str = "") -> bytes:
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="r1" Type="{_RELS}/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="r1" Type="{_RELS}/numbering" Target="numbering.xml"/>'
        f'<Relationship Id="r2" Type="{_RELS}/footnotes" Target="footnotes.xml"/>'
        f'<Relationship Id="r3" Type="{_RELS}/styles" Target="styles.xml"/></Relationships>',
        "word/document.xml": f"<w:document {_W}><w:body>{body}</w:body></w:document>",
        "word/numbering.xml": f"<w:numbering {_W}>{numbering}</w:numbering>",
        "word/footnotes.xml": f"<w:footnotes {_W}>{footnotes}</w:footnotes>",
        "word/styles.xml": f"<w:styles {_W}>{styles}</w:styles>",
    }
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as z:
        for name, xml in parts.items():
            z.writestr(name, xml)
    return package.getvalue()


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


NUMBERING = (
    f'<w:abstractNum w:abstractNumId="1">{_lvl(0, "decimal", "[%1]")}'
    f"{_lvl(1, 'lowerLetter', '%2)')}</w:abstractNum>"
    f'<w:abstractNum w:abstractNumId="2">{_lvl(0, "bullet", "")}</w:abstractNum>'
    '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="6"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/>'
    "</w:lvlOverride></w:num>"
    '<w:num w:numId="7"><w:abstractNumId w:val="2"/></w:num>'
)


def test_docx_word_numbering_keeps_the_numbers_word_shows() -> None:
    body = (
        _p("Список литературы", style="Heading1")
        + _p("Первая работа.", (5, 0))
        + _p("Вторая работа.", (5, 0))
        + _p("её часть", (5, 1))
        + _p("ещё часть", (5, 1))
        + _p("Третья работа.", (5, 0))
        + _p("Новый список с седьмого.", (6, 0))
        + _p("Пункт.", (7, 0))
    )
    styles = '<w:style w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
    text = docx_text(_docx(body, NUMBERING, styles=styles), "t.docx")
    assert text.split("\n\n") == [
        "# Список литературы",
        "[1] Первая работа.",
        "[2] Вторая работа.",
        "a) её часть",
        "b) ещё часть",
        "[3] Третья работа.",
        "[7] Новый список с седьмого.",
        "• Пункт.\n",
    ]


def test_docx_footnotes_tracked_deletions_and_field_codes() -> None:
    note_ref = '<w:r><w:footnoteReference w:id="2"/></w:r>'
    deleted = "<w:del><w:r><w:delText>удалённое </w:delText></w:r></w:del>"
    field = '<w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r>'
    body = (
        _p("Текст со сноской", extra=note_ref)
        + f"<w:p>{deleted}{field}<w:r><w:t>оставленное</w:t></w:r></w:p>"
    )
    footnotes = (
        '<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="2"><w:p><w:r><w:t>Иванов И.И. Источник сноски. – М., 2020.</w:t></w:r></w:p>'
        "</w:footnote>"
    )
    text = docx_text(_docx(body, footnotes=footnotes), "t.docx")
    assert text.split("\n\n") == [
        "Текст со сноской[^2]",
        "оставленное",
        "## Footnotes",
        "[^2]: Иванов И.И. Источник сноски. – М., 2020.\n",
    ]


def test_docx_that_is_not_a_package_or_is_empty_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a readable DOCX"):
        read_document_bytes(b"plain text, not a zip", "bad.docx")
    with pytest.raises(InputError, match="no text to read"):
        read_document_bytes(_docx(""), "empty.docx")


# --- HTML ---------------------------------------------------------------------------------------


def tags_of(page: Path) -> list[str]:
    """The contents of a page's citation_reference meta tags (one a line in the test page)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    return [ln.split('content="')[1].rsplit('"', 1)[0] for ln in lines if 'name="citation_reference"' in ln]


def test_ojs_page_gives_the_article_metadata_and_its_citation_references() -> None:
    data = _extract_json(str(OJS_PAGE))
    meta = data["metadata"]
    assert meta["title"] == "Цифрлық сауаттылық және ауыл мектептері"
    assert [a["family"] for a in meta["author"]] == ["Серікбаева", "Мұратов"]
    assert meta["issued"] == {"date-parts": [[2023, 6, 30]]}
    assert (meta["container-title"], meta["volume"], meta["issue"]) == (
        "Вестник педагогических наук",
        "78",
        "2",
    )
    assert meta["page"] == "142-151" and meta["DOI"] == "10.5555/vpn.2023.2.14" and meta["language"] == "kk"
    assert meta["keyword"] == "цифрлық сауаттылық, ауыл мектебі, мұғалім"
    assert _raws(data) == list(enumerate(tags_of(OJS_PAGE), 1))
    assert [c["references"] for c in data["citations"]] == [
        ["ojs_article_page-1", "ojs_article_page-2"],
        ["ojs_article_page-3", "ojs_article_page-4"],
    ]


def test_page_without_citation_references_reads_its_references_section_last() -> None:
    html = "\n".join(
        ln for ln in OJS_PAGE.read_text(encoding="utf-8").splitlines() if "citation_reference" not in ln
    )
    page = read_html(html)
    assert page.references == []
    assert page.text.rstrip().endswith("https://doi.org/10.5555/oecd.eag.2022")
    assert "Make a Submission" not in page.text and "jquery" not in page.text and "Archives" not in page.text
    article = extract_document(read_document_bytes(html.encode(), "page.html"), "page")
    assert [r.refman.raw for r in article.references] == tags_of(OJS_PAGE)
    assert all(r.refman.number is None for r in article.references)


def test_html_lists_headings_and_charset() -> None:
    html = (
        b"<html><head><meta http-equiv='content-type' content='text/html; charset=utf-8'></head><body>"
        b"<h2>References</h2><ol start='3'><li>First</li><li value='9'>Second<li>Third</ol></body></html>"
    )
    page = read_html(html.decode())
    assert page.text.split("\n\n") == ["## References", "3. First", "9. Second", "10. Third\n"]


# --- kinds --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.PDF", b"anything", "pdf"),
        ("a.md", b"%PDF-1.4", "text"),  # the suffix decides
        ("<stdin>", b"%PDF-1.7\n...", "pdf"),
        ("<stdin>", b"PK\x03\x04....word/document.xml", "docx"),
        ("<stdin>", b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"),
        ("<stdin>", b"  <!-- x --> <html lang='kk'>", "html"),
        ("<stdin>", b"# A Markdown article", "text"),
    ],
)
def test_article_kind(name: str, data: bytes, kind: str) -> None:
    assert article_kind(name, data) == kind


def test_articles_folder_lists_every_kind(tmp_path: Path) -> None:
    for name in ("a.txt", "b.pdf", "c.docx", "d.html", "e.htm", "f.doc", "g.png"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in list_articles(tmp_path)] == ["a.txt", "b.pdf", "c.docx", "d.html", "e.htm"]


def test_stdin_html_is_told_by_its_bytes() -> None:
    data = _extract_json("-", stdin=OJS_PAGE.read_bytes())
    assert data["metadata"]["DOI"] == "10.5555/vpn.2023.2.14" and len(data["references"]) == 4
