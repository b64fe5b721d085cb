"""The persistent resolution cache: one SQLite file in the user cache directory.

Two tables:

``responses``
    what a service answered, keyed by ``(kind, key)``: ``work`` (a DOI -> its Crossref record, or
    "not found"), ``search`` (a normalised query -> its candidate list), ``web`` (a URL -> the
    metadata read from the page). Failures that may pass (timeouts, 5xx, unreachable hosts) are
    never stored; a DOI that does not exist is.
``decisions``
    the outcome of resolving one reference, keyed by a fingerprint of the reference's content and
    the matcher version, so a re-run resolves thousands of references per second without
    re-scoring candidates.

Safe to share between threads (one connection, one lock) and processes (WAL journal).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["CACHE_FILE", "Cache"]

CACHE_FILE = "resolve.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    kind TEXT NOT NULL, key TEXT NOT NULL, status INTEGER NOT NULL, body TEXT, fetched REAL NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE TABLE IF NOT EXISTS decisions (
    fingerprint TEXT PRIMARY KEY, body TEXT NOT NULL, created REAL NOT NULL
);
"""


class Cache:
    """``Cache(directory)``: opens (and creates) ``directory/resolve.sqlite3``; ``Cache(None)`` keeps
    everything in memory (nothing persists)."""

    def __init__(self, directory: str | Path | None) -> None:
        if directory is None:
            self.path: Path | None = None
            target = ":memory:"
        else:
            d = Path(directory)
            d.mkdir(parents=True, exist_ok=True)
            self.path = d / CACHE_FILE
            target = str(self.path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(target, check_same_thread=False, timeout=30)
        if self.path is not None:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.commit()

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- service responses -------------------------------------------------------------------

    def get(self, kind: str, key: str) -> tuple[int, Any] | None:
        """(status, body) stored for ``(kind, key)``, or None when never stored."""
        with self._lock:
            row = self._db.execute(
                "SELECT status, body FROM responses WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
        if row is None:
            return None
        status, body = row
        return int(status), (json.loads(body) if body is not None else None)

    def get_many(self, kind: str, keys: Sequence[str]) -> dict[str, tuple[int, Any]]:
        """Like :meth:`get` for many keys at once (keys never stored are left out)."""
        out: dict[str, tuple[int, Any]] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT key, status, body FROM responses WHERE kind = ? AND key IN ({marks})",
                    (kind, *chunk),
                ).fetchall()
            for key, status, body in rows:
                out[key] = (int(status), json.loads(body) if body is not None else None)
        return out

    def put(self, kind: str, key: str, status: int, body: Any) -> None:
        """Store what a service answered (replacing an older answer)."""
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":")) if body is not None else None
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (kind, key, status, body, fetched) VALUES (?, ?, ?, ?, ?)",
                (kind, key, status, text, time.time()),
            )
            self._db.commit()

    # --- decisions ---------------------------------------------------------------------------

    def get_decisions(self, fingerprints: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The stored decisions for these fingerprints (missing ones are left out)."""
        out: dict[str, dict[str, Any]] = {}
        unique = list(dict.fromkeys(fingerprints))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT fingerprint, body FROM decisions WHERE fingerprint IN ({marks})", chunk
                ).fetchall()
            for fp, body in rows:
                out[fp] = json.loads(body)
        return out

    def put_decisions(self, items: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Store decisions (fingerprint, JSON object) in one transaction."""
        now = time.time()
        rows = [(fp, json.dumps(body, ensure_ascii=False, separators=(",", ":")), now) for fp, body in items]
        if not rows:
            return
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO decisions (fingerprint, body, created) VALUES (?, ?, ?)", rows
            )
            self._db.commit()

    def counts(self) -> dict[str, int]:
        """How many entries of each kind (and decisions) the cache holds."""
        with self._lock:
            rows = self._db.execute("SELECT kind, count(*) FROM responses GROUP BY kind").fetchall()
            (decisions,) = self._db.execute("SELECT count(*) FROM decisions").fetchone()
        out = {str(k): int(v) for k, v in rows}
        out["decisions"] = int(decisions)
        return out
