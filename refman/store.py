"""Files at the edge: reading article text safely and writing outputs atomically."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from refman.errors import InputError

__all__ = [
    "ARTICLE_KINDS",
    "ARTICLE_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "BuildFolder",
    "article_kind",
    "list_articles",
    "read_bytes",
    "read_text",
    "write_all_atomic",
    "write_atomic",
]

#: The kinds of article file refman reads, by suffix (refman.documents has a reader for each).
ARTICLE_KINDS = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
ARTICLE_SUFFIXES = tuple(ARTICLE_KINDS)
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)[\s>]", re.IGNORECASE | re.DOTALL
)


def article_kind(name: str | Path, data: bytes) -> str:
    """What kind of article a file is: its suffix decides, its first bytes otherwise (stdin)."""
    kind = ARTICLE_KINDS.get(Path(name).suffix.lower())
    if kind is not None:
        return kind
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return "docx"
    return "html" if _HTML_START.match(head) else "text"


@dataclass(frozen=True)
class BuildFolder:
    """The layout of a build folder (``bibliography/``): the one place that names its files."""

    root: Path

    @property
    def articles(self) -> Path:
        """The folder of input articles."""
        return self.root / "articles"

    @property
    def csl_json(self) -> Path:
        """The collection as CSL-JSON."""
        return self.root / "references.json"

    @property
    def bibtex(self) -> Path:
        """The collection as BibTeX."""
        return self.root / "references.bib"

    @property
    def report_md(self) -> Path:
        """The build report for people."""
        return self.root / "report.md"

    @property
    def report_json(self) -> Path:
        """The build report for programs."""
        return self.root / "report.json"

    @property
    def rulings(self) -> Path:
        """A person's rulings on duplicate pairs."""
        return self.root / "decisions.json"

    @property
    def outputs(self) -> tuple[Path, ...]:
        """The files ``refman build`` writes, in the order it writes them."""
        return (self.csl_json, self.bibtex, self.report_md, self.report_json)

    @classmethod
    def holding(cls, path: str | Path) -> BuildFolder | None:
        """The build folder a path names: the folder itself or one of its output files."""
        p = Path(path)
        if p.is_dir():
            return cls(p)
        folder = cls(p.parent)
        return folder if p in folder.outputs else None


# Articles are a few hundred kB; anything past this is not an article but a mistake.
MAX_ARTICLE_BYTES = 50 * 1024 * 1024
# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = "\x00-\x08\x0b\x0e-\x1f"
_CONTROL_TEXT = re.compile(f"[{_CONTROL}]")
_CONTROL_BYTES = re.compile(f"[{_CONTROL}]".encode())


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode article bytes as UTF-8 (BOM allowed) or, failing that, Windows-1251 Cyrillic.

    Raises :class:`InputError` naming the line for empty, binary or undecodable input.
    """
    if not data.strip():
        raise InputError(path, "empty file: no text to read")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(path, "binary file (NUL byte): expected plain text or Markdown", _line_of(data, nul))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if len(_CONTROL_BYTES.findall(data)) * 100 > len(data):
            raise InputError(
                path, "binary file: expected plain text or Markdown", _line_of(data, exc.start)
            ) from None
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError:
            raise InputError(
                path, f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x})", _line_of(data, exc.start)
            ) from None
    bad = _CONTROL_TEXT.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise InputError(path, "binary data (control character) in text", line)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bytes(path: str | Path, max_bytes: int = MAX_ARTICLE_BYTES) -> bytes:
    """Read a file's bytes, with clear errors for missing, huge or unreadable files."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a directory, expected a file")
    size = p.stat().st_size
    if size > max_bytes:
        raise InputError(p, f"file too large ({size} bytes; the limit is {max_bytes})")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(p, f"cannot read: {exc.strerror}") from None


def read_text(path: str | Path, max_bytes: int = MAX_ARTICLE_BYTES) -> str:
    """Read an article file as text, with clear errors for missing, huge, empty or binary files."""
    return decode_text(read_bytes(path, max_bytes), path)


def list_articles(directory: str | Path) -> list[Path]:
    """The article files (:data:`ARTICLE_SUFFIXES`) directly inside ``directory``, sorted by name."""
    d = Path(directory)
    if not d.is_dir():
        raise InputError(d, "no such directory")
    return sorted(p for p in d.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the whole new one, never a part."""
    write_all_atomic([(Path(path), text)])


def write_all_atomic(outputs: Iterable[tuple[Path, str]]) -> None:
    """Write several files: every new file is complete on disk before any old one is replaced."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in outputs:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
