"""Articles as PDF (LaTeX) and DOCX (python-docx), made from the constructed text articles in
tests/data/documents/, so that what refman reads from them can be compared with the text.

A text article is: a title line, an authors line, front-matter lines (abstract, keywords), then
blocks separated by blank lines: a heading (one short line without a final period), a paragraph,
and last the reference list (its heading, then one entry a line, numbered "1." or "[1]" or not).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data" / "documents"
TIMEOUT = 180  # seconds per LaTeX run

#: The LaTeX articles made from the text articles: layout, engine, language, running heads.
LATEX_ARTICLES: dict[str, dict[str, Any]] = {
    "ru_two_column": {
        "columns": 2,
        "engine": "xelatex",
        "language": "russian",
        "head": "Вестник экономики и управления. 2023. № 2",
        "short": "Сейткали А.Б., Громова Н.В.",
    },
    "kk_one_column": {
        "columns": 1,
        "engine": "xelatex",
        "language": "russian",
        "head": "ҚазҰУ Хабаршысы. Педагогика сериясы. 2023. № 1",
        "short": "Жұмабаева Ә.Қ., Оспанов Ғ.Т.",
    },
    "en_two_column": {
        "columns": 2,
        "engine": "pdflatex",
        "language": "english",
        "head": "Journal of Central Asian Governance 12 (2023)",
        "short": "Whitfield and Bekova",
        "size": "12pt",
    },
}

_MARKER = re.compile(r"^(\d+\.|\[\d+\])\s+")
_URL = re.compile(r"https?://\S+?(?=[.,;)]?(?:\s|$))")


@dataclass
class TextArticle:
    """The parts of a constructed text article."""

    title: str
    authors: str
    front: list[str]
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    references_heading: str = ""
    entries: list[str] = field(default_factory=list)
    marker: str = ""  # "1." or "[1]" or "" (unnumbered)


def read_text_article(path: Path) -> TextArticle:
    """Split a constructed text article into its parts."""
    blocks = [b.strip("\n") for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    head = blocks[0].split("\n")
    article = TextArticle(title=head[0], authors=head[1], front=head[2:])
    *body, heading, entries = blocks[1:]
    for block in body:
        if "\n" not in block and len(block) < 80 and not block.endswith("."):
            article.sections.append((block, []))
        else:
            article.sections[-1][1].append(block)
    article.references_heading = heading
    lines = entries.split("\n")
    first = _MARKER.match(lines[0])
    article.marker = "" if first is None else ("[1]" if first.group(1).startswith("[") else "1.")
    article.entries = [_MARKER.sub("", line) for line in lines]
    return article


# --- LaTeX --------------------------------------------------------------------------------------

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "'": r"\textquotesingle{}",
}


def _escape_plain(text: str) -> str:
    return "".join(_SPECIAL.get(c, c) for c in text)


def latex_escape(text: str) -> str:
    """Text as LaTeX: specials escaped, URLs in ``\\url`` (which may break them at line ends)."""
    out, pos = [], 0
    for m in _URL.finditer(text):
        out.append(_escape_plain(text[pos : m.start()]))
        out.append(r"\url{" + m.group(0).replace("%", r"\%").replace("#", r"\#") + "}")
        pos = m.end()
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


XELATEX_PREAMBLE = r"""\usepackage{fontspec}
\setmainfont{DejaVu Serif}
\setmonofont{DejaVu Sans Mono}
\usepackage{polyglossia}
\setdefaultlanguage{%(language)s}
\setotherlanguage{english}
"""
PDFLATEX_PREAMBLE = r"""\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage{textcomp}
\input{glyphtounicode}
\pdfgentounicode=1
"""


def to_latex(
    article: TextArticle,
    *,
    columns: int,
    engine: str,
    language: str,
    head: str,
    short: str,
    size: str = "10pt",
) -> str:
    """A LaTeX article: running heads (``head`` on even pages, ``short`` on odd), page numbers in
    the footer, the title block across the page, the body in ``columns`` columns."""
    options = f"a4paper,twoside,{size}" + (",twocolumn" if columns == 2 else "")
    preamble = XELATEX_PREAMBLE % {"language": language} if engine == "xelatex" else PDFLATEX_PREAMBLE
    parts = [
        rf"\documentclass[{options}]{{article}}",
        preamble,
        r"\usepackage[margin=2.2cm]{geometry}",
        r"\usepackage{url}",
        r"\urlstyle{same}",
        r"\usepackage{fancyhdr}",
        r"\pagestyle{fancy}",
        r"\fancyhf{}",
        rf"\fancyhead[LE]{{{latex_escape(head)}}}",
        rf"\fancyhead[RO]{{{latex_escape(short)}}}",
        r"\fancyfoot[C]{\thepage}",
        r"\begin{document}",
    ]
    front = [
        r"\begin{center}{\Large\bfseries " + latex_escape(article.title) + r"\par}\medskip",
        latex_escape(article.authors) + r"\end{center}",
        *(latex_escape(line) + r"\par" for line in article.front),
        r"\bigskip",
    ]
    parts += [r"\twocolumn[{" + "\n".join(front) + "}]"] if columns == 2 else front
    for heading, paragraphs in article.sections:
        parts.append(rf"\section*{{{latex_escape(heading)}}}")
        parts += [latex_escape(p) + "\n" for p in paragraphs]
    parts.append(rf"\section*{{{latex_escape(article.references_heading)}}}")
    if article.marker:
        parts.append(r"\begin{list}{}{\setlength{\leftmargin}{2.2em}\setlength{\labelwidth}{2em}}")
        for n, entry in enumerate(article.entries, 1):
            label = f"{{[{n}]}}" if article.marker == "[1]" else f"{n}."
            parts.append(rf"\item[{label}] {latex_escape(entry)}")
        parts.append(r"\end{list}")
    else:
        parts.append(r"{\setlength{\parskip}{2pt}")
        parts += [
            r"\noindent\hangindent=1.5em\hangafter=1 " + latex_escape(e) + r"\par" for e in article.entries
        ]
        parts.append("}")
    parts.append(r"\end{document}")
    return "\n".join(parts) + "\n"


def compile_latex(tex: str, engine: str, folder: Path, name: str) -> Path:
    """Compile ``tex`` with ``engine`` in ``folder``; the PDF's path (the log is kept beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.tex").write_text(tex, encoding="utf-8")
    result = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    pdf = folder / f"{name}.pdf"
    if result.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"{engine} failed on {name}.tex:\n{result.stdout[-3000:]}")
    return pdf


# --- DOCX ---------------------------------------------------------------------------------------


def _bracket_numbering(document: Any) -> str:
    """Add a list definition numbered "[1]", "[2]", ... to a python-docx document; its numId."""
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{w}" w:abstractNumId="90"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="[%1]"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    first_num = numbering.find(f"{{{w}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num xmlns:w="{w}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _number_paragraph(paragraph: Any, num_id: str) -> None:
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr xmlns:w="{w}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def to_docx(article: TextArticle, path: Path) -> Path:
    """A Word document: title and heading styles, the reference list auto-numbered by Word ("1."
    through the built-in List Number style, "[1]" through a list definition of its own) or, for
    an unnumbered list, paragraphs with a hanging indent."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.add_paragraph(article.title, style="Title")
    for line in [article.authors, *article.front]:
        document.add_paragraph(line)
    for heading, paragraphs in article.sections:
        document.add_heading(heading, level=1)
        for text in paragraphs:
            document.add_paragraph(text)
    document.add_heading(article.references_heading, level=1)
    num_id = _bracket_numbering(document) if article.marker == "[1]" else None
    for entry in article.entries:
        if article.marker == "1.":
            document.add_paragraph(entry, style="List Number")
        elif num_id is not None:
            _number_paragraph(document.add_paragraph(entry), num_id)
        else:
            paragraph = document.add_paragraph(entry)
            paragraph.paragraph_format.left_indent = Cm(1)
            paragraph.paragraph_format.first_line_indent = Cm(-1)
    document.save(str(path))
    return path


# --- PDFs written by hand (no LaTeX) ------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file of numbered objects (object 1 the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def text_pdf(pages: list[list[tuple[float, float, str]]]) -> bytes:
    """A PDF whose pages hold ASCII lines (x, y from the top, text) in 10 pt Helvetica, A4."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for lines in pages:
        ops = b"".join(
            b"BT /F1 10 Tf %.2f %.2f Td (%s) Tj ET\n"
            % (
                x,
                842 - y,
                text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1"),
            )
            for x, y, text in lines
        )
        number = len(objects) + 1
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (number + 1)
        )
        objects.append(_stream(ops))
    return _pdf(objects)


def scanned_pdf(pages: int = 2) -> bytes:
    """A PDF whose pages are only an image (a grey 8 x 8 "scan"), with no text layer."""
    pixels = bytes(range(0, 256, 4))
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _stream(
            pixels,
            b"/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 ",
        ),
    ]
    for _ in range(pages):
        number = len(objects) + 1
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im1 3 0 R >> >> /Contents %d 0 R >>" % (number + 1)
        )
        objects.append(_stream(b"q 500 0 0 700 40 70 cm /Im1 Do Q"))
    return _pdf(objects)
