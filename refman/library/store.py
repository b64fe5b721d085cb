"""Where the library keeps what it knows: the :class:`LibraryStore` interface and its SQLite
implementation, :class:`SqliteStore` (``DIR/library.sqlite``, WAL mode). The only module of the
library that speaks SQL; a server database for a shared library would implement the same
interface.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from refman.errors import InputError
from refman.library.decisions import Decision
from refman.library.identity import Identity
from refman.model import Reference

__all__ = ["SCHEMA_VERSION", "LibraryStore", "SqliteStore", "TextMap"]

#: The version of the tables below; a library file of a later version is refused.
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS identities (
    born INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, article TEXT, raw TEXT NOT NULL, number INTEGER
);
CREATE TABLE IF NOT EXISTS keys (id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, target TEXT NOT NULL,
    value TEXT NOT NULL, who TEXT NOT NULL, at TEXT NOT NULL, undone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS added (
    id TEXT PRIMARY KEY, decision INTEGER NOT NULL REFERENCES decisions(seq), item TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outputs (name TEXT PRIMARY KEY, text TEXT NOT NULL);
"""

_T = TypeVar("_T")
#: Text by text: item id -> key, file name -> text.
TextMap = Mapping[str, str]


class LibraryStore(Protocol):
    """What a library keeps: identities (in order of birth), issued keys, a person's decisions
    (the history), the items people added, and the texts of the last output generation. Every
    write is one transaction; a write that changes nothing changes nothing on disk."""

    def identities(self) -> list[Identity]:
        """Every identity, oldest first."""
        ...

    def issued_keys(self) -> dict[str, str]:
        """Item id -> the citation key issued to it (pinned)."""
        ...

    def decisions(self, target: str | None = None) -> list[Decision]:
        """The history, oldest first (undone decisions included); ``target``: only those on it."""
        ...

    def added_items(self) -> list[Reference]:
        """The items people added (an undone ``add`` left out), in the order added."""
        ...

    def outputs(self) -> dict[str, str]:
        """The last generation of output texts: file name -> text (empty before the first build)."""
        ...

    def record(
        self, decision: Decision, items: Sequence[Reference] = (), keys: Mapping[str, str] = {}
    ) -> Decision:
        """Append ``decision`` (with the ``items`` it adds, their identities and ``keys``); the
        stored decision, its ``seq`` set."""
        ...

    def undo_last(self) -> Decision | None:
        """Mark the latest decision not yet undone as undone, and return it (None: nothing to undo)."""
        ...

    def commit_build(self, identities: Sequence[Identity], keys: TextMap, outputs: TextMap) -> bool:
        """Store new or changed ``identities``, newly issued ``keys`` and the new generation of
        ``outputs``, as one transaction; False when nothing differed (nothing written)."""
        ...

    def close(self) -> None:
        """Close the store."""
        ...


class SqliteStore:
    """The library in an SQLite file (WAL mode; writes take the database's write lock first,
    ``BEGIN IMMEDIATE``, so two writers never interleave)."""

    def __init__(self, path: Path, timeout: float = 60.0) -> None:
        self.path = path
        self.db = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        try:
            self._setup()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise InputError(path, f"not a refman library ({exc})") from None
        except BaseException:
            self.db.close()
            raise

    def _setup(self) -> None:
        db = self.db
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise InputError(self.path, f"made by a newer refman (library version {version}); upgrade refman")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        if version < SCHEMA_VERSION:
            with self._writing():
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): committed, or rolled back on an error."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _read(self, operation: Callable[[sqlite3.Connection], _T]) -> _T:
        try:
            return operation(self.db)
        except sqlite3.DatabaseError as exc:
            raise InputError(self.path, f"cannot read the library ({exc})") from None

    def identities(self) -> list[Identity]:
        """Every identity, oldest first."""
        rows = self._read(
            lambda db: db.execute("SELECT id, article, raw, number FROM identities ORDER BY born").fetchall()
        )
        return [Identity(*row) for row in rows]

    def issued_keys(self) -> dict[str, str]:
        """Item id -> the citation key issued to it."""
        return dict(self._read(lambda db: db.execute("SELECT id, key FROM keys").fetchall()))

    def decisions(self, target: str | None = None) -> list[Decision]:
        """The history, oldest first; ``target``: only decisions on that id (or naming it)."""
        sql = "SELECT kind, target, value, who, at, seq, undone FROM decisions"
        params: tuple[Any, ...] = ()
        if target is not None:
            sql += " WHERE target = ? OR value LIKE ?"
            params = (target, f'%"{target}"%')
        rows = self._read(lambda db: db.execute(sql + " ORDER BY seq", params).fetchall())
        return [
            Decision(kind, tgt, json.loads(value), who, at, seq, bool(undone))
            for kind, tgt, value, who, at, seq, undone in rows
        ]

    def added_items(self) -> list[Reference]:
        """The items people added, an undone ``add`` left out."""
        sql = (
            "SELECT added.item FROM added JOIN decisions ON decisions.seq = added.decision"
            " WHERE decisions.undone = 0 ORDER BY added.rowid"
        )
        rows = self._read(lambda db: db.execute(sql).fetchall())
        return [Reference.from_csl(json.loads(item)) for (item,) in rows]

    def outputs(self) -> dict[str, str]:
        """The last generation of output texts."""
        return dict(self._read(lambda db: db.execute("SELECT name, text FROM outputs").fetchall()))

    def record(
        self, decision: Decision, items: Sequence[Reference] = (), keys: Mapping[str, str] = {}
    ) -> Decision:
        """Append ``decision`` and what it adds, in one transaction."""
        with self._writing() as db:
            cursor = db.execute(
                "INSERT INTO decisions (kind, target, value, who, at) VALUES (?, ?, ?, ?, ?)",
                (
                    decision.kind,
                    decision.target,
                    json.dumps(decision.value, ensure_ascii=False, sort_keys=True),
                    decision.who,
                    decision.when,
                ),
            )
            seq = cursor.lastrowid or 0
            if items:
                db.executemany(
                    "INSERT INTO identities (id, article, raw) VALUES (?, NULL, ?)",
                    [(ref.id, ref.refman.raw or ref.title or ref.id) for ref in items],
                )
                db.executemany(
                    "INSERT INTO added (id, decision, item) VALUES (?, ?, ?)",
                    [(ref.id, seq, json.dumps(ref.to_csl(), ensure_ascii=False)) for ref in items],
                )
            if keys:
                db.executemany("INSERT INTO keys (id, key) VALUES (?, ?)", list(keys.items()))
        return Decision(decision.kind, decision.target, decision.value, decision.who, decision.when, seq)

    def undo_last(self) -> Decision | None:
        """Mark the latest live decision undone; the decision (None: nothing to undo)."""
        with self._writing() as db:
            row = db.execute(
                "SELECT seq FROM decisions WHERE undone = 0 ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            db.execute("UPDATE decisions SET undone = 1 WHERE seq = ?", row)
        found = [d for d in self.decisions() if d.seq == row[0]]
        return found[0] if found else None

    def commit_build(self, identities: Sequence[Identity], keys: TextMap, outputs: TextMap) -> bool:
        """Store a build's new or changed identities, newly issued keys and outputs, in one
        transaction; nothing is written when nothing differs."""
        if not identities and not keys and self.outputs() == dict(outputs):
            return False
        with self._writing() as db:
            for identity in identities:
                db.execute(
                    "INSERT INTO identities (id, article, raw, number) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(id) DO UPDATE SET raw = excluded.raw, number = excluded.number",
                    (identity.id, identity.article, identity.raw, identity.number),
                )
            db.executemany("INSERT INTO keys (id, key) VALUES (?, ?)", list(keys.items()))
            stored = dict(db.execute("SELECT name, text FROM outputs").fetchall())
            if stored != dict(outputs):
                db.execute("DELETE FROM outputs")
                db.executemany("INSERT INTO outputs (name, text) VALUES (?, ?)", list(outputs.items()))
        return True

    def close(self) -> None:
        """Close the database (its write-ahead log folded back into the file)."""
        self.db.close()
