"""PDF -> article text: the text layer read with pypdfium2 (PDFium), laid out by
:mod:`refman.documents.layout`.

PDFium gives each character of a page in the order the page draws it, with its box; characters
are cut into spans at PDFium's line ends and wherever the next character does not follow on the
same baseline (a gap wider than the font size: another column). Why PDFium, with the speed and
layout figures measured against pdfminer.six and poppler's pdftotext: docs/documents.md.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from refman.documents.layout import Page, Span
from refman.errors import InputError
from refman.model import Diagnostic

__all__ = ["read_pdf_pages"]

# Characters PDFium reports that are not text: NUL and other control codes (its hyphen mark 0x02
# is kept for the layout, which reads it as a hyphen at a line end).
_DROP = {c for c in range(0x20) if c not in (0x02, 0x09)}
# Ligature glyphs (ﬁ, ﬂ, ...) written out as their letters.
_LIGATURES = range(0xFB00, 0xFB07)


def _char(code: int) -> str:
    if code in _LIGATURES:
        return unicodedata.normalize("NFKC", chr(code))
    return chr(code)


class _SpanBuilder:
    """Characters of one page, in drawing order, cut into spans."""

    def __init__(self, page_height: float) -> None:
        self.page_height = page_height
        self.spans: list[Span] = []
        self._text: list[str] = []
        self._box: list[float] = []  # x0, top, x1, bottom of the span so far
        self._last: tuple[float, float, float] | None = None  # right, bottom, height of the last char

    def close(self) -> None:
        text = " ".join("".join(self._text).split())
        if text and self._box:
            self.spans.append(Span(text, *self._box))
        self._text, self._box, self._last = [], [], None

    def space(self) -> None:
        if self._text:
            self._text.append(" ")

    def add(self, char: str, left: float, bottom: float, right: float, top: float) -> None:
        x0, x1 = left, right
        y0, y1 = self.page_height - top, self.page_height - bottom
        height = max(y1 - y0, 1.0)
        if self._last is not None:
            last_right, last_bottom, last_height = self._last
            size = max(height, last_height)
            if x0 - last_right > size or x0 < last_right - 2 * size or abs(y1 - last_bottom) > 0.6 * size:
                self.close()
        if not self._box:
            self._box = [x0, y0, x1, y1]
        else:
            box = self._box
            self._box = [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)]
        self._text.append(char)
        self._last = (x1, y1, height)


def _page_spans(textpage: pdfium.PdfTextPage, page_height: float) -> list[Span]:
    """The spans of one page's text layer."""
    builder = _SpanBuilder(page_height)
    box = pdfium_c.FS_RECTF()
    for index in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
        if code in (0x0D, 0x0A):
            builder.close()
            continue
        if code in _DROP:
            continue
        char = _char(code)
        if char.isspace():
            builder.space()
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, index, box):
            continue
        builder.add(char, box.left, box.bottom, box.right, box.top)
    builder.close()
    return builder.spans


def _has_images(page: pdfium.PdfPage) -> bool:
    images: Iterator[object] = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)
    return next(images, None) is not None


def read_pdf_pages(data: bytes, name: str) -> tuple[list[Page], list[Diagnostic]]:
    """The pages of a PDF's text layer, and diagnostics for pages that are images only (scans).

    Raises :class:`InputError` naming ``name`` for a file PDFium cannot open (damaged, or
    encrypted with a password).
    """
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = "encrypted (needs a password)" if "password" in str(exc).lower() else str(exc)
        raise InputError(name, f"not a readable PDF: {reason}") from None
    pages: list[Page] = []
    scanned: list[int] = []
    try:
        for number in range(1, len(document) + 1):
            page = document[number - 1]
            width, height = page.get_size()
            textpage = page.get_textpage()
            spans = _page_spans(textpage, height)
            if not spans and _has_images(page):
                scanned.append(number)
            pages.append(Page(width, height, tuple(spans)))
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages, _scan_diagnostics(name, len(pages), scanned, any(p.spans for p in pages))


def _scan_diagnostics(name: str, count: int, scanned: list[int], has_text: bool) -> list[Diagnostic]:
    """``no_text_layer`` for a PDF without text, ``pages_without_text`` for one partly scanned."""
    if not has_text:
        what = f"{count} page{'s' if count != 1 else ''}"
        return [
            Diagnostic(
                "no_text_layer",
                f"{name}: no text layer in its {what} (a scanned PDF?): nothing to read; run OCR on it "
                "(e.g. ocrmypdf) and read the result",
            )
        ]
    if scanned:
        pages = ", ".join(map(str, scanned))
        return [
            Diagnostic(
                "pages_without_text",
                f"{name}: page(s) {pages} are images without a text layer (scanned?): "
                "their text was not read",
            )
        ]
    return []
