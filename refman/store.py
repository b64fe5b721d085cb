"""Files at the edge: reading article text safely, writing outputs atomically, cache databases
that repair themselves."""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from refman.errors import InputError, Problem

__all__ = [
    "ARTICLE_KINDS",
    "ARTICLE_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "ArticleText",
    "BuildFolder",
    "CacheDatabase",
    "article_kind",
    "decode_article",
    "decode_text",
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
    def library(self) -> Path:
        """The library: stable ids, pinned keys, a person's decisions, the last outputs."""
        return self.root / "library.sqlite"

    @property
    def lock(self) -> Path:
        """The writer lock (one refman writes the folder at a time)."""
        return self.root / ".refman.lock"

    @property
    def migrated_rulings(self) -> Path:
        """Where the rulings file goes once its rulings are in the library."""
        return self.root / "decisions.migrated.json"

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


#: The cap on an article document (PDF, DOCX, HTML): articles are a few hundred kB to a few MB,
#: and a document is rendered whole in memory (PDF pages, unzipped DOCX parts); past this it is
#: not an article but a mistake (a scanned book, a data file) that would take minutes to refuse.
#: Text files (collections, reference lists, reports) have no cap: see :func:`read_text`.
MAX_ARTICLE_BYTES = 50 * 1024 * 1024
# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = "\x00-\x08\x0b\x0e-\x1f"
_CONTROL_TEXT = re.compile(f"[{_CONTROL}]")
_CONTROL_BYTES = re.compile(f"[{_CONTROL}]".encode())
# Byte order marks of the wide encodings (UTF-32 first: its little-endian mark starts like UTF-16's).
_WIDE_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _script_bytes(column: bytes) -> bool:
    """True when ``column`` holds the high bytes of characters of a script or two: NUL (ASCII) in
    at least a tenth, and two values (NUL and, say, 0x04 for Cyrillic) in nine tenths of it."""
    top = sorted((column.count(value) for value in set(column)), reverse=True)
    return column.count(0) >= 0.1 * len(column) and sum(top[:2]) >= 0.9 * len(column)


def _few_nuls(column: bytes) -> bool:
    """True when at most 1% of ``column`` is NUL (the low bytes of text: U+0400, U+2000 are rare)."""
    return column.count(0) <= 0.01 * len(column)


def _wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16 (either byte order) by the byte order mark or, without one, by the bytes'
    pattern: the high bytes of text in these are NUL or one script's block in fixed columns
    (every other byte in UTF-16, two bytes of four in UTF-32); binary data has no such columns."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[: 1 << 16]
    if len(data) % 4 == 0 and len(sample) >= 4:
        column = [sample[k::4] for k in range(4)]
        if column[3].count(0) == len(column[3]) and _script_bytes(column[1]) and _few_nuls(column[0]):
            return "utf-32-le"
        if column[0].count(0) == len(column[0]) and _script_bytes(column[2]) and _few_nuls(column[3]):
            return "utf-32-be"
    if len(data) % 2 == 0 and len(sample) >= 2:
        even, odd = sample[0::2], sample[1::2]
        if _script_bytes(odd) and _few_nuls(even):
            return "utf-16-le"
        if _script_bytes(even) and _few_nuls(odd):
            return "utf-16-be"
    return None


def _decode(data: bytes, path: str | Path) -> str:
    """Article bytes as text: UTF-8 (BOM allowed), UTF-16 or UTF-32 (by BOM or NUL pattern) or,
    failing those, Windows-1251 Cyrillic; line ends made ``\\n``. Raises :class:`InputError`
    naming the line for empty, binary or undecodable input."""
    if not data.strip():
        raise InputError(path, "empty file: no text to read")
    wide = _wide_encoding(data)
    if wide is not None:
        try:
            text = data.decode(wide).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not {wide.upper()} text (invalid bytes at offset {exc.start})") from None
        if len(_CONTROL_TEXT.findall(text)) * 100 > len(text):
            raise InputError(path, "binary file: expected plain text or Markdown")
        if not text.strip():
            raise InputError(path, "empty file: no text to read")
    elif (nul := data.find(b"\x00")) >= 0:
        raise InputError(path, "binary file (NUL byte): expected plain text or Markdown", _line_of(data, nul))
    else:
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
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode the bytes of a text file (see :func:`decode_article`); a control character (other
    than tab, line and page breaks) is an :class:`InputError` naming its line."""
    text = _decode(data, path)
    bad = _CONTROL_TEXT.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise InputError(path, "binary data (control character) in text", line)
    return text


@dataclass(frozen=True)
class ArticleText:
    """An article file's text with the stray control characters dropped: how many there were
    (PDF-to-text tools leave a few) and the line of the first."""

    text: str
    controls_dropped: int = 0
    first_control_line: int | None = None


def decode_article(data: bytes, path: str | Path) -> ArticleText:
    """Decode article bytes: UTF-8 (BOM allowed), UTF-16 or UTF-32 with or without a BOM, or
    Windows-1251 Cyrillic. Stray control characters are dropped and counted; an empty, binary or
    undecodable file is an :class:`InputError` naming the line where known."""
    text = _decode(data, path)
    first = _CONTROL_TEXT.search(text)
    if first is None:
        return ArticleText(text)
    clean, dropped = _CONTROL_TEXT.subn("", text)
    return ArticleText(clean, dropped, text.count("\n", 0, first.start()) + 1)


def read_bytes(path: str | Path, max_bytes: int | None = MAX_ARTICLE_BYTES) -> bytes:
    """Read a file's bytes, with clear errors for missing, unreadable or (past ``max_bytes``;
    None: no cap) huge files."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a directory, expected a file")
    size = p.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise InputError(p, f"file too large ({size} bytes; the limit is {max_bytes})")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(p, f"cannot read: {exc.strerror}") from None


def read_text(path: str | Path, max_bytes: int | None = None) -> str:
    """Read a text file (a collection of any size, a reference list, a text article), with clear
    errors for missing, empty or binary files (and past ``max_bytes``, when given)."""
    return decode_text(read_bytes(path, max_bytes), path)


def list_articles(directory: str | Path, refused: list[Problem] | None = None) -> list[Path]:
    """The article files (:data:`ARTICLE_SUFFIXES`) directly inside ``directory``, sorted by name.

    A symbolic link is followed only to a file inside ``directory``: one that leads out of it (to
    ``/etc/passwd``, say) or nowhere is left out, never read, and named in ``refused`` (with why).
    """
    d = Path(directory)
    if not d.is_dir():
        raise InputError(d, "no such directory")
    inside = d.resolve()
    found: list[Path] = []
    for p in sorted(d.iterdir()):
        if p.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        why = _unsafe_link(p, inside) if p.is_symlink() else None
        if why is not None:
            if refused is not None:
                refused.append(Problem(str(p), why))
        elif p.is_file():
            found.append(p)
    return found


def _unsafe_link(link: Path, inside: Path) -> str | None:
    """Why the symbolic link ``link`` may not be followed (None when it leads to a file in ``inside``)."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return "a symbolic link to nothing"
    if not target.is_relative_to(inside):
        return f"a symbolic link out of the articles folder (to {target})"
    return None


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the whole new one, never a part."""
    write_all_atomic([(Path(path), text)])


def write_all_atomic(outputs: Iterable[tuple[Path, str]]) -> None:
    """Write several files: every new file is complete on disk before any old one is replaced
    (in the order given). New files get the permissions the user's umask gives."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in outputs:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = str(path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp"))
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
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


_T = TypeVar("_T")


def _is_damaged(exc: sqlite3.DatabaseError) -> bool:
    """True when SQLite says the file is not (or no longer) a database: garbage pages, a truncated
    file, something else in its place; not for a busy, locked, read-only or full one."""
    name = getattr(exc, "sqlite_errorname", None)  # Python 3.11+
    if name is not None:
        return str(name).startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB"
    return type(exc) is sqlite3.DatabaseError  # what SQLITE_CORRUPT and SQLITE_NOTADB raise


class CacheDatabase:
    """An SQLite file that holds only a cache, opened with ``setup`` (pragmas, tables).

    When SQLite finds the file damaged, on opening or in any later :meth:`run`, the file (with its
    ``-wal`` and ``-shm`` companions) is moved aside, renamed ``NAME.damaged-YYYYMMDDTHHMMSS``, a
    one-line warning goes to ``on_warning``, and an empty cache takes its place. ``path`` None
    keeps the cache in memory.
    """

    def __init__(
        self,
        path: Path | None,
        setup: Callable[[sqlite3.Connection], None],
        on_warning: Callable[[str], None] | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.path = path
        self._setup = setup
        self._warn = on_warning or (lambda message: None)
        self._timeout = timeout
        self._inode: int | None = None
        try:
            self.db = self._connect()
        except sqlite3.DatabaseError as exc:
            if not _is_damaged(exc):
                raise
            self._move_aside(exc)
            self.db = self._connect()

    def _file_id(self) -> int | None:
        """The inode of the file at ``path`` (None when there is none)."""
        try:
            return self.path.stat().st_ino if self.path is not None else None
        except FileNotFoundError:
            return None

    def _connect(self) -> sqlite3.Connection:
        self._inode = self._file_id()
        db = sqlite3.connect(
            ":memory:" if self.path is None else str(self.path),
            check_same_thread=False,
            timeout=self._timeout,
        )
        try:
            self._setup(db)
        except BaseException:
            db.close()
            raise
        if self._inode is None:
            self._inode = self._file_id()
        return db

    def _move_aside(self, exc: sqlite3.DatabaseError) -> None:
        """Rename the damaged file and its companions, unless another process has already done so
        (the file at ``path`` is then not the one opened)."""
        assert self.path is not None  # an in-memory database is never damaged
        path = self.path
        if self._inode is None or self._file_id() != self._inode:
            return
        aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
        for n in range(2, 100):
            if not aside.exists():
                break
            aside = aside.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}-{n}")
        path.replace(aside)
        for side in ("-wal", "-shm"):
            companion = path.with_name(path.name + side)
            if companion.exists():
                companion.replace(aside.with_name(aside.name + side))
        self._warn(f"cache {path} was damaged ({exc}): moved to {aside.name}, starting an empty cache")

    def run(self, operation: Callable[[sqlite3.Connection], _T]) -> _T:
        """``operation(db)``; when it finds the file damaged, again on an empty cache."""
        try:
            return operation(self.db)
        except sqlite3.DatabaseError as exc:
            if self.path is None or not _is_damaged(exc):
                raise
            self.db.close()
            self._move_aside(exc)
            self.db = self._connect()
            return operation(self.db)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """The rows ``sql`` selects."""
        return self.run(lambda db: db.execute(sql, params).fetchall())

    def write(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """``sql`` once for each row, in one transaction."""

        def write_rows(db: sqlite3.Connection) -> None:
            with db:
                db.executemany(sql, rows)

        self.run(write_rows)

    def close(self) -> None:
        """Close the database."""
        self.db.close()
