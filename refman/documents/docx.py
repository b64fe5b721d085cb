"""DOCX -> article text, read from the package's XML with the standard library.

What a reader of the printed document sees, as Markdown: paragraphs in document order (table
cells and content controls included, deleted tracked changes and field codes left out), a blank
line between paragraphs, headings as ``#`` lines, and list numbers as Word shows them: a numbered
paragraph's number is counted from the list definition (``w:numPr`` -> ``w:num`` ->
``w:abstractNum``: start value, number format, level text such as ``%1.`` or ``[%1]``, restarts
and level overrides), so a Word auto-numbered reference list keeps its numbers. Footnotes and
endnotes are marked ``[^N]`` where they are cited and given at the end under "Footnotes".

python-docx has no API for footnotes or for the numbers Word shows, so the package's XML is read
directly (python-docx writes the test documents).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from xml.etree import ElementTree

from refman.errors import InputError

__all__ = ["docx_text"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# Largest XML part read (uncompressed): a guard against zip bombs.
_MAX_PART_BYTES = 200 * 1024 * 1024
# Elements whose text a reader does not see.
_HIDDEN = {"del", "delText", "instrText", "moveFrom", "rPr", "pPr", "Fallback", "footnotePr", "endnotePr"}
# Containers of paragraphs (a paragraph's own text is read by _paragraph_text).
_CONTAINERS = {
    "body",
    "tbl",
    "tr",
    "tc",
    "sdt",
    "sdtContent",
    "customXml",
    "footnote",
    "endnote",
    "txbxContent",
}
_PLACEHOLDER = re.compile(r"%([1-9])")
_HEADING_STYLE = re.compile(r"heading\s*([1-9])", re.IGNORECASE)
_ROMAN: tuple[tuple[int, str], ...] = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _val(element: ElementTree.Element | None, child: str) -> str | None:
    """The ``w:val`` of ``element``'s child ``child`` (None when absent)."""
    if element is None:
        return None
    found = element.find(_W + child)
    return None if found is None else found.get(_W + "val")


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int, alphabet: str) -> str:
    """Word's letter numbering: a..z, then aa, bb, ... (the letter repeated)."""
    k = max(n, 1) - 1
    return alphabet[k % len(alphabet)] * (k // len(alphabet) + 1)


def _format_number(n: int, fmt: str) -> str:
    """A list number in a ``w:numFmt`` (unknown formats are written as decimals)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = _letters(n, "abcdefghijklmnopqrstuvwxyz")
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("russianLower", "russianUpper"):
        letters = _letters(n, _RUSSIAN)
        return letters.upper() if fmt == "russianUpper" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return "" if fmt == "none" else str(n)


@dataclass(frozen=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class _Numbering:
    """The list definitions of a document and the counters of the lists read so far."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> ilvl -> level
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, root: ElementTree.Element | None) -> _Numbering:
        out = cls()
        if root is None:
            return out
        for abstract in root.iter(_W + "abstractNum"):
            levels = out.levels.setdefault(abstract.get(_W + "abstractNumId", ""), {})
            for lvl in abstract.iter(_W + "lvl"):
                start, text = _val(lvl, "start"), _val(lvl, "lvlText")
                levels[int(lvl.get(_W + "ilvl", "0"))] = _Level(
                    int(start) if start and start.isdigit() else 1,
                    _val(lvl, "numFmt") or "decimal",
                    "%1." if text is None else text,
                )
        for num in root.iter(_W + "num"):
            num_id = num.get(_W + "numId", "")
            out.nums[num_id] = _val(num, "abstractNumId") or ""
            for override in num.iter(_W + "lvlOverride"):
                start = _val(override, "startOverride")
                if start and start.isdigit():
                    level = int(override.get(_W + "ilvl", "0"))
                    out.overrides.setdefault(num_id, {})[level] = int(start)
        return out

    def label(self, num_id: str, ilvl: int) -> str:
        """The number Word shows for the next paragraph of list ``num_id`` at level ``ilvl``."""
        abstract = self.nums.get(num_id, num_id)
        levels = self.levels.get(abstract, {})
        counters = self.counters.setdefault(abstract, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for overridden, start in self.overrides.get(num_id, {}).items():
                if 0 <= overridden < 9:
                    counters[overridden] = start - 1
        ilvl = min(max(ilvl, 0), 8)
        level = levels.get(ilvl, _Level())
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        if level.fmt == "bullet":
            return "•"

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lvl = levels.get(k, _Level())
            value = counters[k] if counters[k] is not None else lvl.start
            return _format_number(value or 0, lvl.fmt)

        return _PLACEHOLDER.sub(number, level.text).strip()


@dataclass
class _Styles:
    """What a paragraph style gives a paragraph: its list (numId, ilvl) and its heading level."""

    numbering: dict[str, tuple[str, int]] = field(default_factory=dict)
    headings: dict[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, root: ElementTree.Element | None) -> _Styles:
        out = cls()
        if root is None:
            return out
        based: dict[str, str] = {}
        for style in root.iter(_W + "style"):
            style_id = style.get(_W + "styleId", "")
            based_on = _val(style, "basedOn")
            if based_on:
                based[style_id] = based_on
            ppr = style.find(_W + "pPr")
            numpr = ppr.find(_W + "numPr") if ppr is not None else None
            num_id = _val(numpr, "numId")
            if num_id:
                out.numbering[style_id] = (num_id, int(_val(numpr, "ilvl") or 0))
            name = _val(style, "name") or ""
            heading = _HEADING_STYLE.fullmatch(name.strip())
            outline = _val(ppr, "outlineLvl")
            if heading:
                out.headings[style_id] = int(heading.group(1))
            elif name.strip().lower() == "title":
                out.headings[style_id] = 1
            elif outline and outline.isdigit() and int(outline) < 9:
                out.headings[style_id] = int(outline) + 1
        for style_id in list(based):  # a style inherits its list from the style it is based on
            seen, current = {style_id}, based[style_id]
            while style_id not in out.numbering and current and current not in seen:
                if current in out.numbering:
                    out.numbering[style_id] = out.numbering[current]
                seen.add(current)
                current = based.get(current, "")
        return out


class _Package:
    """The parts of a DOCX package, found through its relationships."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        try:
            self.zip = zipfile.ZipFile(BytesIO(data))
        except (zipfile.BadZipFile, ValueError):
            raise InputError(name, "not a readable DOCX file (not a ZIP package)") from None
        self.main = self._target("", "officeDocument") or "word/document.xml"
        self.related = self._relations(self.main)

    def xml(self, part: str | None) -> ElementTree.Element | None:
        if part is None:
            return None
        try:
            info = self.zip.getinfo(part)
        except KeyError:
            return None
        if info.file_size > _MAX_PART_BYTES:
            raise InputError(self.name, f"{part} is too large ({info.file_size} bytes unpacked)")
        try:
            return ElementTree.fromstring(self.zip.read(info))
        except (ElementTree.ParseError, zipfile.BadZipFile, OSError) as exc:
            raise InputError(self.name, f"{part} is not readable XML ({exc})") from None

    def _relations(self, part: str) -> dict[str, str]:
        """Relationship type -> target part, of ``part`` ("" for the package itself)."""
        folder, base = posixpath.split(part)
        rels = self.xml(posixpath.join(folder, "_rels", f"{base}.rels"))
        if rels is None:
            return {}
        out: dict[str, str] = {}
        for rel in rels.iter(_REL + "Relationship"):
            kind = rel.get("Type", "").rpartition("/")[2]
            target = rel.get("Target", "")
            if target and rel.get("TargetMode") != "External":
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                out.setdefault(kind, posixpath.normpath(path))
        return out

    def _target(self, part: str, kind: str) -> str | None:
        return self._relations(part).get(kind)


def _blocks(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """The paragraphs under ``element``, in document order."""
    for child in element:
        tag = _local(child.tag)
        if tag == "p":
            yield child
        elif tag in _CONTAINERS:
            yield from _blocks(child)


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    """A paragraph's text as a reader sees it; note references as ``[^N]``."""
    out: list[str] = []

    def walk(element: ElementTree.Element) -> None:
        tag = _local(element.tag)
        if tag in _HIDDEN:
            return
        if tag == "t":
            out.append(element.text or "")
        elif tag == "tab":
            out.append("\t")
        elif tag in ("br", "cr"):
            out.append("\n")
        elif tag == "noBreakHyphen":
            out.append("-")
        elif tag == "sym":
            code = int(element.get(_W + "char", "0"), 16) if element.get(_W + "char") else 0
            out.append(chr(code) if 0x20 <= code < 0xE000 else "")
        elif tag == "footnoteReference":
            out.append(f"[^{element.get(_W + 'id', '')}]")
        elif tag == "endnoteReference":
            out.append(f"[^e{element.get(_W + 'id', '')}]")
        for child in element:
            walk(child)

    walk(paragraph)
    return "".join(out).strip()


def _notes(root: ElementTree.Element | None, kind: str, prefix: str) -> list[str]:
    """The footnotes (or endnotes) of a document as ``[^N]: text`` lines."""
    if root is None:
        return []
    out = []
    for note in root.iter(_W + kind):
        if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(t for t in (_paragraph_text(p) for p in _blocks(note)) if t)
        if text:
            out.append(f"[^{prefix}{note.get(_W + 'id', '')}]: {text}")
    return out


def docx_text(data: bytes, name: str) -> str:
    """The text of a DOCX file, as Markdown (see the module docstring).

    Raises :class:`InputError` naming ``name`` for a file that is not a readable DOCX package.
    """
    package = _Package(data, name)
    document = package.xml(package.main)
    body = document.find(_W + "body") if document is not None else None
    if body is None:
        raise InputError(name, "not a readable DOCX file (no document body)")
    numbering = _Numbering.read(package.xml(package.related.get("numbering")))
    styles = _Styles.read(package.xml(package.related.get("styles")))
    paragraphs: list[str] = []
    for paragraph in _blocks(body):
        text = _paragraph_text(paragraph)
        ppr = paragraph.find(_W + "pPr")
        style = _val(ppr, "pStyle") or ""
        numpr = ppr.find(_W + "numPr") if ppr is not None else None
        num_id = _val(numpr, "numId")
        list_of = (num_id, int(_val(numpr, "ilvl") or 0)) if num_id else styles.numbering.get(style)
        label = numbering.label(*list_of) if list_of is not None and list_of[0] != "0" else ""
        if not text:
            continue  # an empty numbered paragraph still takes its number, as in Word
        if label:
            text = f"{label} {text}"
        elif style in styles.headings:
            text = "#" * styles.headings[style] + " " + text
        paragraphs.append(text)
    notes = _notes(package.xml(package.related.get("footnotes")), "footnote", "")
    notes += _notes(package.xml(package.related.get("endnotes")), "endnote", "e")
    if notes:
        paragraphs += ["## Footnotes", *notes]
    return "\n\n".join(paragraphs) + "\n"
