"""The link-check cache: one SQLite file in the cache directory, one row per checked target.

A row holds the outcome (JSON) and the Unix time it was checked. Online, a row is reused while
it is younger than ``--max-cache-age`` and its status is not transient (timeouts, rate limits,
server errors and links that got no answer at all are always asked again); offline, every row
is reused whatever its age, and the report shows when it was checked. A cache that cannot be
opened or written is reported, not fatal: the check goes on without it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from refman.linkcheck.links import TRANSIENT_STATUSES, Outcome

__all__ = ["CACHE_FILE", "LinkCache", "reusable"]

CACHE_FILE = "linkcheck.sqlite3"
_SCHEMA_VERSION = 1
_CHUNK = 500


def reusable(outcome: Outcome, age: float, max_age: float, offline: bool) -> bool:
    """Whether a cached outcome ``age`` seconds old stands in for a new check."""
    if offline:
        return True
    if outcome.status == "broken" and outcome.code is None:
        return False  # no answer at all (DNS, refused): may be our network, so ask again
    return age <= max_age and outcome.status not in TRANSIENT_STATUSES


class LinkCache:
    """Outcomes by target (``doi:<doi>@<resolver>`` or the URL), with the time they were checked."""

    def __init__(self, path: Path) -> None:
        """Open (creating if needed) the cache database at ``path``; raises sqlite3.Error or OSError."""
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=10.0)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, _SCHEMA_VERSION):
                self._db.execute("DROP TABLE IF EXISTS links")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS links"
                " (target TEXT PRIMARY KEY, checked REAL NOT NULL, data TEXT NOT NULL)"
            )
            self._db.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")
            self._db.commit()
        except sqlite3.Error:
            self._db.close()
            raise

    @classmethod
    def in_dir(cls, cache_dir: Path) -> LinkCache:
        """The cache file inside ``cache_dir``."""
        return cls(Path(cache_dir) / CACHE_FILE)

    def get_many(self, targets: Iterable[str]) -> dict[str, tuple[Outcome, float]]:
        """Cached outcomes (marked ``cached``) and their check times, for the targets that have one."""
        wanted = list(dict.fromkeys(targets))
        out: dict[str, tuple[Outcome, float]] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT target, checked, data FROM links WHERE target IN ({marks})", chunk
            )
            for target, checked, data in rows:
                try:
                    outcome = Outcome.from_json(json.loads(data), cached=True)
                except (ValueError, KeyError, TypeError):
                    continue  # a damaged row is a cache miss
                out[str(target)] = (outcome, float(checked))
        return out

    def put_many(self, items: Iterable[tuple[str, Outcome, float]]) -> None:
        """Store (target, outcome, Unix time checked) rows, replacing older ones."""
        rows = [(t, when, json.dumps(o.to_json(), ensure_ascii=False)) for t, o, when in items]
        if not rows:
            return
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO links (target, checked, data) VALUES (?, ?, ?)", rows
            )

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM links").fetchone()[0])

    def close(self) -> None:
        """Close the database."""
        self._db.close()
