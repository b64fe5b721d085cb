"""Articles as researchers have them: text, Markdown, PDF, DOCX and HTML journal pages.

Each reader turns a file into the article text that :func:`refman.extract.extract_article`
reads, so ``extract`` gives the same result for every kind: :mod:`.pdf` (the text layer, in
reading order, without running heads; :mod:`.layout` does the page work), :mod:`.docx` (paragraphs,
Word's list numbers, footnotes) and :mod:`.html` (the page's text; its ``citation_*`` meta tags
give the article's own metadata and, where present, the reference list). Which kind a file is:
:func:`refman.store.article_kind`. See docs/documents.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from refman.documents.html import apply_metadata, read_html
from refman.errors import InputError
from refman.extract import ReferenceParser, extract_article
from refman.model import Article, Diagnostic, Reference
from refman.parse import parse_reference
from refman.store import ArticleText, article_kind, decode_article, read_bytes

__all__ = ["READER_CODES", "Document", "extract_document", "read_document", "read_document_bytes"]

#: Diagnostic codes of the readers (what a file kept from being read), listed in extract's CODES.
READER_CODES = frozenset({"no_text_layer", "pages_without_text", "control_characters"})


@dataclass
class Document:
    """An article file read: its text, the metadata the file declares about itself (HTML meta
    tags; empty for other kinds) and what the reader could not read, as diagnostics."""

    text: str
    kind: str
    meta: dict[str, list[str]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_document_bytes(data: bytes, name: str | Path) -> Document:
    """Read an article from its bytes; ``name`` (a file name, or ``<stdin>``) says its kind by its
    suffix, the bytes otherwise. Raises :class:`InputError` naming ``name`` for a file that is not
    what its kind says (a damaged PDF, a ZIP that is no DOCX, binary data in a text file)."""
    kind = article_kind(name, data)
    label = str(name)
    if kind == "pdf":
        from refman.documents.layout import page_text
        from refman.documents.pdf import read_pdf_pages

        pages, diagnostics = read_pdf_pages(data, label)
        return Document(page_text(pages) if any(p.spans for p in pages) else "", kind, {}, diagnostics)
    if kind == "docx":
        from refman.documents.docx import docx_text

        document = Document(docx_text(data, label), kind)
    else:
        decoded = decode_article(data, label)
        diagnostics = _control_diagnostics(decoded)
        if kind != "html":
            return Document(decoded.text, kind, {}, diagnostics)
        page = read_html(decoded.text)
        document = Document(page.text, kind, page.meta, diagnostics)
    if not document.text.strip():
        raise InputError(label, f"no text to read in this {kind.upper()} file")
    return document


def _control_diagnostics(decoded: ArticleText) -> list[Diagnostic]:
    """A ``control_characters`` diagnostic when stray control characters were dropped."""
    if not decoded.controls_dropped:
        return []
    line = decoded.first_control_line
    message = f"{decoded.controls_dropped} stray control character(s) dropped (the first at line {line})"
    return [Diagnostic("control_characters", message, line)]


def read_document(path: str | Path) -> Document:
    """Read an article file of any kind refman knows (see :func:`read_document_bytes`)."""
    return read_document_bytes(read_bytes(path), path)


def extract_document(document: Document, source: str, parser: ReferenceParser = parse_reference) -> Article:
    """The article in a document: :func:`extract_article` over its text, with the metadata the
    file declares put over what the text gave, and the reader's diagnostics first."""
    if not document.text.strip():  # a scanned PDF: its diagnostics say why
        metadata = Reference(id=source, type="article-journal")
        metadata.refman.article = source
        return Article(metadata=metadata, diagnostics=list(document.diagnostics))
    article = extract_article(document.text, source=source, parser=parser)
    if document.meta:
        apply_metadata(article.metadata, document.meta)
    article.diagnostics[:0] = document.diagnostics
    return article
