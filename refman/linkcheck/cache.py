"""The link-check cache: one SQLite file in the cache directory, one row per checked target.

A row holds the outcome (JSON) and the Unix time it was checked. Online, a row is reused while
it is younger than ``--max-cache-age`` and its status is not transient (timeouts, rate limits,
server errors and links that got no answer at all are always asked again); offline, every row
is reused whatever its age, and the report shows when it was checked. A damaged cache file is
moved aside with a warning and the cache starts empty; a cache that cannot be opened or written
is reported, not fatal: the check goes on without it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from refman.linkcheck.links import TRANSIENT_STATUSES, Outcome
from refman.store import CacheDatabase

__all__ = ["CACHE_FILE", "LinkCache", "reusable"]

CACHE_FILE = "linkcheck.sqlite3"
_SCHEMA_VERSION = 1
_CHUNK = 500


def _setup(db: sqlite3.Connection) -> None:
    """The journal mode and the table (dropped when written by an unknown schema version)."""
    db.execute("PRAGMA journal_mode=WAL")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version not in (0, _SCHEMA_VERSION):
        db.execute("DROP TABLE IF EXISTS links")
    db.execute(
        "CREATE TABLE IF NOT EXISTS links"
        " (target TEXT PRIMARY KEY, checked REAL NOT NULL, data TEXT NOT NULL)"
    )
    db.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")
    db.commit()


def reusable(outcome: Outcome, age: float, max_age: float, offline: bool) -> bool:
    """Whether a cached outcome ``age`` seconds old stands in for a new check."""
    if offline:
        return True
    if outcome.status == "broken" and outcome.code is None:
        return False  # no answer at all (DNS, refused): may be our network, so ask again
    return age <= max_age and outcome.status not in TRANSIENT_STATUSES


class LinkCache:
    """Outcomes by target (``doi:<doi>@<resolver>`` or the URL), with the time they were checked."""

    def __init__(self, path: Path, on_warning: Callable[[str], None] | None = None) -> None:
        """Open (creating if needed) the cache database at ``path``; a damaged file is moved aside
        (with a warning to ``on_warning``) and the cache starts empty. Raises sqlite3.Error or
        OSError when the file cannot be opened at all."""
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = CacheDatabase(path, _setup, on_warning, timeout=10.0)

    @classmethod
    def in_dir(cls, cache_dir: Path, on_warning: Callable[[str], None] | None = None) -> LinkCache:
        """The cache file inside ``cache_dir``."""
        return cls(Path(cache_dir) / CACHE_FILE, on_warning)

    def get_many(self, targets: Iterable[str]) -> dict[str, tuple[Outcome, float]]:
        """Cached outcomes (marked ``cached``) and their check times, for the targets that have one."""
        wanted = list(dict.fromkeys(targets))
        out: dict[str, tuple[Outcome, float]] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._file.fetchall(
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
        self._file.write("INSERT OR REPLACE INTO links (target, checked, data) VALUES (?, ?, ?)", rows)

    def __len__(self) -> int:
        return int(self._file.fetchall("SELECT COUNT(*) FROM links")[0][0])

    def close(self) -> None:
        """Close the database."""
        self._file.close()
