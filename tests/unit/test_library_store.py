"""SqliteStore, the library's SQLite file: one transaction per write, nothing written when
nothing changed, a newer or foreign file refused with one line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from refman.errors import InputError
from refman.library import Decision, Identity, SqliteStore
from refman.model import Reference


def test_a_build_that_changes_nothing_writes_nothing(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "library.sqlite")
    try:
        identity = Identity("a-1c2f3e", "a", "raw", 1)
        assert store.commit_build([identity], {"a-1c2f3e": "smith2019"}, {"references.json": "[]\n"})
        assert not store.commit_build([], {}, {"references.json": "[]\n"})
        assert store.identities() == [identity] and store.issued_keys() == {"a-1c2f3e": "smith2019"}
        assert store.undo_last() is None
        added = Reference(id="mine", title="Mine")
        first = store.record(Decision("add", "mine", {"source": "x.bib", "count": 1}, "me", "now"), [added])
        assert first.seq == 1 and [r.id for r in store.added_items()] == ["mine"]
        undone = store.undo_last()
        assert undone is not None and undone.undone and store.added_items() == []
    finally:
        store.close()


def test_a_library_of_a_newer_refman_or_no_library_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    with sqlite3.connect(newer) as db:
        db.execute("PRAGMA user_version=99")
    with pytest.raises(InputError, match="newer refman"):
        SqliteStore(newer)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database" * 100)
    with pytest.raises(InputError, match="not a refman library"):
        SqliteStore(garbage)
