"""The persistent resolution cache: one SQLite file in the user cache directory.

Two tables:

``responses``
    what a service answered, keyed by ``(kind, key)``: ``work`` (a DOI -> its Crossref record, or
    "not found"), ``search`` (a normalised query -> its candidate list), ``web`` (a URL -> the
    metadata read from the page). Failures that may pass (timeouts, 5xx, unreachable hosts) are
    never stored; a DOI that does not exist is.
``resolutions``
    the resolution of one reference (:meth:`Resolution.to_cache
    <refman.resolve.records.Resolution.to_cache>`), keyed by a fingerprint of the reference's
    content and the matcher version, so a re-run resolves thousands of references per second
    without re-scoring candidates.

Safe to share between threads (one connection, one lock) and processes (WAL journal). A damaged
file (garbage pages, truncated, something else in its place) is moved aside with a warning and the
cache starts empty. A cache written before the table was named ``resolutions`` (schema 0, its
table ``decisions``) is renamed in place when opened: its rows keep their format, so nothing is
asked again.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from refman.resolve.records import Resolution
from refman.store import CacheDatabase

__all__ = ["CACHE_FILE", "Cache"]

CACHE_FILE = "resolve.sqlite3"
#: ``PRAGMA user_version`` of the layout below (0: the resolutions table was named ``decisions``).
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    kind TEXT NOT NULL, key TEXT NOT NULL, status INTEGER NOT NULL, body TEXT, fetched REAL NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE TABLE IF NOT EXISTS resolutions (
    fingerprint TEXT PRIMARY KEY, body TEXT NOT NULL, created REAL NOT NULL
);
"""
_CHUNK = 500
_PUT_RESPONSE = "INSERT OR REPLACE INTO responses (kind, key, status, body, fetched) VALUES (?, ?, ?, ?, ?)"
_PUT_RESOLUTION = "INSERT OR REPLACE INTO resolutions (fingerprint, body, created) VALUES (?, ?, ?)"


class Cache:
    """``Cache(directory)``: opens (and creates) ``directory/resolve.sqlite3``; ``Cache(None)`` keeps
    everything in memory (nothing persists). A damaged file is moved aside and the cache starts
    empty (:class:`~refman.store.CacheDatabase`), with a warning to ``on_warning``."""

    def __init__(self, directory: str | Path | None, on_warning: Callable[[str], None] | None = None) -> None:
        if directory is None:
            self.path: Path | None = None
        else:
            d = Path(directory)
            d.mkdir(parents=True, exist_ok=True)
            self.path = d / CACHE_FILE
        self._lock = threading.Lock()
        self._file = CacheDatabase(self.path, self._setup, on_warning)

    def _setup(self, db: sqlite3.Connection) -> None:
        """Pragmas, the tables, and the rename of schema 0's table."""
        if self.path is not None:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if (
            version < 1
            and db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decisions'"
            ).fetchone()
        ):
            db.execute("ALTER TABLE decisions RENAME TO resolutions")
        db.executescript(_SCHEMA)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.commit()

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._file.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- service responses -------------------------------------------------------------------

    def get(self, kind: str, key: str) -> tuple[int, Any] | None:
        """(status, body) stored for ``(kind, key)``, or None when never stored."""
        with self._lock:
            rows = self._file.fetchall(
                "SELECT status, body FROM responses WHERE kind = ? AND key = ?", (kind, key)
            )
        if not rows:
            return None
        status, body = rows[0]
        return int(status), (json.loads(body) if body is not None else None)

    def get_many(self, kind: str, keys: Sequence[str]) -> dict[str, tuple[int, Any]]:
        """Like :meth:`get` for many keys at once (keys never stored are left out)."""
        rows = self._select_in("SELECT key, status, body FROM responses WHERE kind = ? AND key", keys, kind)
        return {key: (int(status), None if body is None else json.loads(body)) for key, status, body in rows}

    def _select_in(self, query: str, keys: Sequence[str], *before: str) -> list[tuple[Any, ...]]:
        """The rows of ``query`` (ending in the column to match) for each of ``keys``, asked in
        chunks; ``before`` are the values of its earlier ``?``."""
        unique = list(dict.fromkeys(keys))
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows.extend(self._file.fetchall(f"{query} IN ({marks})", (*before, *chunk)))
        return rows

    def put(self, kind: str, key: str, status: int, body: Any) -> None:
        """Store what a service answered (replacing an older answer)."""
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":")) if body is not None else None
        with self._lock:
            self._file.write(_PUT_RESPONSE, [(kind, key, status, text, time.time())])

    # --- resolutions -------------------------------------------------------------------------

    def get_resolutions(self, fingerprints: Sequence[str]) -> dict[str, Resolution]:
        """The stored resolutions for these fingerprints (missing or unreadable ones left out)."""
        out: dict[str, Resolution] = {}
        query = "SELECT fingerprint, body FROM resolutions WHERE fingerprint"
        for fp, body in self._select_in(query, fingerprints):
            try:
                out[fp] = Resolution.from_cache(json.loads(body))
            except (KeyError, TypeError, ValueError):
                continue  # written by another version: resolved again
        return out

    def put_resolutions(self, items: Iterable[tuple[str, Resolution]]) -> None:
        """Store resolutions (with what they bring) by fingerprint, in one transaction."""
        now = time.time()
        rows = [
            (fp, json.dumps(r.to_cache(), ensure_ascii=False, separators=(",", ":")), now) for fp, r in items
        ]
        if not rows:
            return
        with self._lock:
            self._file.write(_PUT_RESOLUTION, rows)
