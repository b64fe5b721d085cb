"""The library of a build folder: what the CLI, the TUI and ``refman build`` open.

``with Library.open(DIR) as lib:`` takes the folder's writer lock, opens ``DIR/library.sqlite``
(:class:`~refman.library.store.SqliteStore`), removes temporary files a killed writer left and
repairs a half-written output set, before anything else. Then a person's decisions go in through
:meth:`Library.rule`, :meth:`~Library.split`, :meth:`~Library.edit`, :meth:`~Library.accept`,
:meth:`~Library.reject`, :meth:`~Library.set_key`, :meth:`~Library.add`, :meth:`~Library.remove`
and :meth:`~Library.undo`, each against a stable id (:meth:`Library.find` turns an id, a citation
key or a label ``{article}-{number}`` into one); ``refman build`` reconciles and commits through
:meth:`~Library.commit_build`.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from refman.bulk import collector_paused
from refman.dedupe import PairVerdict, dedupe, input_ids
from refman.errors import InputError
from refman.formats.csljson import reference_from_csl
from refman.formats.jsontext import NotJson, load_json
from refman.identifiers import normalise_doi
from refman.keys import DEFAULT_PATTERN, free_key, make_key
from refman.library.decisions import Decision, LibraryState, edit_value, machine_doi, state_of
from refman.library.folder import (
    LOCK_TIMEOUT,
    WriterLock,
    remove_stale_temps,
    repair_outputs,
    write_generation,
)
from refman.library.identity import Identity, label, new_id, normalise_raw
from refman.library.store import LibraryStore, SqliteStore
from refman.model import Reference
from refman.rulings import Ruling
from refman.store import BuildFolder

__all__ = ["AddResult", "Library", "who_am_i"]


def who_am_i() -> str:
    """Who is deciding: ``$REFMAN_USER``, else the login name."""
    name = os.environ.get("REFMAN_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class AddResult:
    """What :meth:`Library.add` did: the items added (with their ids and keys) and, for each
    that looks like a work already in the library, the pairs found (never merged on the way in)."""

    added: list[Reference] = field(default_factory=list)
    duplicates: list[PairVerdict] = field(default_factory=list)


class Library:
    """A build folder's library, opened with :meth:`open` (see the module docstring)."""

    def __init__(self, folder: BuildFolder, store: LibraryStore) -> None:
        self.folder = folder
        self.store = store
        self.repaired: list[Path] = []

    @classmethod
    @contextmanager
    def open(
        cls,
        directory: str | Path,
        *,
        on_wait: Callable[[str], None] | None = None,
        timeout: float = LOCK_TIMEOUT,
    ) -> Iterator[Library]:
        """The library of build folder ``directory``, held for writing until the block ends."""
        folder = BuildFolder(Path(directory))
        if not folder.root.is_dir():
            raise InputError(folder.root, "no such directory")
        with WriterLock(folder.lock, timeout, on_wait):
            store = SqliteStore(folder.library)
            try:
                library = cls(folder, store)
                remove_stale_temps(folder)
                library.repaired = repair_outputs(folder, store.outputs())
                yield library
            finally:
                store.close()

    # --- reading ------------------------------------------------------------------------------

    def state(self) -> LibraryState:
        """A person's decisions as they hold now."""
        return state_of(self.store.decisions())

    def history(self, item_id: str | None = None) -> list[Decision]:
        """Every decision (undone ones marked), oldest first; ``item_id``: those on that item."""
        return self.store.decisions(item_id)

    def keys(self) -> dict[str, str]:
        """Item id -> its citation key: the keys issued, a person's keys over them."""
        keys = self.store.issued_keys()
        keys.update({i: str(d.value["key"]) for i, d in self.state().keys.items()})
        return keys

    def snapshot(self) -> list[Reference]:
        """The collection as the last build wrote it (``references.json`` of the last generation)."""
        return list(self._built_items())

    def _built_items(self) -> Iterator[Reference]:
        """The items of the last build's ``references.json``, each read when it is asked for."""
        text = self.store.outputs().get(self.folder.csl_json.name)
        if not text:
            return
        try:
            items, _ = load_json(text)
        except NotJson:
            return
        if isinstance(items, list):
            yield from (reference_from_csl(i) for i in items if isinstance(i, dict))

    def find(self, name: str) -> str:
        """The stable id ``name`` stands for: an id, a citation key, or a label
        ``{article}-{number}``; an :class:`InputError` (one line) when it names nothing."""
        identities = self.store.identities()
        ids = {i.id for i in identities}
        if name in ids:
            return name
        for item_id, key in self.keys().items():
            if key == name:
                return item_id
        for identity in identities:
            if label(identity.article, identity.number) == name:
                return identity.id
        for ref in self._built_items():  # an article's own item (its id is the file's name)
            if ref.id == name:
                return name
        raise InputError(self.folder.library, f"no reference with id or key {name!r}")

    # --- a person's decisions -----------------------------------------------------------------

    def _decide(
        self,
        kind: str,
        target: str,
        value: dict[str, Any],
        items: Sequence[Reference] = (),
        keys: Mapping[str, str] | None = None,
    ) -> Decision:
        decision = Decision(kind, target, value, who_am_i(), _now())
        return self.store.record(decision, items, keys or {})

    def rule(self, a: str, b: str, ruling: str, note: str = "") -> Decision:
        """Rule on a pair: ``"same"``, ``"different"`` or ``"forget"`` (an earlier ruling)."""
        if ruling not in ("same", "different", "forget"):
            raise ValueError(f"a ruling is same, different or forget, not {ruling!r}")
        return self._decide("rule", a, {"b": b, "decision": ruling, "note": note})

    def split(self, item_id: str) -> Decision:
        """Split reference ``item_id`` off the item the last build merged it into: one decision
        that rules it different from every other member, so no build merges it with them again."""
        holder = next((r for r in self._built_items() if item_id in input_ids(r)), None)
        others = [i for i in input_ids(holder) if i != item_id] if holder is not None else []
        if not others:
            raise InputError(self.folder.library, f"{item_id} is merged with nothing in the last build")
        return self._decide("split", item_id, {"from": others})

    def rulings(self) -> list[Ruling]:
        """The rulings on pairs as they hold now."""
        return self.state().rulings

    def edit(self, item_id: str, changes: Mapping[str, str]) -> list[Decision]:
        """Set fields of an item (CSL names -> a person's text; empty text empties the field):
        one decision per field, each overriding the machine's value on every build."""
        values = {}
        for name, text in changes.items():
            try:
                values[name] = edit_value(name, text)
            except ValueError as exc:
                raise InputError(self.folder.library, f"{item_id}: {name}: {exc}") from None
        return [self._decide("edit", item_id, {"field": k, "value": v}) for k, v in values.items()]

    def accept(self, item_id: str, doi: str, as_built: Reference | None = None) -> Decision:
        """Accept ``doi`` for the item: it is applied on every build. The decision records what
        the machine had (:func:`machine_doi` of ``as_built``, the item as the last build wrote
        it, else looked up in that build; None when no build had it), which an undo gives back."""
        return self._decide("accept", item_id, self._doi_decision(item_id, doi, as_built))

    def reject(self, item_id: str, doi: str, as_built: Reference | None = None) -> Decision:
        """Reject ``doi`` for the item: it is never proposed or asserted for it again (what the
        machine had is recorded as by :meth:`accept`)."""
        return self._decide("reject", item_id, self._doi_decision(item_id, doi, as_built))

    def _doi_decision(self, item_id: str, doi: str, as_built: Reference | None) -> dict[str, Any]:
        value = {"DOI": self._doi(doi)}
        if as_built is None:
            as_built = next((r for r in self._built_items() if item_id in (r.id, *input_ids(r))), None)
        return value | {"machine": machine_doi(as_built) if as_built is not None else None}

    def _doi(self, text: str) -> str:
        doi = normalise_doi(text)
        if doi is None:
            raise InputError(self.folder.library, f"{text!r} is not a DOI")
        return doi

    def set_key(self, item_id: str, key: str) -> Decision:
        """Give the item citation key ``key`` (refused when another item holds it)."""
        holder = next((i for i, k in self.keys().items() if k == key and i != item_id), None)
        if holder is not None:
            raise InputError(self.folder.library, f"key {key!r} is already issued to {holder}")
        return self._decide("key", item_id, {"key": key})

    def regenerate_key(self, item_id: str, pattern: str = DEFAULT_PATTERN) -> Decision:
        """Give the item a fresh key from its current fields (as the last build wrote them)."""
        item = next((r for r in self._built_items() if r.id == item_id), None)
        if item is None:
            raise InputError(self.folder.library, f"{item_id} is in no build yet: run refman build first")
        taken = {k for i, k in self.keys().items() if i != item_id}
        return self.set_key(item_id, free_key(make_key(item, pattern), taken))

    def add(self, items: Sequence[Reference], source: str) -> AddResult:
        """Add items that come from no article (``source`` says where from: a file, a DOI...):
        each gets a stable id (its own id when free), its key is pinned (an imported key is
        kept; a clash gives the new item a suffix), and the pairs it forms with works already in
        the library are listed in the result, not merged."""
        if not items:
            return AddResult()
        taken_ids = {i.id for i in self.store.identities()}
        taken_keys = set(self.keys().values())
        added: list[Reference] = []
        keys: dict[str, str] = {}
        with collector_paused():
            for ref in items:
                item_id = ref.id
                if not item_id or item_id in taken_ids:
                    raw = normalise_raw(ref.refman.raw or ref.title or ref.id or "")
                    item_id = new_id("added", raw, taken_ids)
                taken_ids.add(item_id)
                key = ref.citation_key and free_key(ref.citation_key, taken_keys)
                if key:
                    taken_keys.add(key)
                    keys[item_id] = key
                added.append(ref.replace(id=item_id, citation_key=key or None))
            self._decide("add", added[0].id, {"source": source, "count": len(added)}, added, keys)
        return AddResult(added, self._duplicates(added))

    def _duplicates(self, added: Sequence[Reference]) -> list[PairVerdict]:
        """The pairs dedupe finds between ``added`` and the last build's collection."""
        existing = self.snapshot()
        if not existing:
            return []
        new_ids = {r.id for r in added}
        found = dedupe([*existing, *added])
        pairs = [p for m in found.merges for p in m.pairs] + list(found.review)
        return [p for p in pairs if (p.a in new_ids) != (p.b in new_ids)]

    def remove(self, item_id: str) -> Decision:
        """Take an item out of the collection (an article's reference stays out on every build)."""
        return self._decide("remove", item_id, {})

    def undo(self) -> Decision | None:
        """Take back the latest decision not yet taken back (None: there is none)."""
        return self.store.undo_last()

    def migrate_rulings(
        self, rulings: Sequence[Ruling], renamed: Mapping[str, str], when: str, who: str
    ) -> int:
        """Bring the rulings of the old rulings file (``who``: its name) into the library: their
        positional ids ``{article}-{number}`` mapped through this build's extraction (``renamed``), a pair the
        library already has a ruling on left as the library has it. How many came in."""
        have = {r.pair for r in self.rulings()}
        count = 0
        for r in rulings:
            a, b = renamed.get(r.a, r.a), renamed.get(r.b, r.b)
            if frozenset((a, b)) in have or a == b:
                continue
            decision = Decision("rule", a, {"b": b, "decision": r.label, "note": r.note}, who, when)
            self.store.record(decision)
            count += 1
        return count

    # --- building -----------------------------------------------------------------------------

    def commit_build(
        self, identities: Sequence[Identity], keys: Mapping[str, str], outputs: Mapping[Path, str]
    ) -> list[Path]:
        """Commit a build as one generation: new or changed identities, newly issued keys and the
        output texts go into the library in one transaction, then the files are written (unchanged
        ones left alone). A build that changes nothing writes nothing. The paths written."""
        texts = {path.name: text for path, text in outputs.items()}
        self.store.commit_build(identities, keys, texts)
        return write_generation(self.folder, texts)

    def born(self) -> dict[str, int]:
        """Item id -> its order of birth (the oldest member names a merged cluster)."""
        return {identity.id: n for n, identity in enumerate(self.store.identities())}
